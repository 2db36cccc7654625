//! The terminal: raw mode and the alternate screen on the way in, and the way back out on every path —
//! normal quit, error, Ctrl-C, SIGINT/SIGQUIT/SIGTERM/SIGHUP and panic — so the user's shell is never
//! left broken (raw mode, alternate screen, mouse capture and bracketed paste are all undone).
//!
//! Never query the cursor position here (`Terminal::clear` does): it hangs under pseudo-terminals that
//! do not answer, which is how the end-to-end tests drive the app.

use std::io::{self, IsTerminal, Stdout, Write};

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use crate::worker::TerminalOp;

pub type Term = Terminal<CrosstermBackend<Stdout>>;

pub fn init() -> io::Result<Term> {
    // Drawing into a pipe or a file helps no one, and raw mode would then be set on whatever terminal
    // /dev/tty is (keys are read from it): refuse before touching anything.
    if !io::stdout().is_terminal() {
        return Err(io::Error::other("standard output is not a terminal"));
    }
    enable_raw_mode()?;
    let mut stdout = io::stdout();
    if let Err(error) = execute!(
        stdout,
        EnterAlternateScreen,
        EnableMouseCapture,
        // A paste arrives as one event, not as keys that could run bindings or stall input.
        EnableBracketedPaste,
        cursor::Hide
    ) {
        restore();
        return Err(error);
    }
    Terminal::new(CrosstermBackend::new(stdout))
}

/// Do what the app asked of the terminal. A failure is logged, not fatal: the app goes on.
pub fn apply(terminal: &mut Term, op: &TerminalOp) {
    let out = terminal.backend_mut();
    let result = match op {
        TerminalOp::Copy(text) => out
            .write_all(osc52(text).as_bytes())
            .and_then(|()| out.flush()),
        TerminalOp::MouseCapture(true) => execute!(out, EnableMouseCapture),
        TerminalOp::MouseCapture(false) => execute!(out, DisableMouseCapture),
    };
    if let Err(error) = result {
        tracing::warn!(%error, "the terminal refused an operation");
    }
}

/// The escape that puts `text` on the clipboard (OSC 52, `c`: the clipboard), which terminals honour
/// over SSH too. BEL ends it: more terminals know it than ST.
pub fn osc52(text: &str) -> String {
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    format!("\x1b]52;c;{encoded}\x07")
}

/// Leave raw mode, the alternate screen, mouse capture and bracketed paste. Safe to call more than
/// once and when `init` never ran.
pub fn restore() {
    let _ = disable_raw_mode();
    let mut stdout = io::stdout();
    let _ = execute!(
        stdout,
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = stdout.flush();
}

/// Install color-eyre's report hooks with a panic hook that restores the terminal first, so the
/// report is readable and the shell usable. The report points at the log file instead of dumping
/// state (which could hold customer data) to the screen.
pub fn install_hooks(log_file: Option<&std::path::Path>) -> color_eyre::Result<()> {
    let mut builder = color_eyre::config::HookBuilder::default().display_env_section(false);
    if let Some(path) = log_file {
        builder = builder.panic_section(format!("The log is at {}", path.display()));
    }
    let (panic_hook, eyre_hook) = builder.into_hooks();
    eyre_hook.install()?;
    let panic_hook = panic_hook.into_panic_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        tracing::error!(panic = %info, "panic");
        panic_hook(info);
    }));
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn osc52_carries_the_text_in_base64() {
        assert_eq!(
            super::osc52("budi@example.com"),
            "\x1b]52;c;YnVkaUBleGFtcGxlLmNvbQ==\x07"
        );
    }
}

//! The main loop: terminal events and worker results in, `App::update`, commands out to the worker, and
//! a redraw only when something changed.

use std::time::Duration;

use crossterm::event::{Event, EventStream, KeyEventKind, MouseEventKind};
use futures::StreamExt;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc;

use crate::app::{Action, App, Msg};
use crate::config::Settings;
use crate::tui::Term;
use crate::worker::Work;
use crate::{ui, worker};

/// How often the spinner moves while something is loading.
const TICK: Duration = Duration::from_millis(120);
/// How often the app hears the time (for "synced 4 min ago").
const CLOCK: Duration = Duration::from_secs(5);
/// How often the time is told while an undo window counts down.
const UNDO_CLOCK: Duration = Duration::from_millis(500);
/// A background sync pass of each mirrored provider this often, after the first.
const SYNC_EVERY: Duration = Duration::from_secs(3 * 60);

/// What is typed in a form is written as a draft at most this often: a crash loses no more than the
/// last half second of typing, and a burst of keys is one write, not one fsync per key.
const DRAFT_EVERY: Duration = Duration::from_millis(500);

/// How long the worker gets at the end to finish what it was handed (the last draft).
const WORKER_DRAIN: Duration = Duration::from_millis(500);

/// How the session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// The user quit (q, Ctrl-C in the app, the terminal's input closing).
    Quit,
    /// A signal from outside (SIGINT, SIGQUIT, SIGTERM, SIGHUP): the terminal was restored all the
    /// same, and the process exits with 128 + the signal's number, as a shell expects.
    Signal(i32),
}

impl Ending {
    pub fn exit_code(self) -> u8 {
        match self {
            Ending::Quit => 0,
            Ending::Signal(number) => u8::try_from(128 + number).unwrap_or(1),
        }
    }
}

#[derive(Debug, Default, Clone)]
pub struct RunOptions {
    /// Where tokens (and later drafts) are kept.
    pub data_dir: std::path::PathBuf,
    /// Panic right after the first frame: lets a test prove the terminal survives a panic.
    pub panic_after_first_draw: bool,
    /// `--offline`: no provider is called; the tabs browse the mirror.
    pub offline: bool,
    /// Where the column picker saves (the config file, or the demo's file in its data directory).
    pub columns_file: Option<crate::config::ColumnsFile>,
}

pub async fn run(
    terminal: &mut Term,
    settings: &Settings,
    options: RunOptions,
) -> color_eyre::Result<Ending> {
    // First, so a signal from now on ends the session through the way out that restores the terminal
    // (the default action would kill the process in raw mode, on the alternate screen).
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut quit = signal(SignalKind::quit())?;
    let mut terminate = signal(SignalKind::terminate())?;
    let mut hangup = signal(SignalKind::hangup())?;
    let (command_tx, command_rx) = mpsc::unbounded_channel();
    let (event_tx, mut event_rx) = mpsc::unbounded_channel();
    // The journal comes first: writes are recorded before they are sent, and what an earlier run left
    // in flight is settled as "outcome unknown" before anything can be sent again.
    let journal = crate::store::Store::open(&options.data_dir)?;
    let unknown = journal.call_blocking(|b| b.settle_interrupted(crate::store::now_ms()))?;

    let (mut app, mut commands) = App::new(settings);
    if options.offline {
        app.go_offline();
        commands.clear();
    }
    let size = terminal.size()?;
    commands.extend(app.update(Msg::Viewport(size.width, size.height)));
    // What was being typed when the last run ended comes back first.
    app.restore_drafts(crate::drafts::load_all(&options.data_dir));
    app.restore_unknown(unknown);
    // Drawn before the worker builds its clients (their one TLS configuration loads the system's CA
    // roots): the screen is there at once, the first pages follow.
    terminal.draw(|frame| ui::draw(frame, &app))?;
    if options.panic_after_first_draw {
        panic!("deliberate panic after the first frame (--panic-after-first-draw)");
    }
    let policy = worker::Policy {
        read_only: settings.ui.read_only,
        read_only_providers: settings.ui.read_only_providers.clone(),
        vault: Some(crate::vault::Vault::new(&options.data_dir)),
        submissions: Some(worker::submissions::Store::new(&options.data_dir)),
        drafts: Some(options.data_dir.clone()),
        journal: Some(journal),
        sync_every: Some(SYNC_EVERY),
        offline: options.offline,
        files: worker::files::Files {
            columns: options.columns_file.clone(),
            exports: Some(options.data_dir.join("exports")),
        },
    };
    let mut worker = worker::spawn(settings, policy, command_rx, event_tx);
    for command in commands {
        command_tx.send(command)?;
    }

    let mut terminal_events = EventStream::new();
    let mut tick = tokio::time::interval(TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut draft_timer = tokio::time::interval(DRAFT_EVERY);
    draft_timer.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut ending = Ending::Quit;
    let mut clock = tokio::time::interval(CLOCK);
    clock.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut undo_clock = tokio::time::interval(UNDO_CLOCK);
    undo_clock.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut dirty = false;

    loop {
        // A burst of input (a paste where bracketed paste is unavailable arrives as keys) is handled
        // whole and drawn once: a frame per key left the last keys, Ctrl-C among them, waiting.
        if dirty && !input_waiting() {
            terminal.draw(|frame| ui::draw(frame, &app))?;
            dirty = false;
        }
        if app.should_quit {
            break;
        }
        // Input first: keys must win over a flood of worker results.
        let msg = tokio::select! {
            biased;
            event = terminal_events.next() => match event {
                Some(Ok(Event::Resize(columns, rows))) => Msg::Viewport(columns, rows),
                Some(Ok(event)) => match to_msg(&app, event, terminal.get_frame().area()) {
                    Some(msg) => msg,
                    // An unbound key or a mouse move: nothing changed, nothing to draw.
                    None => continue,
                },
                Some(Err(error)) => return Err(error.into()),
                None => Msg::Action(Action::Quit),
            },
            Some(event) = event_rx.recv() => Msg::Worker(event),
            _ = tick.tick(), if app.is_busy() => Msg::Tick,
            _ = draft_timer.tick(), if app.draft_due() => Msg::DraftTick,
            _ = interrupt.recv() => signalled(&mut ending, SignalKind::interrupt()),
            _ = quit.recv() => signalled(&mut ending, SignalKind::quit()),
            _ = terminate.recv() => signalled(&mut ending, SignalKind::terminate()),
            _ = hangup.recv() => signalled(&mut ending, SignalKind::hangup()),
            _ = clock.tick() => Msg::Clock(crate::store::now_ms()),
            _ = undo_clock.tick(), if app.wants_clock() => Msg::Clock(crate::store::now_ms()),
        };
        for command in app.update(msg) {
            match command.work {
                // The terminal's own work (a copy, mouse capture) is done here, between frames.
                Work::Terminal(op) => crate::tui::apply(terminal, &op),
                _ => command_tx.send(command)?,
            }
        }
        // A prefetched page or a quota the screen does not show changes nothing drawn.
        dirty |= app.needs_redraw();
    }
    // Quitting flushed the draft: let the worker write it, then stop what is still in flight.
    drop(command_tx);
    let _ = tokio::time::timeout(WORKER_DRAIN, &mut worker).await;
    worker.abort();
    Ok(ending)
}

/// Is more input already there? Waits at most a millisecond: the event stays queued for the stream
/// (crossterm's stream alone cannot tell without waiting on its reader thread).
fn input_waiting() -> bool {
    crossterm::event::poll(Duration::from_millis(1)).unwrap_or(false)
}

/// A signal ends the session as a quit does (the draft is kept, the terminal restored by the caller).
fn signalled(ending: &mut Ending, kind: SignalKind) -> Msg {
    let number = kind.as_raw_value();
    tracing::info!(signal = number, "ending on a signal");
    *ending = Ending::Signal(number);
    Msg::Action(Action::Quit)
}

fn to_msg(app: &App, event: Event, area: ratatui::layout::Rect) -> Option<Msg> {
    match event {
        Event::Key(key) if key.kind == KeyEventKind::Press => {
            let mode = app.mode();
            match app.keymap.action(mode, key) {
                Some(action) => Some(Msg::Action(action)),
                // In text modes, what is not a binding is typing.
                None if mode.takes_text() => Some(Msg::Key(key)),
                None => None,
            }
        }
        // A paste (bracketed paste is on) is one edit, never a burst of keys or bindings.
        Event::Paste(text) if app.mode().takes_text() => Some(Msg::Paste(text)),
        Event::Mouse(mouse) => match mouse.kind {
            MouseEventKind::ScrollDown => app.wheel(true).map(Msg::Action),
            MouseEventKind::ScrollUp => app.wheel(false).map(Msg::Action),
            MouseEventKind::Down(_) => ui::row_at(app, area, mouse.column, mouse.row)
                .map(|row| Msg::Action(Action::SelectRow(row))),
            _ => None,
        },
        _ => None,
    }
}

//! Drives the real `clientele` binary in a pseudo-terminal and reads its screen through a vt100 parser,
//! as a person at a terminal would see it.

#![allow(dead_code)] // each test binary uses part of this

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

pub struct Session {
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    screen: Arc<Mutex<vt100::Parser>>,
    /// Everything the app wrote, for checking escape sequences after it exits.
    pub raw: Arc<Mutex<Vec<u8>>>,
}

impl Session {
    /// Start `clientele` with `args` in a `cols`×`rows` terminal, keeping its files in `data_dir`.
    pub fn start(args: &[&str], data_dir: &Path, cols: u16, rows: u16) -> Session {
        Session::start_with_env(args, &[], data_dir, cols, rows)
    }

    /// [`Session::start`] with extra environment variables (secrets a config names, for one).
    pub fn start_with_env(
        args: &[&str],
        env: &[(&str, &str)],
        data_dir: &Path,
        cols: u16,
        rows: u16,
    ) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_clientele"));
        command.args(args);
        command.env("TERM", "xterm-256color");
        command.env("CLIENTELE_DATA_DIR", data_dir);
        command.env("CLIENTELE_LOG", "debug");
        for (name, value) in env {
            command.env(name, value);
        }
        let child = pty.slave.spawn_command(command).expect("spawn clientele");
        drop(pty.slave);
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            NonZeroU16::new(rows).expect("rows"),
            NonZeroU16::new(cols).expect("cols"),
            0,
        )));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let mut reader = pty.master.try_clone_reader().unwrap();
        let (screen_in, raw_in) = (screen.clone(), raw.clone());
        std::thread::spawn(move || {
            let mut buffer = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                screen_in.lock().unwrap().process(&buffer[..n]);
                raw_in.lock().unwrap().extend_from_slice(&buffer[..n]);
            }
        });
        let writer = pty.master.take_writer().unwrap();
        Session {
            master: pty.master,
            writer,
            child,
            screen,
            raw,
        }
    }

    pub fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Wait until the screen satisfies `check`; panics with the screen after `timeout`.
    pub fn wait_for(&self, what: &str, timeout: Duration, check: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let contents = self.contents();
            if check(&contents) {
                // A frame can arrive in several writes: read it again once the screen has stopped
                // changing, so a half-drawn frame is never what a test asserts on.
                let settled = self.settled(Duration::from_millis(50), Duration::from_millis(400));
                if check(&settled) {
                    return settled;
                }
            }
            if start.elapsed() > timeout {
                panic!("timed out after {timeout:?} waiting for {what}; screen:\n{contents}");
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// The screen once it has not changed for `quiet` (or after `limit`, whatever it is then).
    fn settled(&self, quiet: Duration, limit: Duration) -> String {
        let start = Instant::now();
        let mut last = self.contents();
        loop {
            std::thread::sleep(quiet);
            let now = self.contents();
            if now == last || start.elapsed() > limit {
                return now;
            }
            last = now;
        }
    }

    pub fn wait_for_text(&self, text: &str, timeout: Duration) -> String {
        self.wait_for(&format!("{text:?}"), timeout, |screen| {
            screen.contains(text)
        })
    }

    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Wait for the process to end; panics if it does not within `timeout`.
    pub fn wait_exit(&mut self, timeout: Duration) -> portable_pty::ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Let the reader thread take the last bytes.
                std::thread::sleep(Duration::from_millis(100));
                return status;
            }
            if start.elapsed() > timeout {
                let _ = self.child.kill();
                panic!(
                    "clientele did not exit within {timeout:?}; screen:\n{}",
                    self.contents()
                );
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// Is the terminal in cooked mode (line editing and echo on), as a shell needs it?
    pub fn terminal_is_cooked(&self) -> bool {
        use nix::sys::termios::LocalFlags;
        let termios = self.master.get_termios().expect("termios of the pty");
        termios
            .local_flags
            .contains(LocalFlags::ICANON | LocalFlags::ECHO)
    }

    /// Is the app still on the alternate screen, or the cursor hidden?
    pub fn screen_state(&self) -> (bool, bool) {
        let parser = self.screen.lock().unwrap();
        (
            parser.screen().alternate_screen(),
            parser.screen().hide_cursor(),
        )
    }

    /// Press Esc and pause, so the next key is not read together with it as Alt-key.
    pub fn press_esc(&mut self) {
        self.send("\x1b");
        std::thread::sleep(Duration::from_millis(200));
    }

    /// The text of every screen row with at least one cell on background `bg` (the table's selected
    /// row, for one), top to bottom.
    pub fn rows_with_background(&self, bg: vt100::Color) -> Vec<String> {
        let parser = self.screen.lock().unwrap();
        let screen = parser.screen();
        let (rows, cols) = screen.size();
        screen
            .rows(0, cols.get())
            .enumerate()
            .take(usize::from(rows.get()))
            .filter(|(row, _)| {
                (0..cols.get()).any(|col| {
                    screen
                        .cell(*row as u16, col)
                        .is_some_and(|cell| cell.bgcolor() == bg)
                })
            })
            .map(|(_, text)| text)
            .collect()
    }

    /// Where the terminal's cursor is (row, column), and whether it is shown.
    pub fn cursor(&self) -> ((u16, u16), bool) {
        let parser = self.screen.lock().unwrap();
        let screen = parser.screen();
        (screen.cursor_position(), !screen.hide_cursor())
    }

    /// The text of every screen row with at least one cell in reverse video, top to bottom.
    pub fn rows_in_reverse_video(&self) -> Vec<String> {
        let parser = self.screen.lock().unwrap();
        let screen = parser.screen();
        let (rows, cols) = screen.size();
        screen
            .rows(0, cols.get())
            .enumerate()
            .take(usize::from(rows.get()))
            .filter(|(row, _)| {
                (0..cols.get()).any(|col| {
                    screen
                        .cell(*row as u16, col)
                        .is_some_and(|cell| cell.inverse())
                })
            })
            .map(|(_, text)| text)
            .collect()
    }

    pub fn raw_output(&self) -> String {
        String::from_utf8_lossy(&self.raw.lock().unwrap()).into_owned()
    }
}

impl Session {
    /// Send `signal` to the app's process, as `kill -INT <pid>` from another terminal would.
    pub fn signal(&self, signal: nix::sys::signal::Signal) {
        let pid = self.child.process_id().expect("the app's pid");
        let pid = nix::unistd::Pid::from_raw(i32::try_from(pid).expect("a pid"));
        nix::sys::signal::kill(pid, signal).expect("send the signal");
    }

    /// End the app the hard way (SIGKILL): no chance to save or restore anything.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

/// The records on `provider`'s live page `index` (from 0) of the demo data with `customers` each,
/// at the demo's page size: the same seed gives the same customers as `--demo --customers N`.
pub fn demo_live_page(
    provider: clientele::domain::ProviderId,
    customers: usize,
    index: u64,
) -> Vec<clientele::domain::Record> {
    use clientele::domain::{Cursor, PageRequest};
    use clientele::sandbox::{self, SandboxOptions};
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let sandbox = sandbox::start(SandboxOptions {
            customers_per_provider: customers,
            ..SandboxOptions::default()
        })
        .await
        .unwrap();
        let settings = clientele::demo::settings(&sandbox).unwrap();
        let settings = settings
            .providers
            .iter()
            .find(|p| p.id == provider)
            .unwrap();
        let client = clientele::providers::Client::new(settings).unwrap();
        let page = client
            .list(PageRequest {
                cursor: Cursor::Offset(index * u64::from(settings.page_size)),
                size: settings.page_size,
            })
            .await
            .unwrap();
        sandbox.shutdown().await;
        page.records
    })
}

//! Time to the first frame: from starting `clientele --demo` in a pseudo-terminal to the moment its tab
//! bar is on the screen, p50 and p99 over repeated runs.
//!
//! Run: `cargo bench --bench first_frame` (about 20 s). `FIRST_FRAME_RUNS` sets the runs (default 40),
//! `FIRST_FRAME_BIN` another binary to time (an older build, to compare in the same session), and
//! `FIRST_FRAME_ARGS` its arguments (default `--demo`).

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

/// What the first frame shows whatever the data: the tab bar's brand and the first provider's tab.
const MARKS: [&str; 2] = ["clientele", "Ngorder"];

fn one_run(binary: &str, args: &[String], data_dir: &std::path::Path) -> Duration {
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 30,
            cols: 120,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("open a pty");
    let mut command = CommandBuilder::new(binary);
    command.args(args);
    command.env("TERM", "xterm-256color");
    command.env("CLIENTELE_DATA_DIR", data_dir);
    let mut reader = pty.master.try_clone_reader().expect("a reader");
    let (seen_tx, seen) = mpsc::channel();
    let started = Instant::now();
    let mut child = pty.slave.spawn_command(command).expect("spawn clientele");
    drop(pty.slave);
    std::thread::spawn(move || {
        let mut screen = vt100::Parser::new(
            NonZeroU16::new(30).expect("rows"),
            NonZeroU16::new(120).expect("cols"),
            0,
        );
        let mut buffer = [0u8; 8192];
        let mut told = false;
        while let Ok(n) = reader.read(&mut buffer) {
            if n == 0 {
                break;
            }
            screen.process(&buffer[..n]);
            let contents = screen.screen().contents();
            if !told && MARKS.iter().all(|m| contents.contains(m)) {
                told = true;
                let _ = seen_tx.send(Instant::now());
            }
        }
    });
    let shown = seen
        .recv_timeout(Duration::from_secs(20))
        .expect("a first frame within 20 s");
    let mut writer = pty.master.take_writer().expect("a writer");
    let _ = writer.write_all(b"q");
    let _ = writer.flush();
    let quit = Instant::now();
    while child.try_wait().ok().flatten().is_none() {
        if quit.elapsed() > Duration::from_secs(5) {
            let _ = child.kill();
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    shown - started
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing and must stay quick.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let binary = std::env::var("FIRST_FRAME_BIN")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_clientele").to_string());
    let args: Vec<String> = std::env::var("FIRST_FRAME_ARGS")
        .unwrap_or_else(|_| "--demo".into())
        .split_whitespace()
        .map(String::from)
        .collect();
    let runs: usize = std::env::var("FIRST_FRAME_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(40);
    let dir = tempfile::tempdir().expect("a temporary data dir");
    // One run first: the binary and its libraries into the page cache.
    one_run(&binary, &args, dir.path());
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| one_run(&binary, &args, dir.path()))
        .collect();
    times.sort_unstable();
    let at = |p: f64| times[((times.len() - 1) as f64 * p).round() as usize];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "first frame of `{binary} {}`: p50 {:.1} ms, p99 {:.1} ms, min {:.1} ms over {runs} runs",
        args.join(" "),
        ms(at(0.5)),
        ms(at(0.99)),
        ms(times[0])
    );
}

//! Frame time of the table over a million-customer mirror, the state the app is really in when it
//! browses one: DK Hardware's tab showing the window of its mirror that is on screen, the status line
//! saying `mirror · 1,000,000 customers` (see `render/state.rs` for how that state is built: through
//! `App::update` with the worker's own window answers, rows made by the sync's row code from the
//! sandbox generator's customers; no SQLite file, since a frame only sees the window and the total).
//!
//! Cases: a key pressed in the middle of the set — `j` (selection one row down), `PgDn` (a screen
//! down), `G` (the last customer of the whole set) — over every customer by id, sorted by last name,
//! and over a mirror search with its matches highlighted; at 80×24, 160×48 and 200×50. Each frame is
//! the one after the key, drawn over the frame before it (the two states alternate; only the frame
//! after the key is timed), so ratatui's diff sees exactly what the key changed. Two measurements:
//!
//! - `testbackend`: `ui::draw` through a ratatui `Terminal` on `TestBackend` (the drawing and the diff);
//! - `crossterm`: the real frame path, a `Terminal` over `CrosstermBackend` writing into a `Vec<u8>`
//!   (drawing, diff and crossterm's escape encoding), with the bytes each frame writes.
//!
//! Criterion runs each case; after all of them the bench prints p50 and p99 of the frames criterion
//! measured (warm-up left out), of their wall time and of the drawing thread's CPU time (on a shared
//! machine the wall time's tail is the scheduler's: the thread waiting for a core), and the bytes per
//! frame. The `G` frame is the one with the end's rows in hand (the app first draws their places
//! blank, then this one when the window arrives). Aim: ≤ 2 ms p99.
//!
//! Run: `cargo bench --bench render` (about 4 minutes on two busy cores, the first minute generating
//! the million customers for the orders). `RENDER_BENCH_QUICK=1` measures less per case.

#[path = "render/state.rs"]
mod state;

use std::cell::RefCell;
use std::hint::black_box;
use std::io::Write;
use std::rc::Rc;
use std::time::{Duration, Instant};

use clientele::app::App;
use criterion::{Bencher, Criterion};
use nix::time::{ClockId, clock_gettime};
use ratatui::backend::{CrosstermBackend, TestBackend};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use state::{Key, Mirror, View};

const SIZES: [(u16, u16); 3] = [(80, 24), (160, 48), (200, 50)];
const VIEWS: [View; 3] = [View::Plain, View::Sorted, View::Search];
const KEYS: [Key; 3] = [Key::Down, Key::PageDown, Key::End];
const SAMPLES: usize = 20;

/// One frame: the time it took, and the CPU time the drawing thread spent on it (the wall time less
/// any time the scheduler gave the core to another process).
#[derive(Clone, Copy)]
struct Frame {
    wall: Duration,
    cpu: Duration,
}

/// The frames timed in each call criterion made, in order (its warm-up calls first).
#[derive(Default)]
struct Frames {
    calls: Vec<Vec<Frame>>,
    bytes: Vec<usize>,
}

impl Frames {
    /// Wall and CPU times of every frame of the last `SAMPLES` calls (criterion's measured samples),
    /// each sorted.
    fn measured(&self) -> (Vec<Duration>, Vec<Duration>) {
        let from = self.calls.len().saturating_sub(SAMPLES);
        let frames = self.calls[from..].iter().flatten();
        let mut wall: Vec<Duration> = frames.clone().map(|f| f.wall).collect();
        let mut cpu: Vec<Duration> = frames.map(|f| f.cpu).collect();
        wall.sort();
        cpu.sort();
        (wall, cpu)
    }
}

/// This thread's CPU time so far.
fn thread_cpu() -> Duration {
    let time = clock_gettime(ClockId::CLOCK_THREAD_CPUTIME_ID).expect("the thread's CPU clock");
    Duration::new(time.tv_sec() as u64, time.tv_nsec() as u32)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len().saturating_sub(1))]
}

/// Each iteration: the frame before the key (not timed), then the frame after it (timed).
fn time_frames<B: ratatui::backend::Backend>(
    b: &mut Bencher,
    frames: &mut Frames,
    terminal: &mut Terminal<B>,
    before: &App,
    after: &App,
    mut written: impl FnMut(&mut Terminal<B>) -> usize,
) {
    b.iter_custom(|iters| {
        let mut call = Vec::with_capacity(iters as usize);
        let mut total = Duration::ZERO;
        for _ in 0..iters {
            terminal
                .draw(|f| clientele::ui::draw(f, before))
                .expect("draw");
            written(terminal);
            let cpu = thread_cpu();
            let start = Instant::now();
            black_box(
                terminal
                    .draw(|f| clientele::ui::draw(f, after))
                    .expect("draw")
                    .area,
            );
            let wall = start.elapsed();
            let cpu = thread_cpu().saturating_sub(cpu);
            frames.bytes.push(written(terminal));
            call.push(Frame { wall, cpu });
            total += wall;
        }
        frames.calls.push(call);
        total
    });
}

/// What the terminal is sent: a `Vec<u8>` the bench reads and empties between frames (the backend's
/// own `writer_mut` is unstable in ratatui).
#[derive(Clone, Default)]
struct Written(Rc<RefCell<Vec<u8>>>);

impl Write for Written {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn crossterm_terminal(
    (width, height): (u16, u16),
    written: Written,
) -> Terminal<CrosstermBackend<Written>> {
    // A fixed viewport: the terminal is not asked its size (there is none in a bench).
    Terminal::with_options(
        CrosstermBackend::new(written),
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, width, height)),
        },
    )
    .expect("a terminal over a buffer")
}

/// The bytes written since the last call, emptying the buffer for the next frame.
fn take_written(written: &Written) -> usize {
    let mut buffer = written.0.borrow_mut();
    let bytes = buffer.len();
    buffer.clear();
    bytes
}

struct Row {
    size: (u16, u16),
    view: View,
    key: Key,
    test: Frames,
    real: Frames,
}

fn name(view: View, key: Key) -> String {
    let view = match view {
        View::Plain => "by_id",
        View::Sorted => "sorted",
        View::Search => "search",
    };
    let key = match key {
        Key::Down => "j",
        Key::PageDown => "pgdn",
        Key::End => "G",
    };
    format!("{view}/{key}")
}

fn ms(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64() * 1000.0)
}

fn p50_p99(sorted: &[Duration]) -> String {
    format!(
        "{} / {}",
        ms(percentile(sorted, 0.5)),
        ms(percentile(sorted, 0.99))
    )
}

fn report(rows: &[Row], mirror: &Mirror) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "\nframes after a key, mid-set of DK Hardware's 1,000,000-customer mirror (search \"{}\": \
         {} customers)\nms, p50 / p99 of criterion's measured frames: wall time, and the drawing \
         thread's CPU time (the wall time less time preempted by other processes)",
        state::QUERY,
        mirror.matches()
    );
    let _ = writeln!(
        out,
        "{:<8} {:<12} {:>16} {:>16} {:>16} {:>16} {:>11} {:>6}",
        "size",
        "case",
        "test wall",
        "test cpu",
        "crossterm wall",
        "crossterm cpu",
        "bytes/frame",
        "frames"
    );
    let (mut worst_wall, mut worst_cpu) = (Duration::ZERO, Duration::ZERO);
    // Cases left out by a filter on the command line have no frames.
    for row in rows
        .iter()
        .filter(|r| !r.test.calls.is_empty() && !r.real.calls.is_empty())
    {
        let (test_wall, test_cpu) = row.test.measured();
        let (real_wall, real_cpu) = row.real.measured();
        worst_wall = worst_wall.max(percentile(&test_wall, 0.99).max(percentile(&real_wall, 0.99)));
        worst_cpu = worst_cpu.max(percentile(&test_cpu, 0.99).max(percentile(&real_cpu, 0.99)));
        let mut bytes = row.real.bytes.clone();
        bytes.sort_unstable();
        let (low, high) = (bytes[0], bytes[bytes.len() - 1]);
        let bytes = if low == high {
            low.to_string()
        } else {
            format!("{low}–{high}")
        };
        let _ = writeln!(
            out,
            "{:<8} {:<12} {:>16} {:>16} {:>16} {:>16} {:>11} {:>6}",
            format!("{}x{}", row.size.0, row.size.1),
            name(row.view, row.key),
            p50_p99(&test_wall),
            p50_p99(&test_cpu),
            p50_p99(&real_wall),
            p50_p99(&real_cpu),
            bytes,
            real_wall.len(),
        );
    }
    let _ = writeln!(
        out,
        "worst p99: wall {} ms, CPU {} ms (aim: ≤ 2 ms)\n",
        ms(worst_wall),
        ms(worst_cpu)
    );
}

fn main() {
    let started = Instant::now();
    let mirror = Mirror::build();
    eprintln!(
        "the orders of {} generated customers built in {:.1?}",
        state::CUSTOMERS,
        started.elapsed()
    );
    let quick = std::env::var_os("RENDER_BENCH_QUICK").is_some();
    let mut criterion = Criterion::default()
        .sample_size(SAMPLES)
        .warm_up_time(Duration::from_millis(if quick { 100 } else { 300 }))
        .measurement_time(Duration::from_millis(if quick { 300 } else { 1000 }))
        .configure_from_args();
    let mut rows = Vec::new();
    for size in SIZES {
        let mut group = criterion.benchmark_group(format!("mirror_1m_{}x{}", size.0, size.1));
        for view in VIEWS {
            for key in KEYS {
                let before = state::mid_set(&mirror, size, view);
                let after = state::after(&mirror, state::mid_set(&mirror, size, view), key, view);
                let mut row = Row {
                    size,
                    view,
                    key,
                    test: Frames::default(),
                    real: Frames::default(),
                };
                let case = name(view, key);
                group.bench_function(format!("{case}/testbackend"), |b| {
                    let mut terminal =
                        Terminal::new(TestBackend::new(size.0, size.1)).expect("a test terminal");
                    time_frames(b, &mut row.test, &mut terminal, &before, &after, |_| 0);
                });
                group.bench_function(format!("{case}/crossterm"), |b| {
                    let written = Written::default();
                    written.0.borrow_mut().reserve(64 * 1024);
                    let mut terminal = crossterm_terminal(size, written.clone());
                    time_frames(b, &mut row.real, &mut terminal, &before, &after, |_| {
                        take_written(&written)
                    });
                });
                rows.push(row);
            }
        }
        group.finish();
    }
    report(&rows, &mirror);
    criterion.final_summary();
}

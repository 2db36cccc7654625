//! Frame time of the customer table with a million loaded rows, at 200×50.
//!
//! `table_200x50/windowed_1m` is the app's own `ui::draw` (it builds only the rows that show);
//! `table_200x50/every_row_1m` is the naive baseline in the same run: a ratatui `Table` with a `Row`
//! for each of the million records and a `TableState` on the same selection, drawn into the same
//! kind of terminal. Both pictures are checked to be the same before anything is timed. After the
//! groups the bench prints the A/B ratio of the medians it just measured.
//!
//! `local_filter_1m/keystroke` is one key typed into the `/` filter: the app re-matches every loaded
//! row on each change of its text.
//!
//! Run: `cargo bench --bench render` (under two minutes on two cores).

use std::hint::black_box;
use std::time::{Duration, Instant};

use clientele::app::{Action, App, LocalFilter, Msg};
use clientele::config::{Credentials, ProviderSettings, Secret, Settings};
use clientele::domain::{FieldKind, FieldSpec, Page, ProviderId, Record, Totals};
use clientele::providers::decode::decode_record;
use clientele::providers::spec;
use clientele::ui::theme;
use clientele::worker::{Outcome, Work, WorkerEvent};
use criterion::{Bencher, Criterion, SamplingMode, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Cell, Row, Table, TableState};
use serde_json::json;
use tui_input::Input;

const ROWS: usize = 1_000_000;
const WIDTH: u16 = 200;
const HEIGHT: u16 = 50;
/// The row the selection sits on: mid-page, so the window is neither at the top nor at the end.
const SELECTED: usize = ROWS / 2 + 1_234;

const FAST_SAMPLES: usize = 50;
const SLOW_SAMPLES: usize = 10;

// ---------------------------------------------------------------------------------------------
// The state: an app holding one Ngorder page of `rows` records, fed as the worker would feed it.

fn settings(page_size: u32) -> Settings {
    Settings {
        providers: vec![ProviderSettings {
            id: ProviderId::Ngorder,
            base_url: "http://127.0.0.1:9".into(),
            credentials: Ok(Credentials::Bearer {
                token: Secret::new("t"),
            }),
            connect_timeout: Duration::from_secs(1),
            timeout: Duration::from_secs(1),
            page_size,
            max_body_bytes: 16 * 1024 * 1024,
            rate_limit: None,
            mirror: true,
        }],
        origin: "~/.config/clientele/config.toml".into(),
        ui: Default::default(),
    }
}

/// A small deterministic generator (splitmix64), so every run draws the same data.
struct Mix(u64);

impl Mix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn pick<'a>(&mut self, options: &[&'a str]) -> &'a str {
        options[(self.next() % options.len() as u64) as usize]
    }
}

const FIRST: &[&str] = &[
    "Angga", "Budi", "Citra", "Dewi", "Eko", "Fitri", "Gilang", "Hana", "Indra", "Joko", "Kartika",
    "Lestari", "Made", "Nur", "Putri", "Rizky", "Sari", "Teguh", "Wahyu", "Yuni",
];
const LAST: &[&str] = &[
    "Santoso", "Wijaya", "Saputra", "Hidayat", "Pratama", "Kusuma", "Nugroho", "Setiawan", "Halim",
    "Siregar", "Lubis", "Gunawan",
];
const PLACES: &[(&str, &str, &str)] = &[
    ("Dukuhturi", "Kabupaten Tegal", "Jawa Tengah"),
    ("Mandiraja", "Kabupaten Banjarnegara", "Jawa Tengah"),
    ("Coblong", "Kota Bandung", "Jawa Barat"),
    ("Tebet", "Kota Jakarta Selatan", "DKI Jakarta"),
    ("Gubeng", "Kota Surabaya", "Jawa Timur"),
    ("Medan Baru", "Kota Medan", "Sumatera Utara"),
    ("Denpasar Barat", "Kota Denpasar", "Bali"),
    ("Depok", "Kabupaten Sleman", "DI Yogyakarta"),
];
const DOMAINS: &[&str] = &["gmail.com", "yahoo.co.id", "outlook.com", "example.id"];

/// The list endpoint's JSON for customer `n`, shaped like the seed's Ngorder example.
fn customer_json(n: usize, mix: &mut Mix) -> serde_json::Value {
    let first = mix.pick(FIRST);
    let last = mix.pick(LAST);
    let (district, city, province) = PLACES[(mix.next() % PLACES.len() as u64) as usize];
    let (category_code, category) = match mix.next() % 10 {
        0 => ("Y", "Reseller"),
        1 => ("D", "Dropshipper"),
        _ => ("N", "Pelanggan"),
    };
    let email = (!mix.next().is_multiple_of(4)).then(|| {
        format!(
            "{}.{}{}@{}",
            first.to_lowercase(),
            last.to_lowercase(),
            n % 1000,
            mix.pick(DOMAINS)
        )
    });
    let postal = 10_000 + mix.next() % 89_999;
    json!({
        "id": 100_000 + n,
        "name": format!("{first} {last}"),
        "name_initial": &first[..1],
        "phone": format!("628{:09}", mix.next() % 1_000_000_000),
        "address": format!("Jln. {last} No. {}, {}, {}, ID, {postal}", n % 200 + 1, city.to_uppercase(), district.to_uppercase()),
        "district_id": 3000 + mix.next() % 500,
        "postal_code": postal.to_string(),
        "district": district,
        "city": city,
        "province": province,
        "email": email,
        "line": null,
        "other": null,
        "category_code": category_code,
        "category": category,
        "is_active": mix.pick(&["Y", "Y", "Y", "N", "R", "T"]),
        "registration_status": mix.pick(&["1", "1", "1", "0", "4", "R"]),
        "created_at": format!("2024-{:02}-{:02}T{:02}:{:02}:00.000000Z", n % 12 + 1, n % 28 + 1, n % 24, n % 60),
    })
}

/// `rows` records exactly as the decoder makes them from the list endpoint's JSON (decoded on
/// every core: a million customers take seconds).
fn records(rows: usize) -> Vec<Record> {
    let schema = &spec(ProviderId::Ngorder).schema;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = rows.div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..rows)
            .step_by(chunk)
            .map(|start| {
                scope.spawn(move || {
                    (start..(start + chunk).min(rows))
                        .map(|n| {
                            // One generator per customer: the same data on any number of cores.
                            let mut mix = Mix(n as u64);
                            decode_record(schema, &customer_json(n, &mut mix))
                                .expect("a usable customer")
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| worker.join().expect("decoding"))
            .collect()
    })
}

/// The app after its first (and only) page arrived through `App::update`, with the selection on
/// `selected`.
fn loaded_app(rows: usize, selected: usize) -> App {
    let (mut app, commands) = App::new(&settings(rows as u32));
    let command = commands.into_iter().next().expect("the first-page fetch");
    let Work::FetchPage { request, .. } = command.work else {
        panic!("not a page fetch: {:?}", command.work);
    };
    let page = Page {
        summary: Vec::new(),
        records: records(rows),
        next: None,
        totals: Some(Totals {
            records: rows as u64,
            pages: 1,
        }),
    };
    let follow_up = app.update(Msg::Worker(WorkerEvent {
        id: command.id,
        provider: command.provider,
        elapsed: Duration::from_millis(120),
        outcome: Outcome::Page(request, Ok(page)),
    }));
    assert!(follow_up.is_empty(), "a single page prefetches nothing");
    app.update(Msg::Action(Action::SelectRow(selected)));
    let tab = app.active_tab().expect("the Ngorder tab");
    assert_eq!(tab.customers.row_count(), rows);
    assert_eq!(tab.customers.selected, selected);
    app
}

fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("a test terminal")
}

// ---------------------------------------------------------------------------------------------
// The naive baseline: one `Row` per record.

/// The cell text of `field`: enum codes shown by their label (as the app's table does).
fn cell_text(field: &FieldSpec, record: &Record) -> String {
    let text = record.text(field.key);
    match field.kind {
        FieldKind::Enum(options) => options
            .iter()
            .find(|(code, _)| *code == text)
            .map_or(text, |(_, label)| (*label).to_string()),
        _ => text,
    }
}

/// Where `ui::draw` puts the table: below the tab bar, above the status bar.
fn body(area: Rect) -> Rect {
    Rect::new(
        area.x,
        area.y + 1,
        area.width,
        area.height.saturating_sub(2),
    )
}

/// The same table as the app's, built from every record and left to ratatui to window.
fn draw_every_row(frame: &mut ratatui::Frame, app: &App) {
    let tab = app.active_tab().expect("the Ngorder tab");
    let page = tab.customers.page().expect("the loaded page");
    let columns: Vec<&FieldSpec> = tab.spec.schema.columns().collect();
    let header = Row::new(columns.iter().map(|c| Cell::from(c.label))).style(theme::header());
    let rows = page.records.iter().map(|record| {
        Row::new(
            columns
                .iter()
                .map(|column| Cell::from(cell_text(column, record))),
        )
    });
    let widths = columns
        .iter()
        .map(|c| Constraint::Length(c.column.unwrap_or(10)));
    let block = Block::default().borders(Borders::TOP).title(Line::styled(
        format!(" {} customers ", tab.provider.display_name()),
        theme::title(),
    ));
    let table = Table::new(rows, widths)
        .header(header)
        .block(block)
        .column_spacing(1)
        .row_highlight_style(theme::selected_row());
    let mut state = TableState::default().with_selected(Some(tab.customers.selected));
    frame.render_stateful_widget(table, body(frame.area()), &mut state);
}

/// The rows of `area` in `buffer`, as text and styles.
fn region(buffer: &Buffer, area: Rect) -> Vec<(String, ratatui::style::Style)> {
    area.positions()
        .map(|p| {
            let cell = &buffer[p];
            (cell.symbol().to_string(), cell.style())
        })
        .collect()
}

/// Both draws must show the same table (text and styles, selection included), or the comparison
/// means nothing.
fn assert_same_picture(app: &App) {
    let mut windowed = terminal();
    let mut naive = terminal();
    let a = windowed
        .draw(|f| clientele::ui::draw(f, app))
        .expect("draw")
        .buffer
        .clone();
    let b = naive
        .draw(|f| draw_every_row(f, app))
        .expect("draw")
        .buffer
        .clone();
    let area = body(a.area);
    assert_eq!(
        region(&a, area),
        region(&b, area),
        "the naive table must draw what the app draws"
    );
    let highlighted = area
        .rows()
        .filter(|row| a[(row.x, row.y)].style().bg == theme::selected_row().bg)
        .count();
    assert_eq!(highlighted, 1, "exactly one selected row on screen");
}

// ---------------------------------------------------------------------------------------------
// Timing: each bench records its own samples, so the ratio printed at the end is of the medians
// measured in this very run (criterion calls the routine once per sample, after its warm-up).

#[derive(Default)]
struct Samples(Vec<(u64, Duration)>);

impl Samples {
    /// The median time per iteration over the last `count` samples (criterion's "median").
    fn median(&self, count: usize) -> Option<Duration> {
        if self.0.len() < count || count == 0 {
            return None;
        }
        let mut per_iter: Vec<f64> = self.0[self.0.len() - count..]
            .iter()
            .map(|(iters, total)| total.as_secs_f64() / *iters as f64)
            .collect();
        per_iter.sort_by(f64::total_cmp);
        let mid = per_iter.len() / 2;
        let median = if per_iter.len().is_multiple_of(2) {
            (per_iter[mid - 1] + per_iter[mid]) / 2.0
        } else {
            per_iter[mid]
        };
        Some(Duration::from_secs_f64(median))
    }
}

/// Time `frame` drawn `iters` times into one terminal (as the event loop redraws).
fn time_frames(
    b: &mut Bencher,
    samples: &mut Samples,
    terminal: &mut Terminal<TestBackend>,
    mut frame: impl FnMut(&mut ratatui::Frame),
) {
    b.iter_custom(|iters| {
        let start = Instant::now();
        for _ in 0..iters {
            black_box(terminal.draw(&mut frame).expect("draw").area);
        }
        let total = start.elapsed();
        samples.0.push((iters, total));
        total
    });
}

fn benches(c: &mut Criterion) {
    let started = Instant::now();
    let mut app = loaded_app(ROWS, SELECTED);
    let small = loaded_app(1_000, 500);
    eprintln!(
        "setup: {ROWS} records decoded and loaded through App::update in {:.1?}",
        started.elapsed()
    );
    assert_same_picture(&app);

    let mut windowed = Samples::default();
    let mut naive = Samples::default();
    let mut group = c.benchmark_group("table_200x50");
    group
        .sample_size(FAST_SAMPLES)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    group.bench_function("windowed_1m", |b| {
        let mut terminal = terminal();
        time_frames(b, &mut windowed, &mut terminal, |f| {
            clientele::ui::draw(f, &app)
        });
    });
    // The same draw over a thousand rows: equal to the line above if the frame does not grow with
    // the rows loaded.
    group.bench_function("windowed_1k", |b| {
        let mut terminal = terminal();
        time_frames(b, &mut Samples::default(), &mut terminal, |f| {
            clientele::ui::draw(f, &small)
        });
    });
    group
        .sample_size(SLOW_SAMPLES)
        .sampling_mode(SamplingMode::Flat)
        .measurement_time(Duration::from_secs(45));
    group.bench_function("every_row_1m", |b| {
        let mut terminal = terminal();
        time_frames(b, &mut naive, &mut terminal, |f| draw_every_row(f, &app));
    });
    group.finish();

    match (windowed.median(FAST_SAMPLES), naive.median(SLOW_SAMPLES)) {
        (Some(a), Some(b)) => eprintln!(
            "\nframe at {WIDTH}x{HEIGHT} with {ROWS} rows, medians of this run: windowed {a:.1?}, \
             every row {b:.1?}; windowed/every-row = {:.2e} (every row is {:.0}x slower)\n",
            a.as_secs_f64() / b.as_secs_f64(),
            b.as_secs_f64() / a.as_secs_f64(),
        ),
        _ => eprintln!("\n(the ratio needs both table_200x50 benches measured in this run)\n"),
    }

    // The `/` filter: StartFilter, then "sa" typed; each timed key is an "n" (the text becomes
    // "san", which few rows contain, so most rows are scanned to their last field). Between keys the
    // "sa" state is put back untimed, without a second scan.
    app.update(Msg::Action(Action::StartFilter));
    for c in ['s', 'a'] {
        app.update(Msg::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::NONE,
        )));
    }
    let before = FilterState::of(&app);
    let typed = KeyEvent::new(KeyCode::Char('n'), KeyModifiers::NONE);
    let mut group = c.benchmark_group("local_filter_1m");
    group
        .sample_size(SLOW_SAMPLES)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(16));
    group.bench_function("keystroke", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                before.restore(&mut app);
                let start = Instant::now();
                black_box(app.update(Msg::Key(typed)));
                total += start.elapsed();
            }
            total
        });
    });
    group.finish();
    let after = FilterState::of(&app);
    eprintln!(
        "filter \"{}\" matches {} of {ROWS} rows (\"{}\": {})",
        after.filter.text,
        after.filter.matches.len(),
        before.filter.text,
        before.filter.matches.len(),
    );
}

/// What a keystroke in the local filter changes, to put it back between timed keys.
struct FilterState {
    filter: LocalFilter,
    selected: usize,
}

impl FilterState {
    fn of(app: &App) -> FilterState {
        let tab = app.active_tab().expect("the Ngorder tab");
        FilterState {
            filter: tab.local_filter.clone().expect("a local filter"),
            selected: tab.customers.selected,
        }
    }

    fn restore(&self, app: &mut App) {
        let tab = &mut app.tabs[app.active];
        tab.local_filter = Some(self.filter.clone());
        tab.customers.selected = self.selected;
        app.typing = Some(Input::new(self.filter.text.clone()));
    }
}

criterion_group!(render, benches);
criterion_main!(render);

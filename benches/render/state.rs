//! The state the render bench draws: the app browsing DK Hardware's mirror of a million customers,
//! built the way the app gets it. Every message goes through `App::update`: the live first pages, the
//! sync's "idle, 1,000,000 mirrored", the keys (through the keymap, as the event loop maps them) and
//! the worker's answers to each `Work::Window` the app asks for.
//!
//! The window answers hold rows made as the sync and the worker make them: the sandbox generator's
//! customer JSON, decoded by the provider's schema, turned into a mirror row (`sync::mirror_row`) and
//! read back into a record (`worker::window::decode`). No SQLite file is needed: the table is drawn
//! from the window in hand and the total, which is all the app holds. The order each query asks for
//! is the store's, computed over the million generated customers once: by id (as text), by last name
//! (case-insensitive, then id) and, for the search, the customers whose search text contains the
//! query, in mirror order.

use std::time::Duration;

use clientele::app::{Action, App, Msg};
use clientele::config::Settings;
use clientele::domain::{Page, ProviderId, Record, Totals};
use clientele::providers::decode::decode_record;
use clientele::providers::spec;
use clientele::store::{MirrorHit, MirrorQuery, SortDirection, TOTAL_CAP};
use clientele::worker::mirror::{SyncPhase, SyncStatus};
use clientele::worker::window::WindowRows;
use clientele::worker::{Command, Outcome, RequestId, Work, WorkerEvent};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub const CUSTOMERS: u32 = 1_000_000;
pub const PROVIDER: ProviderId = ProviderId::DkHardware;
/// The sandbox's default seed (`clientele --demo`).
const SEED: u64 = 42;
/// 2026-11-30 12:00 UTC; the mirror was synced 4 minutes before.
const NOW: i64 = 1_796_040_000_000;
const SYNCED: i64 = NOW - 4 * 60_000;
/// A page size every provider's config accepts.
const PAGE_SIZE: u32 = 100;
/// The search typed: a first and a last name, each word found in names and e-mails (the store finds
/// customers whose text holds every word of 3+ characters anywhere): a couple of thousand customers.
pub const QUERY: &str = "mary martinez";

fn settings() -> Settings {
    Settings::unreachable(
        &ProviderId::ALL,
        PAGE_SIZE,
        "~/.config/clientele/config.toml",
    )
}

/// Generated customer `idx` of `provider` as the provider's list sends it.
fn json(provider: ProviderId, idx: u32) -> serde_json::Value {
    clientele::sandbox::generated_customer(provider, SEED, CUSTOMERS, idx)
}

fn decoded(provider: ProviderId, json: &serde_json::Value) -> Record {
    decode_record(&spec(provider).schema, json).expect("a generated customer decodes")
}

/// Customer `idx` as a window answer holds it: through the sync's row and the worker's decoder.
fn mirrored(idx: u32) -> Record {
    let schema = &spec(PROVIDER).schema;
    let json = json(PROVIDER, idx);
    let row = clientele::sync::mirror_row(schema, &decoded(PROVIDER, &json), &json);
    let hit = MirrorHit {
        provider: PROVIDER.key().into(),
        row,
        synced_at: SYNCED,
    };
    clientele::worker::window::decode(schema, &hit)
}

/// The orders the store would answer in, over every generated customer.
pub struct Mirror {
    by_id: Vec<u32>,
    by_last_name: Vec<u32>,
    matches: Vec<u32>,
}

impl Mirror {
    /// Generates, decodes and indexes the million customers on every core (seconds).
    pub fn build() -> Mirror {
        let schema = &spec(PROVIDER).schema;
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()) as u32;
        let chunk = CUSTOMERS.div_ceil(threads);
        // Per customer: its id, its last name in lower case, whether its search text has the query.
        let facts: Vec<(String, String, bool)> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads)
                .map(|t| {
                    scope.spawn(move || {
                        let end = ((t + 1) * chunk).min(CUSTOMERS);
                        (t * chunk..end)
                            .map(|idx| {
                                let json = json(PROVIDER, idx);
                                let record = decoded(PROVIDER, &json);
                                let row = clientele::sync::mirror_row(schema, &record, &json);
                                let last = record.text("lastName").to_lowercase();
                                let found = QUERY
                                    .split_whitespace()
                                    .all(|word| row.search_text.contains(word));
                                (row.id, last, found)
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            workers
                .into_iter()
                .flat_map(|w| w.join().expect("a generating thread"))
                .collect()
        });
        let mut by_id: Vec<u32> = (0..CUSTOMERS).collect();
        by_id.sort_by(|&a, &b| facts[a as usize].0.cmp(&facts[b as usize].0));
        let mut by_last_name = by_id.clone();
        // Stable: equal names stay in id order, as the store's `ORDER BY name, id`.
        by_last_name.sort_by(|&a, &b| facts[a as usize].1.cmp(&facts[b as usize].1));
        // A text search reads in the mirror's own order: as synced, the generator's.
        let matches: Vec<u32> = (0..CUSTOMERS).filter(|&i| facts[i as usize].2).collect();
        assert!(
            (1_000..=TOTAL_CAP as usize).contains(&matches.len()),
            "the query should find a few thousand customers, not {}",
            matches.len()
        );
        Mirror {
            by_id,
            by_last_name,
            matches,
        }
    }

    pub fn matches(&self) -> usize {
        self.matches.len()
    }

    /// The customers `query` holds, in its order, and whether that order is read backwards.
    fn order(&self, query: &MirrorQuery) -> (&[u32], bool) {
        if query.text.is_some() {
            return (&self.matches, false);
        }
        match &query.sort {
            None => (&self.by_id, false),
            Some(sort) if sort.column == "lastName" => (
                &self.by_last_name,
                sort.direction == SortDirection::Descending,
            ),
            Some(sort) => panic!("the bench sorts by last name only, not {}", sort.column),
        }
    }

    /// What the store and the worker answer to a window request.
    fn answer(&self, query: MirrorQuery) -> WindowRows {
        let (order, backwards) = self.order(&query);
        let total = order.len() as u64;
        let end = (query.offset + u64::from(query.limit)).min(total);
        let records = (query.offset..end)
            .map(|k| {
                let k = if backwards { total - 1 - k } else { k };
                mirrored(order[k as usize])
            })
            .collect();
        WindowRows {
            query,
            total,
            records,
            oldest_ms: Some(SYNCED),
            elapsed: Duration::from_millis(3),
        }
    }

    /// Answer `commands` and every window request that follows from the answers, as the worker would:
    /// only the newest request of a lane (the screen's, the one ahead) is read.
    pub fn serve(&self, app: &mut App, commands: Vec<Command>) {
        let lane = |command: &Command| match &command.work {
            Work::Window { ahead, .. } => Some((command.provider, *ahead)),
            _ => None,
        };
        let mut queue = commands;
        while !queue.is_empty() {
            let command = queue.remove(0);
            let Work::Window { query, .. } = &command.work else {
                continue;
            };
            if queue.iter().any(|later| lane(later) == lane(&command)) {
                continue;
            }
            let query = query.clone();
            let window = self.answer(query);
            queue.extend(app.update(Msg::Worker(WorkerEvent {
                id: command.id,
                provider: command.provider,
                elapsed: window.elapsed,
                outcome: Outcome::Window(Ok(window)),
            })));
        }
    }
}

/// Which rows the table shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// Every customer, by id.
    Plain,
    /// Sorted by last name (`>` twice: the second column).
    Sorted,
    /// The customers `/` found for [`QUERY`], its matches highlighted in the cells.
    Search,
}

/// The key timed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// `j`: the selection one row down.
    Down,
    /// `PgDn`: a screen down.
    PageDown,
    /// `G`: the last customer of the whole set.
    End,
}

impl Key {
    pub fn event(self) -> KeyEvent {
        let code = match self {
            Key::Down => KeyCode::Char('j'),
            Key::PageDown => KeyCode::PageDown,
            Key::End => KeyCode::Char('G'),
        };
        KeyEvent::new(code, KeyModifiers::NONE)
    }
}

/// A key as the event loop turns it into a message: a binding of the mode, else typing.
pub fn press(app: &mut App, key: KeyEvent) -> Vec<Command> {
    let mode = app.mode();
    match app.keymap.action(mode, key) {
        Some(action) => app.update(Msg::Action(action)),
        None if mode.takes_text() => app.update(Msg::Key(key)),
        None => Vec::new(),
    }
}

fn char_key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

/// The app on a `width`×`height` terminal, DK Hardware's tab browsing its mirror in `view`, the
/// selection in the middle of the set.
pub fn mid_set(mirror: &Mirror, (width, height): (u16, u16), view: View) -> App {
    let (mut app, commands) = App::new(&settings());
    app.update(Msg::Viewport(width, height));
    app.update(Msg::Clock(NOW));
    // Each tab's first live page: the generator's first customers, with the provider's total.
    for command in commands {
        let Work::FetchPage { request, .. } = command.work else {
            continue;
        };
        let records = (0..PAGE_SIZE)
            .map(|idx| decoded(command.provider, &json(command.provider, idx)))
            .collect();
        let page = Page {
            records,
            next: None,
            totals: Some(Totals {
                records: u64::from(CUSTOMERS),
                pages: u64::from(CUSTOMERS / PAGE_SIZE),
            }),
            summary: Vec::new(),
        };
        app.update(Msg::Worker(WorkerEvent {
            id: command.id,
            provider: command.provider,
            elapsed: Duration::from_millis(120),
            outcome: Outcome::Page(request, Ok(page)),
        }));
    }
    let tab = ProviderId::ALL.iter().position(|p| *p == PROVIDER).unwrap();
    app.update(Msg::Action(Action::SelectTab(tab)));
    // Every provider's first sync has finished: the active tab turns to its mirror.
    for provider in ProviderId::ALL {
        let commands = app.update(Msg::Worker(WorkerEvent {
            id: RequestId(u64::MAX),
            provider,
            elapsed: Duration::ZERO,
            outcome: Outcome::Sync(SyncStatus {
                at_ms: NOW,
                mirrored: u64::from(CUSTOMERS),
                synced_ms: Some(SYNCED),
                phase: SyncPhase::Idle,
            }),
        }));
        mirror.serve(&mut app, commands);
    }
    match view {
        View::Plain => {}
        View::Sorted => {
            // Pressed in a row: the first sort's window is superseded before it is read.
            let mut commands = press(&mut app, char_key('>'));
            commands.extend(press(&mut app, char_key('>')));
            mirror.serve(&mut app, commands);
        }
        View::Search => {
            let mut commands = press(&mut app, char_key('/'));
            for c in QUERY.chars() {
                commands.extend(press(&mut app, char_key(c)));
            }
            commands.extend(press(&mut app, KeyEvent::from(KeyCode::Enter)));
            mirror.serve(&mut app, commands);
        }
    }
    let total = app.tabs[tab].mirror.total.expect("the mirror's total");
    // Screens down to the middle; the windows of the screens passed are superseded, as the worker
    // drops them, and the last screen's are answered.
    let mut commands = Vec::new();
    while app.tabs[tab].mirror.selected < total / 2 {
        commands.extend(press(&mut app, KeyEvent::from(KeyCode::PageDown)));
    }
    mirror.serve(&mut app, commands);
    check(&app, view);
    app
}

/// The state is the one claimed: the mirror on screen, its rows in hand, nothing awaited.
fn check(app: &App, view: View) {
    let tab = app.active_tab().expect("DK Hardware's tab");
    assert_eq!(tab.provider, PROVIDER);
    assert_eq!(tab.source, clientele::app::Source::Mirror);
    assert!(!tab.mirror.is_loading(), "a window is still awaited");
    assert!(
        tab.mirror.selected_record().is_some(),
        "the selected row is in hand"
    );
    let total = tab.mirror.total.unwrap();
    match view {
        View::Search => assert!(total < u64::from(CUSTOMERS)),
        _ => assert_eq!(total, u64::from(CUSTOMERS)),
    }
    assert_eq!(
        tab.mirror.sort.is_some(),
        view == View::Sorted,
        "the sort of {view:?}"
    );
}

/// `app` after `key` and the windows it asked for are answered.
pub fn after(mirror: &Mirror, mut app: App, key: Key, view: View) -> App {
    let commands = press(&mut app, key.event());
    mirror.serve(&mut app, commands);
    check(&app, view);
    app
}

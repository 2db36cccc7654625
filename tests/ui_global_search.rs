//! Snapshots of the global search (`Ctrl-F`): results from several providers with the field that
//! matched, and the line saying where it ran, at 80×24 and 160×48.

mod snap;

use std::time::Duration;

use clientele::app::{Action, App, Msg};
use clientele::domain::ProviderId;
use clientele::providers::decode::decode_record;
use clientele::providers::spec;
use clientele::store::{Backend, MirrorQuery, MirrorWindow, SqliteBackend, SyncState};
use clientele::worker::mirror::{SyncPhase, SyncStatus};
use clientele::worker::{Outcome, RequestId, Work, WorkerEvent};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use snap::*;

/// What the mirror finds for `text` among 300 generated customers of each provider.
fn found(text: &str) -> MirrorWindow {
    let mut backend = SqliteBackend::in_memory().unwrap();
    for provider in ProviderId::ALL {
        let schema = &spec(provider).schema;
        let rows: Vec<_> = (0..300)
            .map(|idx| {
                let json = clientele::sandbox::generated_customer(provider, 42, 300, idx);
                let record = decode_record(schema, &json).unwrap();
                clientele::sync::mirror_row(schema, &record, &json)
            })
            .collect();
        backend
            .write_page(&rows, 0, &SyncState::new(provider.key()))
            .unwrap();
    }
    backend
        .mirror_window(&MirrorQuery {
            text: Some(text.into()),
            limit: 100,
            ..MirrorQuery::default()
        })
        .unwrap()
}

fn type_text(app: &mut App, text: &str) -> Vec<clientele::worker::Command> {
    text.chars()
        .flat_map(|c| {
            app.update(Msg::Key(KeyEvent::new(
                KeyCode::Char(c),
                KeyModifiers::NONE,
            )))
        })
        .collect()
}

/// Every provider mirrored (1,000,000 each), the search box open with `text` typed and answered
/// with `hits` of `total`.
fn searched(text: &str, window: MirrorWindow) -> App {
    let (mut app, _) = loaded_app();
    for provider in ProviderId::ALL {
        app.update(Msg::Worker(WorkerEvent {
            id: RequestId(u64::MAX),
            provider,
            elapsed: Duration::ZERO,
            outcome: Outcome::Sync(SyncStatus {
                at_ms: 0,
                mirrored: 1_000_000,
                synced_ms: Some(0),
                phase: SyncPhase::Idle,
            }),
        }));
    }
    act(&mut app, Action::GlobalSearch);
    let commands = type_text(&mut app, text);
    let last = commands.last().expect("each key sends the text");
    let Work::GlobalSearch { query } = &last.work else {
        panic!("a global search: {:?}", last.work);
    };
    app.update(Msg::Worker(WorkerEvent {
        id: last.id,
        provider: last.provider,
        elapsed: Duration::from_millis(4),
        outcome: Outcome::Found {
            query: query.clone(),
            result: Ok(window),
            took: Duration::from_millis(4),
        },
    }));
    app
}

#[test]
fn results_from_every_provider_with_the_matched_field_and_where_it_ran() {
    let window = found("ana");
    let providers: std::collections::BTreeSet<&str> =
        window.rows.iter().map(|h| h.provider.as_str()).collect();
    assert!(providers.len() >= 3, "{providers:?}");
    let total = window.total;
    let app = searched("ana", window);
    let screen = render(&app, (80, 24));
    assert!(
        screen.contains(&format!("mirror: {total} of 5,000,000 · 4 ms")),
        "{screen}"
    );
    snapshot("global_search_results", &app);
}

#[test]
fn a_phone_number_finds_its_customer_by_digits_and_names_the_field() {
    // A Guardant phone as stored, typed by its last digits with a space.
    let json = clientele::sandbox::generated_customer(ProviderId::Guardant, 42, 300, 7);
    let digits: String = json["phone"]
        .as_str()
        .unwrap()
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let tail = &digits[digits.len() - 7..];
    let typed = format!("{} {}", &tail[..3], &tail[3..]);
    let app = searched(&typed, found(&typed));
    let screen = render(&app, (160, 48));
    assert!(screen.contains("phone: "), "{screen}");
}

#[test]
fn a_common_text_says_its_count_is_capped_and_an_empty_box_says_what_to_type() {
    let mut window = found("example");
    window.total = 10_001;
    let shown = window.rows.len();
    let app = searched("example", window);
    let screen = render(&app, (160, 48));
    assert!(
        screen.contains(&format!(
            "mirror: 10,000+ of 5,000,000 · 4 ms · first {shown} shown"
        )),
        "{screen}"
    );
    let (mut app, _) = loaded_app();
    act(&mut app, Action::GlobalSearch);
    snapshot("global_search_empty", &app);
}

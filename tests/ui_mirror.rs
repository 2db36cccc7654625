//! Snapshots of the mirror's sync on screen: progress in the tab titles, where the rows come from in
//! the status line, and each provider's sync in the status view, at 80×24 and 160×48.

mod snap;

use std::time::Duration;

use clientele::app::{Action, App, Msg};
use clientele::domain::ProviderId;
use clientele::store::PassKind;
use clientele::worker::mirror::{SyncPhase, SyncStatus};
use clientele::worker::window::WindowRows;
use clientele::worker::{Command, Outcome, RequestId, Work, WorkerEvent};
use snap::*;

/// 2026-11-30 12:00 UTC.
const NOW: i64 = 1_796_040_000_000;
const MINUTE: i64 = 60_000;

fn sync(app: &mut App, provider: ProviderId, status: SyncStatus) {
    app.update(Msg::Worker(WorkerEvent {
        id: RequestId(u64::MAX),
        provider,
        elapsed: Duration::ZERO,
        outcome: Outcome::Sync(status),
    }));
}

/// Answer the window requests as the store would, with the tab's live rows standing for the mirror's.
fn serve_windows(app: &mut App, commands: Vec<Command>, total: u64) {
    for command in commands {
        let Work::Window { query, .. } = &command.work else {
            continue;
        };
        let tab = app
            .tabs
            .iter()
            .find(|t| t.provider == command.provider)
            .unwrap();
        let records = tab
            .customers
            .page()
            .map(|p| p.records.clone())
            .unwrap_or_default();
        app.update(Msg::Worker(WorkerEvent {
            id: command.id,
            provider: command.provider,
            elapsed: Duration::from_millis(3),
            outcome: Outcome::Window(Ok(WindowRows {
                query: query.clone(),
                total,
                records,
                oldest_ms: Some(NOW - 4 * MINUTE),
                elapsed: Duration::from_millis(3),
            })),
        }));
    }
}

fn syncing(kind: PassKind, customers: u64, total: Option<u64>) -> SyncPhase {
    SyncPhase::Syncing {
        kind,
        customers,
        total,
        requests: customers / 100,
        rate_limited: 0,
        per_second: 95.0,
    }
}

/// Every provider's sync at a different stage.
fn syncing_app() -> App {
    let (mut app, _) = loaded_app();
    let at = |phase, mirrored, synced_ms| SyncStatus {
        at_ms: NOW,
        mirrored,
        synced_ms,
        phase,
    };
    let full = |customers, total| syncing(PassKind::Full, customers, total);
    sync(
        &mut app,
        ProviderId::Ngorder,
        at(full(410_000, Some(1_000_000)), 0, None),
    );
    sync(
        &mut app,
        ProviderId::CycleSoftware,
        at(full(12_345, None), 0, None),
    );
    sync(
        &mut app,
        ProviderId::Guardant,
        at(SyncPhase::Idle, 3_000, Some(NOW - 4 * MINUTE)),
    );
    sync(
        &mut app,
        ProviderId::DkHardware,
        at(
            SyncPhase::Failed {
                error: "network error".into(),
            },
            2_500,
            Some(NOW - 130 * MINUTE),
        ),
    );
    sync(
        &mut app,
        ProviderId::Reportei,
        at(
            syncing(PassKind::Incremental, 40, Some(40)),
            5_000,
            Some(NOW - 3 * MINUTE),
        ),
    );
    app
}

#[test]
fn tab_titles_and_status_line_while_syncing() {
    let mut app = syncing_app();
    let screen = render(&app, (80, 24));
    let title = screen.lines().next().unwrap();
    assert!(title.contains("Ngorder  ↻41%"), "{screen}");
    assert!(title.contains("Cycle  ↻"), "{screen}");
    snapshot("mirror_syncing_ngorder", &app);
    // Guardant's mirror is complete: the table browses it, with its count and age.
    let commands = app.update(Msg::Action(Action::SelectTab(2)));
    serve_windows(&mut app, commands, 3_000);
    snapshot("mirror_synced_guardant", &app);
    // DK Hardware unreachable: its mirror still browses, stale since its last sync.
    let commands = app.update(Msg::Action(Action::SelectTab(3)));
    serve_windows(&mut app, commands, 2_500);
    let screen = render(&app, (80, 24));
    assert!(
        screen
            .contains("mirror · stale: DK Hardware unreachable · 2,500 customers · synced 2 h ago"),
        "{screen}"
    );
    snapshot("mirror_stale_dkhardware", &app);
}

#[test]
fn status_view_while_syncing() {
    let mut app = syncing_app();
    app.update(Msg::Action(Action::ToggleStatus));
    let screen = render(&app, (80, 24));
    assert!(screen.contains("410,000 of 1,000,000 (41%)"), "{screen}");
    assert!(screen.contains("0 × 429"), "{screen}");
    assert!(screen.contains("ETA 1 h 43 min"), "{screen}");
    snapshot("mirror_status_view", &app);
}

#[test]
fn the_status_line_never_runs_into_the_key_hints() {
    let app = syncing_app();
    // From a width where both just fit to one where the hints must give way.
    for width in 60..=90 {
        let screen = render(&app, (width, 24));
        let last = screen.lines().last().unwrap();
        if let Some(at) = last.find("? help") {
            assert!(last[..at].ends_with("  "), "at {width} columns: {last}");
        }
    }
}

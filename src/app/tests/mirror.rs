//! The mirror's sync as the app keeps it: per tab, from the worker's events, with the clock they carry.

use super::*;
use crate::store::PassKind;
use crate::worker::mirror::{SyncPhase, SyncStatus};

fn sync_event(provider: ProviderId, at_ms: i64, phase: SyncPhase) -> Msg {
    Msg::Worker(WorkerEvent {
        id: RequestId(u64::MAX),
        provider,
        elapsed: Duration::ZERO,
        outcome: Outcome::Sync(SyncStatus {
            at_ms,
            mirrored: 10,
            synced_ms: Some(at_ms - 1000),
            phase,
        }),
    })
}

fn paging(customers: u64) -> SyncPhase {
    SyncPhase::Syncing {
        kind: PassKind::Full,
        customers,
        total: Some(1000),
        requests: customers / 100,
        rate_limited: 0,
        per_second: 50.0,
    }
}

#[test]
fn sync_progress_lands_on_its_providers_tab_only_and_sends_nothing() {
    let (mut app, _) = App::new(&settings(&[ProviderId::Ngorder, ProviderId::DkHardware]));
    let jobs = app.jobs.iter().count();
    let commands = app.update(sync_event(ProviderId::DkHardware, 5_000, paging(400)));
    assert!(commands.is_empty(), "{commands:?}");
    assert_eq!(app.tabs[0].sync, None, "Ngorder's tab is untouched");
    let dk = app.tabs[1].sync.as_ref().expect("DK's sync state");
    assert_eq!(dk.phase, paging(400));
    // Not a request of the user's: the jobs view does not list it.
    assert_eq!(app.jobs.iter().count(), jobs);

    // The next event replaces the figures; the pass's end leaves the count and its time.
    app.update(sync_event(ProviderId::DkHardware, 6_000, paging(500)));
    assert_eq!(app.tabs[1].sync.as_ref().unwrap().phase, paging(500));
    app.update(sync_event(ProviderId::DkHardware, 7_000, SyncPhase::Idle));
    let dk = app.tabs[1].sync.as_ref().unwrap();
    assert_eq!(
        (dk.phase.clone(), dk.synced_ms),
        (SyncPhase::Idle, Some(6_000))
    );
}

#[test]
fn a_sync_for_a_provider_without_a_tab_changes_nothing() {
    let (mut app, _) = App::new(&settings(&[ProviderId::Ngorder]));
    app.update(sync_event(ProviderId::Reportei, 5_000, paging(1)));
    assert!(app.tabs.iter().all(|t| t.sync.is_none()));
}

#[test]
fn the_clock_moves_with_events_and_ticks_and_never_back() {
    let (mut app, _) = App::new(&settings(&[ProviderId::Ngorder]));
    app.update(Msg::Clock(10_000));
    assert_eq!(app.clock_ms, 10_000);
    app.update(sync_event(ProviderId::Ngorder, 12_000, SyncPhase::Idle));
    assert_eq!(app.clock_ms, 12_000, "an event's time moves the clock");
    app.update(Msg::Clock(11_000));
    assert_eq!(app.clock_ms, 12_000, "an older reading never moves it back");
}

//! The sync against the sandbox: every provider's mirror ends up exactly the sandbox's customers, also
//! under faults; an interrupted pass continues from its cursor; a full pass finds deletions; an
//! incremental pass brings edits. Each test has its own data directory and a small data set.

use std::time::Duration;

use clientele::domain::{ProviderId, Value};
use clientele::providers::Client;
use clientele::sandbox::{self, Faults, RunningSandbox, SandboxOptions};
use clientele::store::{MirrorCount, PassKind, Store, Turn};
use clientele::sync::{self, Progress, Report, SyncOptions};

async fn start(customers: usize, faults: Faults) -> RunningSandbox {
    sandbox::start(SandboxOptions {
        customers_per_provider: customers,
        seed: 7,
        faults,
        ..SandboxOptions::default()
    })
    .await
    .unwrap()
}

fn client(sandbox: &RunningSandbox, provider: ProviderId) -> Client {
    let settings = clientele::demo::settings(sandbox).unwrap();
    Client::new(settings.provider(provider).unwrap()).unwrap()
}

async fn sync_once(client: &Client, store: &Store, full: bool) -> Report {
    sync::run(client, store, &SyncOptions { full }, &mut |_: &Progress| {})
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", client.spec().id))
}

async fn count(store: &Store, provider: ProviderId) -> MirrorCount {
    store
        .call(move |b| b.mirror_count(provider.key()))
        .await
        .unwrap()
}

#[tokio::test]
async fn every_providers_mirror_holds_exactly_the_sandbox_customers() {
    let sandbox = start(250, Faults::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    for provider in ProviderId::ALL {
        let client = client(&sandbox, provider);
        let report = sync_once(&client, &store, false).await;
        assert_eq!(report.kind, PassKind::Full, "{provider}: the first pass");
        assert_eq!(report.customers, 250, "{provider}");
        assert_eq!(report.traffic.rate_limited, 0, "{provider}");
        assert_eq!(
            count(&store, provider).await,
            MirrorCount {
                present: 250,
                gone: 0
            }
        );
        // The largest pages the API allows: DK serves all 250 in one, the others 100 a page.
        let pages = if provider == ProviderId::DkHardware {
            1
        } else {
            3
        };
        assert_eq!(report.traffic.requests, pages, "{provider}: requests");
    }
    // A customer is kept as the provider sent it.
    let ivan = store
        .call(|b| b.mirrored("guardant", "1"))
        .await
        .unwrap()
        .unwrap();
    let raw: serde_json::Value = serde_json::from_str(&ivan.row.raw_json).unwrap();
    assert_eq!(raw["lastname"], "Петров");
    assert!(ivan.row.search_text.contains("петров"));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn the_mirror_is_exact_under_errors_and_dropped_connections() {
    let faults = Faults {
        error_rate: 0.2,
        drop_rate: 0.1,
        ..Faults::default()
    };
    let sandbox = start(450, faults).await;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let mut requests = 0;
    for provider in ProviderId::ALL {
        let report = sync_once(&client(&sandbox, provider), &store, false).await;
        assert_eq!(report.customers, 450, "{provider}");
        assert_eq!(count(&store, provider).await.present, 450, "{provider}");
        requests += report.traffic.requests;
    }
    // Without faults: 5 pages for each of the four 100-a-page lists and one for DK.
    assert!(
        requests > 21,
        "faults were met and retried: {requests} requests"
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn an_interrupted_pass_continues_from_its_cursor() {
    let sandbox = start(
        1000,
        Faults {
            latency_ms: 20,
            ..Faults::default()
        },
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let client = client(&sandbox, ProviderId::Guardant);
    let store = Store::open(dir.path()).unwrap();
    // Stopped mid-pass, as a kill would: the task is dropped wherever it is.
    let (pages, mut written) = tokio::sync::mpsc::unbounded_channel();
    let task = {
        let (store, client) = (store.clone(), client);
        tokio::spawn(async move {
            let mut heard = |p: &Progress| {
                let _ = pages.send(p.customers);
            };
            let _ = sync::run(&client, &store, &SyncOptions::default(), &mut heard).await;
            client
        })
    };
    while written.recv().await.unwrap() < 400 {}
    task.abort();
    assert!(task.await.is_err(), "the pass was still running");
    // A page write the pass had already handed to the store still lands (a kill would lose it; an
    // abort does not): read once the store has nothing more to write. The state and the count are
    // read in one job, behind the sync's queued writes (their turn).
    let mut last = None;
    let (state, present) = loop {
        let now = store
            .call_in(Turn::Unbudgeted, |b| {
                Ok((
                    b.sync_state("guardant")?,
                    b.mirror_count("guardant")?.present,
                ))
            })
            .await
            .unwrap();
        if last.as_ref() == Some(&now) {
            break now;
        }
        last = Some(now);
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let running = state.running.expect("the pass is under way");
    let done = running.requests as u64;
    assert!(
        (4..10).contains(&done),
        "{done} pages written before the stop"
    );
    assert_eq!(present, done * 100);

    // A new run (a new client, as after a restart) reads only the pages not written: 10 full pages
    // and the empty one that ends an offset/limit list.
    let client = self::client(&sandbox, ProviderId::Guardant);
    let report = sync_once(&client, &store, false).await;
    assert_eq!(report.traffic.requests, 11 - done);
    assert_eq!(report.customers, 1000);
    let state = store.call(|b| b.sync_state("guardant")).await.unwrap();
    assert!(state.running.is_none() && state.full_finished_ms.is_some());
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_customer_deleted_at_the_provider_is_gone_after_a_full_pass() {
    let sandbox = start(150, Faults::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    for provider in [ProviderId::Guardant, ProviderId::Reportei] {
        let client = client(&sandbox, provider);
        sync_once(&client, &store, false).await;
        let first = client.list(client.first_page()).await.unwrap().records[0].clone();
        client.act("delete", &first).await.unwrap();
        let report = sync_once(&client, &store, true).await;
        assert_eq!(
            (report.kind, report.gone),
            (PassKind::Full, 1),
            "{provider}"
        );
        assert_eq!(
            count(&store, provider).await,
            MirrorCount {
                present: 149,
                gone: 1
            }
        );
        let id = first.id.clone();
        let kept = store
            .call(move |b| b.mirrored(provider.key(), &id))
            .await
            .unwrap()
            .unwrap();
        assert!(
            kept.gone,
            "{provider}: {} is still shown as there",
            first.id
        );
    }
    sandbox.shutdown().await;
}

#[tokio::test]
async fn an_edit_at_the_provider_arrives_with_an_incremental_pass() {
    let sandbox = start(250, Faults::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let client = client(&sandbox, ProviderId::CycleSoftware);
    sync_once(&client, &store, false).await;
    let giel = client.get("1001").await.unwrap();
    let mut values = giel.fields.clone();
    for (key, value) in &mut values {
        if key == "name" {
            *value = Value::Text("Wijgergangs-Verbeeck".into());
        }
    }
    client.update(&giel, &values).await.unwrap();

    let report = sync_once(&client, &store, false).await;
    assert_eq!(report.kind, PassKind::Incremental);
    // Only what changed since the last pass (less the margin for clock skew) is read: one page.
    assert_eq!(report.traffic.requests, 1);
    assert_eq!(report.customers, 250);
    let mirrored = store
        .call(|b| b.mirrored("cyclesoftware", "1001"))
        .await
        .unwrap()
        .unwrap();
    assert!(
        mirrored.row.raw_json.contains("Wijgergangs-Verbeeck"),
        "{}",
        mirrored.row.raw_json
    );
    assert!(mirrored.row.title.ends_with("Wijgergangs-Verbeeck"));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_full_pass_can_be_asked_for_where_an_incremental_one_would_do() {
    let sandbox = start(120, Faults::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let client = client(&sandbox, ProviderId::DkHardware);
    assert_eq!(sync_once(&client, &store, false).await.kind, PassKind::Full);
    assert_eq!(
        sync_once(&client, &store, false).await.kind,
        PassKind::Incremental
    );
    let full = sync_once(&client, &store, true).await;
    assert_eq!((full.kind, full.customers), (PassKind::Full, 120));
    sandbox.shutdown().await;
}

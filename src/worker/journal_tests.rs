//! The worker records every write in the journal before sending it, and how it ended after; unknown
//! outcomes are checked against the provider (the sandbox) and the journal learns what the check found.

use std::time::Duration;

use tokio::sync::mpsc;

use super::journaling::expectation;
use super::*;
use crate::domain::{Record, Value};
use crate::sandbox::{self, Faults, SandboxOptions};
use crate::store::{JournalQuery, Outcome as Ended, Store};
use crate::vault::Vault;

struct Rig {
    sandbox: sandbox::RunningSandbox,
    journal: Store,
    commands: mpsc::UnboundedSender<Command>,
    events: mpsc::UnboundedReceiver<WorkerEvent>,
    next: u64,
    _dir: tempfile::TempDir,
}

impl Rig {
    async fn start() -> Rig {
        let sandbox = sandbox::start(SandboxOptions {
            customers_per_provider: 20,
            ..SandboxOptions::default()
        })
        .await
        .unwrap();
        let settings = crate::demo::settings(&sandbox).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let journal = Store::open(dir.path()).unwrap();
        let (commands, command_rx) = mpsc::unbounded_channel();
        let (event_tx, events) = mpsc::unbounded_channel();
        spawn(
            &settings,
            Policy {
                vault: Some(Vault::new(dir.path())),
                journal: Some(journal.clone()),
                ..Policy::default()
            },
            command_rx,
            event_tx,
        );
        Rig {
            sandbox,
            journal,
            commands,
            events,
            next: 1,
            _dir: dir,
        }
    }

    /// Send `work` to Reportei and wait for its result (quota updates skipped).
    async fn run(&mut self, work: Work) -> Outcome {
        self.run_at(ProviderId::Reportei, work).await
    }

    /// Send `work` to `provider` and wait for its result (quota updates skipped).
    async fn run_at(&mut self, provider: ProviderId, work: Work) -> Outcome {
        let id = RequestId(self.next);
        self.next += 1;
        self.commands.send(Command { id, provider, work }).unwrap();
        loop {
            let event = tokio::time::timeout(Duration::from_secs(20), self.events.recv())
                .await
                .expect("an answer in time")
                .expect("the worker runs");
            if event.id == id && !matches!(event.outcome, Outcome::Quota(_)) {
                return event.outcome;
            }
        }
    }

    fn writes_malformed(&self, on: bool) {
        self.sandbox.set_faults(Faults {
            malformed_rate: if on { 1.0 } else { 0.0 },
            only: Some(ProviderId::Reportei),
            ..Faults::default()
        });
    }

    async fn journal(&self) -> Vec<crate::store::Entry> {
        let mut entries = self
            .journal
            .call(|b| b.journal(&JournalQuery::default()))
            .await
            .unwrap();
        entries.reverse();
        entries
    }
}

fn named(name: &str) -> Vec<(String, Value)> {
    vec![("name".into(), Value::Text(name.into()))]
}

#[tokio::test]
async fn every_write_is_journaled_with_a_true_ending() {
    let mut rig = Rig::start().await;
    let Outcome::Saved(Ok(_), _) = rig
        .run(Work::Create {
            values: named("Journal Done"),
        })
        .await
    else {
        panic!("created")
    };
    // No name: the provider refuses, in its own words.
    let Outcome::Saved(Err(refusal), _) = rig.run(Work::Create { values: vec![] }).await else {
        panic!("refused")
    };
    assert_ne!(refusal.kind, ErrorKind::OutcomeUnknown);
    rig.writes_malformed(true);
    let Outcome::Saved(Err(unknown), _) = rig
        .run(Work::Create {
            values: named("Journal Unknown"),
        })
        .await
    else {
        panic!("answered")
    };
    assert_eq!(unknown.kind, ErrorKind::OutcomeUnknown, "{unknown}");

    let entries = rig.journal().await;
    let endings: Vec<(Option<Ended>, &str)> = entries
        .iter()
        .map(|e| (e.outcome, e.title.as_str()))
        .collect();
    assert_eq!(
        endings,
        vec![
            (Some(Ended::Done), "Journal Done"),
            (Some(Ended::Refused), "new customer"),
            (Some(Ended::Unknown), "Journal Unknown"),
        ]
    );
    assert!(
        entries[0].customer.is_some(),
        "a create learns its customer"
    );
    assert_eq!(entries[0].after["name"], serde_json::json!("Journal Done"));
    let refused = entries[1].message.as_deref().unwrap_or_default();
    assert!(refused.contains(&refusal.message), "{refused}");
    // Nothing secret is journaled: Reportei's one-time token came with the first create.
    let text = serde_json::to_string(&entries).unwrap();
    assert!(!text.contains("api_token"), "{text}");
    rig.sandbox.shutdown().await;
}

#[tokio::test]
async fn an_unknown_create_is_checked_by_looking_for_a_customer_like_it() {
    let mut rig = Rig::start().await;
    rig.writes_malformed(true);
    let create = Work::Create {
        values: named("Agência Incerta"),
    };
    let Outcome::Saved(Err(error), _) = rig.run(create.clone()).await else {
        panic!()
    };
    assert_eq!(error.kind, ErrorKind::OutcomeUnknown);
    rig.writes_malformed(false);
    let spec = crate::providers::spec(ProviderId::Reportei);
    let check = Work::Check(expectation(spec, &create).unwrap());
    let Outcome::Checked(Ok(finding)) = rig.run(check).await else {
        panic!("checked")
    };
    // The sandbox carried it out before its answer was broken: the check finds it.
    assert_eq!(finding.done, None);
    let names: Vec<String> = finding
        .similar
        .iter()
        .map(|r| r.title(&spec.schema))
        .collect();
    assert_eq!(names, ["Agência Incerta"]);
    assert!(
        finding.looked.contains("all 21 customers"),
        "{}",
        finding.looked
    );
    rig.sandbox.shutdown().await;
}

#[tokio::test]
async fn an_unknown_action_is_checked_and_the_journal_learns_it_was_done() {
    let mut rig = Rig::start().await;
    let first = crate::providers::first_page(crate::providers::spec(ProviderId::Reportei), 20);
    let Outcome::Page(_, Ok(page)) = rig
        .run(Work::FetchPage {
            request: first,
            filters: vec![],
            search: false,
        })
        .await
    else {
        panic!("a page")
    };
    let record: Record = page
        .records
        .into_iter()
        .find(|r| r.get("is_paying") == Some(&Value::Bool(false)))
        .expect("a customer not paying");
    rig.writes_malformed(true);
    let act = Work::Act {
        action: "paying",
        record: record.clone(),
    };
    let Outcome::Acted(Err(error)) = rig.run(act.clone()).await else {
        panic!()
    };
    assert_eq!(error.kind, ErrorKind::OutcomeUnknown, "{error}");
    rig.writes_malformed(false);
    let spec = crate::providers::spec(ProviderId::Reportei);
    let Outcome::Checked(Ok(finding)) =
        rig.run(Work::Check(expectation(spec, &act).unwrap())).await
    else {
        panic!("checked")
    };
    assert_eq!(finding.done, Some(true), "{finding:?}");
    assert_eq!(
        finding.current.unwrap().get("is_paying"),
        Some(&Value::Bool(true))
    );
    let entries = rig.journal().await;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].outcome, Some(Ended::Done));
    assert_eq!(entries[0].before["is_paying"], serde_json::json!(false));
    assert_eq!(entries[0].after["is_paying"], serde_json::json!(true));
    let message = entries[0].message.as_deref().unwrap_or_default();
    assert!(message.starts_with("checked later"), "{message}");
    rig.sandbox.shutdown().await;
}

#[tokio::test]
async fn a_write_s_answer_and_a_get_one_update_the_mirror() {
    let mut rig = Rig::start().await;
    let Outcome::Saved(Ok(saved), _) = rig
        .run(Work::Create {
            values: named("Mirror Fresh"),
        })
        .await
    else {
        panic!("created")
    };
    let crate::providers::Saved::Record(record) = saved.saved else {
        panic!("Reportei answers a create with the customer: {saved:?}")
    };
    let id = record.id.clone();
    let mirrored = |journal: Store, id: String| async move {
        journal
            .call(move |b| b.mirrored("reportei", &id))
            .await
            .unwrap()
    };
    let created = mirrored(rig.journal.clone(), id.clone())
        .await
        .expect("the created customer is in the mirror");
    assert_eq!(created.row.title, "Mirror Fresh");
    assert!(!created.row.raw_json.contains("api_token"));

    // Changed at the provider behind the app's back; opening it reads it again, and the mirror follows.
    let Outcome::Saved(Ok(_), _) = rig
        .run(Work::Update {
            original: record,
            values: named("Mirror Fresher"),
        })
        .await
    else {
        panic!("updated")
    };
    let Outcome::Record(Ok(read)) = rig.run(Work::Get { id: id.clone() }).await else {
        panic!("read")
    };
    assert_eq!(read.text("name"), "Mirror Fresher");
    let fresh = mirrored(rig.journal.clone(), id).await.unwrap();
    assert_eq!(fresh.row.title, "Mirror Fresher");
    assert!(fresh.synced_at >= created.synced_at);
    rig.sandbox.shutdown().await;
}

#[tokio::test]
async fn a_record_action_updates_the_mirror_and_a_delete_takes_the_customer_out() {
    let mut rig = Rig::start().await;
    let Outcome::Saved(Ok(saved), _) = rig
        .run(Work::Create {
            values: named("Mirror Acted"),
        })
        .await
    else {
        panic!("created")
    };
    let crate::providers::Saved::Record(record) = saved.saved else {
        panic!("Reportei answers a create with the customer: {saved:?}")
    };
    let id = record.id.clone();
    let read = |journal: Store, id: String| async move {
        journal
            .call(move |b| b.mirrored("reportei", &id))
            .await
            .unwrap()
            .expect("mirrored")
    };
    let spec = crate::providers::spec(ProviderId::Reportei);
    let as_shown = |mirrored: &crate::store::Mirrored| {
        super::window::decode(
            &spec.schema,
            &crate::store::MirrorHit {
                provider: "reportei".into(),
                row: mirrored.row.clone(),
                synced_at: mirrored.synced_at,
            },
        )
    };
    // The answer is kept as JSON the decoder reads back the same (a bool stays a bool).
    let created = read(rig.journal.clone(), id.clone()).await;
    assert_eq!(as_shown(&created).get("is_paying"), record.get("is_paying"));
    assert_eq!(
        as_shown(&created).get("is_paying"),
        Some(&Value::Bool(false))
    );

    let Outcome::Acted(Ok(_)) = rig
        .run(Work::Act {
            action: "paying",
            record: record.clone(),
        })
        .await
    else {
        panic!("marked as paying")
    };
    let paying = read(rig.journal.clone(), id.clone()).await;
    assert_eq!(as_shown(&paying).get("is_paying"), Some(&Value::Bool(true)));
    assert!(
        paying.row.cells_json.contains(r#""is_paying":"yes""#),
        "{paying:?}"
    );

    let Outcome::Acted(Ok(_)) = rig
        .run(Work::Act {
            action: "delete",
            record,
        })
        .await
    else {
        panic!("deleted")
    };
    assert!(
        read(rig.journal.clone(), id).await.gone,
        "out of every window"
    );
    rig.sandbox.shutdown().await;
}

#[tokio::test]
async fn an_ngorder_create_answered_with_the_id_only_is_read_back_into_the_mirror() {
    let mut rig = Rig::start().await;
    let text = |pairs: &[(&str, &str)]| -> Vec<(String, Value)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), Value::Text(v.to_string())))
            .collect()
    };
    let values = text(&[
        ("name", "Mirror Ngorder"),
        ("email", "mirror.ngorder@example.co.id"),
        ("phone", "6281234567891"),
        ("address", "Jl. Cermin 7"),
        ("district_id", "3201"),
        ("category_code", "N"),
        ("is_active", "Y"),
    ]);
    let Outcome::Saved(Ok(saved), _) = rig
        .run_at(ProviderId::Ngorder, Work::Create { values })
        .await
    else {
        panic!("created")
    };
    let crate::providers::Saved::Id(id) = saved.saved else {
        panic!("Ngorder answers a create with the id only: {saved:?}")
    };
    // In the mirror when the app hears, with the fields the provider lists (not only those typed).
    let mirrored = rig
        .journal
        .call(move |b| b.mirrored("ngorder", &id))
        .await
        .unwrap()
        .expect("the created customer is in the mirror");
    assert_eq!(mirrored.row.title, "Mirror Ngorder");
    let raw: serde_json::Value = serde_json::from_str(&mirrored.row.raw_json).unwrap();
    assert_eq!(raw["email"], "mirror.ngorder@example.co.id");
    assert_eq!(raw["phone"], "6281234567891");
    assert_eq!(raw["category"], "Pelanggan", "{raw}");
    assert!(
        raw["city"].as_str().is_some_and(|c| !c.is_empty()),
        "the region the provider filled in: {raw}"
    );
    rig.sandbox.shutdown().await;
}

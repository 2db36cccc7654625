//! `clientele journal`: the real binary, on a journal this test writes with the store's own API.

use std::path::Path;
use std::process::{Command, Output};

use clientele::store::{Backend, Ending, FILE_NAME, Intent, Outcome, SqliteBackend, now_ms};
use serde_json::{Map, Value as Json, json};

const HOUR_MS: i64 = 3_600_000;

fn clientele(data_dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_clientele"))
        .args(args)
        .env("CLIENTELE_DATA_DIR", data_dir)
        // A real config must never be read, nor needed.
        .env("CLIENTELE_CONFIG", data_dir.join("no-config.toml"))
        .output()
        .expect("run clientele")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8 output")
}

fn fields(pairs: &[(&str, Json)]) -> Map<String, Json> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

/// Three writes: a create two days ago (done), an edit an hour ago (refused), a toggle just now whose
/// outcome is unknown, and a delete still in flight.
fn write_journal(dir: &Path) {
    let mut store = SqliteBackend::open(&dir.join(FILE_NAME)).unwrap();
    let now = now_ms();
    let mut write = |started_ms: i64,
                     customer: Option<&str>,
                     operation: &str,
                     before: Map<String, Json>,
                     after: Map<String, Json>,
                     ending: Option<(Outcome, Option<&str>)>| {
        let id = store
            .begin_write(&Intent {
                started_ms,
                provider: "reportei".into(),
                customer: customer.map(str::to_string),
                title: "Agência Aurora".into(),
                operation: operation.into(),
                before,
                after,
            })
            .unwrap();
        if let Some((outcome, message)) = ending {
            let mut ending = Ending::new(outcome, message.map(str::to_string), started_ms + 400);
            if customer.is_none() {
                ending.customer = Some("a1b2".into());
            }
            store.end_write(id, &ending).unwrap();
        }
    };
    write(
        now - 48 * HOUR_MS,
        None,
        "create",
        Map::new(),
        fields(&[("name", json!("Agência Aurora"))]),
        Some((Outcome::Done, None)),
    );
    write(
        now - HOUR_MS,
        Some("a1b2"),
        "update",
        fields(&[("name", json!("Agência Aurora"))]),
        fields(&[("name", json!("Agência Aurora Ltda"))]),
        Some((Outcome::Refused, Some("The name has already been taken."))),
    );
    write(
        now - 60_000,
        Some("a1b2"),
        "paying",
        fields(&[("is_paying", json!(false))]),
        fields(&[("is_paying", json!(true))]),
        Some((
            Outcome::Unknown,
            Some("the provider did not answer in time"),
        )),
    );
    write(
        now - 1000,
        Some("a1b2"),
        "delete",
        Map::new(),
        Map::new(),
        None,
    );
}

#[test]
fn no_journal_yet_is_said_and_nothing_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("fresh");
    let run = clientele(&data, &["journal"]);
    assert!(run.status.success(), "{run:?}");
    assert_eq!(
        text(&run.stdout),
        format!("no journal yet at {}\n", data.join(FILE_NAME).display())
    );
    assert!(!data.exists(), "nothing was created");
    // With --json the notice goes to standard error: standard output stays JSON Lines.
    let run = clientele(&data, &["journal", "--json"]);
    assert!(run.status.success());
    assert!(run.stdout.is_empty(), "{}", text(&run.stdout));
    assert!(text(&run.stderr).starts_with("no journal yet at "));
    assert!(!data.exists());
}

#[test]
fn the_journal_as_text_newest_first_with_before_and_after() {
    let dir = tempfile::tempdir().unwrap();
    write_journal(dir.path());
    let run = clientele(dir.path(), &["journal"]);
    assert!(run.status.success(), "{run:?}");
    let out = text(&run.stdout);
    let lines: Vec<&str> = out.lines().collect();
    let heads: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| !l.starts_with("    "))
        .collect();
    assert_eq!(heads.len(), 4, "{out}");
    for head in &heads {
        assert!(
            head.get(19..25) == Some(" UTC  ") && head[25..].starts_with("reportei  "),
            "time in UTC, then the provider: {head:?}"
        );
    }
    assert!(
        heads[0].ends_with("  Agência Aurora #a1b2  delete  in flight"),
        "{out}"
    );
    assert!(
        heads[1].ends_with(
            "  Agência Aurora #a1b2  paying  outcome unknown: the provider did not answer in time"
        ),
        "{out}"
    );
    assert!(
        heads[2].ends_with("  update  refused: The name has already been taken."),
        "{out}"
    );
    assert!(
        heads[3].ends_with("  Agência Aurora #a1b2  create  done"),
        "{out}"
    );
    let after = |head: &str| {
        let at = lines.iter().position(|l| l == &head).unwrap();
        lines[at + 1].to_string()
    };
    assert_eq!(after(heads[1]), "    is_paying: false → true");
    assert_eq!(
        after(heads[2]),
        "    name: Agência Aurora → Agência Aurora Ltda"
    );
    assert_eq!(after(heads[3]), "    name: — → Agência Aurora");
    assert!(run.stderr.is_empty(), "{}", text(&run.stderr));
}

#[test]
fn the_journal_as_json_lines() {
    let dir = tempfile::tempdir().unwrap();
    write_journal(dir.path());
    let run = clientele(dir.path(), &["journal", "--json"]);
    assert!(run.status.success(), "{run:?}");
    let rows: Vec<Json> = text(&run.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    let outcomes: Vec<&str> = rows
        .iter()
        .map(|r| r["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(outcomes, ["in_flight", "unknown", "refused", "done"]);
    let refused = &rows[2];
    for key in [
        "id",
        "started",
        "provider",
        "customer",
        "title",
        "operation",
        "outcome",
        "message",
        "before",
        "after",
    ] {
        assert!(refused.get(key).is_some(), "{key} in {refused}");
    }
    assert_eq!(refused["provider"], "reportei");
    assert_eq!(refused["customer"], "a1b2");
    assert_eq!(refused["operation"], "update");
    assert_eq!(refused["message"], "The name has already been taken.");
    assert_eq!(refused["before"], json!({ "name": "Agência Aurora" }));
    assert_eq!(refused["after"], json!({ "name": "Agência Aurora Ltda" }));
    let started = refused["started"].as_str().unwrap();
    assert!(
        started.len() == 24 && &started[10..11] == "T" && started.ends_with('Z'),
        "RFC 3339 in UTC: {started}"
    );
    // The create learnt its customer from the provider's answer.
    assert_eq!(rows[3]["customer"], "a1b2");
}

#[test]
fn since_a_time_ago_a_date_or_a_bad_one() {
    let dir = tempfile::tempdir().unwrap();
    write_journal(dir.path());
    let count = |args: &[&str]| {
        let run = clientele(dir.path(), args);
        assert!(run.status.success(), "{args:?}: {run:?}");
        text(&run.stdout).lines().count()
    };
    assert_eq!(count(&["journal", "--json", "--since", "2h"]), 3);
    assert_eq!(count(&["journal", "--json", "--since", "30m"]), 2);
    assert_eq!(count(&["journal", "--json", "--since", "3d"]), 4);
    assert_eq!(count(&["journal", "--json", "--since", "2000-01-01"]), 4);
    assert_eq!(
        count(&["journal", "--json", "--since", "2999-01-01T00:00"]),
        0
    );
    let run = clientele(dir.path(), &["journal", "--since", "2999-01-01T00:00:00"]);
    assert_eq!(
        text(&run.stdout).lines().next().unwrap_or(""),
        format!(
            "no writes since 2999-01-01 00:00:00 UTC in {}",
            dir.path().join(FILE_NAME).display()
        )
    );

    for bad in ["yesterday", "2026-02-30", "2026-11-30T25:00", "3y"] {
        let run = clientele(dir.path(), &["journal", "--since", bad]);
        assert_eq!(run.status.code(), Some(2), "{bad}: {run:?}");
        assert!(run.stdout.is_empty());
        let error = text(&run.stderr);
        assert_eq!(error.lines().count(), 1, "one line: {error}");
        assert!(
            error.starts_with(&format!("clientele: --since \"{bad}\": expected a date")),
            "{error}"
        );
    }
}

#[test]
fn global_flags_go_before_or_after_the_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    write_journal(&elsewhere);
    let data_dir = elsewhere.to_str().unwrap();
    for args in [
        ["--data-dir", data_dir, "journal", "--json"],
        ["journal", "--json", "--data-dir", data_dir],
    ] {
        let run = clientele(dir.path(), &args);
        assert!(run.status.success(), "{args:?}: {run:?}");
        assert_eq!(text(&run.stdout).lines().count(), 4, "{args:?}");
    }
    // --demo reads the demo's own journal, in the data directory's `demo`.
    let demo = dir.path().join("demo");
    for args in [["--demo", "journal"], ["journal", "--demo"]] {
        let run = clientele(dir.path(), &args);
        assert_eq!(
            text(&run.stdout),
            format!("no journal yet at {}\n", demo.join(FILE_NAME).display()),
            "{args:?}"
        );
    }
    std::fs::create_dir(&demo).unwrap();
    write_journal(&demo);
    let run = clientele(dir.path(), &["journal", "--demo", "--json"]);
    assert_eq!(text(&run.stdout).lines().count(), 4);
}

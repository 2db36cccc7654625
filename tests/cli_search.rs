//! `clientele search` and `clientele export`: the real binary, on a mirror this test builds from the
//! sandbox's generated customers with the sync's own row building.

use std::path::Path;
use std::process::{Command, Output};

use clientele::domain::ProviderId;
use clientele::providers::decode::decode_record;
use clientele::providers::spec;
use clientele::store::{Backend, FILE_NAME, PassKind, RunningPass, SqliteBackend, SyncState};
use serde_json::Value as Json;

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

/// `n` generated customers of each provider written to the mirror in `dir` as a sync would.
fn mirror(dir: &Path, providers: &[ProviderId], n: u32) {
    let mut backend = SqliteBackend::open(&dir.join(FILE_NAME)).unwrap();
    for &provider in providers {
        let schema = &spec(provider).schema;
        let state = SyncState {
            provider: provider.key().into(),
            pass: 1,
            running: Some(RunningPass {
                kind: PassKind::Full,
                cursor: "offset:0".into(),
                since: None,
                started_ms: 0,
                customers: 0,
                requests: 0,
                high_water: None,
            }),
            ..SyncState::new(provider.key())
        };
        for start in (0..n).step_by(1000) {
            let rows: Vec<_> = (start..(start + 1000).min(n))
                .map(|idx| {
                    let json = clientele::sandbox::generated_customer(provider, 42, n, idx);
                    let record = decode_record(schema, &json).unwrap();
                    clientele::sync::mirror_row(schema, &record, &json)
                })
                .collect();
            backend.write_page(&rows, 1, &state).unwrap();
        }
    }
}

#[test]
fn search_prints_one_json_object_per_result_with_the_matched_field() {
    let dir = tempfile::tempdir().unwrap();
    mirror(
        dir.path(),
        &[ProviderId::Guardant, ProviderId::Reportei],
        300,
    );
    // A Guardant customer's e-mail, in part and in another case.
    let json = clientele::sandbox::generated_customer(ProviderId::Guardant, 42, 300, 17);
    let email = json["email"].as_str().unwrap().to_string();
    let fragment = email.split('@').next().unwrap().to_uppercase();
    let output = clientele(dir.path(), &["search", &fragment, "--json", "--limit", "5"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let results: Vec<Json> = text(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is one JSON object"))
        .collect();
    let found = results
        .iter()
        .find(|r| r["matched"] == email.as_str())
        .unwrap_or_else(|| panic!("{email} not among {results:?}"));
    assert_eq!(found["provider"], "guardant");
    assert_eq!(found["matched_field"], "email");
    assert!(found["name"].as_str().is_some_and(|n| !n.is_empty()));
    assert!(results.len() <= 5);
    assert!(text(&output.stderr).contains("found"));

    // Reportei's first customer by part of its name, only in Reportei.
    let output = clientele(
        dir.path(),
        &["search", "aurora", "--provider", "reportei", "--json"],
    );
    let first: Json = serde_json::from_str(text(&output.stdout).lines().next().unwrap()).unwrap();
    assert_eq!(
        (&first["provider"], &first["name"], &first["matched_field"]),
        (&"reportei".into(), &"Agência Aurora".into(), &"name".into())
    );

    // A wrong provider is the user's to fix: one line, exit 2.
    let output = clientele(dir.path(), &["search", "x", "--provider", "nope"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("unknown provider \"nope\""));
}

#[test]
fn export_writes_a_csv_header_and_one_row_per_customer_of_the_provider() {
    let dir = tempfile::tempdir().unwrap();
    mirror(
        dir.path(),
        &[ProviderId::CycleSoftware, ProviderId::Reportei],
        1200,
    );
    let file = dir.path().join("cycle.csv");
    let output = clientele(
        dir.path(),
        &[
            "export",
            "cyclesoftware",
            "--output",
            file.to_str().unwrap(),
        ],
    );
    assert!(output.status.success(), "{}", text(&output.stderr));
    let mut reader = csv::Reader::from_path(&file).unwrap();
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let keys: Vec<&str> = spec(ProviderId::CycleSoftware)
        .schema
        .fields
        .iter()
        .map(|f| f.key)
        .collect();
    assert_eq!(header[..2], ["provider", "id"]);
    assert_eq!(header[2..], keys[..]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1200);
    assert!(
        rows.iter()
            .all(|r| &r[0] == "cyclesoftware" && r.len() == header.len())
    );
    // The nested phone numbers are kept whole, as JSON in their cell.
    let phones = header.iter().position(|h| h == "phone_numbers").unwrap();
    assert!(rows[0][phones].starts_with('['));

    // Only what a search finds, as JSON lines to standard output.
    let output = clientele(
        dir.path(),
        &[
            "export", "reportei", "--format", "json", "--search", "aurora",
        ],
    );
    let lines: Vec<Json> = text(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(!lines.is_empty());
    assert!(lines.iter().all(|l| {
        l["provider"] == "reportei"
            && l["customer"]["name"]
                .as_str()
                .unwrap()
                .to_lowercase()
                .contains("aurora")
    }));
}

/// The export streams: its peak memory does not grow with the number of customers written.
#[test]
fn export_memory_does_not_grow_with_the_rows_written() {
    use nix::sys::resource::{UsageWho, getrusage};
    let dir = tempfile::tempdir().unwrap();
    mirror(dir.path(), &[ProviderId::DkHardware], 25_000);
    let peak_kb = || getrusage(UsageWho::RUSAGE_CHILDREN).unwrap().max_rss();
    let file = dir.path().join("out.csv");
    let run = |search: &[&str]| {
        let mut args = vec!["export", "dkhardware", "--output", file.to_str().unwrap()];
        args.extend(search);
        let output = clientele(dir.path(), &args);
        assert!(output.status.success(), "{}", text(&output.stderr));
        std::fs::metadata(&file).unwrap().len()
    };
    // A few customers, then all 25,000 (tens of MB of customer JSON, were they held).
    let small = run(&["--search", "dk-hardware-customer-that-is-not-there"]);
    let few_kb = peak_kb();
    let all = run(&[]);
    let every_kb = peak_kb();
    assert!(
        all > 6 * 1024 * 1024 && small < 4096,
        "{small} / {all} bytes"
    );
    assert!(
        every_kb - few_kb < 16 * 1024,
        "peak memory grew from {few_kb} KB to {every_kb} KB for {all} bytes written"
    );
}

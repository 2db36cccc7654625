use serde_json::json;

use super::*;

/// 2026-11-30 16:42:59.120 UTC.
const NOW: i64 = 1_796_056_979_120;

fn entry(outcome: Option<Outcome>, message: Option<&str>) -> Entry {
    let mut before = Map::new();
    before.insert("name".into(), json!("Agência Aurora"));
    before.insert("email".into(), Json::Null);
    let mut after = Map::new();
    after.insert("name".into(), json!("Agência Aurora Ltda"));
    after.insert("email".into(), json!("oi@aurora.br"));
    Entry {
        id: 7,
        started_ms: NOW,
        provider: "reportei".into(),
        customer: Some("42".into()),
        title: "Agência Aurora".into(),
        operation: "update".into(),
        before,
        after,
        outcome,
        message: message.map(str::to_string),
        ended_ms: outcome.map(|_| NOW + 880),
    }
}

#[test]
fn since_takes_a_date_a_utc_time_or_a_time_ago() {
    let day = parse_since("2026-11-30", NOW).unwrap();
    assert_eq!(rfc3339(day), "2026-11-30T00:00:00.000Z");
    for text in [
        "2026-11-30T16:42",
        "2026-11-30 16:42",
        "2026-11-30T16:42:00Z",
    ] {
        assert_eq!(
            rfc3339(parse_since(text, NOW).unwrap()),
            "2026-11-30T16:42:00.000Z",
            "{text}"
        );
    }
    assert_eq!(
        rfc3339(parse_since("2024-02-29T23:59:59", NOW).unwrap()),
        "2024-02-29T23:59:59.000Z"
    );
    assert_eq!(parse_since("2h", NOW).unwrap(), NOW - 2 * 3_600_000);
    assert_eq!(parse_since("3d", NOW).unwrap(), NOW - 3 * 86_400_000);
    assert_eq!(parse_since("90m", NOW).unwrap(), NOW - 90 * 60_000);
    assert_eq!(parse_since("1w", NOW).unwrap(), NOW - 7 * 86_400_000);
}

#[test]
fn a_bad_since_is_one_line_naming_what_is_expected() {
    for text in [
        "",
        "yesterday",
        "2026-02-30",
        "2025-02-29",
        "2026-13-01",
        "2026-11-30T24:00",
        "2026-11-30T12",
        "2026-11-30T12:00:00:00",
        "30-11-2026",
        "2x",
        "h",
        "-3d",
        "3 d",
        "99999999999999999999d",
        "2026-11-30é",
        "é",
    ] {
        let error = parse_since(text, NOW).expect_err(text).to_string();
        assert!(!error.contains('\n'), "{error}");
        assert!(
            error.starts_with("--since") && error.contains("2026-11-30T14:00"),
            "{error}"
        );
    }
}

#[test]
fn a_write_is_one_line_then_its_fields_before_and_after() {
    let text = text_lines(&entry(Some(Outcome::Refused), Some("Nome já existe")));
    assert_eq!(
        text,
        "2026-11-30 16:42:59 UTC  reportei  Agência Aurora #42  update  refused: Nome já existe\n\
         \x20   name: Agência Aurora → Agência Aurora Ltda\n\
         \x20   email: — → oi@aurora.br\n"
    );
    let in_flight = text_lines(&entry(None, None));
    assert!(
        in_flight
            .lines()
            .next()
            .unwrap()
            .ends_with("  update  in flight"),
        "{in_flight}"
    );
    let mut create = entry(Some(Outcome::Unknown), None);
    create.customer = None;
    create.operation = "create".into();
    let line = text_lines(&create);
    assert!(
        line.contains("  (new) Agência Aurora  create  outcome unknown\n"),
        "{line}"
    );
}

#[test]
fn provider_text_cannot_move_the_cursor_nor_forge_a_line() {
    let mut written = entry(
        Some(Outcome::Refused),
        Some("bad\n2026-01-01 00:00:00 UTC  ngorder  #1 x  delete  done\x1b]0;pwned\x07"),
    );
    written.title = "\u{202e}evil\u{200b}".into();
    let text = text_lines(&written);
    assert_eq!(text.lines().count(), 3, "{text}");
    assert!(
        !text.contains('\x1b') && !text.contains('\u{202e}'),
        "{text}"
    );
    assert!(text.contains("bad\\u{a}2026-01-01"), "{text}");
    assert!(text.contains("\\u{1b}]0;pwned\\u{7}"), "{text}");
    assert!(text.contains("\\u{202e}evil\\u{200b} #42"), "{text}");
}

#[test]
fn a_json_line_has_every_field_a_script_needs() {
    let line = json_line(&entry(Some(Outcome::Done), Some("ok")));
    assert_eq!(
        line,
        json!({
            "id": 7,
            "started": "2026-11-30T16:42:59.120Z",
            "ended": "2026-11-30T16:43:00.000Z",
            "provider": "reportei",
            "customer": "42",
            "title": "Agência Aurora",
            "operation": "update",
            "outcome": "done",
            "message": "ok",
            "before": { "name": "Agência Aurora", "email": null },
            "after": { "name": "Agência Aurora Ltda", "email": "oi@aurora.br" },
        })
    );
    let in_flight = json_line(&entry(None, None));
    assert_eq!(in_flight["outcome"], "in_flight");
    assert_eq!(in_flight["ended"], Json::Null);
    assert!(!in_flight.to_string().contains('\n'));
}

#[test]
fn no_journal_yet_is_said_and_nothing_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("never-used");
    let (mut out, mut notices) = (Vec::new(), Vec::new());
    run(&data, &JournalArgs::default(), NOW, &mut out, &mut notices).unwrap();
    let said = String::from_utf8(out).unwrap();
    assert_eq!(
        said,
        format!("no journal yet at {}\n", data.join(FILE_NAME).display())
    );
    assert!(!data.exists(), "the data directory was created");
}

#[test]
fn a_bad_since_is_refused_before_the_store_is_looked_for() {
    let dir = tempfile::tempdir().unwrap();
    let args = JournalArgs {
        json: false,
        since: Some("last tuesday".into()),
    };
    let (mut out, mut notices) = (Vec::new(), Vec::new());
    let error = run(dir.path(), &args, NOW, &mut out, &mut notices).unwrap_err();
    assert!(matches!(error, JournalError::Usage(_)), "{error}");
    assert!(out.is_empty() && notices.is_empty());
}

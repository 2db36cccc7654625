//! Every example response in the seed docs (`tests/fixtures/`, copied verbatim), decoded the way the
//! clients decode them — `decode_page` for lists, `decode_record` for one customer, `decode_body` for
//! envelopes and errors — with each value checked against the fixture, the providers' quirks included.
//!
//! Fixtures not copied verbatim: `dkhardware_list.json`. The seed's list example stops at `...` inside the
//! first customer's addresses; it is completed minimally by closing the address list, the customer, the
//! payload array and the object (one customer with one address), nothing added.

mod cyclesoftware;
mod dkhardware;
mod guardant;
mod ngorder;
mod reportei;

use clientele::domain::{Cursor, ErrorKind, FieldKind, PageRequest, ProviderId, Record, Value};
use clientele::providers::decode::{decode_record, decode_records, format_unix};
use clientele::providers::http::decode_body;
use clientele::providers::{decode_page, spec};
use reqwest::StatusCode;
use serde_json::{Value as Json, json};

fn fixture_text(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn fixture(name: &str) -> Json {
    serde_json::from_str(&fixture_text(name)).unwrap()
}

/// A success body through the transport's decoder: it must come back as the JSON it is, not an error.
fn ok_body(name: &str) -> Json {
    let json = decode_body(StatusCode::OK, &fixture_text(name))
        .unwrap_or_else(|e| panic!("{name} decoded as an error: {e}"));
    assert_eq!(json, fixture(name), "{name}: decode_body changed the body");
    json
}

/// An error body through the transport's decoder.
fn error_body(status: u16, name: &str) -> clientele::domain::ApiError {
    decode_body(StatusCode::from_u16(status).unwrap(), &fixture_text(name))
        .expect_err("an error body must decode as an error")
}

/// What `json` must have become in a record, for a field of `kind` (`None`: a key the schema does not
/// know, kept untyped).
fn expected(kind: Option<FieldKind>, json: &Json) -> Value {
    match (kind, json) {
        (_, Json::Null) => Value::Empty,
        (Some(FieldKind::Time), Json::String(s)) if s.is_empty() => Value::Empty,
        // Every provider's timestamps end up as `yyyy-mm-dd hh:mm:ss`.
        (Some(FieldKind::Time), Json::String(s)) => Value::Time(s.replace('T', " ")),
        (Some(FieldKind::UnixTime), Json::Number(n)) => match n.as_i64().unwrap() {
            0 => Value::Empty,
            secs => Value::Time(format_unix(secs)),
        },
        (Some(FieldKind::Integer), Json::Number(n)) => Value::Integer(n.as_i64().unwrap()),
        (Some(FieldKind::Decimal), Json::Number(n)) => Value::Decimal(n.as_f64().unwrap()),
        (
            Some(FieldKind::Text | FieldKind::Email | FieldKind::Phone | FieldKind::Digits),
            Json::Number(n),
        ) => Value::Text(n.to_string()),
        (None, Json::Number(n)) => n
            .as_i64()
            .map_or_else(|| Value::Decimal(n.as_f64().unwrap()), Value::Integer),
        (Some(kind), Json::Number(n)) => panic!("no fixture sends {n} for a {kind:?} field"),
        (_, Json::String(s)) => Value::Text(s.clone()),
        (_, Json::Bool(b)) => Value::Bool(*b),
        (_, Json::Array(items)) => Value::List(
            items
                .iter()
                .map(|item| {
                    item.as_object()
                        .unwrap()
                        .iter()
                        .map(|(k, v)| (k.clone(), expected(None, v)))
                        .collect()
                })
                .collect(),
        ),
        (_, Json::Object(_)) => Value::Text(json.to_string()),
    }
}

/// Every key of the fixture object is in the record with its value intact, the id included; every
/// schema field is present (empty when the fixture lacks it).
fn assert_intact(provider: ProviderId, record: &Record, json: &Json) {
    let schema = &spec(provider).schema;
    let object = json.as_object().unwrap();
    let id = match &object[schema.id_key] {
        Json::String(s) => s.clone(),
        Json::Number(n) => n.to_string(),
        other => panic!("fixture id {other}"),
    };
    assert_eq!(record.id, id, "{provider}: id");
    for (key, value) in object {
        if key == schema.id_key {
            continue;
        }
        let kind = schema.field(key).map(|f| f.kind);
        let kind = match kind {
            Some(FieldKind::Enum(_)) => Some(FieldKind::Text),
            other => other,
        };
        assert_eq!(
            record.get(key),
            Some(&expected(kind, value)),
            "{provider} {id}: field {key} from {value}"
        );
    }
    for field in schema.fields {
        assert!(
            record.get(field.key).is_some(),
            "{provider}: schema field {} missing from the record",
            field.key
        );
    }
}

fn record(provider: ProviderId, json: &Json) -> Record {
    let record = decode_record(&spec(provider).schema, json)
        .unwrap_or_else(|| panic!("{provider}: not decoded: {json}"));
    assert_intact(provider, &record, json);
    record
}

fn first_page(provider: ProviderId, size: u32) -> PageRequest {
    let cursor = match provider {
        ProviderId::Ngorder | ProviderId::Reportei => Cursor::Page(1),
        _ => Cursor::Offset(0),
    };
    PageRequest { cursor, size }
}

/// A list fixture through `decode_page`: every item becomes a record with its values intact.
fn list(provider: ProviderId, name: &str, items: &str, size: u32) -> clientele::domain::Page {
    let body = ok_body(name);
    let page = decode_page(spec(provider), first_page(provider, size), &body).unwrap();
    let items = body.pointer(items).unwrap().as_array().unwrap();
    assert_eq!(
        page.records.len(),
        items.len(),
        "{name}: every item decoded"
    );
    for (record, item) in page.records.iter().zip(items) {
        assert_intact(provider, record, item);
    }
    page
}

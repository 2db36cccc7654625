//! The decoders never panic, whatever JSON a provider sends: arbitrary value trees at every schema field
//! and at the id key of each provider's customer, in list envelopes with arbitrary paging figures, and
//! arbitrary statuses and bodies through the transport's body decoder. Where the input has a usable id,
//! the record keeps it.

use clientele::domain::{Cursor, ErrorKind, PageRequest, ProviderId};
use clientele::providers::decode::decode_record;
use clientele::providers::http::decode_body;
use clientele::providers::{Paging, decode_page, spec};
use proptest::prelude::*;
use reqwest::StatusCode;
use serde_json::{Map, Value as Json};

/// Scalars, with the edges that break arithmetic and parsing.
fn leaf() -> impl Strategy<Value = Json> {
    prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        any::<i64>().prop_map(Json::from),
        any::<u64>().prop_map(Json::from),
        any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f)
            .map(Json::Number)),
        prop_oneof![Just(i64::MIN), Just(i64::MAX), Just(0), Just(-1), Just(1)]
            .prop_map(Json::from),
        Just(Json::from(u64::MAX)),
        ".{0,24}".prop_map(Json::String),
        prop_oneof![
            Just("18446744073709551615"),
            Just("-9223372036854775808"),
            Just("1e400"),
            Just(" 12 "),
            Just(""),
            Just("Y"),
            Just("true"),
            Just("2022-08-05T05:56:44"),
            Just("2022-08-05T"),
            Just("9999-99-99 99:99:9é"),
        ]
        .prop_map(|s| Json::String(s.into())),
        "[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2})?.{0,3}".prop_map(Json::String),
    ]
}

/// Arbitrary JSON trees of bounded depth.
fn json() -> impl Strategy<Value = Json> {
    leaf().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Json::Array),
            prop::collection::btree_map(".{0,8}", inner, 0..6)
                .prop_map(|m| Json::Object(m.into_iter().collect())),
        ]
    })
}

/// An id value and the id a record must come out with (`None`: the object is not a customer).
fn id() -> impl Strategy<Value = (Json, Option<String>)> {
    prop_oneof![
        ".{1,16}".prop_map(|s| (Json::String(s.clone()), Some(s))),
        any::<i64>().prop_map(|n| (Json::from(n), Some(n.to_string()))),
        any::<u64>().prop_map(|n| (Json::from(n), Some(n.to_string()))),
        json().prop_map(|j| {
            let expected = match &j {
                Json::String(s) if !s.is_empty() => Some(s.clone()),
                Json::Number(n) => Some(n.to_string()),
                _ => None,
            };
            (j, expected)
        }),
    ]
}

/// The most fields any schema has: values are generated for this many and zipped with each schema.
const MAX_FIELDS: usize = 24;

/// A customer-like object for `provider`: arbitrary values (or nothing) at every schema key, the id,
/// and a few unknown keys.
#[derive(Debug, Clone)]
struct Customer {
    values: Vec<Option<Json>>,
    id: Option<(Json, Option<String>)>,
    extra: Vec<(String, Json)>,
}

fn customer() -> impl Strategy<Value = Customer> {
    (
        prop::collection::vec(prop::option::of(json()), MAX_FIELDS),
        prop::option::weighted(0.9, id()),
        prop::collection::vec(("[a-z_]{1,10}", json()), 0..3),
    )
        .prop_map(|(values, id, extra)| Customer { values, id, extra })
}

impl Customer {
    /// The object for `provider`, and the id its record must have.
    fn build(&self, provider: ProviderId) -> (Json, Option<String>) {
        let schema = &spec(provider).schema;
        assert!(schema.fields.len() <= MAX_FIELDS);
        let mut object = Map::new();
        for (key, value) in &self.extra {
            object.insert(key.clone(), value.clone());
        }
        for (field, value) in schema.fields.iter().zip(&self.values) {
            if let Some(value) = value {
                object.insert(field.key.to_string(), value.clone());
            }
        }
        let expected = match &self.id {
            Some((json, expected)) => {
                object.insert(schema.id_key.to_string(), json.clone());
                expected.clone()
            }
            None => {
                object.remove(schema.id_key);
                None
            }
        };
        (Json::Object(object), expected)
    }
}

/// Put `value` at JSON `pointer` in `body`, making objects on the way.
fn set(body: &mut Json, pointer: &str, value: Json) {
    let mut at = body;
    for part in pointer.split('/').skip(1) {
        if !at.is_object() {
            *at = Json::Object(Map::new());
        }
        at = at
            .as_object_mut()
            .unwrap()
            .entry(part.to_string())
            .or_insert(Json::Null);
    }
    *at = value;
}

/// A paging figure as a provider might send it: any JSON, or a number or numeric string anywhere in
/// the u64 range.
fn figure() -> impl Strategy<Value = Json> {
    prop_oneof![
        json(),
        any::<u64>().prop_map(Json::from),
        any::<u64>().prop_map(|n| Json::String(n.to_string())),
        (0u64..1000).prop_map(Json::from),
    ]
}

/// A page request as the app makes them: cursors it got from earlier pages, sizes it configures.
fn request() -> impl Strategy<Value = PageRequest> {
    (any::<bool>(), 0u64..=u64::from(u32::MAX), 0u32..=1000).prop_map(|(page, n, size)| {
        PageRequest {
            cursor: if page {
                Cursor::Page(n)
            } else {
                Cursor::Offset(n)
            },
            size,
        }
    })
}

fn number(body: &Json, pointer: &str) -> Option<u64> {
    body.pointer(pointer)
        .and_then(|v| v.as_u64().or_else(|| v.as_str()?.parse().ok()))
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn a_customer_with_any_values_decodes_without_panic_and_keeps_its_id(c in customer()) {
        for provider in ProviderId::ALL {
            let (object, expected) = c.build(provider);
            let schema = &spec(provider).schema;
            let record = decode_record(schema, &object);
            prop_assert_eq!(record.as_ref().map(|r| r.id.clone()), expected, "{}", provider);
            if let Some(record) = record {
                for field in schema.fields {
                    prop_assert!(record.get(field.key).is_some(), "{}: {} missing", provider, field.key);
                }
                for (key, _) in &c.extra {
                    if key != schema.id_key {
                        prop_assert!(record.get(key).is_some(), "{}: unknown key {} dropped", provider, key);
                    }
                }
            }
        }
    }

    #[test]
    fn any_json_at_all_decodes_as_a_record_or_nothing(value in json()) {
        for provider in ProviderId::ALL {
            let record = decode_record(&spec(provider).schema, &value);
            if !value.is_object() {
                prop_assert!(record.is_none());
            }
        }
    }

    #[test]
    fn list_envelopes_with_any_items_and_paging_figures_decode(
        items in prop::collection::vec(prop_oneof![3 => customer().prop_map(Some), 1 => json().prop_map(|_| None)], 0..6),
        junk in prop::collection::vec(json(), 6),
        figures in prop::collection::vec(figure(), 3),
        meta in json(),
        request in request(),
    ) {
        for provider in ProviderId::ALL {
            let spec = spec(provider);
            let mut expected = Vec::new();
            let list: Vec<Json> = items
                .iter()
                .zip(&junk)
                .map(|(item, junk)| match item {
                    Some(customer) => {
                        let (object, id) = customer.build(provider);
                        expected.extend(id);
                        object
                    }
                    None => {
                        if let Some(id) = decode_record(&spec.schema, junk).map(|r| r.id) {
                            expected.push(id);
                        }
                        junk.clone()
                    }
                })
                .collect();
            let mut body = Json::Object(Map::new());
            set(&mut body, "/meta", meta.clone());
            let pointers: Vec<&str> = match &spec.list.paging {
                Paging::PageNumber { current_page, last_page, total, .. } => vec![current_page, last_page, total],
                Paging::NextOffset { next_offset, .. } => vec![next_offset],
                // Offset/limit paging reads no figures from the body (nor do styles added later).
                _ => vec![],
            };
            for (pointer, figure) in pointers.iter().zip(&figures) {
                set(&mut body, pointer, figure.clone());
            }
            set(&mut body, spec.list.items, Json::Array(list.clone()));

            let page = decode_page(spec, request, &body);
            let page = match page {
                Ok(page) => page,
                Err(error) => {
                    prop_assert!(false, "{}: the list is there, yet {}", provider, error);
                    unreachable!()
                }
            };
            let ids: Vec<String> = page.records.iter().map(|r| r.id.clone()).collect();
            prop_assert_eq!(ids, expected, "{}", provider);
            match &spec.list.paging {
                Paging::OffsetLimit { .. } => {
                    let Cursor::Offset(offset) = request.cursor else { continue };
                    let full = !list.is_empty() && list.len() as u64 >= u64::from(request.size);
                    prop_assert_eq!(page.next, full.then(|| Cursor::Offset(offset + list.len() as u64)));
                }
                Paging::NextOffset { next_offset, .. } => {
                    prop_assert_eq!(page.next, number(&body, next_offset).map(Cursor::Offset));
                }
                _ => {}
            }
        }
    }

    #[test]
    fn a_body_that_is_not_a_list_envelope_is_an_error_not_a_panic(body in json(), request in request()) {
        for provider in ProviderId::ALL {
            let spec = spec(provider);
            let result = decode_page(spec, request, &body);
            let has_list = body.pointer(spec.list.items).is_some_and(Json::is_array);
            prop_assert_eq!(result.is_ok(), has_list, "{}", provider);
            if let Err(error) = result {
                prop_assert_eq!(error.kind, ErrorKind::Undecodable);
            }
        }
    }

    #[test]
    fn any_status_and_any_text_body_decode_without_panic(code in 100u16..=999, body in ".{0,300}") {
        check_body(code, &body)?;
    }

    #[test]
    fn any_status_and_any_json_body_decode_without_panic(code in 100u16..=999, body in json()) {
        check_body(code, &body.to_string())?;
    }

    #[test]
    fn error_envelopes_with_any_values_decode_without_panic(
        code in prop_oneof![Just(200u16), Just(400), Just(401), Just(404), Just(422), Just(429), Just(500), 100u16..=999],
        values in prop::collection::vec(prop::option::of(json()), 8),
    ) {
        let keys = ["error", "error_message", "message", "errors", "title", "response", "error_description", "status"];
        let mut object = Map::new();
        for (key, value) in keys.iter().zip(values) {
            if let Some(value) = value {
                object.insert(key.to_string(), value);
            }
        }
        check_body(code, &Json::Object(object).to_string())?;
    }
}

/// `decode_body` keeps its promises for any status and body: never a panic; a non-success status is
/// always an error with that status; a success is the JSON unless the body is blank (`null`), not JSON
/// (undecodable, with a short first line) or an error envelope.
fn check_body(code: u16, body: &str) -> Result<(), TestCaseError> {
    let status = StatusCode::from_u16(code).unwrap();
    let result = decode_body(status, body);
    if !status.is_success() {
        let error = result.expect_err("a non-success status is an error");
        prop_assert_eq!(error.status, Some(code));
        return Ok(());
    }
    if body.trim().is_empty() {
        prop_assert_eq!(result.ok(), Some(Json::Null));
        return Ok(());
    }
    match serde_json::from_str::<Json>(body) {
        Ok(parsed) => {
            let envelope = parsed.get("error") == Some(&Json::Bool(true))
                || parsed.get("response").and_then(Json::as_str) == Some("Failed");
            if envelope {
                let error = result.expect_err("an error envelope inside a 2xx is an error");
                prop_assert_eq!(error.kind, ErrorKind::Validation);
            } else {
                prop_assert_eq!(result.ok(), Some(parsed));
            }
        }
        Err(_) => {
            let error = result.expect_err("a body that is not JSON is an error");
            prop_assert_eq!(error.kind, ErrorKind::Undecodable);
            let line = error.message.strip_prefix("not JSON: ").unwrap_or_default();
            prop_assert!(
                !line.is_empty() && line.chars().count() <= 120,
                "{}",
                error.message
            );
            prop_assert!(body.contains(line), "{}", error.message);
        }
    }
    Ok(())
}

//! Request bodies from field values, driven by the same schema that decodes responses.

use serde_json::{Map, Value as Json};

use crate::domain::{FieldKind, FieldSpec, Record, Schema, Value};

/// Field values by key, as a form produces them (our keys, typed values).
pub type Values = Vec<(String, Value)>;

fn value_of<'a>(values: &'a Values, key: &str) -> Option<&'a Value> {
    values.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

/// `field`'s value in a record as read, reduced to what a user writes: a value the provider composes
/// (Ngorder's address) compares and is sent back as its written part only, never with the suffix.
fn as_written(field: &FieldSpec, value: Option<&Value>) -> Value {
    match (field.composed, value) {
        (Some(_), Some(Value::Text(text))) => {
            let written = field.written_part(text).trim();
            if written.is_empty() {
                Value::Empty
            } else {
                Value::Text(written.to_string())
            }
        }
        (_, value) => value.cloned().unwrap_or(Value::Empty),
    }
}

/// The JSON for one value of `kind`.
pub fn encode_value(kind: FieldKind, value: &Value) -> Json {
    match (kind, value) {
        (_, Value::Empty) => Json::Null,
        (FieldKind::Integer, Value::Text(text)) => text
            .trim()
            .parse::<i64>()
            .map_or_else(|_| Json::String(text.clone()), Json::from),
        // The form accepts a decimal comma ("10,5"); the docs' `decimal` is a JSON number.
        (FieldKind::Decimal, Value::Text(text)) => text
            .trim()
            .replace(',', ".")
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map_or_else(|| Json::String(text.clone()), Json::Number),
        (FieldKind::Bool, Value::Text(text)) => {
            Json::Bool(matches!(text.trim(), "true" | "yes" | "1" | "Y"))
        }
        (_, Value::Text(text) | Value::Time(text)) => Json::String(text.clone()),
        (_, Value::Integer(n)) => Json::from(*n),
        (_, Value::Decimal(n)) => serde_json::Number::from_f64(*n).map_or(Json::Null, Json::Number),
        (_, Value::Bool(b)) => Json::Bool(*b),
        (kind, Value::List(items)) => {
            // Each item's values are typed by the list's item fields where it has them.
            let item_kind = |key: &str| match kind {
                FieldKind::List(fields) => fields
                    .iter()
                    .find(|f| f.key == key)
                    .map_or(FieldKind::Text, |f| f.kind),
                _ => FieldKind::Text,
            };
            Json::Array(
                items
                    .iter()
                    .map(|item| {
                        Json::Object(
                            item.iter()
                                .map(|(k, v)| (k.clone(), item_value(item_kind(k), v)))
                                .collect(),
                        )
                    })
                    .collect(),
            )
        }
    }
}

/// A list item's value. The docs show blank item fields as `""` (CycleSoftware's phone numbers) and
/// yes/no ones as `boolean default(false)` (DK's addresses), never `null`. DK is ambiguous: its
/// Address contract types `address2`, `company`, `altPhone` as "string", while its create example
/// sends `"address2": null`; we follow the contract, which its own list answers (`"altPhone": ""`) match.
fn item_value(kind: FieldKind, value: &Value) -> Json {
    match (kind, value) {
        (
            FieldKind::Text | FieldKind::Email | FieldKind::Phone | FieldKind::Digits,
            Value::Empty,
        ) => Json::String(String::new()),
        (FieldKind::Bool, Value::Empty) => Json::Bool(false),
        _ => encode_value(kind, value),
    }
}

/// Body of a create: every field writable on create that has a value.
pub fn create_body(schema: &Schema, values: &Values) -> Map<String, Json> {
    schema
        .fields
        .iter()
        .filter(|f| f.writable.on_create())
        .filter_map(|f| {
            let value = value_of(values, f.key).filter(|v| !v.is_empty())?;
            Some((f.request_key().to_string(), encode_value(f.kind, value)))
        })
        .collect()
}

/// Body of a full replacement (CycleSoftware and Guardant PUT): every field writable on update, from
/// the form where it has the field, else from the record as read. Omitting a field would blank it,
/// except a choice left unset: it has no code to send, and `null` is not one (DK's update example
/// leaves `customerType` out; its contract says "string value if dictionary").
pub fn replacement_body(schema: &Schema, original: &Record, values: &Values) -> Map<String, Json> {
    schema
        .fields
        .iter()
        .filter(|f| f.writable.on_update())
        .filter_map(|f| {
            let value = value_of(values, f.key)
                .cloned()
                .unwrap_or_else(|| as_written(f, original.get(f.key)));
            if matches!(f.kind, FieldKind::Enum(_)) && value.is_empty() {
                return None;
            }
            let json = match (f.kind, &value) {
                // A full replacement sends empty strings, not nulls, for empty text fields.
                (
                    FieldKind::Text | FieldKind::Email | FieldKind::Phone | FieldKind::Digits,
                    Value::Empty,
                ) => Json::String(String::new()),
                _ => encode_value(f.kind, &value),
            };
            Some((f.request_key().to_string(), json))
        })
        .collect()
}

/// Body of a partial update (Ngorder PATCH): only the fields whose value differs from the record.
pub fn changes_body(schema: &Schema, original: &Record, values: &Values) -> Map<String, Json> {
    changed_fields(schema, original, values)
        .map(|(f, value)| (f.request_key().to_string(), encode_value(f.kind, value)))
        .collect()
}

/// The writable fields whose form value differs from the record as read.
pub fn changed_fields<'a>(
    schema: &'a Schema,
    original: &'a Record,
    values: &'a Values,
) -> impl Iterator<Item = (&'a FieldSpec, &'a Value)> {
    schema
        .fields
        .iter()
        .filter(|f| f.writable.on_update())
        .filter_map(move |f| {
            let value = value_of(values, f.key)?;
            let before = as_written(f, original.get(f.key));
            (!same(&before, value)).then_some((f, value))
        })
}

/// Equal for the user: an empty text and a missing value are the same, `10` and `10.0` too, and so
/// are texts that differ only in surrounding spaces (forms send values trimmed).
fn same(a: &Value, b: &Value) -> bool {
    a.is_empty() && b.is_empty() || a.to_string().trim() == b.to_string().trim()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Writable;

    const SCHEMA: Schema = Schema {
        id_key: "_id",
        title: &["name"],
        fields: &[
            FieldSpec::new("name", "Name", FieldKind::Text)
                .editable()
                .sent_as("customerName"),
            FieldSpec::new("email", "E-mail", FieldKind::Email).writable(Writable::OnCreate),
            FieldSpec::new("status", "Status", FieldKind::Integer).editable(),
            FieldSpec::new("archived", "Archived", FieldKind::Bool).editable(),
            FieldSpec::new("created", "Created", FieldKind::Time),
        ],
    };

    fn record() -> Record {
        Record {
            id: "9".into(),
            fields: vec![
                ("name".into(), Value::Text("Peter".into())),
                ("email".into(), Value::Text("p@example.com".into())),
                ("status".into(), Value::Integer(1)),
                ("archived".into(), Value::Bool(false)),
                ("created".into(), Value::Time("2024-01-01 00:00:00".into())),
            ],
        }
    }

    fn values(pairs: &[(&str, Value)]) -> Values {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }

    #[test]
    fn create_sends_request_names_and_typed_values() {
        let body = create_body(
            &SCHEMA,
            &values(&[
                ("name", Value::Text("Ann".into())),
                ("email", Value::Text("a@example.com".into())),
                ("status", Value::Text("2".into())),
                ("created", Value::Text("never sent".into())),
            ]),
        );
        assert_eq!(
            Json::Object(body),
            serde_json::json!({"customerName": "Ann", "email": "a@example.com", "status": 2})
        );
    }

    #[test]
    fn replacement_keeps_untouched_fields_and_skips_create_only_ones() {
        let body = replacement_body(
            &SCHEMA,
            &record(),
            &values(&[("name", Value::Text("Pete".into()))]),
        );
        assert_eq!(
            Json::Object(body),
            serde_json::json!({"customerName": "Pete", "status": 1, "archived": false})
        );
    }

    #[test]
    fn decimal_commas_go_out_as_numbers() {
        assert_eq!(
            encode_value(FieldKind::Decimal, &Value::Text("10,5".into())),
            serde_json::json!(10.5)
        );
    }

    #[test]
    fn blank_list_item_fields_go_as_empty_strings_and_false_not_null() {
        const ITEM: &[FieldSpec] = &[
            FieldSpec::new("phone_number", "number", FieldKind::Phone),
            FieldSpec::new("isDefault", "default", FieldKind::Bool),
        ];
        let item = vec![
            ("phone_number".to_string(), Value::Empty),
            ("isDefault".to_string(), Value::Empty),
        ];
        assert_eq!(
            encode_value(FieldKind::List(ITEM), &Value::List(vec![item])),
            serde_json::json!([{"phone_number": "", "isDefault": false}])
        );
    }

    #[test]
    fn partial_update_sends_only_what_changed() {
        let body = changes_body(
            &SCHEMA,
            &record(),
            &values(&[
                ("name", Value::Text("Peter".into())),
                ("status", Value::Text("1".into())),
                ("archived", Value::Bool(true)),
            ]),
        );
        assert_eq!(Json::Object(body), serde_json::json!({"archived": true}));
    }
}

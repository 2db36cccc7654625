//! Schema-driven decoding of provider JSON into [`Record`]s. Lenient by design: numbers may come as
//! strings and strings as numbers, fields may be missing, and anything the schema does not know is kept
//! as an extra field. Nothing here can panic on any JSON value.

use serde_json::{Map, Value as Json};

use crate::domain::{FieldKind, Record, Schema, Value};

/// Decode one customer object. `None` when `json` is not an object or has no usable id.
pub fn decode_record(schema: &Schema, json: &Json) -> Option<Record> {
    let object = json.as_object()?;
    let id = match object.get(schema.id_key)? {
        Json::String(s) if !s.is_empty() => s.clone(),
        Json::Number(n) => n.to_string(),
        _ => return None,
    };
    let mut fields = Vec::with_capacity(object.len());
    for spec in schema.fields {
        let value = object
            .get(spec.key)
            .map(|v| decode_value(spec.kind, v))
            .unwrap_or(Value::Empty);
        fields.push((spec.key.to_string(), value));
    }
    for (key, value) in object {
        if key != schema.id_key && schema.field(key).is_none() {
            fields.push((key.clone(), decode_untyped(value)));
        }
    }
    Some(Record { id, fields })
}

/// Decode every object in `items`, skipping (and counting) the ones that cannot be a customer.
pub fn decode_records(schema: &Schema, items: &[Json]) -> (Vec<Record>, usize) {
    let records: Vec<Record> = items
        .iter()
        .filter_map(|item| decode_record(schema, item))
        .collect();
    let skipped = items.len() - records.len();
    (records, skipped)
}

pub fn decode_value(kind: FieldKind, json: &Json) -> Value {
    match (kind, json) {
        (_, Json::Null) => Value::Empty,
        // Phones, postal codes and ids sent as numbers are still text to show and edit.
        (
            FieldKind::Text | FieldKind::Email | FieldKind::Phone | FieldKind::Digits,
            Json::Number(n),
        ) => Value::Text(n.to_string()),
        (FieldKind::Integer, Json::Number(n)) => n
            .as_i64()
            .map_or_else(|| Value::Text(n.to_string()), Value::Integer),
        (FieldKind::Integer, Json::String(s)) => s
            .trim()
            .parse()
            .map_or_else(|_| Value::Text(s.clone()), Value::Integer),
        (FieldKind::Decimal, Json::Number(n)) => n.as_f64().map_or(Value::Empty, Value::Decimal),
        (FieldKind::Decimal, Json::String(s)) => s
            .trim()
            .parse()
            .map_or_else(|_| Value::Text(s.clone()), Value::Decimal),
        (FieldKind::Bool, Json::Bool(b)) => Value::Bool(*b),
        (FieldKind::Bool, Json::Number(n)) => Value::Bool(n.as_f64() != Some(0.0)),
        (FieldKind::Bool, Json::String(s)) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "y" | "yes" => Value::Bool(true),
            "false" | "0" | "n" | "no" | "" => Value::Bool(false),
            _ => Value::Text(s.clone()),
        },
        (FieldKind::Time, Json::String(s)) => normalize_time(s),
        (FieldKind::Time | FieldKind::UnixTime, Json::Number(n)) => match n.as_i64() {
            Some(0) | None => Value::Empty,
            Some(secs) => Value::Time(format_unix(secs)),
        },
        (FieldKind::UnixTime, Json::String(s)) => match s.trim().parse::<i64>() {
            Ok(0) => Value::Empty,
            Ok(secs) => Value::Time(format_unix(secs)),
            Err(_) => normalize_time(s),
        },
        (FieldKind::List(_), Json::Array(items)) => {
            Value::List(items.iter().map(decode_object).collect())
        }
        (_, other) => decode_untyped(other),
    }
}

/// A value whose kind we do not know: kept as faithfully as one line allows.
fn decode_untyped(json: &Json) -> Value {
    match json {
        Json::Null => Value::Empty,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => n.as_i64().map_or_else(
            || n.as_f64().map_or(Value::Empty, Value::Decimal),
            Value::Integer,
        ),
        Json::String(s) => Value::Text(s.clone()),
        Json::Array(items) if items.iter().all(Json::is_object) => {
            Value::List(items.iter().map(decode_object).collect())
        }
        other => Value::Text(other.to_string()),
    }
}

fn decode_object(json: &Json) -> Vec<(String, Value)> {
    json.as_object()
        .map(|object: &Map<String, Json>| {
            object
                .iter()
                .map(|(k, v)| (k.clone(), decode_untyped(v)))
                .collect()
        })
        .unwrap_or_else(|| vec![("value".into(), decode_untyped(json))])
}

/// `2022-08-05T05:56:44`, `2022-08-05T05:56:44.123Z`, `2021-03-02 13:05:33` → `2021-03-02 13:05:33`.
/// Anything else is kept as text rather than guessed at.
pub fn normalize_time(text: &str) -> Value {
    let text = text.trim();
    if text.is_empty() {
        return Value::Empty;
    }
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        bytes
            .get(range)
            .is_some_and(|b| b.iter().all(u8::is_ascii_digit))
    };
    let is_date = digits(0..4)
        && bytes.get(4) == Some(&b'-')
        && digits(5..7)
        && bytes.get(7) == Some(&b'-')
        && digits(8..10);
    if !is_date {
        return Value::Text(text.to_string());
    }
    let has_time = matches!(bytes.get(10), Some(b'T' | b' '))
        && digits(11..13)
        && bytes.get(13) == Some(&b':')
        && digits(14..16);
    if !has_time {
        return Value::Time(text[..10].to_string());
    }
    let seconds = if bytes.get(16) == Some(&b':') && digits(17..19) {
        &text[17..19]
    } else {
        "00"
    };
    Value::Time(format!("{} {}:{seconds}", &text[..10], &text[11..16]))
}

/// Unix seconds → `yyyy-mm-dd hh:mm:ss` in UTC (civil-from-days, so no date crate is needed).
pub fn format_unix(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Days since 1970-01-01 → (year, month, day) in the proleptic Gregorian calendar.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::FieldSpec;
    use serde_json::json;

    const SCHEMA: Schema = Schema {
        id_key: "id",
        title: &["name"],
        fields: &[
            FieldSpec::new("name", "Name", FieldKind::Text),
            FieldSpec::new("phone", "Phone", FieldKind::Phone),
            FieldSpec::new("discount", "Discount", FieldKind::Decimal),
            FieldSpec::new("created", "Created", FieldKind::Time),
            FieldSpec::new("archived_at", "Archived", FieldKind::UnixTime),
        ],
    };

    #[test]
    fn numbers_and_strings_decode_either_way() {
        let a = decode_record(
            &SCHEMA,
            &json!({"id": "123", "phone": 628212345678_i64, "discount": "10.5"}),
        )
        .unwrap();
        let b = decode_record(
            &SCHEMA,
            &json!({"id": 123, "phone": "628212345678", "discount": 10.5}),
        )
        .unwrap();
        assert_eq!(a.id, b.id);
        assert_eq!(a.text("phone"), b.text("phone"));
        assert_eq!(a.get("discount"), Some(&Value::Decimal(10.5)));
        assert_eq!(b.get("discount"), Some(&Value::Decimal(10.5)));
    }

    #[test]
    fn missing_fields_are_empty_and_unknown_fields_are_kept() {
        let record = decode_record(&SCHEMA, &json!({"id": 1, "merchant": "Reportei"})).unwrap();
        assert_eq!(record.get("name"), Some(&Value::Empty));
        assert_eq!(record.text("merchant"), "Reportei");
    }

    #[test]
    fn objects_without_an_id_are_skipped_not_fatal() {
        let (records, skipped) = decode_records(
            &SCHEMA,
            &[json!({"id": 1}), json!("junk"), json!({"name": "x"})],
        );
        assert_eq!((records.len(), skipped), (1, 2));
    }

    #[test]
    fn every_time_format_ends_up_the_same() {
        let expected = Value::Time("2022-08-05 05:56:44".into());
        assert_eq!(normalize_time("2022-08-05T05:56:44"), expected);
        assert_eq!(normalize_time("2022-08-05T05:56:44.120Z"), expected);
        assert_eq!(normalize_time("2022-08-05 05:56:44"), expected);
        assert_eq!(
            decode_value(FieldKind::UnixTime, &json!(1_659_679_004_i64)),
            expected
        );
        assert_eq!(decode_value(FieldKind::UnixTime, &json!(0)), Value::Empty);
        assert_eq!(normalize_time("yesterday"), Value::Text("yesterday".into()));
    }
}

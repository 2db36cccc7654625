//! A decoded customer as the mirror keeps it: the JSON as sent, the title, the table's cells and the
//! text search will look in.

use serde_json::{Map, Value as Json};

use crate::domain::{FieldKind, FieldSpec, Record, Schema, Value};
use crate::store::MirrorRow;

pub fn mirror_row(schema: &Schema, record: &Record, raw: &Json) -> MirrorRow {
    let cells: Map<String, Json> = schema
        .columns()
        .map(|field| (field.key.to_string(), Json::String(record.text(field.key))))
        .collect();
    MirrorRow {
        id: record.id.clone(),
        raw_json: raw.to_string(),
        title: record.title(schema),
        cells_json: Json::Object(cells).to_string(),
        search_text: search_text(schema.fields, record),
    }
}

/// Every field's text, lower-case, the id first; phone numbers (by the schema's kind) also as their
/// digits alone and in national form, so `0812 345` finds `+62 812-345…` (see [`crate::store::fts`]).
pub fn search_text(fields: &[FieldSpec], record: &Record) -> String {
    let mut search = record.id.to_lowercase();
    for (key, value) in &record.fields {
        push_text(&mut search, fields, key, value);
    }
    search
}

/// Every text a value holds, nested lists included (a phone number in a list is still searched).
fn push_text(out: &mut String, fields: &[FieldSpec], key: &str, value: &Value) {
    let kind = fields.iter().find(|f| f.key == key).map(|f| f.kind);
    match value {
        Value::Empty => {}
        Value::List(items) => {
            let nested = match kind {
                Some(FieldKind::List(nested)) => nested,
                _ => &[],
            };
            for (key, value) in items.iter().flatten() {
                push_text(out, nested, key, value);
            }
        }
        other => {
            let text = other.to_string();
            out.push(' ');
            out.push_str(&text.to_lowercase());
            if is_phone(kind, key) {
                for form in crate::store::fts::phone_forms(&text) {
                    if !out.ends_with(&form) {
                        out.push(' ');
                        out.push_str(&form);
                    }
                }
            }
        }
    }
}

/// A phone number by the schema: a `Phone` field, or a digits-only field named like one (Ngorder's
/// `phone` is `Digits`, as is its postcode, which is not a phone).
fn is_phone(kind: Option<FieldKind>, key: &str) -> bool {
    match kind {
        Some(FieldKind::Phone) => true,
        Some(FieldKind::Digits) => key.contains("phone"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_are_searchable_by_digits_and_national_form_and_other_fields_are_not() {
        const NUMBER: &[FieldSpec] = &[FieldSpec::new("phone_number", "number", FieldKind::Phone)];
        const FIELDS: &[FieldSpec] = &[
            FieldSpec::new("name", "Name", FieldKind::Text),
            FieldSpec::new("phone", "Phone", FieldKind::Digits),
            FieldSpec::new("postcode", "Postcode", FieldKind::Digits),
            FieldSpec::new("numbers", "Numbers", FieldKind::List(NUMBER)),
        ];
        let record = Record {
            id: "C7".into(),
            fields: vec![
                ("name".into(), Value::Text("Ivan Petrov".into())),
                ("phone".into(), Value::Text("628123456789".into())),
                ("postcode".into(), Value::Text("6281234567".into())),
                (
                    "numbers".into(),
                    Value::List(vec![vec![(
                        "phone_number".into(),
                        Value::Text("06 1234-5678".into()),
                    )]]),
                ),
            ],
        };
        assert_eq!(
            search_text(FIELDS, &record),
            "c7 ivan petrov 628123456789 08123456789 6281234567 06 1234-5678 0612345678"
        );
    }
}

//! A decoded customer as the mirror keeps it: the JSON as sent, the title, the table's cells and the
//! text search will look in.

use serde_json::{Map, Value as Json};

use crate::domain::{Record, Schema, Value};
use crate::store::MirrorRow;

pub fn mirror_row(schema: &Schema, record: &Record, raw: &Json) -> MirrorRow {
    let cells: Map<String, Json> = schema
        .columns()
        .map(|field| (field.key.to_string(), Json::String(record.text(field.key))))
        .collect();
    let mut search = record.id.to_lowercase();
    for (_, value) in &record.fields {
        push_text(&mut search, value);
    }
    MirrorRow {
        id: record.id.clone(),
        raw_json: raw.to_string(),
        title: record.title(schema),
        cells_json: Json::Object(cells).to_string(),
        search_text: search,
    }
}

/// Every text a value holds, nested lists included (a phone number in a list is still searched).
fn push_text(out: &mut String, value: &Value) {
    match value {
        Value::Empty => {}
        Value::List(items) => {
            for (_, value) in items.iter().flatten() {
                push_text(out, value);
            }
        }
        other => {
            out.push(' ');
            out.push_str(&other.to_string().to_lowercase());
        }
    }
}

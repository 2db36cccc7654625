//! What the journal records of a write, and what a later check expects to find if it was carried out.
//! Pure functions of the work and its outcome: the worker records, the app builds checks from the same.

use serde_json::{Map, Value as Json};

use super::messages::{Outcome, Work};
use crate::domain::{ErrorKind, Record, Value};
use crate::providers::ops::Effect;
use crate::providers::{ProviderSpec, Saved, encode};
use crate::store::{Ending, Intent, Outcome as Ended};

/// What a write should have left at the provider, to check it against what the provider has now.
#[derive(Debug, Clone, PartialEq)]
pub struct Expectation {
    /// The customer written to; `None` for a create.
    pub customer: Option<String>,
    /// The customer's name, for messages and for finding a created one.
    pub title: String,
    /// `create`, `update` or the action's name.
    pub operation: String,
    /// Fields as they are if the write was carried out.
    pub fields: Map<String, Json>,
    /// Carried out means the customer is gone from the list (delete, refuse).
    pub removes: bool,
}

/// The journal's intent for a mutating `work`, or `None` for work that changes nothing.
pub fn intent(spec: &ProviderSpec, work: &Work, now_ms: i64) -> Option<Intent> {
    let schema = &spec.schema;
    let (customer, title, operation, before, after) = match work {
        Work::Create { values } => {
            let after = values_map(
                values
                    .iter()
                    .filter(|(_, v)| !v.is_empty())
                    .map(|(k, v)| (k.as_str(), v)),
            );
            let title = title_of(spec.schema.title, |key| after.get(key).map(display));
            (None, title, "create".to_string(), Map::new(), after)
        }
        Work::Update { original, values } => {
            let changed: Vec<_> = encode::changed_fields(schema, original, values).collect();
            let before = values_map(
                changed
                    .iter()
                    .map(|(f, _)| (f.key, original.get(f.key).unwrap_or(&Value::Empty))),
            );
            let after = values_map(changed.iter().map(|(f, v)| (f.key, *v)));
            (
                Some(original.id.clone()),
                original.title(schema),
                "update".to_string(),
                before,
                after,
            )
        }
        Work::Act { action, record } => {
            let effect = spec.action(action).map(|a| (a.effect)(record));
            let (before, after) = match effect {
                Some(Effect::Set(changes)) => (
                    values_map(
                        changes
                            .iter()
                            .map(|(k, _)| (*k, record.get(k).unwrap_or(&Value::Empty))),
                    ),
                    values_map(changes.iter().map(|(k, v)| (*k, v))),
                ),
                // What was removed, for the audit trail: the customer's own fields.
                Some(Effect::Remove) | None => (
                    values_map(
                        record
                            .fields
                            .iter()
                            .filter(|(k, v)| !v.is_empty() && schema.field(k).is_some())
                            .map(|(k, v)| (k.as_str(), v)),
                    ),
                    Map::new(),
                ),
            };
            (
                Some(record.id.clone()),
                record.title(schema),
                action.to_string(),
                before,
                after,
            )
        }
        _ => return None,
    };
    Some(Intent {
        started_ms: now_ms,
        provider: spec.id.key().to_string(),
        customer,
        title,
        operation,
        before,
        after,
    })
}

/// What a check of `work` expects, built from the same intent the journal records.
pub fn expectation(spec: &ProviderSpec, work: &Work) -> Option<Expectation> {
    let intent = intent(spec, work, 0)?;
    let removes = match work {
        Work::Act { action, record } => spec
            .action(action)
            .is_some_and(|a| matches!((a.effect)(record), Effect::Remove)),
        _ => false,
    };
    Some(Expectation {
        customer: intent.customer,
        title: intent.title,
        operation: intent.operation,
        fields: intent.after,
        removes,
    })
}

/// How the journal records the end of a write, from the worker's outcome.
pub fn ending(outcome: &Outcome, now_ms: i64) -> Option<Ending> {
    let (ended, message, customer) = match outcome {
        Outcome::Saved(Ok(written), _) => match &written.saved {
            Saved::Record(record) => (Ended::Done, None, Some(record.id.clone())),
            Saved::Id(id) => (Ended::Done, None, Some(id.clone())),
            Saved::Submitted(submission) => (
                Ended::Accepted,
                Some(format!("submission {submission}, followed until it ends")),
                None,
            ),
        },
        Outcome::Acted(Ok(message)) => (Ended::Done, message.clone(), None),
        Outcome::Saved(Err(error), _) | Outcome::Acted(Err(error)) => {
            let ended = if error.kind == ErrorKind::OutcomeUnknown {
                Ended::Unknown
            } else {
                Ended::Refused
            };
            (ended, Some(error.to_string()), None)
        }
        _ => return None,
    };
    let mut ending = Ending::new(ended, message, now_ms);
    ending.customer = customer;
    Some(ending)
}

/// A field value as JSON, for the journal (lists as arrays of objects).
pub fn value_json(value: &Value) -> Json {
    match value {
        Value::Empty => Json::Null,
        Value::Text(text) | Value::Time(text) => Json::String(text.clone()),
        Value::Integer(n) => Json::from(*n),
        Value::Decimal(n) => Json::from(*n),
        Value::Bool(b) => Json::Bool(*b),
        Value::List(items) => Json::Array(
            items
                .iter()
                .map(|item| Json::Object(values_map(item.iter().map(|(k, v)| (k.as_str(), v)))))
                .collect(),
        ),
    }
}

/// Does `current` hold what `expected` says, as a user would compare them (numbers as numbers, an
/// empty text and nothing alike)?
pub fn holds(expected: &Json, current: Option<&Value>) -> bool {
    let current = current.map_or(Json::Null, value_json);
    let text = |json: &Json| crate::store::journal::display(json).trim().to_string();
    let (a, b) = (text(expected), text(&current));
    if a == b {
        return true;
    }
    match (a.parse::<f64>(), b.parse::<f64>()) {
        (Ok(x), Ok(y)) => (x - y).abs() < 1e-9,
        _ => false,
    }
}

fn values_map<'a>(values: impl Iterator<Item = (&'a str, &'a Value)>) -> Map<String, Json> {
    values
        .map(|(key, value)| (key.to_string(), value_json(value)))
        .collect()
}

fn display(json: &Json) -> String {
    crate::store::journal::display(json)
}

/// A record title from the values of the schema's title fields.
fn title_of(keys: &[&str], value: impl Fn(&str) -> Option<String>) -> String {
    let parts: Vec<String> = keys
        .iter()
        .filter_map(|k| value(k))
        .filter(|v| !v.is_empty())
        .collect();
    if parts.is_empty() {
        "new customer".into()
    } else {
        parts.join(" ")
    }
}

/// Is this record what `expectation` describes (after a write was carried out)?
pub fn carried_out(expectation: &Expectation, current: Option<&Record>) -> bool {
    match current {
        None => expectation.removes,
        Some(record) => {
            !expectation.removes
                && expectation
                    .fields
                    .iter()
                    .all(|(key, expected)| holds(expected, record.get(key)))
        }
    }
}

//! The journal of writes: every create, edit and action is recorded as an intent before it is sent, and
//! its ending after. It is both the audit trail and the write-ahead log: an intent without an ending at
//! start-up is a write whose outcome is unknown, to be checked, never resent blindly.

use serde::Serialize;
use serde_json::{Map, Value as Json};

pub type EntryId = i64;

/// How a write ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The provider carried it out.
    Done,
    /// It was not carried out: the provider refused it (its words are the message), or it never left.
    Refused,
    /// It may or may not have been carried out; check before sending it again.
    Unknown,
    /// Accepted to be carried out later (DK Hardware's submissions); followed to its end.
    Accepted,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Done => "done",
            Outcome::Refused => "refused",
            Outcome::Unknown => "unknown",
            Outcome::Accepted => "accepted",
        }
    }

    pub fn parse(text: &str) -> Option<Outcome> {
        Some(match text {
            "done" => Outcome::Done,
            "refused" => Outcome::Refused,
            "unknown" => Outcome::Unknown,
            "accepted" => Outcome::Accepted,
            _ => return None,
        })
    }

    /// How the journal view and the command line say it.
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Done => "done",
            Outcome::Refused => "refused",
            Outcome::Unknown => "outcome unknown",
            Outcome::Accepted => "accepted, in progress",
        }
    }
}

/// A write about to be sent.
#[derive(Debug, Clone, PartialEq)]
pub struct Intent {
    pub started_ms: i64,
    /// The provider's config key (`ngorder`, `dkhardware`…).
    pub provider: String,
    /// The customer written to; `None` for a create until the provider names it.
    pub customer: Option<String>,
    /// The customer's name as the user knows it.
    pub title: String,
    /// `create`, `update`, or the action's name (`delete`, `archive`…).
    pub operation: String,
    /// The fields the write changes, as they were and as they will be.
    pub before: Map<String, Json>,
    pub after: Map<String, Json>,
}

/// How a write ended, with the provider's words.
#[derive(Debug, Clone, PartialEq)]
pub struct Ending {
    pub outcome: Outcome,
    pub message: Option<String>,
    /// The customer the write created, once known.
    pub customer: Option<String>,
    pub ended_ms: i64,
}

impl Ending {
    pub fn new(outcome: Outcome, message: Option<String>, ended_ms: i64) -> Ending {
        Ending {
            outcome,
            message,
            customer: None,
            ended_ms,
        }
    }
}

/// One journal line: the intent and, once known, its ending.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    pub id: EntryId,
    pub started_ms: i64,
    pub provider: String,
    pub customer: Option<String>,
    pub title: String,
    pub operation: String,
    pub before: Map<String, Json>,
    pub after: Map<String, Json>,
    /// `None` while the call is in flight.
    pub outcome: Option<Outcome>,
    pub message: Option<String>,
    pub ended_ms: Option<i64>,
}

impl Entry {
    /// Field by field: `(key, before, after)` for every field the write touches, in the order written.
    pub fn diff(&self) -> Vec<(String, String, String)> {
        let mut keys: Vec<&String> = self.after.keys().collect();
        keys.extend(self.before.keys().filter(|k| !self.after.contains_key(*k)));
        keys.into_iter()
            .map(|key| {
                let side = |map: &Map<String, Json>| map.get(key).map(display).unwrap_or_default();
                (key.clone(), side(&self.before), side(&self.after))
            })
            .collect()
    }
}

/// A JSON value as one line of text (strings without quotes).
pub fn display(value: &Json) -> String {
    match value {
        Json::Null => String::new(),
        Json::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// Which journal lines to read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct JournalQuery {
    /// Only writes started at or after this time (Unix ms).
    pub since_ms: Option<i64>,
    /// At most this many, newest first.
    pub limit: Option<usize>,
}

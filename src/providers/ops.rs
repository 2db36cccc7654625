//! The operations a provider offers beyond listing, described as data for the one [`super::Client`].

use reqwest::Method;
use serde_json::Value as Json;

use super::retry::Repeat;
use crate::domain::{Record, Value};

/// HTTP verbs, in a form the static specs can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Verb {
    pub fn method(self) -> Method {
        match self {
            Verb::Get => Method::GET,
            Verb::Post => Method::POST,
            Verb::Put => Method::PUT,
            Verb::Patch => Method::PATCH,
            Verb::Delete => Method::DELETE,
        }
    }

    /// Can sending this twice do harm? (POST and PATCH are not idempotent.)
    pub fn repeat(self) -> Repeat {
        match self {
            Verb::Get | Verb::Put | Verb::Delete => Repeat::Safe,
            Verb::Post | Verb::Patch => Repeat::Never,
        }
    }
}

/// Read one customer: `path` has `{id}`; `record` points at the customer in the answer.
#[derive(Debug)]
pub struct GetOne {
    pub path: &'static str,
    pub record: &'static str,
}

/// How an update carries the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpdateStyle {
    /// Only the changed fields (Ngorder PATCH).
    Partial,
    /// The whole record replaces the stored one (CycleSoftware and Guardant PUT, DK, Reportei): built
    /// from a fresh read, refused if that read differs from what the form started from.
    Replace,
}

/// What a write answers with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteResult {
    /// The saved customer, at this JSON pointer.
    Record(&'static str),
    /// Only its id, at this pointer (Ngorder).
    Id(&'static str),
    /// An asynchronous submission's id, at this pointer (DK Hardware).
    Submission(&'static str),
}

/// A create or an update.
#[derive(Debug)]
pub struct WriteOp {
    pub verb: Verb,
    /// May contain `{id}`.
    pub path: &'static str,
    /// The id travels in the body under this key (Ngorder `customer_id`, DK `customerId`).
    pub id_in_body: Option<&'static str>,
    /// ... as a JSON number (Ngorder) rather than a string (DK).
    pub id_as_number: bool,
    /// The fields are wrapped in an object under this key (DK's `{"customer": {…}}`).
    pub wrap: Option<&'static str>,
    pub style: UpdateStyle,
    pub result: WriteResult,
    /// A one-time secret returned with the result, at this pointer (Reportei's `api_token`).
    pub token: Option<&'static str>,
}

/// A request a record action sends.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionRequest {
    pub verb: Verb,
    pub path: String,
    pub body: Option<Json>,
}

/// What an action does to the row, shown at once and undone if the provider refuses.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Set(Vec<(&'static str, Value)>),
    Remove,
}

/// Builds the request of an action for a record.
pub type RequestFn = fn(&Record) -> ActionRequest;
/// What an action will do to the row.
pub type EffectFn = fn(&Record) -> Effect;

/// A one-key action on a customer: status changes, toggles, delete.
#[derive(Debug)]
pub struct RecordAction {
    /// Stable name, for keybindings and the read-only check.
    pub name: &'static str,
    /// What the menu and the confirmation say ("Block", "Mark as paying").
    pub label: &'static str,
    /// Asks first, with "No" as the default.
    pub destructive: bool,
    /// Offered for this record? (Unblock only a blocked customer, and so on.)
    pub applies: fn(&Record) -> bool,
    pub request: RequestFn,
    pub effect: EffectFn,
}

impl RecordAction {
    pub fn always(_: &Record) -> bool {
        true
    }
}

/// `path` with `{id}` replaced by the (URL-escaped) id.
pub fn with_id(path: &str, id: &str) -> String {
    let escaped: String = id
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect();
    path.replace("{id}", &escaped)
}

#[cfg(test)]
mod tests {
    #[test]
    fn ids_are_escaped_in_paths() {
        assert_eq!(
            super::with_id("/customers/{id}", "9cdc-0998"),
            "/customers/9cdc-0998"
        );
        assert_eq!(
            super::with_id("/customers/{id}", "../x y"),
            "/customers/..%2Fx%20y"
        );
    }
}

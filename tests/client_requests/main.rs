//! Every request each provider client sends, against a recording fake (wiremock) that answers with the
//! seeds' own examples: method, path, auth header, query parameter names and body field names, as the
//! vendors' docs and PROVIDERS.md give them.

mod cyclesoftware;
mod dkhardware;
#[path = "../fake/mod.rs"]
mod fake;
mod guardant;
mod ngorder;
mod reportei;

use std::time::Duration;

use base64::Engine as _;
use clientele::app::Form;
use clientele::config::{Credentials, Secret};
use clientele::domain::{Cursor, ErrorKind, PageRequest, ProviderId, Record, Value};
use clientele::providers::{Client, Saved, SubmissionState, spec};
use fake::*;
use serde_json::{Value as Json, json};
use wiremock::matchers::{header as has_header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockBuilder, MockServer, ResponseTemplate};

const TIMEOUT: Duration = Duration::from_secs(10);

/// A mock for `verb path` that only answers requests carrying `authorization` exactly.
fn on(verb: &str, at: &str, authorization: &str) -> MockBuilder {
    Mock::given(method(verb))
        .and(path(at))
        .and(has_header("authorization", authorization))
}

fn text(pairs: &[(&str, &str)]) -> Vec<(String, Value)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), Value::Text(v.to_string())))
        .collect()
}

fn page(cursor: Cursor) -> PageRequest {
    PageRequest { cursor, size: 25 }
}

/// A JSON number or string as text, for fields the docs call "numeric" but that hold digits.
fn digits(json: &Json) -> String {
    match json {
        Json::String(s) => s.clone(),
        Json::Number(n) => n.to_string(),
        other => panic!("not digits: {other}"),
    }
}

/// The `Authorization` value of HTTP basic auth (CycleSoftware; Guardant when configured so).
fn basic(username: &str, password: &str) -> String {
    let pair = format!("{username}:{password}");
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(pair)
    )
}

//! Helpers shared by the client tests that run against a recording fake (wiremock).
#![allow(dead_code)] // each test crate uses its own subset

use std::collections::BTreeSet;
use std::time::Duration;

use clientele::config::{Credentials, ProviderSettings, Secret};
use clientele::domain::{ProviderId, Record};
use clientele::providers::decode::decode_record;
use clientele::providers::spec;
use serde_json::Value as Json;
use wiremock::{MockServer, Request, ResponseTemplate};

pub fn fixture_text(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

pub fn fixture(name: &str) -> Json {
    serde_json::from_str(&fixture_text(name)).unwrap()
}

/// A 200 answering with a fixture, byte for byte.
pub fn answer(name: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(fixture_text(name), "application/json")
}

/// A customer record decoded from a fixture object (to update or act on).
pub fn record(provider: ProviderId, json: &Json) -> Record {
    decode_record(&spec(provider).schema, json).expect("fixture decodes")
}

pub fn settings(
    id: ProviderId,
    base_url: String,
    credentials: Credentials,
    timeout: Duration,
) -> ProviderSettings {
    ProviderSettings {
        id,
        base_url,
        credentials: Ok(credentials),
        connect_timeout: Duration::from_secs(2),
        timeout,
        page_size: 25,
        max_body_bytes: 16 * 1024 * 1024,
        rate_limit: None,
        mirror: true,
    }
}

pub fn bearer(token: &str) -> Credentials {
    Credentials::Bearer {
        token: Secret::new(token),
    }
}

pub async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recording is on")
}

/// `(method, path)` of every request the fake received, in order.
pub async fn calls(server: &MockServer) -> Vec<(String, String)> {
    requests(server)
        .await
        .iter()
        .map(|r| (r.method.to_string(), r.url.path().to_string()))
        .collect()
}

/// The query pairs of a request, sorted, so a test can assert exactly which were sent.
pub fn query(request: &Request) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = request
        .url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    pairs.sort();
    pairs
}

pub fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = expected
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    pairs.sort();
    pairs
}

pub fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

pub fn body(request: &Request) -> Json {
    serde_json::from_slice(&request.body).unwrap_or_else(|e| {
        panic!(
            "{} {}: body is not JSON ({e}): {}",
            request.method,
            request.url,
            String::from_utf8_lossy(&request.body)
        )
    })
}

pub fn keys(json: &Json) -> BTreeSet<String> {
    json.as_object()
        .unwrap_or_else(|| panic!("not an object: {json}"))
        .keys()
        .cloned()
        .collect()
}

pub fn key_set(keys: &[&str]) -> BTreeSet<String> {
    keys.iter().map(|k| k.to_string()).collect()
}

/// An `application/x-www-form-urlencoded` body as pairs, decoded.
pub fn form(body: &[u8]) -> Vec<(String, String)> {
    fn decode(text: &str) -> String {
        let bytes = text.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'+' => out.push(b' '),
                b'%' if i + 2 < bytes.len() => {
                    let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
                    out.push(u8::from_str_radix(hex, 16).unwrap());
                    i += 2;
                }
                b => out.push(b),
            }
            i += 1;
        }
        String::from_utf8(out).unwrap()
    }
    let text = std::str::from_utf8(body).unwrap();
    let mut pairs: Vec<(String, String)> = text
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect();
    pairs.sort();
    pairs
}

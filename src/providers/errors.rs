//! Error bodies of all five providers decoded by one function: the shapes differ in data (where the
//! message and the field errors live), not in kind.
//!
//! - Ngorder: `{"response":"Failed","message":{"field":["…"]}}` (or `message` as a string)
//! - CycleSoftware: `{"error":true,"error_message":"…"}`, even on a 200
//! - Guardant: undocumented (PROVIDERS.md: "the envelope is undocumented, so show whatever body comes
//!   back"); seen as `{"code":1003,"description":"…"}` and `{"code":…,"message":"…"}`
//! - DK Hardware: problem details `{"status":400,"title":"…","errors":{"Email":["…"]}}` (PascalCase keys),
//!   OAuth `{"error":"invalid_client","error_description":"…"}`
//! - Reportei: `{"message":"…"}` or `{"error":{"code","message","details"}}`

use std::collections::BTreeMap;

use reqwest::StatusCode;
use serde_json::Value as Json;

use crate::domain::{ApiError, ErrorKind};

/// The error a body reports, if it reports one. For a non-success status this always yields an error
/// (with the status's own wording when the body says nothing useful); for a success status only when the
/// body carries an error envelope.
pub fn decode_error(status: StatusCode, body: &Json) -> Option<ApiError> {
    let enveloped = body.get("error").is_some_and(|e| e == &Json::Bool(true))
        || body.get("response").and_then(Json::as_str) == Some("Failed");
    if status.is_success() && !enveloped {
        return None;
    }
    let fields = field_errors(body);
    let message = message_of(body).unwrap_or_default();
    let kind = ErrorKind::for_status(status.as_u16());
    let message = match (message.is_empty(), fields.is_empty()) {
        (false, _) => message,
        (true, false) => summarize(&fields),
        (true, true) => unknown_shape(body)
            .unwrap_or_else(|| status.canonical_reason().unwrap_or("error").to_string()),
    };
    Some(ApiError {
        kind,
        status: (!status.is_success()).then_some(status.as_u16()),
        message,
        fields,
    })
}

/// The provider's human message, wherever its shape keeps it.
fn message_of(body: &Json) -> Option<String> {
    let candidates = [
        body.get("error_message"),
        body.get("message").filter(|m| m.is_string()),
        body.pointer("/error/message"),
        body.get("error_description"),
        // Guardant's `{"code":1003,"description":"…"}`.
        body.get("description"),
        body.get("title"),
        body.get("error").filter(|e| e.is_string()),
    ];
    candidates
        .into_iter()
        .flatten()
        .filter_map(Json::as_str)
        .map(str::trim)
        .find(|m| !m.is_empty())
        .map(str::to_string)
}

/// An object in no known shape, shown as it came (compact, cut short) rather than dropped for the
/// status's reason phrase.
fn unknown_shape(body: &Json) -> Option<String> {
    const MAX_CHARS: usize = 200;
    let object = body.as_object().filter(|o| !o.is_empty())?;
    let text = Json::Object(object.clone()).to_string();
    Some(match text.char_indices().nth(MAX_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    })
}

/// Field → messages, with field names in our (snake_case) domain keys.
fn field_errors(body: &Json) -> BTreeMap<String, Vec<String>> {
    let maps = [
        body.get("message"),
        body.get("errors"),
        body.pointer("/error/details"),
    ];
    let mut fields = BTreeMap::new();
    for map in maps.into_iter().flatten().filter_map(Json::as_object) {
        for (field, messages) in map {
            let messages: Vec<String> = match messages {
                Json::Array(items) => items.iter().map(text_of).collect(),
                other => vec![text_of(other)],
            };
            fields
                .entry(domain_key(field))
                .or_insert_with(Vec::new)
                .extend(messages);
        }
    }
    fields
}

fn text_of(value: &Json) -> String {
    match value {
        Json::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// `CustomerId` / `customerId` / `customer_id` → `customer_id`.
pub fn domain_key(field: &str) -> String {
    let mut key = String::with_capacity(field.len() + 4);
    for (i, c) in field.chars().enumerate() {
        if c.is_uppercase() {
            if i > 0 && !key.ends_with('_') {
                key.push('_');
            }
            key.extend(c.to_lowercase());
        } else {
            key.push(c);
        }
    }
    key
}

fn summarize(fields: &BTreeMap<String, Vec<String>>) -> String {
    fields
        .iter()
        .map(|(field, messages)| format!("{field}: {}", messages.join("; ")))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ngorder_validation_failure_maps_fields() {
        let body = json!({"request_id":"r1","response":"Failed","message":{"phone":["The phone must be a number."]},"data":null});
        let error = decode_error(StatusCode::UNPROCESSABLE_ENTITY, &body).unwrap();
        assert_eq!(error.kind, ErrorKind::Validation);
        assert_eq!(error.fields["phone"], vec!["The phone must be a number."]);
        assert!(error.message.contains("phone"));
    }

    #[test]
    fn cyclesoftware_error_inside_a_200_is_an_error() {
        let body = json!({"error": true, "error_message": "No search parameters given"});
        let error = decode_error(StatusCode::OK, &body).unwrap();
        assert_eq!(error.message, "No search parameters given");
        assert_eq!(error.status, None);
        assert!(decode_error(StatusCode::OK, &json!({"error": false, "customers": []})).is_none());
    }

    #[test]
    fn dk_problem_details_use_domain_keys() {
        let body = json!({"status":400,"title":"One or more validation errors occurred.","traceId":"t",
            "errors":{"CustomerId":["'Customer Id' must be empty."],"Email":["'Email' must not be empty."]}});
        let error = decode_error(StatusCode::BAD_REQUEST, &body).unwrap();
        assert_eq!(error.message, "One or more validation errors occurred.");
        assert_eq!(
            error.fields.keys().collect::<Vec<_>>(),
            vec!["customer_id", "email"]
        );
    }

    #[test]
    fn reportei_both_shapes() {
        let plain = decode_error(
            StatusCode::UNAUTHORIZED,
            &json!({"message":"Unauthenticated."}),
        )
        .unwrap();
        assert_eq!(
            (plain.kind, plain.message.as_str()),
            (ErrorKind::Auth, "Unauthenticated.")
        );
        let nested = json!({"error":{"code":"validation_error","message":"Invalid data","details":{"name":["The name field is required."]}}});
        let nested = decode_error(StatusCode::UNPROCESSABLE_ENTITY, &nested).unwrap();
        assert_eq!(nested.message, "Invalid data");
        assert_eq!(nested.fields["name"], vec!["The name field is required."]);
    }

    #[test]
    fn guardant_code_and_description_show_the_description() {
        let body = json!({"code": 1003, "description": "Customer with this e-mail already exists"});
        let error = decode_error(StatusCode::BAD_REQUEST, &body).unwrap();
        assert_eq!(error.message, "Customer with this e-mail already exists");
        assert_eq!(error.status, Some(400));
        // Any other object is shown as it came, not as "Bad Request".
        let error = decode_error(StatusCode::BAD_REQUEST, &json!({"code": 1017})).unwrap();
        assert_eq!(error.message, r#"{"code":1017}"#);
    }

    #[test]
    fn unknown_shape_falls_back_to_the_status() {
        let error = decode_error(StatusCode::SERVICE_UNAVAILABLE, &json!([1, 2])).unwrap();
        assert_eq!(error.kind, ErrorKind::Server);
        assert_eq!(error.message, "Service Unavailable");
    }
}

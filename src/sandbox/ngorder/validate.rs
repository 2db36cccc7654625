//! Ngorder request validation, with Laravel-style messages in the 422 `Failed` envelope.

use std::collections::HashMap;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Json, Response};
use serde_json::{Map, Value, json};

use super::data::{Customer, category_name};
use super::request_id;
use crate::sandbox::util::{field_str, is_email, parse_date};
use crate::sandbox::words::WORDS;

/// Field → messages, answered as 422 `{"request_id","response":"Failed","message":{…},"data":null}`.
#[derive(Default)]
pub(super) struct Errors(Map<String, Value>);

impl Errors {
    pub fn add(&mut self, field: &str, message: &str) {
        let entry = self.0.entry(field.to_string()).or_insert_with(|| json!([]));
        if let Value::Array(list) = entry {
            list.push(json!(message));
        }
    }

    pub fn has(&self, field: &str) -> bool {
        self.0.contains_key(field)
    }

    pub fn response(self) -> Option<Response> {
        (!self.0.is_empty()).then(|| {
            let body = json!({"request_id": request_id(), "response": "Failed",
                              "message": self.0, "data": null});
            (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response()
        })
    }

    pub fn single(field: &str, message: &str) -> Response {
        let mut errors = Errors::default();
        errors.add(field, message);
        errors
            .response()
            .unwrap_or_else(|| StatusCode::OK.into_response())
    }

    /// `per_page` (default `default`, 1..=100) and the 1-based `pagination_offset`.
    pub fn paging(&mut self, q: &HashMap<String, String>, default: usize) -> (usize, usize) {
        let mut int = |key: &str, label: &str, default: usize| match q.get(key) {
            None => default,
            Some(v) if v.is_empty() => default,
            Some(v) => match v.trim().parse::<usize>() {
                Ok(n) if n >= 1 => n,
                Ok(_) => {
                    self.add(key, &format!("The {label} must be at least 1."));
                    default
                }
                Err(_) => {
                    self.add(key, &format!("The {label} must be an integer."));
                    default
                }
            },
        };
        let per_page = int("per_page", "per page", default);
        let page = int("pagination_offset", "pagination offset", 1);
        if per_page > 100 {
            self.add("per_page", "The per page may not be greater than 100.");
        }
        (per_page.min(100), page)
    }

    /// An optional `yyyy-mm-dd` query parameter.
    pub fn date(&mut self, q: &HashMap<String, String>, key: &str) -> Option<i64> {
        let value = q.get(key).filter(|v| !v.is_empty())?;
        let parsed = parse_date(value);
        if parsed.is_none() {
            let label = key.replace('_', " ");
            self.add(
                key,
                &format!("The {label} does not match the format Y-m-d."),
            );
        }
        parsed
    }

    /// A required customer id field that must exist.
    pub fn customer(
        &mut self,
        body: &Map<String, Value>,
        key: &str,
        lookup: impl FnOnce(u64) -> Option<u32>,
    ) -> Option<u32> {
        let label = key.replace('_', " ");
        match field_str(body, key) {
            None => {
                self.add(key, &format!("The {label} field is required."));
                None
            }
            Some(v) => match v.trim().parse::<u64>() {
                Ok(id) => {
                    let idx = lookup(id);
                    if idx.is_none() {
                        self.add(key, &format!("The selected {label} is invalid."));
                    }
                    idx
                }
                Err(_) => {
                    self.add(key, &format!("The {label} must be an integer."));
                    None
                }
            },
        }
    }
}

/// The customer fields of create / update / privor-activation bodies.
#[derive(Default)]
pub(super) struct Fields {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub district_id: Option<u32>,
    pub address: Option<String>,
    pub postal_code: Option<String>,
    pub category: Option<String>,
    pub line: Option<String>,
    pub email: Option<String>,
    pub other: Option<String>,
    pub is_active: Option<String>,
}

fn numeric(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

impl Fields {
    /// Validates the fields present; with `create`, the required ones must be present too.
    pub fn parse(body: &Map<String, Value>, create: bool, errors: &mut Errors) -> Fields {
        let get = |key: &str| field_str(body, key).map(|v| v.trim().to_string());
        let mut f = Fields::default();
        for key in [
            "name",
            "phone",
            "district_id",
            "address",
            "category",
            "is_active",
        ] {
            let missing = get(key).is_none_or(|v| v.is_empty());
            if create && missing {
                let label = key.replace('_', " ");
                errors.add(key, &format!("The {label} field is required."));
            }
        }
        // The docs give the name no length limit ("name | string | Customer's name").
        if let Some(name) = get("name").filter(|v| !v.is_empty()) {
            f.name = Some(name);
        }
        if let Some(phone) = get("phone").filter(|v| !v.is_empty()) {
            if !numeric(&phone) {
                errors.add("phone", "The phone must be a number.");
            }
            f.phone = Some(phone);
        }
        if let Some(district) = get("district_id").filter(|v| !v.is_empty()) {
            match district.parse::<u32>() {
                Ok(id) if WORDS.region(id).is_some() => f.district_id = Some(id),
                Ok(_) => errors.add("district_id", "The selected district id is invalid."),
                Err(_) => errors.add("district_id", "The district id must be a number."),
            }
        }
        f.address = get("address").filter(|v| !v.is_empty());
        if let Some(postal) = get("postal_code").filter(|v| !v.is_empty()) {
            if !numeric(&postal) {
                errors.add("postal_code", "The postal code must be a number.");
            }
            f.postal_code = Some(postal);
        }
        if let Some(category) = get("category").filter(|v| !v.is_empty()) {
            if category_name(&category).is_none() {
                errors.add("category", "The selected category is invalid.");
            }
            f.category = Some(category);
        }
        if let Some(email) = get("email").filter(|v| !v.is_empty()) {
            if !is_email(&email) {
                errors.add("email", "The email must be a valid email address.");
            }
            f.email = Some(email);
        }
        if let Some(active) = get("is_active").filter(|v| !v.is_empty()) {
            if !["Y", "N", "R", "T"].contains(&active.as_str()) {
                errors.add("is_active", "The selected is active is invalid.");
            }
            f.is_active = Some(active);
        }
        f.line = get("line").filter(|v| !v.is_empty());
        f.other = get("other").filter(|v| !v.is_empty());
        f
    }

    /// A partial update: only the fields sent change.
    pub fn apply(self, c: &mut Customer) {
        if let Some(v) = self.name {
            c.name = v;
        }
        if let Some(v) = self.phone {
            c.phone = v;
        }
        if let Some(v) = self.district_id {
            c.region_id = v;
        }
        if let Some(v) = self.address {
            c.address = v;
        }
        if self.postal_code.is_some() {
            c.postal_code = self.postal_code;
        }
        if let Some(v) = self.category {
            c.category = v;
        }
        if self.line.is_some() {
            c.line = self.line;
        }
        if self.email.is_some() {
            c.email = self.email;
        }
        if self.other.is_some() {
            c.other = self.other;
        }
        if let Some(v) = self.is_active {
            c.registration_status = match v.as_str() {
                "Y" => "1",
                "R" => "R",
                "T" => "T",
                _ => "0",
            }
            .to_string();
            c.is_active = v;
        }
    }
}

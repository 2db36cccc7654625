//! The DK Hardware fake (`/dkhardware`): OAuth2 client credentials with expiring tokens, `{"payload":…}`
//! reads, asynchronous create/update submissions polled through `/v1/customer/status`, PascalCase
//! problem details, and fixed-window read/write limits per client. Submissions advance with time:
//! Accepted, Processing after `dk_step`, then Succeeded (the change is applied) or Failed after another
//! `dk_step`; due submissions are settled at the start of every request.

mod data;
mod json;
mod limits;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Json, Response};
use axum::routing::{get, post};
use serde_json::{Map, Value, json};

use self::data::{Customer, ID_BASE};
use super::index::{Ready, Sorted, sorted_by_key, spawn_build, window};
use super::store::Table;
use super::util::{self, fresh_uuid, json_object, now_unix, parse_datetime};
use super::{SandboxOptions, demo, gzip};

enum Change {
    Create(Customer),
    Update(String, Customer),
}

struct Submission {
    at: Instant,
    change: Option<Change>,
    /// Set when settled: the customer id, or the failure messages.
    outcome: Option<Result<u64, Vec<String>>>,
}

struct Dk {
    seed: u64,
    generated: u32,
    table: Table<Customer>,
    /// Emails of records created through the API (generated emails carry their id).
    emails: HashMap<String, u32>,
    /// Records by `updatedAt` (then id): built in the background at start, kept in place by writes.
    by_updated: Sorted,
    ready: Ready,
    tokens: HashMap<String, (String, Instant)>,
    limits: limits::Limits,
    submissions: HashMap<String, Submission>,
    step: Duration,
    ttl: Duration,
}

type St = Arc<Mutex<Dk>>;

impl Dk {
    fn get(&self, idx: u32) -> Option<Customer> {
        let (seed, n) = (self.seed, self.generated);
        self.table.get(idx, |i| data::generate(seed, i, n))
    }

    fn idx_of(&self, id: &str) -> Option<u32> {
        let id: u64 = id.trim().parse().ok()?;
        let idx = u32::try_from(id.checked_sub(ID_BASE)?).ok()?;
        self.table.exists(idx).then_some(idx)
    }

    fn email_owner(&self, email: &str) -> Option<u32> {
        let email = email.to_lowercase();
        if let Some(&idx) = self.emails.get(&email) {
            return self.table.exists(idx).then_some(idx);
        }
        let candidate = if email == "some.email@some.site" {
            Some(0)
        } else {
            let local = email.strip_suffix("@example.com")?;
            let id: u64 = local.rsplit('.').next()?.parse().ok()?;
            u32::try_from(id.checked_sub(ID_BASE)?).ok()
        }?;
        (candidate < self.generated && self.get(candidate).is_some_and(|c| c.email == email))
            .then_some(candidate)
    }

    fn timestamp(&self, idx: u32, created: bool) -> i64 {
        timestamp(&self.table, self.seed, self.generated, idx, created)
    }

    /// Moves `idx` out of (`add` false, before a write) or into (after it) the `updatedAt` order.
    fn reindex(&mut self, idx: u32, add: bool) {
        let (table, seed, n) = (&self.table, self.seed, self.generated);
        let key = |i| timestamp(table, seed, n, i, false);
        if add {
            self.by_updated.insert(idx, key);
        } else {
            self.by_updated.remove(idx, key);
        }
    }

    fn install(&mut self, order: Vec<u32>) {
        let (table, seed, n) = (&self.table, self.seed, self.generated);
        self.by_updated.install(
            order,
            n,
            |i| data::generated_updated_at(seed, i, n),
            |i| table.exists(i).then(|| timestamp(table, seed, n, i, false)),
        );
    }

    /// Applies every submission whose time has come.
    fn settle(&mut self) {
        let due: Vec<String> = self
            .submissions
            .iter()
            .filter(|(_, s)| s.outcome.is_none() && s.at.elapsed() >= self.step * 2)
            .map(|(k, _)| k.clone())
            .collect();
        for key in due {
            let Some(change) = self.submissions.get_mut(&key).and_then(|s| s.change.take()) else {
                continue;
            };
            let outcome = self.apply(change);
            if let Some(s) = self.submissions.get_mut(&key) {
                s.outcome = Some(outcome);
            }
        }
    }

    fn apply(&mut self, change: Change) -> Result<u64, Vec<String>> {
        let now = now_unix();
        match change {
            Change::Create(mut c) => {
                if self.email_owner(&c.email).is_some() {
                    return Err(vec![
                        "Property Email failed validation. Error: 'Email' is already in use."
                            .into(),
                    ]);
                }
                c.created_at = now;
                c.updated_at = now;
                let base = 900_000 + self.table.len() as u64 * 4;
                for (k, a) in c.addresses.iter_mut().enumerate() {
                    a.id = base + k as u64;
                }
                let email = c.email.to_lowercase();
                let idx = self.table.insert(c);
                self.emails.insert(email, idx);
                self.reindex(idx, true);
                Ok(ID_BASE + idx as u64)
            }
            Change::Update(id, u) => {
                let Some((idx, mut c)) = self.idx_of(&id).and_then(|i| self.get(i).map(|c| (i, c)))
                else {
                    return Err(vec![format!(
                        "Property CustomerId failed validation. Error: Customer '{id}' was not found."
                    )]);
                };
                (c.first_name, c.last_name, c.company) = (u.first_name, u.last_name, u.company);
                (c.phone, c.alt_phone, c.fax) = (u.phone, u.alt_phone, u.fax);
                if u.customer_type.is_some() {
                    c.customer_type = u.customer_type;
                }
                c.updated_at = now;
                self.reindex(idx, false);
                self.table.put(idx, c);
                self.reindex(idx, true);
                Ok(ID_BASE + idx as u64)
            }
        }
    }
}

/// `createdAt` (`created`) or `updatedAt` of an existing record, stored or generated.
fn timestamp(table: &Table<Customer>, seed: u64, n: u32, idx: u32, created: bool) -> i64 {
    match (table.stored(idx), created) {
        (Some(c), true) => c.created_at,
        (Some(c), false) => c.updated_at,
        (None, true) => data::generated_created_at(seed, idx, n),
        (None, false) => data::generated_updated_at(seed, idx, n),
    }
}

fn build_by_updated(seed: u64, n: u32) -> Vec<u32> {
    sorted_by_key(n, |i| data::generated_updated_at(seed, i, n))
}

pub(crate) fn router(options: &SandboxOptions, n: u32) -> Router {
    let state: St = Arc::new(Mutex::new(Dk {
        seed: options.seed,
        generated: n,
        table: Table::new(n),
        emails: HashMap::new(),
        by_updated: Sorted::default(),
        ready: Ready::default(),
        tokens: HashMap::new(),
        limits: limits::Limits::new(options),
        submissions: HashMap::new(),
        step: options.dk_step,
        ttl: options.dk_token_ttl,
    }));
    let seed = options.seed;
    let ready = spawn_build(
        &state,
        move || build_by_updated(seed, n),
        |dk: &mut Dk, order| dk.install(order),
    );
    lock(&state).ready = ready;
    let api = Router::new()
        .route("/v1/customer/", get(list))
        .route("/v1/customer", get(list))
        .route("/v1/customer/create", post(create))
        .route("/v1/customer/update", post(update))
        .route("/v1/customer/status", post(status))
        .route("/v1/customer/{id}", get(get_one))
        .layer(axum::middleware::from_fn_with_state(state.clone(), auth));
    Router::new()
        .route(
            "/auth/realms/dkh/protocol/openid-connect/token",
            post(token),
        )
        .merge(api)
        .fallback(|| async { error_response(StatusCode::NOT_FOUND, "Not Found") })
        .with_state(state)
}

/// Problem details `{"status","title","traceId"}`.
pub(crate) fn error_response(status: StatusCode, title: &str) -> Response {
    (
        status,
        Json(json!({"status": status.as_u16(), "title": title, "traceId": fresh_uuid()})),
    )
        .into_response()
}

fn validation(errors: Map<String, Value>) -> Response {
    let body = json!({"status": 400, "title": "One or more validation errors occurred.",
                      "traceId": fresh_uuid(), "errors": errors});
    (StatusCode::BAD_REQUEST, Json(body)).into_response()
}

fn lock(st: &St) -> std::sync::MutexGuard<'_, Dk> {
    st.lock().unwrap_or_else(|e| e.into_inner())
}

fn form(body: &[u8]) -> HashMap<String, String> {
    fn decode(s: &str) -> String {
        let bytes = s.replace('+', " ").into_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%'
                && let Some(b) = std::str::from_utf8(bytes.get(i + 1..i + 3).unwrap_or_default())
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(b);
                i += 3;
                continue;
            }
            out.push(bytes[i]);
            i += 1;
        }
        String::from_utf8_lossy(&out).into_owned()
    }
    String::from_utf8_lossy(body)
        .split('&')
        .filter_map(|pair| pair.split_once('=').map(|(k, v)| (decode(k), decode(v))))
        .collect()
}

async fn token(State(st): State<St>, body: Bytes) -> Response {
    let f = form(&body);
    if f.get("grant_type").map(String::as_str) != Some("client_credentials") {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": "unsupported_grant_type",
            "error_description": "Unsupported grant_type"})),
        )
            .into_response();
    }
    if f.get("client_id").map(String::as_str) != Some(demo::DK_CLIENT_ID)
        || f.get("client_secret").map(String::as_str) != Some(demo::DK_CLIENT_SECRET)
    {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({"error": "invalid_client",
            "error_description": "Invalid client or Invalid client credentials"})),
        )
            .into_response();
    }
    let mut dk = lock(&st);
    let token = format!("{}{}", fresh_uuid(), fresh_uuid()).replace('-', "");
    let ttl = dk.ttl;
    dk.tokens.insert(
        token.clone(),
        (demo::DK_CLIENT_ID.to_string(), Instant::now() + ttl),
    );
    let scope = f
        .get("scope")
        .cloned()
        .unwrap_or_else(|| "customers customers:create customers:update customers:status".into());
    Json(
        json!({"access_token": token, "token_type": "Bearer", "expires_in": ttl.as_secs_f64().ceil() as u64,
                "refresh_expires_in": 0, "not-before-policy": 0, "scope": scope}),
    )
    .into_response()
}

/// Checks the bearer token, then the client's fixed read or write window (see [`limits`]).
async fn auth(State(st): State<St>, request: Request, next: Next) -> Response {
    {
        let mut dk = lock(&st);
        let client = util::bearer(request.headers())
            .and_then(|t| dk.tokens.get(t))
            .filter(|(_, expires)| Instant::now() < *expires)
            .map(|(client, _)| client.clone());
        let Some(client) = client else {
            return error_response(StatusCode::UNAUTHORIZED, "Unauthorized");
        };
        let write = request.method() == Method::POST && !request.uri().path().ends_with("/status");
        if !dk.limits.hit(&client, write) {
            return error_response(StatusCode::TOO_MANY_REQUESTS, "Too Many Requests");
        }
        dk.settle();
    }
    next.run(request).await
}

async fn list(
    State(st): State<St>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let mut errors = Map::new();
    let mut bad = |field: &str, msg: String| {
        errors.insert(field.to_string(), json!([msg]));
    };
    let flag = |key: &str, default: bool, bad: &mut dyn FnMut(&str, String)| match q
        .get(key)
        .map(|v| v.to_lowercase())
    {
        None => default,
        Some(v) if v == "true" => true,
        Some(v) if v == "false" => false,
        Some(v) => {
            bad(key, format!("The value '{v}' is not valid."));
            default
        }
    };
    let newest = flag("newest", true, &mut bad);
    let by_created = flag("basedOnCreatedDate", false, &mut bad);
    let mut number = |key: &str, default: usize| match q.get(key).map(|v| v.parse::<usize>()) {
        None => default,
        Some(Ok(v)) => v,
        Some(Err(_)) => {
            bad(key, format!("The value '{}' is not valid.", q[key]));
            default
        }
    };
    let limit = number("limit", 100);
    let offset = number("offset", 0);
    if limit > 1000 {
        bad(
            "Limit",
            "'Limit' must be less than or equal to '1000'.".into(),
        );
    }
    let mut time = |key: &str| {
        let v = q.get(key).filter(|v| !v.is_empty())?;
        let t = parse_datetime(v, true);
        if t.is_none() {
            bad(key, format!("The value '{v}' is not valid."));
        }
        t
    };
    let (from, to) = (time("from"), time("to"));
    if !errors.is_empty() {
        return validation(errors);
    }
    let ready = lock(&st).ready.clone();
    ready.wait().await;
    let mut guard = lock(&st);
    if guard.by_updated.get().is_none() {
        // The background build never installed: build here (correct, only slow).
        let order = build_by_updated(guard.seed, guard.generated);
        guard.install(order);
    }
    let dk = &*guard;
    // The records in `from..=to`, a range of the order found by binary search: ids follow creation
    // (generated `createdAt` grows with the index, API-created ones are stamped now), and
    // `by_updated` is sorted by `updatedAt`.
    let range: &[u32] = if by_created {
        let live = dk.table.live();
        let lo = from.map_or(0, |f| live.partition_point(|&i| dk.timestamp(i, true) < f));
        let hi = to.map_or(live.len(), |t| {
            live.partition_point(|&i| dk.timestamp(i, true) <= t)
        });
        &live[lo..hi.max(lo)]
    } else {
        let order = dk.by_updated.get().unwrap_or_default();
        let key = |i| dk.timestamp(i, false);
        let lo = from.map_or(0, |f| dk.by_updated.seek(&f, false, key));
        let hi = to.map_or(order.len(), |t| dk.by_updated.seek(&t, true, key));
        &order[lo..hi.max(lo)]
    };
    // Stored records are copied under the lock; generated ones are made from their index after it.
    let records: Vec<(u32, Option<Customer>)> =
        window(range, offset, offset.saturating_add(limit), newest)
            .into_iter()
            .filter(|&i| dk.table.exists(i))
            .map(|i| (i, dk.table.stored(i).cloned()))
            .collect();
    let (seed, n) = (dk.seed, dk.generated);
    drop(guard);
    json::page(&records, seed, n, gzip::accepted(&headers))
}

async fn get_one(State(st): State<St>, Path(id): Path<String>) -> Response {
    let dk = lock(&st);
    match dk.idx_of(&id).and_then(|i| dk.get(i).map(|c| (i, c))) {
        Some((i, c)) => {
            Json(json!({"payload": data::to_json(ID_BASE + i as u64, &c)})).into_response()
        }
        None => error_response(StatusCode::NOT_FOUND, "Not Found"),
    }
}

/// The customer object: `{"customer":{…}}` (current API) or the unwrapped seed form.
fn unwrap_customer(body: &[u8]) -> Option<Map<String, Value>> {
    let mut map = json_object(body)?;
    match map.remove("customer") {
        Some(Value::Object(inner)) => Some(inner),
        Some(other) => {
            map.insert("customer".into(), other);
            Some(map)
        }
        None => Some(map),
    }
}

fn submit(st: &St, body: &[u8], create: bool) -> Response {
    let Some(body) = unwrap_customer(body) else {
        let mut e = Map::new();
        e.insert(
            "$".into(),
            json!(["The JSON value could not be converted."]),
        );
        return validation(e);
    };
    let (customer, id, problems) = data::parse(&body, create);
    if !problems.is_empty() {
        return validation(problems);
    }
    let change = match id {
        Some(id) if !create => Change::Update(id, customer),
        _ => Change::Create(customer),
    };
    let submission_id = fresh_uuid();
    lock(st).submissions.insert(
        submission_id.clone(),
        Submission {
            at: Instant::now(),
            change: Some(change),
            outcome: None,
        },
    );
    Json(json!({"submissionId": submission_id})).into_response()
}

async fn create(State(st): State<St>, body: Bytes) -> Response {
    submit(&st, &body, true)
}

async fn update(State(st): State<St>, body: Bytes) -> Response {
    submit(&st, &body, false)
}

async fn status(State(st): State<St>, body: Bytes) -> Response {
    let id = json_object(&body).and_then(|m| {
        util::field_str(&m, "submissionId").or_else(|| util::field_str(&m, "SubmissionId"))
    });
    let Some(id) = id.filter(|s| !s.is_empty() && s.len() <= 64) else {
        let mut e = Map::new();
        e.insert(
            "SubmissionId".into(),
            json!(["'Submission Id' must not be empty."]),
        );
        return validation(e);
    };
    let mut dk = lock(&st);
    dk.settle();
    let step = dk.step;
    let Some(s) = dk.submissions.get(&id) else {
        return error_response(StatusCode::NOT_FOUND, "Submission not found");
    };
    let pending_id = match &s.change {
        Some(Change::Update(id, _)) => id.parse::<u64>().ok(),
        _ => None,
    };
    let body = match &s.outcome {
        Some(Ok(customer)) => {
            json!({"customerId": customer, "status": "Succeeded", "errors": null})
        }
        Some(Err(errors)) => json!({"customerId": null, "status": "Failed", "errors": errors}),
        None if s.at.elapsed() < step => {
            json!({"customerId": pending_id, "status": "Accepted", "errors": null})
        }
        None => json!({"customerId": pending_id, "status": "Processing", "errors": null}),
    };
    Json(body).into_response()
}

/// The `idx`th generated customer as the list answers it (benches build a mirror without HTTP).
pub(crate) fn generated(seed: u64, n: u32, idx: u32) -> serde_json::Value {
    data::to_json(data::ID_BASE + idx as u64, &data::generate(seed, idx, n))
}

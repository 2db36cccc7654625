//! The Reportei Connect fake (`/reportei/api`): merchant bearer token, page/per_page paging, customers
//! by uuid, an `api_token` returned only by create (only a hash is kept), payment status, and
//! `/customers/settings` authenticated by `x-customer-token` (401 once the 7-day trial ended and the
//! customer is not paying). Errors: `{"message":"…"}`; 422/429 use `{"error":{"code","message","details"}}`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Json, Response};
use axum::routing::{get, post};
use rand::Rng;
use serde_json::{Value, json};

use super::demo;
use super::store::{Table, page_bounds};
use super::util::{self, fmt_datetime, json_object, mix, now_unix, pick, record_rng, uuid_from};
use super::words::WORDS;

const SALT: u64 = 0x5E5E;
const MERCHANT: &str = "Clientele Sandbox";
const TRIAL: i64 = 7 * 86_400;
const INTEGRATIONS: [(&str, &str); 5] = [
    ("Instagram Business", "instagram_business"),
    ("Facebook Ads", "facebook_ads"),
    ("Google Analytics 4", "google_analytics_4"),
    ("LinkedIn", "linkedin"),
    ("YouTube", "youtube"),
];

#[derive(Clone, Debug)]
struct Customer {
    uuid: String,
    name: String,
    created_at: i64,
    updated_at: i64,
    is_paying: bool,
    /// A hash of the api_token; the token itself is never stored.
    token_hash: Option<u64>,
}

struct Reportei {
    seed: u64,
    generated: u32,
    table: Table<Customer>,
    created_uuids: HashMap<String, u32>,
    tokens: HashMap<u64, u32>,
}

type St = Arc<Mutex<Reportei>>;

fn hash_token(token: &str) -> u64 {
    token.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        mix((h ^ b as u64).wrapping_mul(0x100_0000_01b3))
    })
}

fn uuid_mask(seed: u64) -> u64 {
    mix(seed ^ SALT) & 0xffff_ffff_ffff
}

fn generate(seed: u64, idx: u32) -> Customer {
    let w = &*WORDS;
    let mut rng = record_rng(seed, SALT, idx as u64);
    let name = if idx == 0 {
        "Agência Aurora".to_string()
    } else {
        pick(&mut rng, &w.br_forms).replace("{}", pick::<&str>(&mut rng, &w.br_words))
    };
    let created_at = 1_704_067_200 + rng.random_range(0..50_000_000);
    Customer {
        uuid: uuid_from(
            mix(seed ^ idx as u64 ^ 0xA5A5),
            (idx as u64 ^ uuid_mask(seed)) | (mix(idx as u64) & !0xffff_ffff_ffff),
        ),
        name,
        created_at,
        updated_at: created_at + rng.random_range(0..5_000_000),
        is_paying: rng.random_bool(0.6),
        token_hash: None,
    }
}

impl Reportei {
    fn get(&self, idx: u32) -> Option<Customer> {
        let seed = self.seed;
        self.table.get(idx, |i| generate(seed, i))
    }

    fn idx_of(&self, uuid: &str) -> Option<u32> {
        if let Some(&idx) = self.created_uuids.get(uuid) {
            return self.table.exists(idx).then_some(idx);
        }
        let last = u64::from_str_radix(uuid.rsplit('-').next()?, 16).ok()?;
        let idx = u32::try_from((last ^ uuid_mask(self.seed)) & 0xffff_ffff_ffff).ok()?;
        (idx < self.generated && self.get(idx).is_some_and(|c| c.uuid == uuid)).then_some(idx)
    }
}

/// The customer as the API sends it, written straight from the record (no `Value` tree per customer).
struct CustomerJson<'a>(&'a Customer);

impl serde::Serialize for CustomerJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let c = self.0;
        let mut m = s.serialize_map(Some(7))?;
        m.serialize_entry("uuid", &c.uuid)?;
        m.serialize_entry("name", &c.name)?;
        m.serialize_entry("created_at", &fmt_datetime(c.created_at, ' '))?;
        m.serialize_entry("updated_at", &fmt_datetime(c.updated_at, ' '))?;
        m.serialize_entry("trial_ends_at", &fmt_datetime(c.created_at + TRIAL, ' '))?;
        m.serialize_entry("is_paying", &c.is_paying)?;
        m.serialize_entry("merchant", &MERCHANT)?;
        m.end()
    }
}

fn to_json(c: &Customer) -> Value {
    serde_json::to_value(CustomerJson(c)).unwrap_or_default()
}

pub(crate) fn router(seed: u64, n: u32) -> Router {
    let state: St = Arc::new(Mutex::new(Reportei {
        seed,
        generated: n,
        table: Table::new(n),
        created_uuids: HashMap::new(),
        tokens: HashMap::new(),
    }));
    Router::new()
        .route("/customers", get(list).post(create))
        .route("/customers/settings", get(settings))
        .route("/customers/{uuid}", get(get_one).put(update).delete(remove))
        .route(
            "/customers/{uuid}/update-payment-status",
            post(payment_status),
        )
        .fallback(|| async { error_response(StatusCode::NOT_FOUND, "Not Found") })
        .layer(axum::middleware::from_fn(auth))
        .with_state(state)
}

async fn auth(request: Request, next: Next) -> Response {
    if util::bearer(request.headers()) == Some(demo::REPORTEI_TOKEN) {
        next.run(request).await
    } else {
        error_response(StatusCode::UNAUTHORIZED, "Unauthenticated.")
    }
}

/// `{"message":…}`, or for 422/429 `{"error":{"code","message","details"}}`.
pub(crate) fn error_response(status: StatusCode, message: &str) -> Response {
    let body = match status.as_u16() {
        422 => json!({"error": {"code": "validation_error", "message": message, "details": {}}}),
        429 => json!({"error": {"code": "too_many_requests", "message": message, "details": {}}}),
        _ => json!({"message": message}),
    };
    (status, Json(body)).into_response()
}

fn name_required() -> Response {
    let body = json!({"error": {"code": "validation_error", "message": "The name field is required.",
                      "details": {"name": ["The name field is required."]}}});
    (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response()
}

fn lock(st: &St) -> std::sync::MutexGuard<'_, Reportei> {
    st.lock().unwrap_or_else(|e| e.into_inner())
}

fn not_found() -> Response {
    error_response(StatusCode::NOT_FOUND, "Customer not found.")
}

async fn list(
    State(st): State<St>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let num = |k: &str, d: usize| {
        q.get(k)
            .and_then(|v| v.parse::<usize>().ok())
            .filter(|v| *v >= 1)
            .unwrap_or(d)
    };
    let (page, per_page) = (num("page", 1), num("per_page", 15).min(100));
    let r = lock(&st);
    let total = r.table.len();
    let (start, end) = page_bounds(total, per_page, page);
    let records: Vec<Customer> = r.table.live()[start..end]
        .iter()
        .filter_map(|&i| r.get(i))
        .collect();
    drop(r);
    let (from, to) = if records.is_empty() {
        (Value::Null, Value::Null)
    } else {
        (json!(start + 1), json!(end))
    };
    let meta = json!({"current_page": page, "from": from, "last_page": total.div_ceil(per_page).max(1),
        "path": format!("http://{}/reportei/api/customers", util::host(&headers)), "per_page": per_page, "to": to,
        "total": total, "sortBy": null, "descending": false});
    #[derive(serde::Serialize)]
    struct Page<'a> {
        data: Vec<CustomerJson<'a>>,
        meta: Value,
    }
    // Serialised outside the lock, straight from the records.
    let data = records.iter().map(CustomerJson).collect();
    Json(Page { data, meta }).into_response()
}

fn name_of(body: &[u8]) -> Option<String> {
    json_object(body)
        .and_then(|m| util::field_str(&m, "name"))
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty() && n.chars().count() <= 255)
}

async fn create(State(st): State<St>, body: Bytes) -> Response {
    let Some(name) = name_of(&body) else {
        return name_required();
    };
    let token: String = {
        let mut rng = record_rng(hash_token(&util::fresh_uuid()), SALT, 1);
        (0..64)
            .map(|_| char::from_digit(rng.random_range(0..16), 16).unwrap_or('0'))
            .collect()
    };
    let now = now_unix();
    let c = Customer {
        uuid: util::fresh_uuid(),
        name,
        created_at: now,
        updated_at: now,
        is_paying: false,
        token_hash: Some(hash_token(&token)),
    };
    let mut r = lock(&st);
    let idx = r.table.insert(c.clone());
    r.created_uuids.insert(c.uuid.clone(), idx);
    r.tokens.insert(hash_token(&token), idx);
    let mut value = to_json(&c);
    value["api_token"] = json!(token);
    (StatusCode::CREATED, Json(json!({"customer": value}))).into_response()
}

async fn get_one(State(st): State<St>, Path(uuid): Path<String>) -> Response {
    let r = lock(&st);
    match r.idx_of(&uuid).and_then(|i| r.get(i)) {
        Some(c) => Json(json!({"customer": to_json(&c)})).into_response(),
        None => not_found(),
    }
}

async fn update(State(st): State<St>, Path(uuid): Path<String>, body: Bytes) -> Response {
    let mut r = lock(&st);
    let Some((idx, mut c)) = r.idx_of(&uuid).and_then(|i| r.get(i).map(|c| (i, c))) else {
        return not_found();
    };
    let Some(name) = name_of(&body) else {
        return name_required();
    };
    c.name = name;
    c.updated_at = now_unix();
    r.table.put(idx, c.clone());
    Json(json!({"customer": to_json(&c)})).into_response()
}

async fn remove(State(st): State<St>, Path(uuid): Path<String>) -> Response {
    let mut r = lock(&st);
    let Some(idx) = r.idx_of(&uuid) else {
        return not_found();
    };
    if let Some(hash) = r.get(idx).and_then(|c| c.token_hash) {
        r.tokens.remove(&hash);
    }
    r.table.remove(idx);
    Json(json!({"success": true, "message": "Record successfully removed"})).into_response()
}

async fn payment_status(State(st): State<St>, Path(uuid): Path<String>, body: Bytes) -> Response {
    let mut r = lock(&st);
    let Some((idx, mut c)) = r.idx_of(&uuid).and_then(|i| r.get(i).map(|c| (i, c))) else {
        return not_found();
    };
    let Some(paying) = json_object(&body).and_then(|m| m.get("is_paying").and_then(Value::as_bool))
    else {
        let body = json!({"error": {"code": "validation_error", "message": "The is paying field is required.",
                          "details": {"is_paying": ["The is paying field is required."]}}});
        return (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response();
    };
    c.is_paying = paying;
    c.updated_at = now_unix();
    r.table.put(idx, c);
    let message = if paying {
        "Customer is now marked as a paying customer"
    } else {
        "Customer is now marked as a not paying customer"
    };
    Json(json!({"success": true, "message": message})).into_response()
}

async fn settings(State(st): State<St>, headers: HeaderMap) -> Response {
    let token = headers
        .get("x-customer-token")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let r = lock(&st);
    let Some(c) = r
        .tokens
        .get(&hash_token(token))
        .and_then(|&i| r.get(i))
        .filter(|c| c.token_hash == Some(hash_token(token)))
    else {
        return error_response(StatusCode::UNAUTHORIZED, "Unauthenticated.");
    };
    if !c.is_paying && now_unix() > c.created_at + TRIAL {
        return error_response(StatusCode::UNAUTHORIZED, "Trial period has ended.");
    }
    let mut rng = record_rng(mix(c.uuid.len() as u64), SALT, hash_token(&c.uuid));
    let count = rng.random_range(1..=3);
    let integrations: Vec<Value> = INTEGRATIONS[..count]
        .iter()
        .map(|(name, slug)| {
            json!({"uuid": uuid_from(rng.random(), rng.random()), "integration": name,
              "name": c.name.to_lowercase().replace(' ', "-"), "slug": slug, "status": "active"})
        })
        .collect();
    let mut value = to_json(&c);
    value["integrations"] = json!(integrations);
    Json(json!({"customer": value})).into_response()
}

/// The `idx`th generated customer as the list answers it (benches build a mirror without HTTP).
pub(crate) fn generated(seed: u64, idx: u32) -> Value {
    to_json(&generate(seed, idx))
}

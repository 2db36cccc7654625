//! The CycleSoftware fake (`/cyclesoftware`): HTTP Basic, `.json` paths, offset paging, `find` returning a
//! bare array (and a 200 `{"error":true}` when called without parameters), full-replacement PUT, common
//! enums and real moving-window rate-limit counters on every response.

mod data;
mod limits;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Json, Response};
use axum::routing::get;
use serde_json::{Value, json};

use self::data::{CUSTOMER_TYPES, Customer, ID_BASE};
use super::index::{KeyBlocks, Ready, spawn_build};
use super::store::Table;
use super::util::{self, contains_ci, json_object, now_unix, parse_datetime};
use super::{SandboxOptions, demo};

/// Customers per `list.json` page (server-chosen).
const PAGE_SIZE: usize = 100;
/// Most results `find.json` returns.
const FIND_CAP: usize = 100;

struct CycleSoftware {
    seed: u64,
    generated: u32,
    table: Table<Customer>,
    /// Modification times per block of ids, for `modified_since` pages in O(blocks + page); built in
    /// the background at start, kept by every write.
    modified: KeyBlocks,
    ready: Ready,
}

type St = Arc<Mutex<CycleSoftware>>;

impl CycleSoftware {
    fn get(&self, idx: u32) -> Option<Customer> {
        let (seed, n) = (self.seed, self.generated);
        self.table.get(idx, |i| data::generate(seed, i, n))
    }

    fn idx_of(&self, id: u64) -> Option<u32> {
        let idx = u32::try_from(id.checked_sub(ID_BASE)?).ok()?;
        self.table.exists(idx).then_some(idx)
    }

    fn modified_at(&self, idx: u32) -> i64 {
        match self.table.stored(idx) {
            Some(c) => c.modified_at,
            None => data::generated_modified_at(self.seed, idx, self.generated),
        }
    }
}

fn build_modified(seed: u64, n: u32) -> Vec<Vec<i64>> {
    KeyBlocks::build(n, |i| data::generated_modified_at(seed, i, n))
}

pub(crate) fn router(options: &SandboxOptions, n: u32) -> Router {
    let seed = options.seed;
    let state: St = Arc::new(Mutex::new(CycleSoftware {
        seed,
        generated: n,
        table: Table::new(n),
        modified: KeyBlocks::default(),
        ready: Ready::default(),
    }));
    let ready = spawn_build(
        &state,
        move || build_modified(seed, n),
        |cs: &mut CycleSoftware, blocks| cs.modified.install(blocks),
    );
    lock(&state).ready = ready;
    let limiter = Arc::new(Mutex::new(limits::Limiter::new(options)));
    Router::new()
        .route("/api/v1/customers/list.json", get(list))
        .route("/api/v1/customers/find.json", get(find))
        .route("/api/v1/customers.json", axum::routing::post(create))
        .route("/api/v1/customers/{file}", get(get_one).put(replace))
        .route("/api/v1/common/enum.json", get(enums))
        .route("/api/v1/common/enum/{file}", get(enum_subject))
        .fallback(|| async { error_response(StatusCode::NOT_FOUND, "Not found") })
        .layer(axum::middleware::from_fn(auth))
        .layer(axum::middleware::from_fn_with_state(
            limiter,
            limits::rate_limit,
        ))
        .with_state(state)
}

async fn auth(request: Request, next: Next) -> Response {
    match util::basic(request.headers()) {
        Some((user, password))
            if user == demo::CYCLESOFTWARE_USERNAME && password == demo::CYCLESOFTWARE_PASSWORD =>
        {
            next.run(request).await
        }
        _ => error_response(
            StatusCode::UNAUTHORIZED,
            "Unauthorized: invalid username or password",
        ),
    }
}

/// CycleSoftware's error body `{"error":true,"error_message":"…"}`.
pub(crate) fn error_response(status: StatusCode, message: &str) -> Response {
    (
        status,
        Json(json!({"error": true, "error_message": message})),
    )
        .into_response()
}

fn lock(st: &St) -> std::sync::MutexGuard<'_, CycleSoftware> {
    st.lock().unwrap_or_else(|e| e.into_inner())
}

/// `1006.json` → 1006.
fn id_from_file(file: &str) -> Option<u64> {
    file.strip_suffix(".json")?.parse().ok()
}

async fn list(State(st): State<St>, Query(q): Query<HashMap<String, String>>) -> Response {
    let offset = match q.get("offset").filter(|o| !o.is_empty()) {
        None => 0,
        Some(o) => match o.parse::<usize>() {
            Ok(o) => o,
            Err(_) => return error_response(StatusCode::BAD_REQUEST, "Invalid offset"),
        },
    };
    let since = match q.get("modified_since").filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => match parse_datetime(s, false) {
            Some(t) => Some(t),
            None => {
                return error_response(
                    StatusCode::BAD_REQUEST,
                    "Invalid modified_since, expected format yyyy-mm-dd hh:mm:ss",
                );
            }
        },
    };
    if since.is_some() {
        let ready = lock(&st).ready.clone();
        ready.wait().await;
    }
    let mut guard = lock(&st);
    if since.is_some() && !guard.modified.ready() {
        // The background build never installed: build here (correct, only slow).
        let blocks = build_modified(guard.seed, guard.generated);
        guard.modified.install(blocks);
    }
    let cs = &*guard;
    let matching: Vec<u32> = match since {
        None => cs
            .table
            .live()
            .iter()
            .skip(offset)
            .take(PAGE_SIZE + 1)
            .copied()
            .collect(),
        Some(since) => cs
            .modified
            .page(since, offset, PAGE_SIZE + 1, cs.table.live(), |i| {
                cs.modified_at(i)
            }),
    };
    let more = matching.len() > PAGE_SIZE;
    let records: Vec<(u32, Customer)> = matching
        .iter()
        .take(PAGE_SIZE)
        .filter_map(|&i| cs.get(i).map(|c| (i, c)))
        .collect();
    drop(guard);
    #[derive(serde::Serialize)]
    struct Pagination {
        count: usize,
        next_offset: Option<usize>,
    }
    #[derive(serde::Serialize)]
    struct Page<'a> {
        error: bool,
        error_message: Option<&'a str>,
        customers: Vec<data::CustomerJson<'a>>,
        pagination: Pagination,
    }
    // Serialised outside the lock, straight from the records.
    Json(Page {
        error: false,
        error_message: None,
        customers: records
            .iter()
            .map(|(i, c)| data::CustomerJson(ID_BASE + *i as u64, c))
            .collect(),
        pagination: Pagination {
            count: records.len(),
            next_offset: more.then_some(offset + PAGE_SIZE),
        },
    })
    .into_response()
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

async fn find(State(st): State<St>, Query(q): Query<HashMap<String, String>>) -> Response {
    let param = |k: &str| {
        q.get(k)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let phone = param("phone_number").map(|p| digits(&p));
    let postal = param("postal_code").map(|p| p.replace(' ', "").to_uppercase());
    let house = param("housenumber");
    let postfix = param("housenumber_postfix").map(|p| p.to_lowercase());
    let email = param("email").map(|e| e.to_lowercase());
    let query = param("query").map(|e| e.to_lowercase());
    let country = param("country_code").map(|c| c.to_uppercase());
    let type_name = match param("customer_type_id") {
        None => None,
        Some(t) => match t
            .parse::<u32>()
            .ok()
            .and_then(|id| CUSTOMER_TYPES.iter().find(|c| c.0 == id))
        {
            Some(t) => Some(t.1),
            None => return error_response(StatusCode::BAD_REQUEST, "Invalid customer_type_id"),
        },
    };
    if phone.is_none()
        && postal.is_none()
        && house.is_none()
        && postfix.is_none()
        && email.is_none()
        && query.is_none()
        && country.is_none()
        && type_name.is_none()
    {
        // The documented quirk: a failed find still answers 200.
        return Json(json!({"error": true, "error_message": "No search parameters given"}))
            .into_response();
    }
    let cs = lock(&st);
    let mut found = Vec::new();
    for &idx in cs.table.live() {
        let Some(c) = cs.get(idx) else { continue };
        let hit = phone.as_ref().is_none_or(|p| {
            !p.is_empty()
                && c.phone_numbers
                    .iter()
                    .any(|n| digits(&n.number).contains(p.as_str()))
        }) && postal
            .as_ref()
            .is_none_or(|p| c.postcode.replace(' ', "").to_uppercase() == *p)
            && house.as_ref().is_none_or(|h| c.house_number == *h)
            && postfix
                .as_ref()
                .is_none_or(|p| c.house_number_postfix.to_lowercase() == *p)
            && email.as_ref().is_none_or(|e| c.email.to_lowercase() == *e)
            && country.as_ref().is_none_or(|k| c.country_code == *k)
            && type_name.is_none_or(|t| c.customer_type_name == t)
            && query.as_ref().is_none_or(|needle| {
                let hay = format!(
                    "{} {} {} {} {} {} {}",
                    c.first_name,
                    c.insertion,
                    c.name,
                    c.company_name.as_deref().unwrap_or(""),
                    c.email,
                    c.city,
                    c.street
                );
                contains_ci(&hay, needle)
                    || contains_ci(&format!("{} {}", c.first_name, c.name), needle)
            });
        if hit {
            found.push(data::to_json(ID_BASE + idx as u64, &c));
            if found.len() == FIND_CAP {
                break;
            }
        }
    }
    Json(Value::Array(found)).into_response()
}

async fn get_one(State(st): State<St>, Path(file): Path<String>) -> Response {
    let cs = lock(&st);
    match id_from_file(&file).and_then(|id| cs.idx_of(id)) {
        Some(idx) => match cs.get(idx) {
            Some(c) => Json(data::to_json(ID_BASE + idx as u64, &c)).into_response(),
            None => error_response(StatusCode::NOT_FOUND, "Customer not found"),
        },
        None => error_response(StatusCode::NOT_FOUND, "Customer not found"),
    }
}

fn parse_body(body: &[u8]) -> Result<Customer, Box<Response>> {
    let Some(body) = json_object(body) else {
        return Err(Box::new(error_response(
            StatusCode::BAD_REQUEST,
            "Invalid JSON body",
        )));
    };
    data::from_body(&body)
        .map_err(|errors| Box::new(error_response(StatusCode::BAD_REQUEST, &errors.join("; "))))
}

async fn create(State(st): State<St>, body: Bytes) -> Response {
    let mut c = match parse_body(&body) {
        Ok(c) => c,
        Err(response) => return *response,
    };
    let now = now_unix();
    c.datetime_created = Some(now);
    c.modified_at = now;
    let mut cs = lock(&st);
    let idx = cs.table.insert(c.clone());
    cs.modified.change(idx, None, Some(c.modified_at));
    Json(data::to_json(ID_BASE + idx as u64, &c)).into_response()
}

async fn replace(State(st): State<St>, Path(file): Path<String>, body: Bytes) -> Response {
    let mut cs = lock(&st);
    let Some(idx) = id_from_file(&file).and_then(|id| cs.idx_of(id)) else {
        return error_response(StatusCode::NOT_FOUND, "Customer not found");
    };
    let mut c = match parse_body(&body) {
        Ok(c) => c,
        Err(response) => return *response,
    };
    c.datetime_created = cs.get(idx).and_then(|old| old.datetime_created);
    c.modified_at = now_unix();
    let old = cs.modified_at(idx);
    cs.modified.change(idx, Some(old), Some(c.modified_at));
    cs.table.put(idx, c.clone());
    Json(data::to_json(ID_BASE + idx as u64, &c)).into_response()
}

fn customer_types() -> Value {
    CUSTOMER_TYPES
        .iter()
        .map(|(id, d, en)| json!({"id": id, "description": d, "description_en": en}))
        .collect()
}

async fn enums() -> Response {
    Json(json!({"customer_types": customer_types()})).into_response()
}

async fn enum_subject(Path(file): Path<String>) -> Response {
    match file.as_str() {
        "customer_types.json" => Json(customer_types()).into_response(),
        _ => error_response(StatusCode::NOT_FOUND, "Unknown enum subject"),
    }
}

/// The `idx`th generated customer as the list answers it (benches build a mirror without HTTP).
pub(crate) fn generated(seed: u64, n: u32, idx: u32) -> serde_json::Value {
    data::to_json(data::ID_BASE + idx as u64, &data::generate(seed, idx, n))
}

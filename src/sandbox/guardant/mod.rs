//! The Guardant Station fake (`/guardant/v1.0`): bearer token or HTTP Basic, camelCase requests,
//! lowercase responses, unix-second dates (0 = none) and offset/limit paging with three sort orders.
//!
//! The real error envelope is undocumented; the sandbox answers `{"code":<number>,"message":"…"}` with
//! codes 1000 internal error, 1001 authorization required, 1002 not found, 1003 invalid request,
//! 1004 too many requests. `DELETE /customers/{id}` answers 200 with `{}`.

mod data;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Json, Response};
use axum::routing::get;
use serde_json::{Map, Value, json};

use self::data::{Customer, ID_BASE};
use super::demo;
use super::store::Table;
use super::util::{self, is_email, json_object, now_unix};

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Sort {
    Default,
    Name,
    Company,
}

struct Guardant {
    seed: u64,
    generated: u32,
    table: Table<Customer>,
    /// Sorted indices per sort order, built on first use and dropped on every change.
    sorted: HashMap<Sort, Vec<u32>>,
}

type St = Arc<Mutex<Guardant>>;

impl Guardant {
    fn get(&self, idx: u32) -> Option<Customer> {
        let seed = self.seed;
        self.table.get(idx, |i| data::generate(seed, i))
    }

    fn idx_of(&self, id: &str) -> Option<u32> {
        let id: u64 = id.parse().ok()?;
        let idx = u32::try_from(id.checked_sub(ID_BASE)?).ok()?;
        self.table.exists(idx).then_some(idx)
    }

    fn sorted(&mut self, sort: Sort) -> &[u32] {
        if !self.sorted.contains_key(&sort) {
            let mut order: Vec<u32> = self.table.live().to_vec();
            order.sort_by_cached_key(|&i| {
                let c = self.get(i).unwrap_or_default();
                let key = match sort {
                    Sort::Default => (c.companyname, c.lastname, c.name),
                    Sort::Name => (c.lastname, c.name, String::new()),
                    Sort::Company => (c.companyname, String::new(), String::new()),
                };
                (key, i)
            });
            self.sorted.insert(sort, order);
        }
        &self.sorted[&sort]
    }
}

pub(crate) fn router(seed: u64, n: u32) -> Router {
    let state: St = Arc::new(Mutex::new(Guardant {
        seed,
        generated: n,
        table: Table::new(n),
        sorted: HashMap::new(),
    }));
    Router::new()
        .route("/customers", get(list).post(create))
        .route("/customers/{id}", get(get_one).put(update).delete(remove))
        .route("/customers/{id}/orders", get(orders))
        .fallback(|| async { error_response(StatusCode::NOT_FOUND, "Method not found") })
        .layer(axum::middleware::from_fn(auth))
        .with_state(state)
}

async fn auth(request: Request, next: Next) -> Response {
    let headers = request.headers();
    let ok = util::bearer(headers) == Some(demo::GUARDANT_TOKEN)
        || util::basic(headers)
            .is_some_and(|(u, p)| u == demo::GUARDANT_USERNAME && p == demo::GUARDANT_PASSWORD);
    if ok {
        next.run(request).await
    } else {
        error_response(StatusCode::UNAUTHORIZED, "Authorization is required")
    }
}

/// `{"code":…,"message":…}` with a Guardant-style numeric code chosen from the status.
pub(crate) fn error_response(status: StatusCode, message: &str) -> Response {
    let code = match status.as_u16() {
        401 | 403 => 1001,
        404 => 1002,
        400 | 422 => 1003,
        429 => 1004,
        _ => 1000,
    };
    (status, Json(json!({"code": code, "message": message}))).into_response()
}

fn bad(message: &str) -> Response {
    error_response(StatusCode::BAD_REQUEST, message)
}

fn not_found() -> Response {
    error_response(StatusCode::NOT_FOUND, "Customer not found")
}

fn lock(st: &St) -> std::sync::MutexGuard<'_, Guardant> {
    st.lock().unwrap_or_else(|e| e.into_inner())
}

/// `offset` (0-based), `limit` (1..=100, default 100) and `direction` (asc|desc).
fn paging(q: &HashMap<String, String>) -> Result<(usize, usize, bool), String> {
    let offset = match q.get("offset").filter(|v| !v.is_empty()) {
        None => 0,
        Some(v) => v
            .parse::<usize>()
            .map_err(|_| String::from("Invalid offset"))?,
    };
    let limit = match q.get("limit").filter(|v| !v.is_empty()) {
        None => 100,
        Some(v) => match v.parse::<usize>() {
            Ok(l) if (1..=100).contains(&l) => l,
            _ => return Err(String::from("Invalid limit: expected 1..100")),
        },
    };
    let desc = match q.get("direction").map(String::as_str) {
        None | Some("") | Some("asc") => false,
        Some("desc") => true,
        Some(_) => return Err(String::from("Invalid direction: expected asc or desc")),
    };
    Ok((offset, limit, desc))
}

async fn list(State(st): State<St>, Query(q): Query<HashMap<String, String>>) -> Response {
    let (offset, limit, desc) = match paging(&q) {
        Ok(p) => p,
        Err(message) => return bad(&message),
    };
    let sort = match q.get("sortby").map(String::as_str) {
        None | Some("") | Some("default") => Sort::Default,
        Some("name") => Sort::Name,
        Some("company") => Sort::Company,
        Some(_) => return bad("Invalid sortby: expected default, name or company"),
    };
    let kind = q.get("type").map(String::as_str);
    let archived = match q.get("archived").map(String::as_str) {
        Some("true") => Some(true),
        Some("false") => Some(false),
        None | Some("") => None,
        Some(_) => return bad("Invalid archived: expected true or false"),
    };
    let mut g = lock(&st);
    let order = g.sorted(sort).to_vec();
    let iter: Box<dyn Iterator<Item = &u32>> = if desc {
        Box::new(order.iter().rev())
    } else {
        Box::new(order.iter())
    };
    let filtered = matches!(kind, Some("company" | "person")) || archived.is_some();
    let customers: Vec<Value> = iter
        .filter_map(|&i| {
            if !filtered {
                return Some((i, None));
            }
            let c = g.get(i)?;
            let keep = match kind {
                Some("company") => !c.companyname.is_empty(),
                Some("person") => c.companyname.is_empty(),
                _ => true,
            } && archived.is_none_or(|a| a == c.archived);
            keep.then_some((i, Some(c)))
        })
        .skip(offset)
        .take(limit)
        .filter_map(|(i, c)| {
            c.or_else(|| g.get(i))
                .map(|c| data::to_json(ID_BASE + i as u64, &c))
        })
        .collect();
    Json(json!({"customers": customers})).into_response()
}

async fn get_one(State(st): State<St>, Path(id): Path<String>) -> Response {
    let g = lock(&st);
    match g.idx_of(&id).and_then(|i| g.get(i).map(|c| (i, c))) {
        Some((i, c)) => {
            Json(json!({"customer": data::to_json(ID_BASE + i as u64, &c)})).into_response()
        }
        None => not_found(),
    }
}

/// Applies a camelCase body; with `create`, `customerName` is required.
fn apply(body: &Map<String, Value>, c: &mut Customer, create: bool) -> Result<(), String> {
    let s = |k: &str| util::field_str(body, k).map(|v| v.trim().to_string());
    match s("customerName") {
        Some(name) if !name.is_empty() => c.name = name,
        Some(_) => return Err(String::from("customerName must not be empty")),
        None if create => return Err(String::from("customerName is required")),
        None => {}
    }
    if let Some(email) = s("customerEmail") {
        if !email.is_empty() && !is_email(&email) {
            return Err(String::from("customerEmail is not a valid e-mail address"));
        }
        c.email = email;
    }
    for (key, field) in [
        ("customerLastName", &mut c.lastname),
        ("customerCompanyName", &mut c.companyname),
        ("customerPhone", &mut c.phone),
        ("customerDescription", &mut c.description),
        ("crmId", &mut c.crmid),
        ("refId", &mut c.refid),
    ] {
        if let Some(v) = s(key) {
            *field = v;
        }
    }
    match body.get("customerStatus") {
        None | Some(Value::Null) => {}
        Some(v) => match v
            .as_i64()
            .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
        {
            Some(status) => c.status = status,
            None => return Err(String::from("customerStatus must be a number")),
        },
    }
    match body.get("archived") {
        None | Some(Value::Null) => {}
        Some(Value::Bool(a)) => {
            if *a && !c.archived {
                c.archivationdate = now_unix();
            } else if !*a {
                c.archivationdate = 0;
            }
            c.archived = *a;
        }
        Some(_) => return Err(String::from("archived must be true or false")),
    }
    Ok(())
}

async fn create(State(st): State<St>, body: Bytes) -> Response {
    let Some(body) = json_object(&body) else {
        return bad("Invalid JSON body");
    };
    let mut c = Customer::default();
    if let Err(message) = apply(&body, &mut c, true) {
        return bad(&message);
    }
    let mut g = lock(&st);
    let idx = g.table.insert(c.clone());
    g.sorted.clear();
    Json(json!({"customer": data::to_json(ID_BASE + idx as u64, &c)})).into_response()
}

async fn update(State(st): State<St>, Path(id): Path<String>, body: Bytes) -> Response {
    let Some(body) = json_object(&body) else {
        return bad("Invalid JSON body");
    };
    let mut g = lock(&st);
    let Some((idx, mut c)) = g.idx_of(&id).and_then(|i| g.get(i).map(|c| (i, c))) else {
        return not_found();
    };
    if let Err(message) = apply(&body, &mut c, false) {
        return bad(&message);
    }
    g.table.put(idx, c.clone());
    g.sorted.clear();
    Json(json!({"customer": data::to_json(ID_BASE + idx as u64, &c)})).into_response()
}

async fn remove(State(st): State<St>, Path(id): Path<String>) -> Response {
    let mut g = lock(&st);
    let Some(idx) = g.idx_of(&id) else {
        return not_found();
    };
    g.table.remove(idx);
    g.sorted.clear();
    Json(json!({})).into_response()
}

async fn orders(
    State(st): State<St>,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let (offset, limit, desc) = match paging(&q) {
        Ok(p) => p,
        Err(message) => return bad(&message),
    };
    let by_submit = match q.get("sortby").map(String::as_str) {
        None | Some("") | Some("number") => false,
        Some("submitdate") => true,
        Some(_) => return bad("Invalid sortby: expected number or submitdate"),
    };
    let statuses: Option<Vec<i64>> = match q.get("status").filter(|s| !s.is_empty()) {
        None => None,
        Some(list) => match list
            .split(',')
            .map(|s| s.trim().parse::<i64>())
            .collect::<Result<Vec<_>, _>>()
        {
            Ok(v) if v.iter().all(|s| (0..=2).contains(s)) => Some(v),
            _ => return bad("Invalid status: expected a comma-separated list of 0, 1, 2"),
        },
    };
    let g = lock(&st);
    let Some(idx) = g.idx_of(&id) else {
        return not_found();
    };
    let mut list = if idx < g.generated {
        data::orders(g.seed, idx)
    } else {
        Vec::new()
    };
    list.retain(|o| statuses.as_ref().is_none_or(|s| s.contains(&o.status)));
    list.sort_by_key(|o| {
        (
            if by_submit {
                o.submitdate
            } else {
                o.number as i64
            },
            o.id,
        )
    });
    if desc {
        list.reverse();
    }
    let orders: Vec<Value> = list
        .into_iter()
        .skip(offset)
        .take(limit)
        .map(|o| o.value)
        .collect();
    Json(json!({"orders": orders})).into_response()
}

//! The Ngorder fake (`/ngorder/api/open`): customers, activation, orders, categories and regions.
//!
//! Sandbox additions beyond the documented list item: `is_active` (Y/N/R/T), `registration_status`
//! (0/1/4/T/R) and `created_at` (`yyyy-mm-dd hh:mm:ss`, no zone). Non-validation errors (401, 404, 429,
//! 5xx) use `{"request_id","response":"Failed","message":"…","data":null}`; an unknown customer id is a
//! 422 validation error on its field, like Laravel's `exists` rule. Request bodies are JSON.

mod data;
mod lookups;
mod validate;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Query, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Json, Response};
use axum::routing::{get, patch, post};
use serde_json::{Value, json};

use self::data::{Customer, ID_BASE};
use self::validate::{Errors, Fields};
use super::index::{Ready, Sorted, sorted_by_key, spawn_build, window};
use super::store::{Table, page_bounds};
use super::util::{self, contains_ci, json_object};
use crate::sandbox::demo;

pub(crate) struct Ngorder {
    seed: u64,
    generated: u32,
    table: Table<Customer>,
    /// Records by last order date (then id), ascending; read backwards for `LAST_ORDER`. Built in the
    /// background at start; edits never move a record (its orders follow from its creation).
    by_last_order: Sorted,
    ready: Ready,
}

type St = Arc<Mutex<Ngorder>>;

impl Ngorder {
    fn get(&self, idx: u32) -> Option<Customer> {
        let (seed, n) = (self.seed, self.generated);
        self.table.get(idx, |i| data::generate(seed, i, n))
    }

    fn idx_of(&self, id: u64) -> Option<u32> {
        let idx = u32::try_from(id.checked_sub(ID_BASE)?).ok()?;
        self.table.exists(idx).then_some(idx)
    }

    fn created_at(&self, idx: u32) -> i64 {
        match self.table.stored(idx) {
            Some(c) => c.created_at,
            None => data::generated_created_at(self.seed, idx, self.generated),
        }
    }

    fn orders(&self, idx: u32) -> Vec<data::Order> {
        if idx >= self.generated {
            return Vec::new();
        }
        data::orders(self.seed, idx, self.created_at(idx))
    }

    fn last_order(&self, idx: u32) -> i64 {
        self.orders(idx).last().map_or(0, |o| o.date)
    }

    fn install(&mut self, order: Vec<u32>) {
        let (seed, n) = (self.seed, self.generated);
        let mut index = std::mem::take(&mut self.by_last_order);
        index.install(
            order,
            n,
            |i| generated_last_order(seed, n, i),
            |i| self.table.exists(i).then(|| self.last_order(i)),
        );
        self.by_last_order = index;
    }

    /// Builds the order here only if the background build never installed it.
    fn ensure_built(&mut self) {
        if self.by_last_order.get().is_none() {
            let order = build_by_last_order(self.seed, self.generated);
            self.install(order);
        }
    }

    fn add(&mut self, idx: u32) {
        let mut index = std::mem::take(&mut self.by_last_order);
        index.insert(idx, |i| self.last_order(i));
        self.by_last_order = index;
    }

    fn remove(&mut self, idx: u32) {
        let mut index = std::mem::take(&mut self.by_last_order);
        index.remove(idx, |i| self.last_order(i));
        self.by_last_order = index;
        self.table.remove(idx);
    }
}

fn generated_last_order(seed: u64, n: u32, idx: u32) -> i64 {
    let created = data::generated_created_at(seed, idx, n);
    data::orders(seed, idx, created)
        .last()
        .map_or(0, |o| o.date)
}

fn build_by_last_order(seed: u64, n: u32) -> Vec<u32> {
    sorted_by_key(n, |i| generated_last_order(seed, n, i))
}

pub(crate) fn router(seed: u64, n: u32) -> Router {
    let state: St = Arc::new(Mutex::new(Ngorder {
        seed,
        generated: n,
        table: Table::new(n),
        by_last_order: Sorted::default(),
        ready: Ready::default(),
    }));
    let ready = spawn_build(
        &state,
        move || build_by_last_order(seed, n),
        |ng: &mut Ngorder, order| ng.install(order),
    );
    lock(&state).ready = ready;
    Router::new()
        .route("/customer", get(list))
        .route("/customer/create", post(create))
        .route("/customer/update", patch(update))
        .route("/customer/activation-status", patch(activation_status))
        .route("/customer/privor-activation", post(privor_activation))
        .route("/customer/order-history", get(lookups::order_history))
        .route("/customer/per-month", get(lookups::per_month))
        .route("/customer/download", get(lookups::download))
        .route("/customer-category", get(lookups::categories))
        .route("/region", get(lookups::regions))
        .fallback(|| async { error_response(StatusCode::NOT_FOUND, "Route not found") })
        .layer(axum::middleware::from_fn(auth))
        .with_state(state)
}

async fn auth(request: Request, next: Next) -> Response {
    if util::bearer(request.headers()) == Some(demo::NGORDER_TOKEN) {
        next.run(request).await
    } else {
        error_response(StatusCode::UNAUTHORIZED, "Unauthenticated.")
    }
}

fn request_id() -> String {
    util::fresh_uuid().replace('-', "")
}

/// Ngorder's failure envelope with a plain message.
pub(crate) fn error_response(status: StatusCode, message: &str) -> Response {
    let body =
        json!({"request_id": request_id(), "response": "Failed", "message": message, "data": null});
    (status, Json(body)).into_response()
}

fn lock(st: &St) -> std::sync::MutexGuard<'_, Ngorder> {
    st.lock().unwrap_or_else(|e| e.into_inner())
}

fn success(data: Value) -> Response {
    Json(json!({"response": "Success", "data": data})).into_response()
}

/// `meta.pagination` with absolute links built from the request (the real `links.next` drops `/open`).
fn pagination(
    headers: &HeaderMap,
    path: &str,
    query: &HashMap<String, String>,
    total: usize,
    count: usize,
    per_page: usize,
    page: usize,
) -> Value {
    let total_pages = total.div_ceil(per_page.max(1));
    let link = |p: usize| {
        let mut pairs: Vec<(String, String)> = query
            .iter()
            .filter(|(k, _)| k.as_str() != "pagination_offset")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        pairs.sort();
        pairs.push(("pagination_offset".into(), p.to_string()));
        format!(
            "http://{}/ngorder/api/open{}?{}",
            util::host(headers),
            path,
            util::encode_query(&pairs)
        )
    };
    let mut links = serde_json::Map::new();
    if page > 1 && page <= total_pages + 1 {
        links.insert("previous".into(), json!(link(page - 1)));
    }
    if page < total_pages {
        links.insert("next".into(), json!(link(page + 1)));
    }
    json!({"total": total, "count": count, "per_page": per_page, "current_page": page,
           "total_pages": total_pages, "links": links})
}

async fn list(
    State(st): State<St>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let mut errors = Errors::default();
    let (per_page, page) = errors.paging(&q, 10);
    let keyword = q.get("keyword").map(|k| k.trim().to_lowercase());
    if keyword.as_ref().is_some_and(|k| k.chars().count() > 50) {
        errors.add(
            "keyword",
            "The keyword may not be greater than 50 characters.",
        );
    }
    let kind = q.get("type").map(|t| t.to_uppercase());
    if kind
        .as_deref()
        .is_some_and(|t| !["NAME", "EMAIL", "PHONE", "ADDRESS"].contains(&t))
    {
        errors.add("type", "The selected type is invalid.");
    }
    let from = errors.date(&q, "create_from");
    let to = errors.date(&q, "create_to").map(|t| t + 86_399);
    let category = q.get("category").filter(|c| !c.is_empty());
    if category.is_some_and(|c| data::category_name(c).is_none()) {
        errors.add("category", "The selected category is invalid.");
    }
    let registration = q.get("registration_status").filter(|c| !c.is_empty());
    if registration.is_some_and(|r| !["0", "1", "4", "T", "R"].contains(&r.as_str())) {
        errors.add(
            "registration_status",
            "The selected registration status is invalid.",
        );
    }
    let order_by = q.get("order_by").filter(|c| !c.is_empty());
    if order_by.is_some_and(|o| o != "LATEST_CUSTOMER" && o != "LAST_ORDER") {
        errors.add("order_by", "The selected order by is invalid.");
    }
    if let Some(response) = errors.response() {
        return response;
    }
    let last_order = order_by.is_some_and(|o| o == "LAST_ORDER");
    if last_order {
        let ready = lock(&st).ready.clone();
        ready.wait().await;
    }
    let mut guard = lock(&st);
    if last_order {
        guard.ensure_built();
    }
    let ng = &*guard;
    let (seq, desc) = match order_by.map(String::as_str) {
        Some("LAST_ORDER") => (ng.by_last_order.get().unwrap_or_default(), true),
        Some(_) => (ng.table.live(), true),
        None => (ng.table.live(), false),
    };
    let searched = keyword.as_deref().is_some_and(|k| !k.is_empty())
        || category.is_some()
        || registration.is_some();
    // Ids follow creation (generated `created_at` grows with the index, API-created ones are stamped
    // now), so `create_from..=create_to` is a range of the id order, found by binary search; without
    // a search the page is a window of it.
    let seq = if !last_order && (from.is_some() || to.is_some()) {
        let lo = from.map_or(0, |f| seq.partition_point(|&i| ng.created_at(i) < f));
        let hi = to.map_or(seq.len(), |t| {
            seq.partition_point(|&i| ng.created_at(i) <= t)
        });
        &seq[lo..hi.max(lo)]
    } else {
        seq
    };
    let filtered = searched || (last_order && (from.is_some() || to.is_some()));
    let mut records: Vec<(u32, Customer)> = Vec::new();
    let total = if !filtered {
        let (start, end) = page_bounds(seq.len(), per_page, page);
        for idx in window(seq, start, end, desc) {
            if let Some(c) = ng.get(idx) {
                records.push((idx, c));
            }
        }
        seq.len()
    } else {
        // A search walks the order (no copy): O(n).
        let (start, end) = page_bounds(usize::MAX, per_page, page);
        let walk: Box<dyn Iterator<Item = &u32>> = if desc {
            Box::new(seq.iter().rev())
        } else {
            Box::new(seq.iter())
        };
        let mut total = 0;
        for &idx in walk {
            let created = ng.created_at(idx);
            if from.is_some_and(|f| created < f) || to.is_some_and(|t| created > t) {
                continue;
            }
            let Some(c) = ng.get(idx) else { continue };
            if category.is_some_and(|cat| *cat != c.category)
                || registration.is_some_and(|r| *r != c.registration_status)
            {
                continue;
            }
            if let Some(k) = keyword.as_deref().filter(|k| !k.is_empty()) {
                let hit = match kind.as_deref() {
                    Some("EMAIL") => c.email.as_deref().is_some_and(|e| contains_ci(e, k)),
                    Some("PHONE") => c.phone.contains(k),
                    Some("ADDRESS") => contains_ci(&data::address_line(&c), k),
                    _ => contains_ci(&c.name, k),
                };
                if !hit {
                    continue;
                }
            }
            if total >= start && total < end {
                records.push((idx, c));
            }
            total += 1;
        }
        total
    };
    drop(guard);
    let meta = pagination(
        &headers,
        "/customer",
        &q,
        total,
        records.len(),
        per_page,
        page,
    );
    #[derive(serde::Serialize)]
    struct Page<'a> {
        data: Vec<data::CustomerJson<'a>>,
        meta: Value,
    }
    // Serialised outside the lock, straight from the records.
    let data = records
        .iter()
        .map(|(i, c)| data::CustomerJson(ID_BASE + *i as u64, c))
        .collect();
    Json(Page {
        data,
        meta: json!({ "pagination": meta }),
    })
    .into_response()
}

async fn create(State(st): State<St>, body: Bytes) -> Response {
    let Some(body) = json_object(&body) else {
        return Errors::single("body", "The request body must be a JSON object.");
    };
    let mut errors = Errors::default();
    let fields = Fields::parse(&body, true, &mut errors);
    if let Some(response) = errors.response() {
        return response;
    }
    let customer = Customer {
        name: fields.name.unwrap_or_default(),
        phone: fields.phone.unwrap_or_default(),
        address: fields.address.unwrap_or_default(),
        postal_code: fields.postal_code,
        region_id: fields.district_id.unwrap_or_default(),
        email: fields.email,
        line: fields.line,
        other: fields.other,
        category: fields.category.unwrap_or_else(|| "N".into()),
        registration_status: match fields.is_active.as_deref() {
            Some("Y") => "1",
            Some("R") => "R",
            Some("T") => "T",
            _ => "0",
        }
        .to_string(),
        is_active: fields.is_active.unwrap_or_else(|| "Y".into()),
        created_at: util::now_unix(),
    };
    let name = customer.name.clone();
    let mut ng = lock(&st);
    let idx = ng.table.insert(customer);
    ng.add(idx);
    success(json!({"customer_id": ID_BASE + idx as u64, "name": name}))
}

async fn update(State(st): State<St>, body: Bytes) -> Response {
    let Some(body) = json_object(&body) else {
        return Errors::single("body", "The request body must be a JSON object.");
    };
    let mut errors = Errors::default();
    let mut ng = lock(&st);
    let idx = errors.customer(&body, "customer_id", |id| ng.idx_of(id));
    let fields = Fields::parse(&body, false, &mut errors);
    if let Some(response) = errors.response() {
        return response;
    }
    let Some(idx) = idx else {
        return error_response(StatusCode::NOT_FOUND, "Customer not found");
    };
    let Some(mut c) = ng.get(idx) else {
        return error_response(StatusCode::NOT_FOUND, "Customer not found");
    };
    fields.apply(&mut c);
    let name = c.name.clone();
    ng.table.put(idx, c);
    success(json!({"customer_id": ID_BASE + idx as u64, "name": name}))
}

async fn activation_status(State(st): State<St>, body: Bytes) -> Response {
    let Some(body) = json_object(&body) else {
        return Errors::single("body", "The request body must be a JSON object.");
    };
    let mut errors = Errors::default();
    let mut ng = lock(&st);
    let idx = errors.customer(&body, "id", |id| ng.idx_of(id));
    let status = util::field_str(&body, "status");
    match status.as_deref() {
        None => errors.add("status", "The status field is required."),
        Some("0" | "1" | "2" | "4" | "5" | "6") => {}
        Some(_) => errors.add("status", "The selected status is invalid."),
    }
    let category = util::field_str(&body, "category").filter(|c| !c.is_empty());
    if category
        .as_deref()
        .is_some_and(|c| data::category_name(c).is_none())
    {
        errors.add("category", "The selected category is invalid.");
    }
    if let Some(response) = errors.response() {
        return response;
    }
    let (Some(idx), Some(status)) = (idx, status) else {
        return error_response(StatusCode::NOT_FOUND, "Customer not found");
    };
    let Some(mut c) = ng.get(idx) else {
        return error_response(StatusCode::NOT_FOUND, "Customer not found");
    };
    let first_name = c.name.split_whitespace().next().unwrap_or("").to_string();
    let verb = match status.as_str() {
        "0" => {
            (c.is_active, c.registration_status) = ("N".into(), "0".into());
            "refused"
        }
        "1" => {
            (c.is_active, c.registration_status) = ("Y".into(), "1".into());
            "accepted"
        }
        "2" => {
            (c.is_active, c.registration_status) = ("Y".into(), "1".into());
            "activated"
        }
        "4" => {
            (c.is_active, c.registration_status) = ("N".into(), "4".into());
            "blocked"
        }
        "5" => "deleted",
        _ => {
            (c.is_active, c.registration_status) = ("Y".into(), "1".into());
            "unblocked"
        }
    };
    if let Some(category) = category {
        c.category = category;
    }
    if status == "5" {
        ng.remove(idx);
    } else {
        ng.table.put(idx, c);
    }
    Json(json!({
        "response": "Success",
        "message": format!("{first_name} has been {verb}"),
        "data": {"customer_id": (ID_BASE + idx as u64).to_string(), "name": first_name},
    }))
    .into_response()
}

async fn privor_activation(State(st): State<St>, body: Bytes) -> Response {
    let Some(body) = json_object(&body) else {
        return Errors::single("body", "The request body must be a JSON object.");
    };
    let mut errors = Errors::default();
    let mut ng = lock(&st);
    let idx = errors.customer(&body, "id", |id| ng.idx_of(id));
    let active = match body.get("active") {
        Some(Value::Bool(b)) => Some(*b),
        Some(Value::Number(n)) if n.as_u64() == Some(1) => Some(true),
        Some(Value::Number(n)) if n.as_u64() == Some(0) => Some(false),
        Some(Value::String(s)) if s == "true" || s == "1" => Some(true),
        Some(Value::String(s)) if s == "false" || s == "0" => Some(false),
        None | Some(Value::Null) => {
            errors.add("active", "The active field is required.");
            None
        }
        Some(_) => {
            errors.add("active", "The active field must be true or false.");
            None
        }
    };
    let mut fields = Fields::parse(&body, false, &mut errors);
    if fields.email.is_none() && !errors.has("email") {
        errors.add("email", "The email field is required.");
    }
    if let Some(response) = errors.response() {
        return response;
    }
    let (Some(idx), Some(active)) = (idx, active) else {
        return error_response(StatusCode::NOT_FOUND, "Customer not found");
    };
    let Some(mut c) = ng.get(idx) else {
        return error_response(StatusCode::NOT_FOUND, "Customer not found");
    };
    fields.is_active = None;
    fields.apply(&mut c);
    (c.is_active, c.registration_status) = if active {
        ("Y".into(), "1".into())
    } else {
        ("T".into(), "T".into())
    };
    ng.table.put(idx, c);
    Json(json!({"response": "Success", "message": "Successful run"})).into_response()
}

/// The `idx`th generated customer as the list answers it (benches build a mirror without HTTP).
pub(crate) fn generated(seed: u64, n: u32, idx: u32) -> serde_json::Value {
    let customer = data::generate(seed, idx, n);
    serde_json::to_value(data::CustomerJson(data::ID_BASE + idx as u64, &customer))
        .unwrap_or_default()
}

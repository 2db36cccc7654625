//! The Guardant Station fake (`/guardant/v1.0`): bearer token or HTTP Basic, camelCase requests,
//! lowercase responses, unix-second dates (0 = none) and offset/limit paging with three sort orders.
//!
//! The real error envelope is undocumented; the sandbox answers `{"code":<number>,"message":"…"}` with
//! codes 1000 internal error, 1001 authorization required, 1002 not found, 1003 invalid request,
//! 1004 too many requests. `DELETE /customers/{id}` answers 200 with `{}`.

mod data;
mod filter;

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
use super::index::{Ready, Sorted, sorted_by_key, spawn_build, window};
use super::store::Table;
use super::util::{self, is_email, json_object, now_unix};

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Sort {
    Default = 0,
    Name = 1,
    Company = 2,
}

const SORTS: [Sort; 3] = [Sort::Default, Sort::Name, Sort::Company];

/// A record's place in a sort order, compared as the strings it shows.
type Key = (String, String, String);

fn key_of(sort: Sort, (company, last, first): (String, String, String)) -> Key {
    match sort {
        Sort::Default => (company, last, first),
        Sort::Name => (last, first, String::new()),
        Sort::Company => (company, String::new(), String::new()),
    }
}

struct Guardant {
    seed: u64,
    generated: u32,
    table: Table<Customer>,
    /// One order per [`Sort`] (indexed as in [`SORTS`]), built in the background at start and kept in
    /// place by every write.
    sorted: [Sorted; 3],
    ready: Ready,
    /// [`filter`] flags per record, built in the background apart from the orders (it generates every
    /// record), and per sort the flag counts per block of its order, redone after a write moved it.
    flags: Option<Vec<u8>>,
    counts: [Option<Vec<[u32; 4]>>; 3],
    flags_ready: Ready,
}

type St = Arc<Mutex<Guardant>>;

/// The sort-relevant names of an existing record, stored or generated.
fn names(table: &Table<Customer>, seed: u64, idx: u32) -> (String, String, String) {
    match table.stored(idx) {
        Some(c) => (c.companyname.clone(), c.lastname.clone(), c.name.clone()),
        None => data::names(seed, idx),
    }
}

/// The three orders of generated records `0..n`. Names are ranked once (a few thousand distinct
/// strings), so a million records sort as integer triples rather than strings.
fn build_orders(seed: u64, n: u32) -> [Vec<u32>; 3] {
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut strings: Vec<String> = Vec::new();
    let mut intern = |s: String| -> u32 {
        if let Some(&id) = ids.get(&s) {
            return id;
        }
        let id = strings.len() as u32;
        ids.insert(s.clone(), id);
        strings.push(s);
        id
    };
    let parts: Vec<[u32; 3]> = (0..n)
        .map(|i| {
            let (c, l, f) = data::names(seed, i);
            [intern(c), intern(l), intern(f)]
        })
        .collect();
    let mut by_text: Vec<u32> = (0..strings.len() as u32).collect();
    by_text.sort_by(|&a, &b| strings[a as usize].cmp(&strings[b as usize]));
    let mut rank = vec![0u32; strings.len()];
    for (r, &id) in by_text.iter().enumerate() {
        rank[id as usize] = r as u32;
    }
    SORTS.map(|sort| {
        sorted_by_key(n, |i| {
            let [c, l, f] = parts[i as usize].map(|id| rank[id as usize]);
            match sort {
                Sort::Default => (c, l, f),
                Sort::Name => (l, f, 0),
                Sort::Company => (c, 0, 0),
            }
        })
    })
}

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

    /// Moves `idx` out of every order (before a write changes or deletes it).
    fn unindex(&mut self, idx: u32) {
        self.counts = Default::default();
        let (table, seed) = (&self.table, self.seed);
        for (sort, order) in SORTS.into_iter().zip(&mut self.sorted) {
            order.remove(idx, |i| key_of(sort, names(table, seed, i)));
        }
    }

    /// Puts `idx` into every order and its flags in place (after a write created or changed it).
    fn index(&mut self, idx: u32) {
        self.counts = Default::default();
        self.refresh_flags(idx);
        let (table, seed) = (&self.table, self.seed);
        for (sort, order) in SORTS.into_iter().zip(&mut self.sorted) {
            order.insert(idx, |i| key_of(sort, names(table, seed, i)));
        }
    }

    /// Sets the filter flags of stored record `idx`; the block counts are redone if they changed.
    fn refresh_flags(&mut self, idx: u32) {
        if let (Some(flags), Some(c)) = (&mut self.flags, self.table.stored(idx)) {
            if flags.len() <= idx as usize {
                flags.resize(idx as usize + 1, 0);
            }
            let new = filter::flags_of(c);
            if flags[idx as usize] != new {
                flags[idx as usize] = new;
                self.counts = Default::default();
            }
        }
    }

    fn install(&mut self, orders: [Vec<u32>; 3]) {
        let (table, seed, n) = (&self.table, self.seed, self.generated);
        for ((sort, order), built) in SORTS.into_iter().zip(&mut self.sorted).zip(orders) {
            order.install(
                built,
                n,
                |i| key_of(sort, data::names(seed, i)),
                |i| table.exists(i).then(|| key_of(sort, names(table, seed, i))),
            );
        }
    }

    /// Installs generated records' flags, then those of records written meanwhile.
    fn install_flags(&mut self, mut flags: Vec<u8>) {
        for idx in self.table.stored_indices() {
            if let Some(c) = self.table.stored(idx) {
                if flags.len() <= idx as usize {
                    flags.resize(idx as usize + 1, 0);
                }
                flags[idx as usize] = filter::flags_of(c);
            }
        }
        self.flags = Some(flags);
    }

    /// The flag counts of `sort`'s order, (re)built here when missing.
    fn ensure_counts(&mut self, sort: Sort) {
        if self.flags.is_none() {
            let flags = filter::build_flags(self.seed, self.generated);
            self.install_flags(flags);
        }
        if self.counts[sort as usize].is_none() {
            let order = self.sorted[sort as usize].get().unwrap_or_default();
            let counts = filter::block_counts(order, self.flags.as_deref().unwrap_or_default());
            self.counts[sort as usize] = Some(counts);
        }
    }

    /// Builds the orders here only if the background build never installed them.
    fn ensure_built(&mut self) {
        if self.sorted[0].get().is_none() {
            let orders = build_orders(self.seed, self.generated);
            self.install(orders);
        }
    }
}

pub(crate) fn router(seed: u64, n: u32) -> Router {
    let state: St = Arc::new(Mutex::new(Guardant {
        seed,
        generated: n,
        table: Table::new(n),
        sorted: Default::default(),
        ready: Ready::default(),
        flags: None,
        counts: Default::default(),
        flags_ready: Ready::default(),
    }));
    let ready = spawn_build(
        &state,
        move || build_orders(seed, n),
        |g: &mut Guardant, orders| g.install(orders),
    );
    let flags_ready = spawn_build(
        &state,
        move || filter::build_flags(seed, n),
        |g: &mut Guardant, flags| g.install_flags(flags),
    );
    let mut g = lock(&state);
    (g.ready, g.flags_ready) = (ready, flags_ready);
    drop(g);
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
    let filtered = matches!(kind, Some("company" | "person")) || archived.is_some();
    let (ready, flags_ready) = {
        let g = lock(&st);
        (g.ready.clone(), g.flags_ready.clone())
    };
    ready.wait().await;
    if filtered {
        flags_ready.wait().await;
    }
    let mut guard = lock(&st);
    guard.ensure_built();
    let page = if filtered {
        guard.ensure_counts(sort);
        let g = &*guard;
        let want = |f: u8| {
            let company = f & filter::COMPANY != 0;
            let kind_ok = match kind {
                Some("company") => company,
                Some("person") => !company,
                _ => true,
            };
            kind_ok && archived.is_none_or(|a| a == (f & filter::ARCHIVED != 0))
        };
        filter::page(
            g.sorted[sort as usize].get().unwrap_or_default(),
            g.counts[sort as usize].as_deref().unwrap_or_default(),
            g.flags.as_deref().unwrap_or_default(),
            want,
            offset,
            limit,
            desc,
        )
    } else {
        let order = guard.sorted[sort as usize].get().unwrap_or_default();
        window(order, offset, offset.saturating_add(limit), desc)
    };
    let g = &*guard;
    let records: Vec<(u32, Customer)> = page
        .into_iter()
        .filter_map(|i| g.get(i).map(|c| (i, c)))
        .collect();
    drop(guard);
    #[derive(serde::Serialize)]
    struct Page<'a> {
        customers: Vec<data::CustomerJson<'a>>,
    }
    // Serialised outside the lock, straight from the records.
    let customers = records
        .iter()
        .map(|(i, c)| data::CustomerJson(ID_BASE + *i as u64, c))
        .collect();
    Json(Page { customers }).into_response()
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
    g.index(idx);
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
    // Only a change of names moves the record in the orders (two O(n) shifts per order).
    let renamed =
        names(&g.table, g.seed, idx) != (c.companyname.clone(), c.lastname.clone(), c.name.clone());
    if renamed {
        g.unindex(idx);
    }
    g.table.put(idx, c.clone());
    if renamed {
        g.index(idx);
    } else {
        g.refresh_flags(idx);
    }
    Json(json!({"customer": data::to_json(ID_BASE + idx as u64, &c)})).into_response()
}

async fn remove(State(st): State<St>, Path(id): Path<String>) -> Response {
    let mut g = lock(&st);
    let Some(idx) = g.idx_of(&id) else {
        return not_found();
    };
    g.unindex(idx);
    g.table.remove(idx);
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

/// The `idx`th generated customer as the list answers it (benches build a mirror without HTTP).
pub(crate) fn generated(seed: u64, idx: u32) -> serde_json::Value {
    data::to_json(data::ID_BASE + idx as u64, &data::generate(seed, idx))
}

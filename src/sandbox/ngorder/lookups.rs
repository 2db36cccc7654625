//! Ngorder's read-only extras: order history, customers per month, download, categories, regions.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Json, Response};
use serde_json::{Value, json};

use super::data::{self, CATEGORIES};
use super::validate::Errors;
use super::{St, lock, pagination, success};
use crate::sandbox::store::page_bounds;
use crate::sandbox::util::{contains_ci, fmt_date, parse_date};
use crate::sandbox::words::WORDS;

pub(super) async fn order_history(
    State(st): State<St>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let mut errors = Errors::default();
    let (per_page, page) = errors.paging(&q, 10);
    let from = errors.date(&q, "start_date");
    let to = errors.date(&q, "end_date").map(|t| t + 86_399);
    let ng = lock(&st);
    let idx = match q.get("id").map(|id| id.trim().parse::<u64>()) {
        None => {
            errors.add("id", "The id field is required.");
            None
        }
        Some(Ok(id)) => {
            let idx = ng.idx_of(id);
            if idx.is_none() {
                errors.add("id", "The selected id is invalid.");
            }
            idx
        }
        Some(Err(_)) => {
            errors.add("id", "The id must be an integer.");
            None
        }
    };
    if let Some(response) = errors.response() {
        return response;
    }
    let orders: Vec<data::Order> = idx
        .map(|i| ng.orders(i))
        .unwrap_or_default()
        .into_iter()
        .rev()
        .filter(|o| from.is_none_or(|f| o.date >= f) && to.is_none_or(|t| o.date <= t))
        .collect();
    let items: u64 = orders
        .iter()
        .flat_map(|o| o.lines.iter().map(|(_, q)| *q as u64))
        .sum();
    let (start, end) = page_bounds(orders.len(), per_page, page);
    let page_items: Vec<Value> = orders[start..end].iter().map(data::order_json).collect();
    let meta = pagination(
        &headers,
        "/customer/order-history",
        &q,
        orders.len(),
        page_items.len(),
        per_page,
        page,
    );
    Json(
        json!({"total": {"items": items, "orders": orders.len()}, "data": page_items,
                "meta": {"pagination": meta}}),
    )
    .into_response()
}

pub(super) async fn per_month(State(st): State<St>) -> Response {
    let ng = lock(&st);
    let mut months: std::collections::BTreeMap<String, u64> = Default::default();
    for &idx in ng.table.live() {
        let date = fmt_date(ng.created_at(idx));
        *months.entry(date[..7].to_string()).or_default() += 1;
    }
    let data: Vec<Value> = months
        .into_iter()
        .rev()
        .map(|(date, total)| json!({"total": total, "date": date}))
        .collect();
    success(json!(data))
}

pub(super) async fn download(Query(q): Query<HashMap<String, String>>) -> Response {
    if let Some(date) = q.get("date").filter(|d| !d.is_empty())
        && parse_date(&format!("{date}-01")).is_none()
    {
        return Errors::single("date", "The date does not match the format Y-m.");
    }
    Json(json!({"response": "Success, your customer data will be sent to demo.merchant@example.com soon"}))
        .into_response()
}

pub(super) async fn categories(Query(q): Query<HashMap<String, String>>) -> Response {
    let status = q.get("status").filter(|s| !s.is_empty());
    if status.is_some_and(|s| s != "Y" && s != "N") {
        return Errors::single("status", "The selected status is invalid.");
    }
    let data: Vec<Value> = CATEGORIES
        .iter()
        .enumerate()
        .filter(|(_, (_, _, s))| status.is_none_or(|want| want == s))
        .map(|(i, (code, name, s))| {
            json!({"id": i + 1, "code": code, "name": name, "status": s,
                   "is_default": (["N", "Y", "D"].contains(code))})
        })
        .collect();
    success(json!(data))
}

pub(super) async fn regions(
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let mut errors = Errors::default();
    let (per_page, page) = errors.paging(&q, 1);
    if let Some(response) = errors.response() {
        return response;
    }
    let keyword = q
        .get("keyword")
        .map(|k| k.trim().to_lowercase())
        .unwrap_or_default();
    let found: Vec<Value> = WORDS
        .id_regions
        .iter()
        .map(|r| {
            let fullname = format!("{}, {}, {}", r.subdistrict, r.city, r.province);
            json!({"id": r.id, "subdistrict": r.subdistrict,
                   "district": {"id": r.city_id, "name": r.city},
                   "province": {"id": r.province_id, "name": r.province},
                   "fullname": fullname, "postal_code": [r.postal]})
        })
        .filter(|v| contains_ci(v["fullname"].as_str().unwrap_or(""), &keyword))
        .collect();
    let (start, end) = page_bounds(found.len(), per_page, page);
    let items = found[start..end].to_vec();
    let meta = pagination(
        &headers,
        "/region",
        &q,
        found.len(),
        items.len(),
        per_page,
        page,
    );
    Json(json!({"data": items, "meta": {"pagination": meta}})).into_response()
}

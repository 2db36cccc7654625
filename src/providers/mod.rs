//! Provider clients. The five APIs differ in data — paths, paging style, field names — so each provider
//! is described once as a [`ProviderSpec`] and one [`Client`] serves them all over one [`http::Transport`].

mod catalog;
mod client;
pub mod decode;
pub mod encode;
pub mod errors;
pub mod http;
pub mod mirror;
pub mod ops;
pub mod rate_limit;
pub mod retry;

use serde_json::Value as Json;

pub use catalog::spec;
pub use client::{Client, Saved, Submission, SubmissionState, WriteOutcome};
pub use http::Traffic;

use crate::domain::{ApiError, Cursor, ErrorKind, Page, PageRequest, ProviderId, Schema, Totals};

/// Everything that makes one provider's API differ from another's.
#[derive(Debug)]
pub struct ProviderSpec {
    pub id: ProviderId,
    pub schema: Schema,
    pub list: ListEndpoint,
    /// Documented request budgets, paced by the transport.
    pub budgets: &'static [rate_limit::Budget],
    /// Read one customer (Ngorder has no such endpoint).
    pub get: Option<ops::GetOne>,
    pub create: Option<ops::WriteOp>,
    pub update: Option<ops::WriteOp>,
    /// One-key actions on a customer, delete included.
    pub actions: &'static [ops::RecordAction],
    /// Where asynchronous submissions are polled (DK Hardware: POST with `{"submissionId"}`).
    pub submission_status: Option<&'static str>,
    /// The customer-scoped settings read with the customer's own token (Reportei).
    pub customer_settings: Option<&'static str>,
    /// The parameter a quick text search goes to: a list filter, or one of the search endpoint's.
    pub text_search: Option<&'static str>,
    /// The list endpoint's own filters (query parameters).
    pub filters: &'static [ops::Filter],
    /// A separate search endpoint with its own parameters (CycleSoftware's `find`).
    pub search: Option<(ListEndpoint, &'static [ops::Filter])>,
    /// Lists that belong to one customer.
    pub related: &'static [ops::RelatedList],
    /// Form options fetched from the provider.
    pub lookups: &'static [ops::Lookup],
    /// Customers added per month (Ngorder): path, answering `data: [{date, total}]`.
    pub per_month: Option<&'static str>,
    /// Ask the provider to e-mail an export (Ngorder): path, answering with a message.
    pub export: Option<ops::Export>,
    /// How the whole list is mirrored: page size, stable order, incremental passes.
    pub mirror: mirror::MirrorSpec,
}

impl ProviderSpec {
    pub fn action(&self, name: &str) -> Option<&'static ops::RecordAction> {
        self.actions.iter().find(|a| a.name == name)
    }
}

/// How a provider lists customers.
#[derive(Debug)]
pub struct ListEndpoint {
    /// Path under the base URL.
    pub path: &'static str,
    /// JSON pointer to the array of customers (`""` for a bare array).
    pub items: &'static str,
    pub paging: Paging,
}

/// The three paging styles of the five APIs.
#[derive(Debug)]
pub enum Paging {
    /// 1-based page numbers with totals in the response (Ngorder, Reportei).
    PageNumber {
        page_param: &'static str,
        size_param: &'static str,
        /// JSON pointers into the response.
        current_page: &'static str,
        last_page: &'static str,
        total: &'static str,
    },
    /// 0-based offset and a limit, no totals: a full page means there may be more (Guardant, DK).
    OffsetLimit {
        offset_param: &'static str,
        limit_param: &'static str,
    },
    /// The server chooses the page size and says where the next page starts (CycleSoftware).
    NextOffset {
        offset_param: &'static str,
        next_offset: &'static str,
    },
    /// Everything in one answer (CycleSoftware's `find`).
    Single,
}

pub fn first_page(spec: &ProviderSpec, size: u32) -> PageRequest {
    let cursor = match spec.list.paging {
        Paging::PageNumber { .. } => Cursor::Page(1),
        Paging::OffsetLimit { .. } | Paging::NextOffset { .. } | Paging::Single => {
            Cursor::Offset(0)
        }
    };
    PageRequest { cursor, size }
}

pub(crate) fn page_query(paging: &Paging, request: PageRequest) -> Vec<(&'static str, String)> {
    let position = match request.cursor {
        Cursor::Page(n) | Cursor::Offset(n) => n,
    };
    match paging {
        Paging::PageNumber {
            page_param,
            size_param,
            ..
        } => vec![
            (*page_param, position.to_string()),
            (*size_param, request.size.to_string()),
        ],
        Paging::OffsetLimit {
            offset_param,
            limit_param,
        } => vec![
            (*offset_param, position.to_string()),
            (*limit_param, request.size.to_string()),
        ],
        // The first page is asked for without an offset, as the docs show.
        Paging::NextOffset { offset_param, .. } if position > 0 => {
            vec![(*offset_param, position.to_string())]
        }
        Paging::NextOffset { .. } | Paging::Single => vec![],
    }
}

/// Turn a list response into a [`Page`], with the cursor of the next page in the API's own terms.
pub fn decode_page(
    spec: &ProviderSpec,
    request: PageRequest,
    body: &Json,
) -> Result<Page, ApiError> {
    decode_list(&spec.schema, &spec.list, request, body)
}

/// [`decode_page`] for any list: customers, search results or a customer's orders.
pub fn decode_list(
    schema: &Schema,
    list: &ListEndpoint,
    request: PageRequest,
    body: &Json,
) -> Result<Page, ApiError> {
    decode_list_kept(schema, list, request, body).map(|(page, _)| page)
}

/// A page of a customer's related list (orders), with the figures the answer gives about all of it.
pub fn decode_related(
    related: &ops::RelatedList,
    request: PageRequest,
    body: &Json,
) -> Result<Page, ApiError> {
    let mut page = decode_list(&related.schema, &related.list, request, body)?;
    page.summary = related
        .summary
        .iter()
        .filter_map(|(pointer, label)| Some((*label, body.pointer(pointer)?.as_u64()?)))
        .collect();
    Ok(page)
}

/// A page of customers with each one's JSON as the provider sent it (for the mirror).
#[derive(Debug, Clone, PartialEq)]
pub struct RawPage {
    pub page: Page,
    /// `page.records[i]` was decoded from `raw[i]`.
    pub raw: Vec<Json>,
}

/// [`decode_page`], keeping the items as sent. A secret the API hands out with a customer (Reportei's
/// `api_token`) is removed from them: the mirror must never hold one.
pub fn decode_page_raw(
    spec: &ProviderSpec,
    request: PageRequest,
    mut body: Json,
) -> Result<RawPage, ApiError> {
    let (page, kept) = decode_list_kept(&spec.schema, &spec.list, request, &body)?;
    let mut items = match body.pointer_mut(spec.list.items).map(Json::take) {
        Some(Json::Array(items)) => items,
        _ => Vec::new(),
    };
    let secret = spec
        .create
        .as_ref()
        .and_then(|op| op.token)
        .and_then(|pointer| pointer.rsplit('/').next());
    let raw = kept
        .into_iter()
        .map(|index| {
            let mut item = std::mem::take(&mut items[index]);
            if let (Some(key), Some(object)) = (secret, item.as_object_mut()) {
                object.remove(key);
            }
            item
        })
        .collect();
    Ok(RawPage { page, raw })
}

/// [`decode_list`], also returning which items became the page's records (by index).
fn decode_list_kept(
    schema: &Schema,
    list: &ListEndpoint,
    request: PageRequest,
    body: &Json,
) -> Result<(Page, Vec<usize>), ApiError> {
    let items = body
        .pointer(list.items)
        .and_then(Json::as_array)
        .ok_or_else(|| {
            ApiError::new(
                ErrorKind::Undecodable,
                "the list is missing from the answer",
            )
        })?;
    let (kept, records): (Vec<usize>, Vec<_>) = items
        .iter()
        .enumerate()
        .filter_map(|(index, item)| Some((index, decode::decode_record(schema, item)?)))
        .unzip();
    let skipped = items.len() - records.len();
    if skipped > 0 {
        tracing::warn!(
            path = list.path,
            skipped,
            "skipped list items without an id"
        );
    }
    let number = |pointer: &str| {
        body.pointer(pointer)
            .and_then(|v| v.as_u64().or_else(|| v.as_str()?.parse().ok()))
    };
    let (next, totals) = match &list.paging {
        Paging::PageNumber {
            last_page, total, ..
        } => {
            // Page from what was asked: Ngorder's own example answers `current_page: 1` whatever
            // page is asked for, so `current_page + 1` would ask for the same page forever.
            let asked = match request.cursor {
                Cursor::Page(n) | Cursor::Offset(n) => n.max(1),
            };
            if let Some(answered) = repeated_page(list, request, body) {
                tracing::warn!(
                    path = list.path,
                    asked,
                    answered,
                    "the provider answered another page than the one asked for"
                );
            }
            let seen = rows_seen(asked, request.size, items.len());
            let totals = number(last_page)
                .zip(number(total))
                .map(|(pages, records)| Totals { pages, records })
                .filter(|totals| {
                    let fits = totals_fit(*totals, asked, request.size, items.len());
                    if !fits {
                        tracing::warn!(
                            path = list.path,
                            asked,
                            rows = items.len(),
                            pages = totals.pages,
                            records = totals.records,
                            "totals contradict the rows seen; ignored"
                        );
                    }
                    fits
                });
            let more = match totals {
                Some(totals) => asked < totals.pages && seen < totals.records,
                // Totals not believed, but the answer still says this page is its last: stop. The
                // doc's order history replayed (47 orders, 2 on every page) must end at page 24.
                None if number(last_page).is_some_and(|pages| asked >= pages) => false,
                // Without (believable) totals, a full page may have more after it.
                None => !items.is_empty() && items.len() as u64 >= u64::from(request.size),
            };
            (more.then(|| Cursor::Page(asked.saturating_add(1))), totals)
        }
        Paging::OffsetLimit { .. } => {
            let offset = match request.cursor {
                Cursor::Page(n) | Cursor::Offset(n) => n,
            };
            let full = items.len() as u64 >= u64::from(request.size) && !items.is_empty();
            (
                full.then(|| Cursor::Offset(offset.saturating_add(items.len() as u64))),
                None,
            )
        }
        Paging::NextOffset { next_offset, .. } => (number(next_offset).map(Cursor::Offset), None),
        Paging::Single => (None, None),
    };
    Ok((
        Page {
            summary: Vec::new(),
            records,
            next,
            totals,
        },
        kept,
    ))
}

/// Rows up to and including this page, counting every earlier page as full.
fn rows_seen(asked: u64, size: u32, rows: usize) -> u64 {
    (asked - 1)
        .saturating_mul(u64::from(size))
        .saturating_add(rows as u64)
}

/// Whether the answer's totals can be true of the rows seen with the page size asked: page `asked` of
/// `pages` holding `rows` rows. Ngorder's example (`per_page: 2`, 50 pages of 100) answered to a request
/// for 50 a page fails this, and its "page 4 of 50 · 151–152 of 100" is never shown.
fn totals_fit(totals: Totals, asked: u64, size: u32, rows: usize) -> bool {
    if totals.records == 0 {
        return rows == 0;
    }
    let size = u64::from(size.max(1));
    let seen = rows_seen(asked, size as u32, rows);
    let last = if asked < totals.pages {
        // Before the last page every page is full.
        rows as u64 == size
    } else {
        // The last page ends at the total; no page comes after it.
        asked == totals.pages && seen == totals.records
    };
    seen <= totals.records && totals.records.div_ceil(size) == totals.pages && last
}

/// The page a page-number answer says it is, when that is not the page asked for (Ngorder's example
/// always says `current_page: 1`). The list decoder pages from what was asked regardless; a sync uses
/// this to stop rather than store the same page twice.
pub fn repeated_page(list: &ListEndpoint, request: PageRequest, body: &Json) -> Option<u64> {
    let Paging::PageNumber { current_page, .. } = &list.paging else {
        return None;
    };
    let asked = match request.cursor {
        Cursor::Page(n) | Cursor::Offset(n) => n.max(1),
    };
    let answered = body
        .pointer(current_page)
        .and_then(|v| v.as_u64().or_else(|| v.as_str()?.parse().ok()))?;
    (answered != asked).then_some(answered)
}

#[cfg(test)]
mod tests;

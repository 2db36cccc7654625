//! One provider's tab: which page is shown, which is being fetched, the selection and the last error.

use crate::domain::{ApiError, Cursor, Page, PageRequest, ProviderId};
use crate::providers::rate_limit::Quota;
use crate::providers::{ProviderSpec, first_page, spec};
use crate::worker::RequestId;

#[derive(Debug, Clone)]
pub struct Tab {
    pub provider: ProviderId,
    pub spec: &'static ProviderSpec,
    pub page_size: u32,
    /// Where each page seen so far starts: `cursors[i]` is page `i`. Pages are only reachable once the
    /// provider has said where they start (CycleSoftware's `next_offset` cannot be computed).
    cursors: Vec<Cursor>,
    /// The page on screen and its index.
    pub shown: Option<(usize, Page)>,
    /// The page being fetched, if any, and the request that will bring it.
    pub loading: Option<(usize, RequestId)>,
    pub selected: usize,
    /// The last call failed (cleared by the next success).
    pub error: Option<ApiError>,
    /// The provider cannot be called at all (e.g. its secret's variable is not set).
    pub unavailable: Option<String>,
    /// The provider's request budget, as last reported by the worker.
    pub quota: Option<Quota>,
}

impl Tab {
    pub fn new(provider: ProviderId, page_size: u32, unavailable: Option<String>) -> Tab {
        let spec = spec(provider);
        Tab {
            provider,
            spec,
            page_size,
            cursors: vec![first_page(spec, page_size).cursor],
            shown: None,
            loading: None,
            selected: 0,
            error: None,
            unavailable,
            quota: None,
        }
    }

    pub fn is_loading(&self) -> bool {
        self.loading.is_some()
    }

    pub fn page(&self) -> Option<&Page> {
        self.shown.as_ref().map(|(_, page)| page)
    }

    /// 0-based index of the page on screen (or about to be, on the first load).
    pub fn page_index(&self) -> usize {
        self.shown.as_ref().map_or(0, |(index, _)| *index)
    }

    pub fn row_count(&self) -> usize {
        self.page().map_or(0, |page| page.records.len())
    }

    /// Start fetching page `index`; returns the request to send, or `None` if its start is not known
    /// yet or the provider cannot be called.
    pub fn fetch(&mut self, index: usize, id: RequestId) -> Option<PageRequest> {
        if self.unavailable.is_some() {
            return None;
        }
        let cursor = *self.cursors.get(index)?;
        self.loading = Some((index, id));
        Some(PageRequest {
            cursor,
            size: self.page_size,
        })
    }

    /// The index of the next page, if the provider said there is one.
    pub fn next_page_index(&self) -> Option<usize> {
        let (index, page) = self.shown.as_ref()?;
        page.next.map(|_| index + 1)
    }

    pub fn prev_page_index(&self) -> Option<usize> {
        self.page_index()
            .checked_sub(1)
            .filter(|_| self.shown.is_some())
    }

    /// Take a page result. Returns false (and changes nothing) when `id` is not the request this tab
    /// waits for: a stale answer from a request that a newer one replaced.
    pub fn receive(&mut self, id: RequestId, result: Result<Page, ApiError>) -> bool {
        let Some((index, expected)) = self.loading else {
            return false;
        };
        if expected != id {
            return false;
        }
        self.loading = None;
        match result {
            Ok(page) => {
                self.cursors.truncate(index + 1);
                if let Some(next) = page.next {
                    self.cursors.push(next);
                }
                let same_page = self.page_index() == index && self.shown.is_some();
                if !same_page {
                    self.selected = 0;
                }
                self.selected = self.selected.min(page.records.len().saturating_sub(1));
                self.shown = Some((index, page));
                self.error = None;
            }
            Err(error) => self.error = Some(error),
        }
        true
    }

    pub fn select_next(&mut self) {
        if self.selected + 1 < self.row_count() {
            self.selected += 1;
        }
    }

    pub fn select_prev(&mut self) {
        self.selected = self.selected.saturating_sub(1);
    }

    pub fn select_last(&mut self) {
        self.selected = self.row_count().saturating_sub(1);
    }
}

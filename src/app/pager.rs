//! Paged browsing of one list in its API's own paging style: the page on screen, the one being
//! fetched, the next one prefetched, the selection and the last error. Serves the customer table and
//! the related lists (orders) alike.

use std::collections::BTreeMap;

use crate::domain::{ApiError, Cursor, Page, PageRequest};
use crate::providers::Paging;
use crate::worker::RequestId;

/// Pages kept either side of the one on screen; older ones are dropped and fetched again if needed.
const KEEP_AROUND: usize = 3;

/// A page request the pager wants sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fetch {
    pub id: RequestId,
    pub request: PageRequest,
}

#[derive(Debug, Clone)]
pub struct Pager {
    paging: &'static Paging,
    page_size: u32,
    /// Where each page starts, as far as known: `cursors[i]` starts page `i`.
    cursors: Vec<Cursor>,
    /// Pages in hand, by index.
    pages: BTreeMap<usize, Page>,
    /// The page on screen.
    shown: Option<usize>,
    /// The page the user asked for and is waiting on.
    loading: Option<(usize, RequestId)>,
    /// The page after the one on screen, fetched ahead so paging forward is instant.
    prefetching: Option<(usize, RequestId)>,
    /// The last page number, where the API tells totals.
    last_page: Option<u64>,
    pub selected: usize,
    /// The last fetch the user waited on failed (cleared by the next success).
    pub error: Option<ApiError>,
}

impl Pager {
    pub fn new(paging: &'static Paging, page_size: u32, first: Cursor) -> Pager {
        Pager {
            paging,
            page_size,
            cursors: vec![first],
            pages: BTreeMap::new(),
            shown: None,
            loading: None,
            prefetching: None,
            last_page: None,
            selected: 0,
            error: None,
        }
    }

    pub fn page(&self) -> Option<&Page> {
        self.shown.and_then(|index| self.pages.get(&index))
    }

    /// 0-based index of the page on screen (0 before the first arrives).
    pub fn page_index(&self) -> usize {
        self.shown.unwrap_or(0)
    }

    pub fn page_size(&self) -> u32 {
        self.page_size
    }

    pub fn row_count(&self) -> usize {
        self.page().map_or(0, |page| page.records.len())
    }

    pub fn is_loading(&self) -> bool {
        self.loading.is_some()
    }

    /// Is `id` the prefetch of a page not on screen?
    pub fn prefetches(&self, id: RequestId) -> bool {
        self.prefetching.is_some_and(|(_, p)| p == id)
    }

    /// The request ids this pager waits for (user fetch and prefetch).
    pub fn awaits(&self, id: RequestId) -> bool {
        self.loading.is_some_and(|(_, l)| l == id) || self.prefetching.is_some_and(|(_, p)| p == id)
    }

    /// The page the user is on or heading to: paging keys count from here, so pressing "next" five
    /// times quickly lands five pages on, with only the last request still wanted.
    fn target(&self) -> usize {
        self.loading.map_or(self.page_index(), |(index, _)| index)
    }

    /// Go to the first page (again, from scratch): after start, refresh or a change of filters.
    pub fn restart(&mut self, first: Cursor, next_id: &mut u64) -> Option<Fetch> {
        self.cursors = vec![first];
        self.pages.clear();
        self.shown = None;
        self.prefetching = None;
        self.last_page = None;
        self.selected = 0;
        self.fetch(0, next_id)
    }

    /// Fetch the page on screen again, dropping the other pages in hand. The page on screen stays until
    /// its fresh copy arrives, so a failed reload never blanks the table.
    pub fn refresh(&mut self, next_id: &mut u64) -> Option<Fetch> {
        let index = self.target();
        let shown = self.shown;
        self.pages.retain(|&i, _| Some(i) == shown);
        self.prefetching = None;
        self.fetch(index, next_id)
    }

    pub fn next_page(&mut self, next_id: &mut u64) -> Option<Fetch> {
        let index = self.target() + 1;
        self.go_to(index, next_id)
    }

    pub fn prev_page(&mut self, next_id: &mut u64) -> Option<Fetch> {
        let index = self.target().checked_sub(1)?;
        self.go_to(index, next_id)
    }

    /// Go to page `index` (0-based): shown at once if in hand, else fetched where its start is known.
    pub fn go_to(&mut self, index: usize, next_id: &mut u64) -> Option<Fetch> {
        if self.pages.contains_key(&index) {
            // In hand: shown at once, and whatever was being fetched is no longer wanted.
            self.loading = None;
            self.show(index);
            return self.prefetch(next_id);
        }
        if let Some((prefetched, id)) = self.prefetching
            && prefetched == index
        {
            // Already on its way: wait for it rather than asking twice.
            self.prefetching = None;
            self.loading = Some((index, id));
            return None;
        }
        self.fetch(index, next_id)
    }

    fn fetch(&mut self, index: usize, next_id: &mut u64) -> Option<Fetch> {
        let cursor = self.cursor(index)?;
        // Pages counted ahead become known starts, so the answer's next cursor lands in the right
        // slot (and replaces a wrong guess there).
        while self.cursors.len() <= index {
            let next = self.cursor(self.cursors.len())?;
            self.cursors.push(next);
        }
        let id = RequestId(*next_id);
        *next_id += 1;
        self.loading = Some((index, id));
        // The worker keeps one list fetch per provider: a new one aborts the prefetch.
        self.prefetching = None;
        Some(Fetch {
            id,
            request: PageRequest {
                cursor,
                size: self.page_size,
            },
        })
    }

    /// Where page `index` starts: known from an answer, or counted ahead from the last known start
    /// where the paging style allows (page numbers and offsets can be; a server cursor cannot).
    fn cursor(&self, index: usize) -> Option<Cursor> {
        if let Some(cursor) = self.cursors.get(index) {
            return Some(*cursor);
        }
        let known = self.cursors.len() - 1;
        // The last known page, if in hand, must not be the last one.
        if self.pages.get(&known).is_some_and(|p| p.next.is_none()) {
            return None;
        }
        let steps = (index - known) as u64;
        match (self.paging, self.cursors[known]) {
            (Paging::PageNumber { .. }, Cursor::Page(n)) => {
                let page = n.checked_add(steps)?;
                self.last_page
                    .is_none_or(|last| page <= last)
                    .then_some(Cursor::Page(page))
            }
            (Paging::OffsetLimit { .. }, Cursor::Offset(offset)) => Some(Cursor::Offset(
                offset.checked_add(steps.checked_mul(u64::from(self.page_size))?)?,
            )),
            _ => None,
        }
    }

    /// Fetch the page after the one on screen, if it is not in hand or on its way.
    fn prefetch(&mut self, next_id: &mut u64) -> Option<Fetch> {
        let index = self.shown? + 1;
        if self.pages.contains_key(&index)
            || self.loading.is_some()
            || self.prefetching.is_some_and(|(p, _)| p == index)
        {
            return None;
        }
        if self.page().is_none_or(|p| p.next.is_none()) {
            return None;
        }
        let cursor = self.cursor(index)?;
        let id = RequestId(*next_id);
        *next_id += 1;
        self.prefetching = Some((index, id));
        Some(Fetch {
            id,
            request: PageRequest {
                cursor,
                size: self.page_size,
            },
        })
    }

    fn show(&mut self, index: usize) {
        if self.shown != Some(index) {
            self.selected = 0;
        }
        self.shown = Some(index);
        self.selected = self.selected.min(self.row_count().saturating_sub(1));
        self.pages
            .retain(|&i, _| i + KEEP_AROUND >= index && i <= index + KEEP_AROUND);
    }

    fn store(&mut self, index: usize, page: Page) {
        if let Some(totals) = page.totals {
            self.last_page = Some(totals.pages);
        }
        // What the provider says about the next page beats any prediction.
        self.cursors.truncate(index + 1);
        if let Some(next) = page.next {
            self.cursors.push(next);
        } else {
            self.pages.retain(|&i, _| i <= index);
        }
        self.pages.insert(index, page);
    }

    /// Take an answer. Returns `None` if `id` is not awaited here (a stale answer: ignored), else the
    /// follow-up fetch to send, if any (the prefetch of the next page).
    pub fn receive(
        &mut self,
        id: RequestId,
        result: Result<Page, ApiError>,
        next_id: &mut u64,
    ) -> Option<Option<Fetch>> {
        if let Some((index, prefetch_id)) = self.prefetching
            && prefetch_id == id
        {
            self.prefetching = None;
            match result {
                Ok(page) => self.store(index, page),
                // A failed prefetch costs nothing: the page is fetched when asked for.
                Err(error) => tracing::debug!(%error, "prefetch failed"),
            }
            return Some(None);
        }
        let (index, expected) = self.loading?;
        if expected != id {
            return None;
        }
        self.loading = None;
        match result {
            Ok(page) => {
                self.store(index, page);
                self.show(index);
                self.error = None;
                Some(self.prefetch(next_id))
            }
            Err(error) => {
                self.error = Some(error);
                Some(None)
            }
        }
    }

    pub fn select_next(&mut self) {
        if self.selected + 1 < self.row_count() {
            self.selected += 1;
        }
    }

    pub fn select_prev(&mut self) {
        self.selected = self.selected.saturating_sub(1);
    }

    pub fn select_first(&mut self) {
        self.selected = 0;
    }

    pub fn select_last(&mut self) {
        self.selected = self.row_count().saturating_sub(1);
    }

    pub fn select(&mut self, row: usize) {
        if row < self.row_count() {
            self.selected = row;
        }
    }

    /// Change a row in place (optimistic updates); `None` removes it.
    pub fn with_page_mut(&mut self, change: impl FnOnce(&mut Page)) {
        if let Some(page) = self.shown.and_then(|index| self.pages.get_mut(&index)) {
            change(page);
            self.selected = self.selected.min(page.records.len().saturating_sub(1));
        }
    }
}

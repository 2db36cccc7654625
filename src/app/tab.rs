//! One provider's tab: its customer list (paged, filtered), and the view on top of it (table, a
//! customer's detail, or one of its related lists).

use crate::domain::{FieldSpec, ProviderId, Record};
use crate::providers::ops::RelatedList;
use crate::providers::rate_limit::Quota;
use crate::providers::{Paging, ProviderSpec, first_page, spec};

use super::mirror_view::{MirrorView, Source};
use super::pager::Pager;

/// What the tab shows.
#[derive(Debug, Clone)]
pub enum TabView {
    Table,
    /// Every field of the selected customer.
    Detail,
    /// A list belonging to one customer (orders).
    Related(Box<RelatedView>),
}

#[derive(Debug, Clone)]
pub struct RelatedView {
    pub list: &'static RelatedList,
    pub customer: Record,
    pub customer_name: String,
    pub pager: Pager,
    /// The list's own filters in force (Ngorder's dates, Guardant's status and order).
    pub filters: Vec<(&'static str, String)>,
    /// Every field of the selected row is shown (Enter), not the table.
    pub detail: bool,
    /// Opened from the detail view (Esc goes back there) rather than from the table.
    pub from_detail: bool,
}

/// The `/` filter over the rows in hand.
#[derive(Debug, Clone, Default)]
pub struct LocalFilter {
    pub text: String,
    /// Indices of the page's rows that match, recomputed when the text or the page changes (not per
    /// frame: a million rows are too many to match on every draw).
    pub matches: Vec<usize>,
    /// The text and row count `matches` was computed for, so a longer text narrows from it.
    pub matched_text: String,
    pub matched_rows: usize,
}

#[derive(Debug, Clone)]
pub struct Tab {
    pub provider: ProviderId,
    pub spec: &'static ProviderSpec,
    /// The table's columns: the schema's defaults or the user's choice.
    pub columns: Vec<&'static FieldSpec>,
    pub customers: Pager,
    /// The provider-side filters in force, `(parameter, value)`.
    pub filters: Vec<(&'static str, String)>,
    /// The list is a result of the provider's search endpoint (CycleSoftware `find`), not its list.
    pub searching: bool,
    pub local_filter: Option<LocalFilter>,
    pub view: TabView,
    /// How far the table is scrolled sideways: the first column after the pinned one that shows
    /// (see `ui::columns`; 0 and 1 both mean not scrolled).
    pub column_offset: usize,
    /// Lines scrolled in the detail view (back to 0 for another customer).
    pub detail_scroll: u16,
    /// The provider cannot be called at all (e.g. its secret's variable is not set).
    pub unavailable: Option<String>,
    /// The provider's request budget, as last reported by the worker.
    pub quota: Option<Quota>,
    /// How current the customer in the detail view is.
    pub freshness: super::Freshness,
    /// Where the provider's mirror and its background sync stand (none: no sync runs for it).
    pub sync: Option<crate::worker::mirror::SyncStatus>,
    /// Where the table's rows come from: the mirror once its first sync finished, else live.
    pub source: Source,
    /// The user chose the source (`L`, a provider search or filter): no switching by itself then.
    pub source_chosen: bool,
    /// The table over the mirror.
    pub mirror: MirrorView,
    /// A customer opened from elsewhere (the global search), shown by the detail view in place of
    /// the selected row until the view is left.
    pub opened: Option<Record>,
}

impl Tab {
    pub fn new(provider: ProviderId, page_size: u32, unavailable: Option<String>) -> Tab {
        let spec = spec(provider);
        Tab {
            provider,
            spec,
            columns: spec
                .schema
                .fields
                .iter()
                .filter(|f| f.column.is_some())
                .collect(),
            customers: Pager::new(
                &spec.list.paging,
                page_size,
                first_page(spec, page_size).cursor,
            ),
            filters: Vec::new(),
            searching: false,
            local_filter: None,
            view: TabView::Table,
            column_offset: 0,
            detail_scroll: 0,
            unavailable,
            quota: None,
            freshness: super::Freshness::Listed,
            sync: None,
            source: Source::Live,
            source_chosen: false,
            mirror: MirrorView::default(),
            opened: None,
        }
    }

    /// Can the table browse the mirror? After a finished sync pass; offline, whatever it holds.
    pub fn mirror_ready(&self, offline: bool) -> bool {
        self.sync
            .as_ref()
            .is_some_and(|s| s.synced_ms.is_some() || (offline && s.mirrored > 0))
    }

    /// Forget the live pages and fetch nothing (`--offline`).
    pub fn reset_live(&mut self) {
        let page_size = self.customers.page_size();
        let first = first_page(self.spec, page_size).cursor;
        self.customers = Pager::new(&self.spec.list.paging, page_size, first);
    }

    /// Show these fields as columns (from the config), in this order.
    pub fn set_columns(&mut self, keys: &[&str]) {
        let fields = self.spec.schema.fields;
        self.columns = keys
            .iter()
            .filter_map(|key| fields.iter().find(|f| f.key == *key))
            .collect();
    }

    /// What the status line says of the budget under the table: only that requests are being paced.
    /// (One place for the text, so an update can tell whether a new quota changes the screen.)
    pub fn pacing_note(&self) -> Option<String> {
        let quota = self.quota.as_ref().filter(|q| q.paced)?;
        matches!(self.view, TabView::Table)
            .then(|| format!(" · pacing to the rate limit ({} lines)", quota.lines.len()))
    }

    /// One column further right or left. The draw knows how many fit; here the offset only stays
    /// among the columns, so scrolling back is never more presses than there are columns.
    pub fn scroll_columns(&mut self, right: bool) {
        let last = self.columns.len().saturating_sub(1);
        let offset = self.column_offset.max(1);
        self.column_offset = if right {
            (offset + 1).min(last.max(1))
        } else {
            offset.saturating_sub(1).max(1)
        };
    }

    /// How many customers the provider has, where known: its own total for the unfiltered list,
    /// else the total a running sync was told, else the count of a mirror synced in full (a mirror
    /// half-way through its first pass does not know).
    pub fn customer_count(&self) -> Option<u64> {
        use crate::worker::mirror::SyncPhase;
        let listed = (self.filters.is_empty() && !self.searching)
            .then(|| self.customers.page()?.totals)
            .flatten()
            .map(|totals| totals.records);
        let mirrored = self.sync.as_ref().and_then(|sync| match &sync.phase {
            SyncPhase::Syncing { total, .. } => *total,
            _ => sync.synced_ms.map(|_| sync.mirrored),
        });
        listed.or(mirrored.filter(|&n| n > 0))
    }

    /// Is anything of this tab in flight?
    pub fn is_loading(&self) -> bool {
        (self.source == Source::Mirror && self.mirror.is_loading())
            || self.customers.is_loading()
            || matches!(&self.view, TabView::Related(related) if related.pager.is_loading())
    }

    /// Did the last call this tab waited on fail?
    pub fn has_error(&self) -> bool {
        self.customers.error.is_some()
            || matches!(&self.view, TabView::Related(related) if related.pager.error.is_some())
    }

    /// Switch the customer list between the provider's list and its search endpoint, starting over.
    pub fn set_source(&mut self, searching: bool, filters: Vec<(&'static str, String)>) {
        let paging: &'static Paging = match (&self.spec.search, searching) {
            (Some((endpoint, _)), true) => &endpoint.paging,
            _ => &self.spec.list.paging,
        };
        let page_size = self.customers.page_size();
        let first = first_page(self.spec, page_size).cursor;
        self.customers = Pager::new(paging, page_size, first);
        // The provider's own search and filters run on its live pages.
        self.source = Source::Live;
        self.source_chosen = true;
        self.searching = searching;
        self.filters = filters;
        self.local_filter = None;
        self.view = TabView::Table;
        self.opened = None;
    }

    /// Row indices of the page on screen that pass the local filter (all rows without one).
    pub fn visible_rows(&self) -> VisibleRows<'_> {
        match &self.local_filter {
            Some(filter) => VisibleRows::Some(&filter.matches),
            None => VisibleRows::All(self.customers.row_count()),
        }
    }

    /// Recompute which rows match the local filter from scratch (after the rows changed).
    pub fn refilter(&mut self) {
        if let Some(filter) = &mut self.local_filter {
            filter.matched_text.clear();
        }
        self.filter_rows();
    }

    /// Set the local filter's text as typed: one more character only narrows the last matches.
    pub fn set_filter_text(&mut self, text: String) {
        let filter = self.local_filter.get_or_insert_with(LocalFilter::default);
        filter.text = text;
        self.filter_rows();
    }

    fn filter_rows(&mut self) {
        let Some(filter) = &mut self.local_filter else {
            return;
        };
        let needle = filter.text.to_lowercase();
        let records = self
            .customers
            .page()
            .map_or(&[][..], |page| &page.records[..]);
        // Typing one more character can only narrow: search the rows that matched before.
        let narrowing = !filter.matched_text.is_empty()
            && needle.starts_with(&filter.matched_text)
            && filter.matched_rows == records.len();
        filter.matches = if narrowing {
            filter
                .matches
                .iter()
                .copied()
                .filter(|&i| records.get(i).is_some_and(|r| r.matches(&needle)))
                .collect()
        } else {
            records
                .iter()
                .enumerate()
                .filter(|(_, record)| needle.is_empty() || record.matches(&needle))
                .map(|(index, _)| index)
                .collect()
        };
        filter.matched_text = needle;
        filter.matched_rows = records.len();
        if !filter.matches.is_empty() && !filter.matches.contains(&self.customers.selected) {
            self.customers.selected = filter.matches[0];
        }
    }

    /// Move the selection `delta` rows among the visible ones (clamped).
    pub fn move_selection(&mut self, delta: isize) {
        let rows = self.visible_rows();
        let count = rows.len();
        if count == 0 {
            return;
        }
        let position = rows.position_of(self.customers.selected).unwrap_or(0) as isize;
        let target = (position + delta).clamp(0, count as isize - 1) as usize;
        let row = rows.get(target);
        if row != self.customers.selected {
            self.detail_scroll = 0;
        }
        self.customers.select(row);
    }

    /// The selected customer, if it is visible.
    pub fn selected_record(&self) -> Option<&Record> {
        if let Some(opened) = &self.opened {
            return Some(opened);
        }
        if self.source == Source::Mirror {
            return self.mirror.selected_record();
        }
        let page = self.customers.page()?;
        let selected = self.customers.selected;
        self.visible_rows().position_of(selected)?;
        page.records.get(selected)
    }
}

/// Which rows of a page the table shows.
#[derive(Debug, Clone, Copy)]
pub enum VisibleRows<'a> {
    All(usize),
    Some(&'a [usize]),
}

impl VisibleRows<'_> {
    pub fn len(&self) -> usize {
        match self {
            VisibleRows::All(count) => *count,
            VisibleRows::Some(rows) => rows.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The page row shown at position `position`.
    pub fn get(&self, position: usize) -> usize {
        match self {
            VisibleRows::All(_) => position,
            VisibleRows::Some(rows) => rows[position],
        }
    }

    /// Where page row `row` is shown, if it is.
    pub fn position_of(&self, row: usize) -> Option<usize> {
        match self {
            VisibleRows::All(count) => (row < *count).then_some(row),
            VisibleRows::Some(rows) => rows.binary_search(&row).ok(),
        }
    }
}

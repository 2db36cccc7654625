//! Marks: rows are marked by customer id (with the record as marked), so a mark survives paging, the
//! local filter and whatever the table's rows come from. Space marks and moves on, V marks from the last
//! Space to the cursor, Ctrl-A marks every row in view. Over the mirror, V and Ctrl-A are in
//! `marks_mirror`.

use std::collections::HashSet;

use super::App;
use crate::domain::Record;
use crate::worker::{Command, RequestId};

/// The marked customers of one tab, in the order they were marked.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    records: Vec<Record>,
    ids: HashSet<String>,
    /// The last row marked with Space: `V` marks from here to the cursor.
    pub(super) anchor: Option<String>,
    /// Rows asked of the mirror to be marked (`V`, `Ctrl-A`), and whether they are a toggle (all
    /// unmarked if all are marked already).
    pub(super) asked: Option<(RequestId, bool)>,
}

impl Selection {
    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    pub fn contains(&self, id: &str) -> bool {
        self.ids.contains(id)
    }

    pub fn records(&self) -> &[Record] {
        &self.records
    }

    pub(super) fn mark(&mut self, record: &Record) {
        if self.ids.insert(record.id.clone()) {
            self.records.push(record.clone());
        }
    }

    pub(super) fn unmark(&mut self, id: &str) {
        if self.ids.remove(id) {
            self.records.retain(|r| r.id != id);
        }
    }
}

impl App {
    /// The marks of the active tab (empty when there are none).
    pub fn selection(&self) -> Option<&Selection> {
        let tab = self.active_tab()?;
        self.bulk.selections.get(&tab.provider)
    }

    /// The marked customers, each as the page in hand has it now where it is there (a row changed
    /// since it was marked is acted on as it is, not as it was).
    pub(super) fn marked_records(&self) -> Vec<Record> {
        let (Some(tab), Some(selection)) = (self.active_tab(), self.selection()) else {
            return Vec::new();
        };
        let page = tab.customers.page();
        selection
            .records()
            .iter()
            .map(|marked| {
                page.and_then(|p| p.records.iter().find(|r| r.id == marked.id))
                    .or_else(|| tab.mirror.find(&marked.id))
                    .unwrap_or(marked)
                    .clone()
            })
            .collect()
    }

    pub(super) fn toggle_mark(&mut self) -> Vec<Command> {
        let Some(tab) = self.active_tab() else {
            return Vec::new();
        };
        let Some(record) = tab.selected_record().cloned() else {
            return Vec::new();
        };
        let provider = tab.provider;
        let selection = self.bulk.selections.entry(provider).or_default();
        if selection.contains(&record.id) {
            selection.unmark(&record.id);
        } else {
            selection.mark(&record);
        }
        selection.anchor = Some(record.id);
        // The cursor moves on, so Space Space Space marks three rows in a row.
        if self.active_shows_mirror() {
            return self.navigate_mirror(super::Action::Down);
        }
        if let Some(tab) = self.tab_mut() {
            tab.move_selection(1);
        }
        Vec::new()
    }

    /// The records in view, in the order shown.
    fn rows_in_view(&self) -> Vec<Record> {
        let Some(tab) = self.active_tab() else {
            return Vec::new();
        };
        let Some(page) = tab.customers.page() else {
            return Vec::new();
        };
        let rows = tab.visible_rows();
        (0..rows.len())
            .filter_map(|position| page.records.get(rows.get(position)).cloned())
            .collect()
    }

    pub(super) fn mark_range(&mut self) -> Vec<Command> {
        if self.active_shows_mirror() {
            return self.mark_mirror_range();
        }
        let Some(tab) = self.active_tab() else {
            return Vec::new();
        };
        let Some(cursor) = tab.selected_record().map(|r| r.id.clone()) else {
            return Vec::new();
        };
        let provider = tab.provider;
        let rows = self.rows_in_view();
        let selection = self.bulk.selections.entry(provider).or_default();
        let here = rows.iter().position(|r| r.id == cursor);
        let anchor = selection
            .anchor
            .as_ref()
            .and_then(|a| rows.iter().position(|r| &r.id == a));
        let (Some(here), Some(anchor)) = (here, anchor.or(here)) else {
            return Vec::new();
        };
        for record in &rows[here.min(anchor)..=here.max(anchor)] {
            selection.mark(record);
        }
        selection.anchor = Some(cursor);
        Vec::new()
    }

    pub(super) fn mark_all(&mut self) -> Vec<Command> {
        if self.active_shows_mirror() {
            return self.mark_all_mirror();
        }
        let Some(provider) = self.active_tab().map(|t| t.provider) else {
            return Vec::new();
        };
        let rows = self.rows_in_view();
        self.bulk
            .selections
            .entry(provider)
            .or_default()
            .toggle_all(&rows);
        Vec::new()
    }
}

impl Selection {
    /// Ctrl-A: unmark `rows` if every one is marked, else mark them all.
    pub(super) fn toggle_all<'a>(&mut self, rows: impl IntoIterator<Item = &'a Record> + Clone) {
        if rows.clone().into_iter().all(|r| self.contains(&r.id)) {
            for record in rows {
                self.unmark(&record.id);
            }
        } else {
            for record in rows {
                self.mark(record);
            }
        }
    }
}

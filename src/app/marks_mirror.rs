//! Marks over the mirror's table, whose rows are read from the store a block at a time.
//!
//! `Space` is as on live rows. `V` marks from the row last marked with `Space` to the cursor: from the
//! rows in hand, or, when the range passes rows not read yet, from the store. `Ctrl-A` marks the whole
//! list on screen (every customer of the provider, or of the search typed) when it holds at most
//! [`MARK_ALL_CAP`] customers: what a search then "act on all of them" wants. A bigger list (a whole
//! mirror of a million) is not read into memory to be marked: `Ctrl-A` then marks the rows on screen,
//! as it marks the page in view on live pages, and says so, naming the cap and that `/` narrows the list.

use super::{App, Notice};
use crate::domain::{ApiError, ProviderId, Record};
use crate::store::MirrorQuery;
use crate::worker::locate::Ask;
use crate::worker::{Command, RequestId, Work};

/// The most customers `Ctrl-A` (or one `V`) marks over the mirror: a bulk action on them runs at the
/// provider's pace, a couple at a time, which is already a long wait at this many.
pub const MARK_ALL_CAP: u64 = 1_000;

impl App {
    /// `V` over the mirror.
    pub(super) fn mark_mirror_range(&mut self) -> Vec<Command> {
        let Some(tab) = self.active_tab() else {
            return Vec::new();
        };
        let provider = tab.provider;
        let view = &tab.mirror;
        let cursor = view.selected;
        let anchor = self
            .bulk
            .selections
            .get(&provider)
            .and_then(|s| s.anchor.as_deref())
            .map(|id| view.row_of(id));
        let anchor = match anchor {
            None => cursor,
            Some(Some(row)) => row,
            Some(None) => {
                self.notice = Some(Notice {
                    text:
                        "V marks from the row last marked with Space, which is not near here any \
                           more: Space marks a row to start from"
                            .into(),
                    is_error: false,
                });
                return Vec::new();
            }
        };
        let (from, to) = (anchor.min(cursor), anchor.max(cursor));
        let cursor_id = view.selected_record().map(|r| r.id.clone());
        if let Some(rows) = view.rows_in_hand(from, to) {
            let rows: Vec<Record> = rows.into_iter().cloned().collect();
            let selection = self.bulk.selections.entry(provider).or_default();
            for record in &rows {
                selection.mark(record);
            }
            selection.anchor = cursor_id;
            return Vec::new();
        }
        if to - from + 1 > MARK_ALL_CAP {
            self.notice = Some(Notice {
                text: format!(
                    "V marks at most {MARK_ALL_CAP} rows at once; this range holds {}",
                    to - from + 1
                ),
                is_error: false,
            });
            return Vec::new();
        }
        let mut query = view.current_query(provider);
        query.offset = from;
        query.limit = (to - from + 1) as u32;
        self.ask_rows_to_mark(provider, query, false)
    }

    /// `Ctrl-A` over the mirror: the whole list when it is small enough, else the rows on screen.
    pub(super) fn mark_all_mirror(&mut self) -> Vec<Command> {
        let index = self.active;
        let height = self.table_rows(index);
        let Some(tab) = self.active_tab() else {
            return Vec::new();
        };
        let provider = tab.provider;
        let view = &tab.mirror;
        let Some(total) = view.total.filter(|_| !view.is_loading()) else {
            self.notice = Some(Notice {
                text: "the mirror's rows are still being read: Ctrl-A again in a moment".into(),
                is_error: false,
            });
            return Vec::new();
        };
        if total == 0 {
            return Vec::new();
        }
        if total <= MARK_ALL_CAP {
            if let Some(rows) = view.rows_in_hand(0, total - 1) {
                let rows: Vec<Record> = rows.into_iter().cloned().collect();
                self.bulk
                    .selections
                    .entry(provider)
                    .or_default()
                    .toggle_all(&rows);
                return Vec::new();
            }
            let mut query = view.current_query(provider);
            query.offset = 0;
            query.limit = total as u32;
            return self.ask_rows_to_mark(provider, query, true);
        }
        // Too many to mark: the rows on screen, as the page in view is on live pages.
        let first = view.first_on_screen(height);
        let last = (first + height).min(total) - 1;
        let rows: Vec<Record> = view
            .rows_in_hand(first, last)
            .unwrap_or_default()
            .into_iter()
            .cloned()
            .collect();
        let capped = view
            .current_query(provider)
            .text
            .is_some_and(|_| total > crate::store::TOTAL_CAP);
        let count = if capped {
            format!("{}+", thousands(crate::store::TOTAL_CAP))
        } else {
            thousands(total)
        };
        let selection = self.bulk.selections.entry(provider).or_default();
        selection.toggle_all(&rows);
        let marked = rows.iter().all(|r| selection.contains(&r.id));
        let what = if marked { "marked" } else { "unmarked" };
        self.notice = Some(Notice {
            text: format!(
                "{what} the {} rows on screen: Ctrl-A marks a whole list of at most {} customers, \
                 this one has {count} (/ narrows it)",
                rows.len(),
                thousands(MARK_ALL_CAP)
            ),
            is_error: false,
        });
        Vec::new()
    }

    fn ask_rows_to_mark(
        &mut self,
        provider: ProviderId,
        query: MirrorQuery,
        toggle: bool,
    ) -> Vec<Command> {
        let command = self.quiet_command(provider, Work::Locate(Ask::Rows { query }));
        self.bulk.selections.entry(provider).or_default().asked = Some((command.id, toggle));
        vec![command]
    }

    /// The rows asked for marking came: marked (or, for a toggle whose rows were all marked, unmarked).
    pub(super) fn rows_to_mark(
        &mut self,
        id: RequestId,
        provider: ProviderId,
        query: &MirrorQuery,
        result: Result<(Vec<Record>, u64), ApiError>,
    ) -> Vec<Command> {
        let Some(selection) = self.bulk.selections.get_mut(&provider) else {
            return Vec::new();
        };
        let Some((_, toggle)) = selection.asked.filter(|(asked, _)| *asked == id) else {
            return Vec::new();
        };
        selection.asked = None;
        let (rows, total) = match result {
            Ok(found) => found,
            Err(error) => {
                self.notice = Some(Notice {
                    text: format!("nothing marked: {error}"),
                    is_error: true,
                });
                return Vec::new();
            }
        };
        if toggle {
            selection.toggle_all(&rows);
        } else {
            for record in &rows {
                selection.mark(record);
            }
        }
        // The list grew past what was asked for while it was read: say what was left.
        let held = total.saturating_sub(query.offset);
        if toggle && held > rows.len() as u64 {
            self.notice = Some(Notice {
                text: format!(
                    "marked the first {} of {} customers (the mirror changed meanwhile)",
                    rows.len(),
                    thousands(total)
                ),
                is_error: false,
            });
        }
        Vec::new()
    }
}

/// `1234567` as `1,234,567` (as the status line writes counts).
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

//! The tab's table over the mirror: every customer of the provider, scrolled virtually. Rows come from
//! the store in blocks of [`BLOCK`] through the worker; the blocks on screen are asked for first, the
//! next block in the direction of travel ahead of time, and a few around are kept. Changing the sort or
//! the search text starts a new generation: answers of older ones are dropped (the newest wins), but
//! their rows stay on screen until the new ones arrive.

use std::collections::BTreeMap;

use crate::domain::Record;
use crate::store::{MirrorQuery, MirrorSort, SortDirection};
use crate::worker::RequestId;
use crate::worker::window::WindowRows;

/// Rows per block asked of the store.
pub const BLOCK: u64 = 100;
/// Blocks kept in hand around the screen; farther ones are dropped and read again when needed.
const KEEP: u64 = 6;

/// Where the tab's rows come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Source {
    /// The provider's own pages, as its API serves them.
    #[default]
    Live,
    /// The local mirror.
    Mirror,
}

/// A window request the view wants sent.
#[derive(Debug, Clone, PartialEq)]
pub struct WindowFetch {
    pub id: RequestId,
    pub query: MirrorQuery,
    pub ahead: bool,
    pub debounce: bool,
}

#[derive(Debug, Clone)]
struct Block {
    generation: u64,
    records: Vec<Record>,
}

#[derive(Debug, Clone, Copy)]
struct Pending {
    id: RequestId,
    generation: u64,
    ahead: bool,
}

#[derive(Debug, Clone, Default)]
pub struct MirrorView {
    pub sort: Option<MirrorSort>,
    /// The search text in force (what `/` typed), empty for every customer.
    pub text: String,
    /// Customers the query holds, once an answer told.
    pub total: Option<u64>,
    /// The generation whose answer told `total`: an older query's count (0 after a search found
    /// nobody) must not stop the new query's rows from being asked.
    total_generation: u64,
    /// The selected row and the first row on screen, counted over the whole query.
    pub selected: u64,
    pub top: u64,
    /// How long the last answer took in the store.
    pub elapsed_ms: Option<u64>,
    pub error: Option<String>,
    blocks: BTreeMap<u64, Block>,
    generation: u64,
    pending: Vec<Pending>,
    /// The last move went up: the block above is the one to fetch ahead.
    heading_up: bool,
    /// The next request is a search being typed: wait for more keys first.
    typing: bool,
    /// `G` came before the total did: go to the end (of a screen this tall) when it comes.
    end_wanted: Option<u64>,
    /// The palette's jump to a customer waits for its row (the request asking for it).
    pub locating: Option<RequestId>,
}

impl MirrorView {
    /// The record at row `index` of the query, if it is in hand (maybe from the previous generation).
    pub fn record(&self, index: u64) -> Option<&Record> {
        self.blocks
            .get(&(index / BLOCK))?
            .records
            .get((index % BLOCK) as usize)
    }

    pub fn selected_record(&self) -> Option<&Record> {
        self.record(self.selected)
    }

    /// Is an answer for the rows on screen still awaited?
    pub fn is_loading(&self) -> bool {
        self.pending
            .iter()
            .any(|p| !p.ahead && p.generation == self.generation)
    }

    /// Does any row of a query show yet (of this generation or the one before)?
    pub fn has_rows(&self) -> bool {
        !self.blocks.is_empty()
    }

    fn query(&self, first_block: u64, blocks: u64) -> MirrorQuery {
        MirrorQuery {
            provider: None,
            text: Some(self.text.trim().to_string()).filter(|t| !t.is_empty()),
            sort: self.sort.clone(),
            offset: first_block * BLOCK,
            limit: (blocks * BLOCK) as u32,
        }
    }

    /// The query on screen for `provider`'s mirror (its first block): what a customer's row is
    /// counted in.
    pub fn current_query(&self, provider: crate::domain::ProviderId) -> MirrorQuery {
        MirrorQuery {
            provider: Some(provider.key().to_string()),
            ..self.query(0, 1)
        }
    }

    /// Select row `row`, in the middle of a screen of `rows` where it can be (the palette's jump).
    pub fn put_on(&mut self, row: u64, rows: u64) {
        let rows = rows.max(1);
        self.end_wanted = None;
        self.heading_up = false;
        self.selected = row;
        self.top = row.saturating_sub(rows / 2);
        if let Some(total) = self
            .total
            .filter(|_| self.total_generation == self.generation)
        {
            self.top = self.top.min(total.saturating_sub(rows));
        }
    }

    /// The row of customer `id` among the rows in hand of the query on screen.
    pub fn row_of(&self, id: &str) -> Option<u64> {
        self.blocks
            .iter()
            .filter(|(_, b)| b.generation == self.generation)
            .find_map(|(&block, b)| {
                let at = b.records.iter().position(|r| r.id == id)?;
                Some(block * BLOCK + at as u64)
            })
    }

    /// The rows `from..=to` of the query on screen, if every one of them is in hand.
    pub fn rows_in_hand(&self, from: u64, to: u64) -> Option<Vec<&Record>> {
        (from..=to)
            .map(|index| self.record(index).filter(|_| self.held(index / BLOCK)))
            .collect()
    }

    /// Drop what was asked and what is held for another query: the next answers are for this one.
    /// The rows in hand stay on screen until then.
    pub fn restart(&mut self, to_top: bool) {
        self.generation += 1;
        self.pending.clear();
        self.error = None;
        if to_top {
            self.selected = 0;
            self.top = 0;
        }
    }

    /// A search text typed: a new query, debounced.
    pub fn set_text(&mut self, text: &str) {
        if self.text == text {
            return;
        }
        self.text = text.to_string();
        self.typing = true;
        self.restart(true);
    }

    /// Sort by `column` (the next direction when it is already the sort), or by id with `None`.
    pub fn set_sort(&mut self, sort: Option<MirrorSort>) {
        self.sort = sort;
        self.restart(true);
    }

    /// The sort reversed: the last row of the set comes first.
    pub fn reverse(&mut self) {
        if let Some(sort) = &mut self.sort {
            sort.direction = match sort.direction {
                SortDirection::Ascending => SortDirection::Descending,
                SortDirection::Descending => SortDirection::Ascending,
            };
            self.restart(true);
        }
    }

    fn last(&self) -> u64 {
        self.total.unwrap_or(0).saturating_sub(1)
    }

    /// Move the selection by `delta` rows, the screen (`rows` tall) following it.
    pub fn move_by(&mut self, delta: i64, rows: u64) {
        self.heading_up = delta < 0;
        let target = (self.selected as i64).saturating_add(delta).max(0) as u64;
        self.selected = target.min(self.last());
        self.follow(rows);
    }

    /// A screen down or up: the selection and the screen move together.
    pub fn page_by(&mut self, pages: i64, rows: u64) {
        let rows = rows.max(1);
        self.heading_up = pages < 0;
        let delta = pages.saturating_mul(rows as i64);
        let max_top = self.total.unwrap_or(0).saturating_sub(rows);
        self.top = ((self.top as i64).saturating_add(delta).max(0) as u64).min(max_top);
        self.selected =
            ((self.selected as i64).saturating_add(delta).max(0) as u64).min(self.last());
        self.follow(rows);
    }

    pub fn first(&mut self) {
        self.heading_up = false;
        self.end_wanted = None;
        self.selected = 0;
        self.top = 0;
    }

    /// The real last customer of the whole set, at the bottom of the screen.
    pub fn end(&mut self, rows: u64) {
        if self.total.is_none() {
            self.end_wanted = Some(rows);
            return;
        }
        self.heading_up = true;
        self.selected = self.last();
        self.top = self.total.unwrap_or(0).saturating_sub(rows.max(1));
    }

    /// The first row on a screen of `height` rows: the top scrolled to, moved so the selection shows
    /// (a frame drawn before the app heard of a resize still shows it). The table draws from here.
    pub fn first_on_screen(&self, height: u64) -> u64 {
        let height = height.max(1);
        if self.selected < self.top {
            self.selected
        } else if self.selected >= self.top + height {
            self.selected + 1 - height
        } else {
            self.top
        }
    }

    /// Select the row `position` rows below the first on a screen of `rows` (a click).
    pub fn select_on_screen(&mut self, position: u64, rows: u64) {
        let row = self.first_on_screen(rows) + position;
        if position < rows.max(1) && row <= self.last() {
            self.selected = row;
        }
    }

    /// Keep the selection on a screen of `rows`.
    fn follow(&mut self, rows: u64) {
        let rows = rows.max(1);
        if self.selected < self.top {
            self.top = self.selected;
        } else if self.selected >= self.top + rows {
            self.top = self.selected + 1 - rows;
        }
    }

    fn held(&self, block: u64) -> bool {
        self.blocks
            .get(&block)
            .is_some_and(|b| b.generation == self.generation)
    }

    /// The requests the screen (`rows` tall) needs now: the missing blocks on screen as one, then the
    /// next block in the direction of travel. `next_id` numbers them.
    pub fn wanted(&mut self, rows: u64, next_id: &mut u64) -> Vec<WindowFetch> {
        let mut fetches = Vec::new();
        let total = self
            .total
            .filter(|_| self.total_generation == self.generation);
        let last_row = match total {
            Some(0) => return fetches,
            Some(total) => (self.top + rows.max(1)).min(total) - 1,
            None => self.top + rows.max(1) - 1,
        };
        let (first, last) = (self.top / BLOCK, last_row / BLOCK);
        let missing: Vec<u64> = (first..=last).filter(|b| !self.held(*b)).collect();
        let on_screen_pending = self.is_loading();
        if let (Some(&from), Some(&to), false) =
            (missing.first(), missing.last(), on_screen_pending)
        {
            fetches.push(self.fetch(from, to - from + 1, false, next_id));
        }
        let ahead = if self.heading_up {
            first.checked_sub(1)
        } else {
            Some(last + 1).filter(|b| total.is_some_and(|t| b * BLOCK < t))
        };
        let ahead_pending = self
            .pending
            .iter()
            .any(|p| p.ahead && p.generation == self.generation);
        if let (Some(block), false) = (ahead, ahead_pending)
            && !self.held(block)
            && total.is_some()
        {
            fetches.push(self.fetch(block, 1, true, next_id));
        }
        fetches
    }

    fn fetch(&mut self, first: u64, blocks: u64, ahead: bool, next_id: &mut u64) -> WindowFetch {
        let id = RequestId(*next_id);
        *next_id += 1;
        // The worker keeps only the newest request of a lane: an older one of it is not coming.
        self.pending.retain(|p| p.ahead != ahead);
        self.pending.push(Pending {
            id,
            generation: self.generation,
            ahead,
        });
        let debounce = !ahead && std::mem::take(&mut self.typing);
        WindowFetch {
            id,
            query: self.query(first, blocks),
            ahead,
            debounce,
        }
    }

    /// Does the view wait for request `id`?
    pub fn awaits(&self, id: RequestId) -> bool {
        self.pending.iter().any(|p| p.id == id)
    }

    /// Take an answer. `false` when it was not awaited or is of an older generation (dropped).
    pub fn receive(&mut self, id: RequestId, result: Result<WindowRows, String>) -> bool {
        let Some(index) = self.pending.iter().position(|p| p.id == id) else {
            return false;
        };
        let pending = self.pending.remove(index);
        if pending.generation != self.generation {
            return false;
        }
        let window = match result {
            Ok(window) => window,
            Err(error) => {
                self.error = Some(error);
                return true;
            }
        };
        // The first answer of a new query replaces the old rows on screen at once.
        let generation = self.generation;
        self.blocks.retain(|_, b| b.generation == generation);
        self.error = None;
        self.total = Some(window.total);
        self.total_generation = generation;
        if !pending.ahead {
            self.elapsed_ms = Some(window.elapsed.as_millis() as u64);
        }
        let first = window.query.offset / BLOCK;
        let mut records = window.records.into_iter();
        let blocks = u64::from(window.query.limit).div_ceil(BLOCK);
        for block in first..first + blocks {
            let records: Vec<Record> = records.by_ref().take(BLOCK as usize).collect();
            if records.is_empty() && block * BLOCK >= window.total {
                break;
            }
            self.blocks.insert(
                block,
                Block {
                    generation,
                    records,
                },
            );
        }
        if let Some(rows) = self.end_wanted.take() {
            self.end(rows);
        }
        // Fewer rows than before (a narrower search): the selection stays on a row that exists.
        self.selected = self.selected.min(self.last());
        self.top = self.top.min(self.selected);
        let centre = self.top / BLOCK;
        self.blocks
            .retain(|&b, _| b + KEEP >= centre && b <= centre + KEEP);
        true
    }

    /// The row in hand with this id.
    pub fn find(&self, id: &str) -> Option<&Record> {
        self.blocks
            .values()
            .flat_map(|b| b.records.iter())
            .find(|r| r.id == id)
    }

    /// Change a row in hand (an action's effect shown at once); `None` when it is not in hand.
    pub fn with_record_mut(&mut self, id: &str, change: impl FnOnce(&mut Record)) -> Option<()> {
        let record = self
            .blocks
            .values_mut()
            .flat_map(|b| b.records.iter_mut())
            .find(|r| r.id == id)?;
        change(record);
        Some(())
    }
}

/// An action's effect on a mirrored row, shown before the provider answers: fields set in place. A
/// removal shows when the mirror is read again after the answer (rows below do not shift meanwhile).
pub fn show_effect(view: &mut MirrorView, id: &str, effect: &crate::providers::ops::Effect) {
    let crate::providers::ops::Effect::Set(changes) = effect else {
        return;
    };
    view.with_record_mut(id, |row| {
        for (key, value) in changes {
            match row.fields.iter_mut().find(|(k, _)| k == key) {
                Some((_, slot)) => *slot = value.clone(),
                None => row.fields.push((key.to_string(), value.clone())),
            }
        }
    });
}

//! A compact record table: generated records are computed from their index on demand; only records
//! changed, created or deleted through the API are stored. `live` keeps the indices of existing records
//! in ascending order (4 bytes per record), which is also creation order.

use std::collections::HashMap;

pub(crate) struct Table<R> {
    generated: u32,
    changed: HashMap<u32, R>,
    created: Vec<Option<R>>,
    live: Vec<u32>,
}

impl<R: Clone> Table<R> {
    pub fn new(generated: u32) -> Self {
        Table {
            generated,
            changed: HashMap::new(),
            created: Vec::new(),
            live: (0..generated).collect(),
        }
    }

    /// Existing records' indices, ascending.
    pub fn live(&self) -> &[u32] {
        &self.live
    }

    pub fn len(&self) -> usize {
        self.live.len()
    }

    pub fn exists(&self, idx: u32) -> bool {
        // Until a record before `idx` is deleted it sits at position `idx`: one look, not a binary
        // search through megabytes (a 1,000-record page asks 1,000 times, under the provider's lock).
        self.live.get(idx as usize) == Some(&idx) || self.live.binary_search(&idx).is_ok()
    }

    /// A stored (changed or created) record, without generating.
    pub fn stored(&self, idx: u32) -> Option<&R> {
        if idx >= self.generated {
            self.created
                .get((idx - self.generated) as usize)
                .and_then(Option::as_ref)
        } else {
            self.changed.get(&idx)
        }
    }

    /// Indices of the stored (changed or created) records that exist.
    pub fn stored_indices(&self) -> impl Iterator<Item = u32> + '_ {
        let created = self.created.iter().enumerate();
        self.changed
            .keys()
            .copied()
            .chain(created.filter_map(|(k, r)| r.as_ref().map(|_| self.generated + k as u32)))
    }

    /// The record at `idx`, generated with `generate` unless it was stored.
    pub fn get(&self, idx: u32, generate: impl FnOnce(u32) -> R) -> Option<R> {
        if !self.exists(idx) {
            return None;
        }
        match self.stored(idx) {
            Some(record) => Some(record.clone()),
            None => Some(generate(idx)),
        }
    }

    /// Replaces an existing record.
    pub fn put(&mut self, idx: u32, record: R) {
        if idx >= self.generated {
            if let Some(slot) = self.created.get_mut((idx - self.generated) as usize) {
                *slot = Some(record);
            }
        } else {
            self.changed.insert(idx, record);
        }
    }

    /// Adds a record and returns its index (always larger than every other index).
    pub fn insert(&mut self, record: R) -> u32 {
        let idx = self.generated + self.created.len() as u32;
        self.created.push(Some(record));
        self.live.push(idx);
        idx
    }

    /// Deletes a record; false when it did not exist.
    pub fn remove(&mut self, idx: u32) -> bool {
        let Ok(pos) = self.live.binary_search(&idx) else {
            return false;
        };
        self.live.remove(pos);
        if idx >= self.generated {
            if let Some(slot) = self.created.get_mut((idx - self.generated) as usize) {
                *slot = None;
            }
        } else {
            self.changed.remove(&idx);
        }
        true
    }
}

/// Splits `total` items into pages: `(start, end)` of 1-based `page` with `per_page` items.
pub(crate) fn page_bounds(total: usize, per_page: usize, page: usize) -> (usize, usize) {
    let start = per_page.saturating_mul(page.saturating_sub(1)).min(total);
    (start, (start + per_page).min(total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_overlays_generated_records() {
        let mut t: Table<String> = Table::new(5);
        let generate = |i: u32| format!("gen{i}");
        assert_eq!(t.get(3, generate).as_deref(), Some("gen3"));
        t.put(3, "changed".into());
        assert_eq!(t.get(3, generate).as_deref(), Some("changed"));
        let new = t.insert("new".into());
        assert_eq!(new, 5);
        assert_eq!(t.get(5, generate).as_deref(), Some("new"));
        assert!(t.remove(3));
        assert!(!t.remove(3));
        assert_eq!(t.get(3, generate), None);
        assert_eq!(t.live(), &[0, 1, 2, 4, 5]);
        assert_eq!(page_bounds(5, 2, 3), (4, 5));
        assert_eq!(page_bounds(5, 2, 4), (5, 5));
    }
}

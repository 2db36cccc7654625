//! Indexes that let a fake serve any page of a million records in O(page + log n): a sorted order
//! ([`Sorted`]) and per-block sorted keys for "k-th record in id order whose key ≥ x" ([`KeyBlocks`]).
//!
//! Both are built from the generated data in a background thread ([`spawn_build`]) so the sandbox
//! starts at once, then installed under the provider's lock. Writes that arrive before the install are
//! noted (`pending`) and replayed at install; after it, every write moves only the records it touched.

use std::sync::{Arc, Mutex};

use tokio::sync::watch;

/// Record indices sorted by `(key, idx)` ascending; readers walk it forwards or backwards by position.
#[derive(Default)]
pub(crate) struct Sorted {
    order: Option<Vec<u32>>,
    /// Records written before the order was installed, replayed by [`Sorted::install`].
    pending: Vec<u32>,
}

impl Sorted {
    pub fn get(&self) -> Option<&[u32]> {
        self.order.as_deref()
    }

    /// First position whose `(key, idx)` is not below `(key, idx)`; `key_of` gives the key of every
    /// record in the order.
    fn position<K: Ord>(order: &[u32], key: &K, idx: u32, key_of: &impl Fn(u32) -> K) -> usize {
        order.partition_point(|&i| {
            let k = key_of(i);
            (&k, i) < (key, idx)
        })
    }

    /// First position whose key is not below `key` (`after`: first position above it): the bounds of a
    /// key range, found in O(log n) key computations.
    pub fn seek<K: Ord>(&self, key: &K, after: bool, key_of: impl Fn(u32) -> K) -> usize {
        let order = self.order.as_deref().unwrap_or_default();
        order.partition_point(|&i| {
            let k = key_of(i);
            if after { k <= *key } else { k < *key }
        })
    }

    /// Takes `idx` out; call before its key changes (`key_of` still gives its old key).
    pub fn remove<K: Ord>(&mut self, idx: u32, key_of: impl Fn(u32) -> K) {
        match &mut self.order {
            None => self.pending.push(idx),
            Some(order) => {
                let pos = Self::position(order, &key_of(idx), idx, &key_of);
                if order.get(pos) == Some(&idx) {
                    order.remove(pos);
                }
            }
        }
    }

    /// Puts `idx` in at its place; call after its key changed (or it was created).
    pub fn insert<K: Ord>(&mut self, idx: u32, key_of: impl Fn(u32) -> K) {
        match &mut self.order {
            None => self.pending.push(idx),
            Some(order) => {
                let pos = Self::position(order, &key_of(idx), idx, &key_of);
                if order.get(pos) != Some(&idx) {
                    order.insert(pos, idx);
                }
            }
        }
    }

    /// Installs an order built from the generated records `0..generated`, then replays the writes made
    /// meanwhile: each touched record leaves its generated place and, if it still exists, goes to the
    /// place of its current key.
    pub fn install<K: Ord>(
        &mut self,
        mut order: Vec<u32>,
        generated: u32,
        generated_key: impl Fn(u32) -> K,
        current: impl Fn(u32) -> Option<K>,
    ) {
        let mut pending = std::mem::take(&mut self.pending);
        pending.sort_unstable();
        pending.dedup();
        // Every record still in `order` sits at its generated key while this loop runs.
        for &idx in pending.iter().filter(|&&i| i < generated) {
            let pos = Self::position(&order, &generated_key(idx), idx, &generated_key);
            if order.get(pos) == Some(&idx) {
                order.remove(pos);
            }
        }
        // Now every record in `order` sits at its current key.
        let key_of = |i: u32| current(i).unwrap_or_else(|| generated_key(i));
        for &idx in &pending {
            if let Some(key) = current(idx) {
                let pos = Self::position(&order, &key, idx, &key_of);
                order.insert(pos, idx);
            }
        }
        self.order = Some(order);
    }
}

/// Positions `start..end` of `seq` counted from its end when `desc` (newest first): a page, O(page).
pub(crate) fn window(seq: &[u32], start: usize, end: usize, desc: bool) -> Vec<u32> {
    let total = seq.len();
    let (start, end) = (start.min(total), end.min(total).max(start.min(total)));
    if desc {
        seq[total - end..total - start]
            .iter()
            .rev()
            .copied()
            .collect()
    } else {
        seq[start..end].to_vec()
    }
}

/// Records `0..n` sorted by `(key, idx)`: the builder's step for a [`Sorted`] of generated records.
pub(crate) fn sorted_by_key<K: Ord + Copy>(n: u32, key: impl Fn(u32) -> K) -> Vec<u32> {
    let mut keyed: Vec<(K, u32)> = (0..n).map(|i| (key(i), i)).collect();
    keyed.sort_unstable();
    keyed.into_iter().map(|(_, i)| i).collect()
}

/// Records per block of [`KeyBlocks`]: counting a block is a binary search, scanning one is ≤ this.
const BLOCK: u32 = 1024;

/// For each block of `BLOCK` consecutive indices, the sorted keys of its existing records. "The k-th
/// record in index order whose key is at least x" costs a binary search per block plus one block scan.
#[derive(Default)]
pub(crate) struct KeyBlocks {
    blocks: Option<Vec<Vec<i64>>>,
    pending: Vec<(u32, Option<i64>, Option<i64>)>,
}

impl KeyBlocks {
    /// Builds the blocks of generated records `0..n` (all existing).
    pub fn build(n: u32, key: impl Fn(u32) -> i64) -> Vec<Vec<i64>> {
        (0..n.div_ceil(BLOCK))
            .map(|b| {
                let mut keys: Vec<i64> = (b * BLOCK..((b + 1) * BLOCK).min(n)).map(&key).collect();
                keys.sort_unstable();
                keys
            })
            .collect()
    }

    pub fn ready(&self) -> bool {
        self.blocks.is_some()
    }

    /// Records that `idx`'s key went from `old` to `new` (`None`: absent before / gone after).
    pub fn change(&mut self, idx: u32, old: Option<i64>, new: Option<i64>) {
        match &mut self.blocks {
            None => self.pending.push((idx, old, new)),
            Some(blocks) => Self::apply(blocks, idx, old, new),
        }
    }

    fn apply(blocks: &mut Vec<Vec<i64>>, idx: u32, old: Option<i64>, new: Option<i64>) {
        let b = (idx / BLOCK) as usize;
        if blocks.len() <= b {
            blocks.resize_with(b + 1, Vec::new);
        }
        let keys = &mut blocks[b];
        if let Some(old) = old
            && let Ok(pos) = keys.binary_search(&old)
        {
            keys.remove(pos);
        }
        if let Some(new) = new {
            let pos = keys.partition_point(|&k| k < new);
            keys.insert(pos, new);
        }
    }

    /// Installs built blocks and replays the changes noted meanwhile, in order.
    pub fn install(&mut self, mut blocks: Vec<Vec<i64>>) {
        for (idx, old, new) in std::mem::take(&mut self.pending) {
            Self::apply(&mut blocks, idx, old, new);
        }
        self.blocks = Some(blocks);
    }

    /// Up to `take` existing records (`live`, ascending) in index order whose `key` is at least `min`,
    /// after skipping `skip` of them: blocks without a match are passed over by their counts.
    pub fn page(
        &self,
        min: i64,
        mut skip: usize,
        take: usize,
        live: &[u32],
        key: impl Fn(u32) -> i64,
    ) -> Vec<u32> {
        let mut out = Vec::new();
        let Some(blocks) = self.blocks.as_deref() else {
            return out;
        };
        for (b, keys) in blocks.iter().enumerate() {
            let matching = keys.len() - keys.partition_point(|&k| k < min);
            if skip >= matching {
                skip -= matching;
                continue;
            }
            let first = b as u32 * BLOCK;
            let from = live.partition_point(|&i| i < first);
            let found = live[from..]
                .iter()
                .take_while(|&&i| i < first + BLOCK)
                .filter(|&&i| key(i) >= min)
                .skip(skip);
            for &i in found {
                out.push(i);
                if out.len() == take {
                    return out;
                }
            }
            skip = 0;
        }
        out
    }
}

/// Whether a provider's background indexes are installed: requests that need them wait on it (never
/// holding the provider's lock), so a page is always answered from a complete index.
#[derive(Clone)]
pub(crate) struct Ready(watch::Receiver<bool>);

impl Default for Ready {
    /// Already ready: for state built before its builder is spawned.
    fn default() -> Self {
        Ready(watch::channel(true).1)
    }
}

impl Ready {
    pub async fn wait(&self) {
        let mut rx = self.0.clone();
        // An error means the builder ended without installing: callers then build inline.
        let _ = rx.wait_for(|ready| *ready).await;
    }
}

/// Runs `build` on its own thread (CPU work stays off the async workers), then `install` under the
/// state's lock, then marks the state ready.
pub(crate) fn spawn_build<S, T>(
    state: &Arc<Mutex<S>>,
    build: impl FnOnce() -> T + Send + 'static,
    install: impl FnOnce(&mut S, T) + Send + 'static,
) -> Ready
where
    S: Send + 'static,
    T: Send + 'static,
{
    let (tx, rx) = watch::channel(false);
    let state = state.clone();
    let spawned = std::thread::Builder::new()
        .name("sandbox-index".into())
        .spawn(move || {
            let built = build();
            let mut guard = state.lock().unwrap_or_else(|e| e.into_inner());
            install(&mut guard, built);
            drop(guard);
            let _ = tx.send(true);
        });
    if let Err(error) = spawned {
        tracing::warn!(%error, "sandbox index thread did not start; indexes build on first use");
    }
    Ready(rx)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_replays_writes_made_before_install() {
        // Keys: generated record i has key 10 - i (so the order is 4, 3, 2, 1, 0).
        let generated = |i: u32| 10 - i as i64;
        let mut s = Sorted::default();
        let mut current: std::collections::HashMap<u32, Option<i64>> = Default::default();
        s.remove(1, generated); // edit 1: key 100 (moves to the end)
        current.insert(1, Some(100));
        s.insert(1, |_| 0);
        s.remove(3, generated); // delete 3
        current.insert(3, None);
        current.insert(5, Some(7)); // create 5 with key 7
        s.insert(5, |_| 0);
        let built = sorted_by_key(5, generated);
        s.install(built, 5, generated, |i| {
            current.get(&i).copied().unwrap_or(Some(generated(i)))
        });
        assert_eq!(s.get(), Some(&[4, 5, 2, 0, 1][..]));
        let key_of = |i: u32| current.get(&i).copied().flatten().unwrap_or(generated(i));
        assert_eq!(s.seek(&8, false, key_of), 2);
        assert_eq!(s.seek(&8, true, key_of), 3);
        assert_eq!(s.seek(&10, true, key_of), 4);
    }

    #[test]
    fn key_blocks_find_the_kth_match_in_index_order() {
        let n = 3000;
        let key = |i: u32| (i % 7) as i64;
        let mut kb = KeyBlocks::default();
        kb.change(5, Some(5), Some(100));
        kb.install(KeyBlocks::build(n, key));
        // Matches of key ≥ 6: i % 7 == 6, plus record 5 (not record 12, deleted).
        kb.change(12, Some(5), None);
        let live: Vec<u32> = (0..n).filter(|&i| i != 12).collect();
        let current = |i: u32| if i == 5 { 100 } else { key(i) };
        let matches: Vec<u32> = live.iter().copied().filter(|&i| current(i) >= 6).collect();
        assert_eq!(kb.page(6, 200, 3, &live, current), matches[200..203]);
        assert_eq!(kb.page(6, 0, 2, &live, current), [5, 6]);
        assert_eq!(kb.page(6, matches.len() - 1, 5, &live, current).len(), 1);
        assert!(kb.page(1000, 0, 5, &live, current).is_empty());
    }
}

//! Any window of a provider's mirror in a few milliseconds, wherever it is: seek to a kept key, then
//! skip fewer than [`STRIDE`] rows.
//!
//! `LIMIT 50 OFFSET 500000` walks half a million index entries before its first row (38–82 ms at 1M,
//! in the id order and in sorted ones); the ends are cheap. So the key of every [`STRIDE`]th row of
//! an order (its *mark*) is kept, learnt on the way to the windows asked for: a window far from any
//! mark hops from the nearer known one (or end) towards it, [`STRIDE`] rows a hop, keeping each key
//! it lands on; the window is then read from the nearest mark with a short `OFFSET`. The first window
//! in the middle costs what the plain `OFFSET` did; every later one anywhere near a visited stretch,
//! in either direction, costs a seek and under [`STRIDE`] rows. Marks are kept per provider and
//! column and dropped when the provider's generation (`window_generation`) moves.
//!
//! An order is total: a sorted column's value (`COLLATE NOCASE`, as its index), then the id. A mark
//! `(v, id)` is sought as two ranges of the index, each a plain range the index reads in order:
//! `v = ? AND id >= ?`, then `v > ?` (backwards `v = ? AND id < ?`, then `v < ?`); one row-value
//! comparison `(v, id) >= (?, ?)` would be sought on `v` alone and walk every tie. Customers without
//! the column (a NULL value, first when ascending) are a stretch of their own before the marks.

use std::cell::RefCell;
use std::collections::BTreeMap;

use rusqlite::types::Value;
use rusqlite::{Connection, Row};

use super::StoreError;
use super::mirror::{MirrorHit, MirrorQuery};

/// Rows between two marks: at most this many are skipped by `OFFSET` to reach a window once its
/// stretch has been visited (about 0.1 ms at 1M); 1,000 marks for a million rows. Tests use a short
/// stride so a mirror of a few hundred rows has dozens of marks.
pub const STRIDE: u64 = if cfg!(test) { 8 } else { 1_000 };

/// Orders whose marks are kept (a few sorts of a few tabs).
const KEPT: usize = 16;

const ROW_COLUMNS: &str = "provider, id, raw_json, title, cells_json, search_text, synced_at";

/// The marks of the orders windows were read in lately, on one connection.
#[derive(Debug, Default)]
pub struct Marks {
    kept: RefCell<Vec<Kept>>,
}

#[derive(Debug)]
struct Kept {
    provider: String,
    column: Option<String>,
    generation: i64,
    /// Customers without the column: the first stretch ascending, read by id.
    nulls: u64,
    /// Position among the customers with a value (ascending) → the key there; multiples of STRIDE.
    marks: BTreeMap<u64, Key>,
}

/// A row's place in its order: the sorted value (NULL in the id order) and id.
#[derive(Debug, Clone)]
struct Key {
    value: Value,
    id: String,
}

/// The column a window is sorted by (`None`: the id order) when marks can serve it: one provider's
/// window in the id order or by a column its index is made for (see `window_order`).
pub fn seekable(query: &MirrorQuery) -> Option<Option<&str>> {
    query.provider.as_ref()?;
    match &query.sort {
        None => Some(None),
        Some(sort) if super::window_order::plain(&sort.column) => Some(Some(&sort.column)),
        Some(_) => None,
    }
}

/// One stretch of an order read by one range of its index, one way.
struct Range {
    /// Conditions besides provider and gone, on `?2`, `?3`.
    condition: String,
    values: Vec<Value>,
    descending: bool,
    /// The range holds one value: ordered by id alone (ordered by the value too, the planner would
    /// sort it rather than see the equality).
    by_id: bool,
}

/// One provider's order: by id, or by a column's value then id.
struct Order<'a> {
    provider: &'a str,
    /// The index the order walks, named: without an `ORDER BY` (a count) the planner would take
    /// the `(provider, id)` key and read every row of a range to test its value.
    index: String,
    /// `json_extract(cells_json, '$."column"')`.
    value: Option<String>,
}

impl Order<'_> {
    fn collated(&self) -> String {
        self.value
            .as_ref()
            .map_or_else(String::new, |v| format!("{v} COLLATE NOCASE"))
    }

    fn range(&self, condition: &str, values: Vec<Value>, descending: bool) -> Range {
        Range {
            condition: condition.replace("?V", &self.collated()),
            values,
            descending,
            by_id: condition.starts_with("?V = ") || condition.starts_with("?V IS NULL"),
        }
    }

    /// Customers with a value, from `key` (itself included) on, ascending; from the first without one.
    fn forward(&self, key: Option<&Key>) -> Vec<Range> {
        match (key, &self.value) {
            (None, Some(_)) => vec![self.range("?V IS NOT NULL", vec![], false)],
            (None, None) => vec![self.range("1", vec![], false)],
            (Some(k), Some(_)) => vec![
                self.range(
                    "?V = ?2 AND id >= ?3",
                    vec![k.value.clone(), k.id.clone().into()],
                    false,
                ),
                self.range("?V > ?2", vec![k.value.clone()], false),
            ],
            (Some(k), None) => vec![self.range("id >= ?2", vec![k.id.clone().into()], false)],
        }
    }

    /// Customers with a value before `key` (before the end with `None`), descending.
    fn backward(&self, key: Option<&Key>) -> Vec<Range> {
        match (key, &self.value) {
            (None, Some(_)) => vec![self.range("?V IS NOT NULL", vec![], true)],
            (None, None) => vec![self.range("1", vec![], true)],
            (Some(k), Some(_)) => vec![
                self.range(
                    "?V = ?2 AND id < ?3",
                    vec![k.value.clone(), k.id.clone().into()],
                    true,
                ),
                self.range("?V < ?2", vec![k.value.clone()], true),
            ],
            (Some(k), None) => vec![self.range("id < ?2", vec![k.id.clone().into()], true)],
        }
    }

    /// `take` rows of `range` after skipping `skip`, in its direction.
    fn read<T>(
        &self,
        connection: &Connection,
        range: &Range,
        skip: u64,
        take: u64,
        columns: &str,
        map: fn(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>, StoreError> {
        let way = if range.descending { "DESC" } else { "ASC" };
        let order = match &self.value {
            Some(_) if !range.by_id => format!("{} {way}, id {way}", self.collated()),
            _ => format!("id {way}"),
        };
        let mut values: Vec<Value> = vec![self.provider.to_string().into()];
        values.extend(range.values.iter().cloned());
        values.push(clamp(take).into());
        values.push(clamp(skip).into());
        let n = values.len();
        #[cfg(test)]
        tests::SKIPPED.with(|s| s.set(s.get() + skip));
        let sql = format!(
            "SELECT {columns} FROM mirror_customers INDEXED BY {}
             WHERE gone = 0 AND provider = ?1 AND {} ORDER BY {order} LIMIT ?{} OFFSET ?{n}",
            self.index,
            range.condition,
            n - 1
        );
        let rows = connection
            .prepare_cached(&sql)?
            .query_map(rusqlite::params_from_iter(values.iter()), map)?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// How many rows `range` has, counting no further than `most`.
    fn count(&self, connection: &Connection, range: &Range, most: u64) -> Result<u64, StoreError> {
        let mut values: Vec<Value> = vec![self.provider.to_string().into()];
        values.extend(range.values.iter().cloned());
        values.push(clamp(most).into());
        let sql = format!(
            "SELECT COUNT(*) FROM (SELECT 1 FROM mirror_customers INDEXED BY {}
             WHERE gone = 0 AND provider = ?1 AND {} LIMIT ?{})",
            self.index,
            range.condition,
            values.len()
        );
        let n: i64 = connection
            .prepare_cached(&sql)?
            .query_row(rusqlite::params_from_iter(values.iter()), |row| row.get(0))?;
        Ok(n.max(0) as u64)
    }

    /// `take` rows of `ranges` one after another, after skipping `skip` of them.
    fn read_on<T>(
        &self,
        connection: &Connection,
        ranges: &[Range],
        mut skip: u64,
        take: u64,
        columns: &str,
        map: fn(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>, StoreError> {
        let mut out = Vec::new();
        for (i, range) in ranges.iter().enumerate() {
            let want = take - out.len() as u64;
            if want == 0 {
                break;
            }
            let got = self.read(connection, range, skip, want, columns, map)?;
            if !got.is_empty() {
                skip = 0;
            } else if skip > 0 && i + 1 < ranges.len() {
                // The skip went past this range's end: the rest of it falls on the next.
                skip -= self.count(connection, range, skip)?;
            }
            out.extend(got);
        }
        Ok(out)
    }

    /// The key `skip` rows on along `ranges`, if there is one.
    fn key(
        &self,
        connection: &Connection,
        ranges: &[Range],
        skip: u64,
    ) -> Result<Option<Key>, StoreError> {
        let columns = match &self.value {
            Some(value) => format!("{value}, id"),
            None => "NULL, id".to_string(),
        };
        let keys = self.read_on(connection, ranges, skip, 1, &columns, |row| {
            Ok(Key {
                value: row.get(0)?,
                id: row.get(1)?,
            })
        })?;
        Ok(keys.into_iter().next())
    }
}

fn clamp(n: u64) -> i64 {
    n.min(i64::MAX as u64) as i64
}

/// What a window of `provider` in `column`'s order (the id's with `None`) asks for.
pub struct Asked<'a> {
    pub provider: &'a str,
    pub column: Option<&'a str>,
    pub descending: bool,
    pub offset: u64,
    pub limit: u64,
    /// Customers of the provider not gone, counted now.
    pub total: u64,
    /// The provider's generation now.
    pub generation: i64,
}

/// The window's rows, in its order.
pub fn rows(
    connection: &Connection,
    marks: &Marks,
    asked: &Asked<'_>,
) -> Result<Vec<MirrorHit>, StoreError> {
    let total = asked.total;
    if asked.offset >= total || asked.limit == 0 {
        return Ok(Vec::new());
    }
    let order = Order {
        provider: asked.provider,
        index: asked.column.map_or_else(
            || "mirror_present".to_string(),
            super::window_order::index_name,
        ),
        value: asked
            .column
            .map(|c| format!("json_extract(cells_json, '$.\"{c}\"')")),
    };
    let mut kept = marks.kept.borrow_mut();
    let at = kept
        .iter()
        .position(|k| k.provider == asked.provider && k.column.as_deref() == asked.column);
    let at = match at {
        Some(at) if kept[at].generation == asked.generation => at,
        _ => {
            if let Some(at) = at {
                kept.remove(at);
            }
            if kept.len() >= KEPT {
                kept.remove(0);
            }
            let nulls = match order.value {
                Some(_) => {
                    let nulls = order.range("?V IS NULL", vec![], false);
                    order.count(connection, &nulls, u64::MAX)?
                }
                None => 0,
            };
            kept.push(Kept {
                provider: asked.provider.to_string(),
                column: asked.column.map(str::to_string),
                generation: asked.generation,
                nulls,
                marks: BTreeMap::new(),
            });
            kept.len() - 1
        }
    };
    let kept = &mut kept[at];
    // The window as ascending positions [low, high).
    let end = asked.offset.saturating_add(asked.limit).min(total);
    let (low, high) = if asked.descending {
        (total - end, total - asked.offset)
    } else {
        (asked.offset, end)
    };
    let nulls = kept.nulls.min(total);
    let mut rows = Vec::new();
    if low < nulls {
        let stretch = order.range("?V IS NULL", vec![], false);
        let take = high.min(nulls) - low;
        rows = order.read(connection, &stretch, low, take, ROW_COLUMNS, hit)?;
    }
    if high > nulls {
        let valued = total - nulls;
        let (low, high) = (low.max(nulls) - nulls, high - nulls);
        rows.extend(valued_rows(
            connection,
            &order,
            &mut kept.marks,
            (low, high),
            valued,
        )?);
    }
    if asked.descending {
        rows.reverse();
    }
    Ok(rows)
}

/// Ascending rows `[low, high)` of the `valued` customers with a value, through `marks`, adding
/// marks on the way when the nearest is more than a stride away.
fn valued_rows(
    connection: &Connection,
    order: &Order<'_>,
    marks: &mut BTreeMap<u64, Key>,
    (low, high): (u64, u64),
    valued: u64,
) -> Result<Vec<MirrorHit>, StoreError> {
    let take = high - low;
    loop {
        let (before, from) = marks
            .range(..=low)
            .next_back()
            .map_or((0, None), |(&p, k)| (p, Some(k.clone())));
        let (after, to) = marks
            .range(high..)
            .next()
            .map_or((valued, None), |(&p, k)| (p, Some(k.clone())));
        let (forward, backward) = (low - before, after - high);
        if forward.min(backward) <= STRIDE {
            return if forward <= backward {
                order.read_on(
                    connection,
                    &order.forward(from.as_ref()),
                    forward,
                    take,
                    ROW_COLUMNS,
                    hit,
                )
            } else {
                let mut rows = order.read_on(
                    connection,
                    &order.backward(to.as_ref()),
                    backward,
                    take,
                    ROW_COLUMNS,
                    hit,
                )?;
                rows.reverse();
                Ok(rows)
            };
        }
        // Hop a stride towards the window from the nearer side and keep the key landed on.
        let (position, key) = if forward <= backward {
            let next = (before / STRIDE + 1) * STRIDE;
            let ranges = order.forward(from.as_ref());
            (next, order.key(connection, &ranges, next - before)?)
        } else {
            let next = if to.is_some() {
                after - STRIDE
            } else {
                (valued - 1) / STRIDE * STRIDE
            };
            let ranges = order.backward(to.as_ref());
            (next, order.key(connection, &ranges, after - 1 - next)?)
        };
        let Some(key) = key else {
            // The rows are not where the count said (written meanwhile by another connection, whose
            // generation will show on the next window): read this one the plain way.
            return order.read_on(
                connection,
                &order.forward(None),
                low,
                take,
                ROW_COLUMNS,
                hit,
            );
        };
        marks.insert(position, key);
    }
}

fn hit(row: &Row<'_>) -> rusqlite::Result<MirrorHit> {
    super::sqlite_window::hit(row)
}

#[cfg(test)]
#[path = "window_seek_tests.rs"]
mod tests;

//! Windows of the mirror for the SQLite backend: a provider's (or every provider's) customers, maybe
//! only those a search finds, in an order, `limit` from `offset`; and the same streamed for an export.
//!
//! A search reads the trigram index (`mirror_search`, see migration 3) or, for a phone number's
//! digits, the digit index (`mirror_digits`, migration 4), restricted to the provider's range of
//! keys; or the title index for a query too short for trigrams ([`fts::plan`]). Counting the
//! matches of a common text would read much of the index, so a search counts at most
//! [`TOTAL_CAP`] + 1 (shown as "10,000+").

use rusqlite::Connection;
use rusqlite::types::Value;

use super::StoreError;
use super::fts::{self, Plan};
use super::mirror::{MirrorHit, MirrorQuery, MirrorRow, MirrorWindow, SortDirection, TOTAL_CAP};
use super::sqlite_mirror::key_range;

const COLUMNS: &str =
    "c.provider, c.id, c.raw_json, c.title, c.cells_json, c.search_text, c.synced_at";

/// The FROM and WHERE of a query, with its values, and the order it reads in cheaply.
struct Filter {
    from: &'static str,
    conditions: Vec<String>,
    values: Vec<Value>,
    natural_order: &'static str,
    /// A search: counted up to the cap.
    capped: bool,
    /// The index (as `s`) and the conditions on it alone, where the count needs no more.
    index_count: Option<(&'static str, String)>,
}

impl Filter {
    fn push(&mut self, condition: &str, value: impl Into<Value>) {
        self.values.push(value.into());
        self.conditions
            .push(condition.replace('?', &format!("?{}", self.values.len())));
    }

    fn clause(&self) -> String {
        self.conditions.join(" AND ")
    }
}

/// `None`: nothing can match (a provider never mirrored).
fn filter(connection: &Connection, query: &MirrorQuery) -> Result<Option<Filter>, StoreError> {
    let plan = fts::plan(query.text.as_deref().unwrap_or(""));
    let mut filter = match &plan {
        Plan::All => Filter {
            from: "mirror_customers c",
            conditions: vec!["c.gone = 0".into()],
            values: Vec::new(),
            natural_order: "c.provider, c.id",
            capped: false,
            index_count: None,
        },
        Plan::Trigram { .. } | Plan::Digits { .. } => Filter {
            from: if matches!(plan, Plan::Digits { .. }) {
                "mirror_digits s JOIN mirror_customers c ON c.key = s.rowid"
            } else {
                "mirror_search s JOIN mirror_customers c ON c.key = s.rowid"
            },
            conditions: vec!["c.gone = 0".into()],
            values: Vec::new(),
            natural_order: "s.rowid",
            capped: true,
            index_count: None,
        },
        Plan::Prefix(_) => Filter {
            // Named: with a provider, the planner would otherwise take the provider's index and
            // read every one of its customers.
            from: "mirror_customers c INDEXED BY mirror_customers_title",
            conditions: vec!["c.gone = 0".into()],
            values: Vec::new(),
            // The title index's own order: no sort of what may be a quarter of the mirror.
            natural_order: "c.title COLLATE NOCASE",
            capped: true,
            index_count: None,
        },
    };
    match &plan {
        Plan::All => {
            if let Some(provider) = &query.provider {
                filter.push("c.provider = ?", provider.clone());
            }
        }
        Plan::Trigram { expression } | Plan::Digits { expression } => {
            let index = match &plan {
                Plan::Digits { .. } => "mirror_digits",
                _ => "mirror_search",
            };
            filter.push(&format!("{index} MATCH ?"), expression.clone());
            if let Some(provider) = &query.provider {
                // The provider's range of rowids: the index reads only its part.
                let Some((low, high)) = key_range(connection, provider)? else {
                    return Ok(None);
                };
                filter.push("s.rowid >= ?", low);
                filter.push("s.rowid < ?", high);
            }
            // Every condition but the first (`gone = 0`, which the index holds by itself) is on the
            // index: the count reads nothing else.
            filter.index_count = Some((index, filter.conditions[1..].join(" AND ")));
        }
        Plan::Prefix(text) => {
            // A range of the title index, case aside: every title that starts with `text`.
            filter.push("c.title >= ? COLLATE NOCASE", text.clone());
            filter.push("c.title < ? COLLATE NOCASE", format!("{text}\u{10FFFF}"));
            if let Some(provider) = &query.provider {
                filter.push("c.provider = ?", provider.clone());
            }
        }
    }
    Ok(Some(filter))
}

fn order(filter: &mut Filter, query: &MirrorQuery) -> String {
    match &query.sort {
        Some(sort) => {
            filter
                .values
                .push(format!("$.\"{}\"", sort.column.replace('"', "")).into());
            let direction = match sort.direction {
                SortDirection::Ascending => "ASC",
                SortDirection::Descending => "DESC",
            };
            format!(
                "json_extract(c.cells_json, ?{}) COLLATE NOCASE {direction}, c.provider {direction}, \
                 c.id {direction}",
                filter.values.len()
            )
        }
        None => filter.natural_order.to_string(),
    }
}

/// One row of `SELECT provider, id, raw_json, title, cells_json, search_text, synced_at`.
pub(super) fn hit(row: &rusqlite::Row<'_>) -> rusqlite::Result<MirrorHit> {
    Ok(MirrorHit {
        provider: row.get(0)?,
        row: MirrorRow {
            id: row.get(1)?,
            raw_json: row.get(2)?,
            title: row.get(3)?,
            cells_json: row.get(4)?,
            search_text: row.get(5)?,
        },
        synced_at: row.get(6)?,
    })
}

pub fn window(connection: &Connection, query: &MirrorQuery) -> Result<MirrorWindow, StoreError> {
    let Some(mut filter) = filter(connection, query)? else {
        return Ok(MirrorWindow::default());
    };
    let (from, clause) = (filter.from, filter.clause());
    let count = if let Some((index, count)) = &filter.index_count {
        format!(
            "SELECT COUNT(*) FROM (SELECT 1 FROM {index} s WHERE {count} LIMIT {})",
            TOTAL_CAP + 1
        )
    } else if filter.capped {
        format!(
            "SELECT COUNT(*) FROM (SELECT 1 FROM {from} WHERE {clause} LIMIT {})",
            TOTAL_CAP + 1
        )
    } else {
        format!("SELECT COUNT(*) FROM {from} WHERE {clause}")
    };
    let total: i64 = connection
        .prepare_cached(&count)?
        .query_row(rusqlite::params_from_iter(filter.values.iter()), |row| {
            row.get(0)
        })?;
    let order = order(&mut filter, query);
    filter.values.push(i64::from(query.limit).into());
    let limit = filter.values.len();
    filter
        .values
        .push((query.offset.min(i64::MAX as u64) as i64).into());
    let offset = filter.values.len();
    let rows = connection
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM {from} WHERE {clause} ORDER BY {order} \
             LIMIT ?{limit} OFFSET ?{offset}"
        ))?
        .query_map(rusqlite::params_from_iter(filter.values.iter()), hit)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(MirrorWindow {
        rows,
        total: total.max(0) as u64,
    })
}

/// Every customer of the query (its offset and limit aside), one at a time, in its order; stops early
/// when `each` says so. Returns how many were read. Rows are read as they are handed on, never held.
pub fn each(
    connection: &Connection,
    query: &MirrorQuery,
    each: &mut dyn FnMut(MirrorHit) -> bool,
) -> Result<u64, StoreError> {
    let Some(mut filter) = filter(connection, query)? else {
        return Ok(0);
    };
    let order = order(&mut filter, query);
    let mut statement = connection.prepare(&format!(
        "SELECT {COLUMNS} FROM {} WHERE {} ORDER BY {order}",
        filter.from,
        filter.clause()
    ))?;
    let mut rows = statement.query(rusqlite::params_from_iter(filter.values.iter()))?;
    let mut read = 0;
    while let Some(row) = rows.next()? {
        read += 1;
        if !each(hit(row)?) {
            break;
        }
    }
    Ok(read)
}

/// The query plan of `query`'s rows (tests: which index a window reads).
#[cfg(test)]
pub fn explain(connection: &Connection, query: &MirrorQuery) -> String {
    let mut filter = filter(connection, query).unwrap().unwrap();
    let order = order(&mut filter, query);
    let sql = format!(
        "EXPLAIN QUERY PLAN SELECT {COLUMNS} FROM {} WHERE {} ORDER BY {order} LIMIT 50",
        filter.from,
        filter.clause()
    );
    let mut statement = connection.prepare(&sql).unwrap();
    let rows = statement
        .query_map(rusqlite::params_from_iter(filter.values.iter()), |row| {
            row.get::<_, String>(3)
        })
        .unwrap();
    rows.map(Result::unwrap).collect::<Vec<_>>().join(" | ")
}

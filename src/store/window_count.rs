//! How many customers a window's query holds, counted once per query while nothing is written.
//!
//! Every window answers with its query's total, and `COUNT(*)` over a provider's million rows walks a
//! million index entries (about 40 ms with an optimised SQLite, 170 ms in a debug build): scrolling
//! asked for it again with every window. The count is kept for the last few queries and trusted
//! while the database is unchanged: `total_changes` counts this connection's writes, `PRAGMA
//! data_version` any other connection's.

use std::cell::RefCell;

use rusqlite::Connection;
use rusqlite::types::Value;

use super::StoreError;

/// Queries whose counts are kept (a search being typed, the browse, a sort: a handful at a time).
const KEPT: usize = 8;

#[derive(Debug, Default)]
pub struct Counts {
    kept: RefCell<Vec<Kept>>,
}

#[derive(Debug)]
struct Kept {
    filter: String,
    values: Vec<Value>,
    version: (i64, u64),
    total: i64,
}

impl Counts {
    /// `SELECT COUNT(*) … WHERE filter` with `values`, or the count kept for it.
    pub fn total(
        &self,
        connection: &Connection,
        filter: &str,
        values: &[Value],
    ) -> Result<i64, StoreError> {
        let data_version: i64 = connection
            .prepare_cached("PRAGMA data_version")?
            .query_row([], |row| row.get(0))?;
        let version = (data_version, connection.total_changes());
        let mut kept = self.kept.borrow_mut();
        kept.retain(|k| k.version == version);
        if let Some(hit) = kept
            .iter()
            .find(|k| k.filter == filter && k.values == values)
        {
            return Ok(hit.total);
        }
        let total: i64 = connection
            .prepare_cached(&format!(
                "SELECT COUNT(*) FROM mirror_customers WHERE {filter}"
            ))?
            .query_row(rusqlite::params_from_iter(values.iter()), |row| row.get(0))?;
        if kept.len() >= KEPT {
            kept.remove(0);
        }
        kept.push(Kept {
            filter: filter.to_string(),
            values: values.to_vec(),
            version,
            total,
        });
        Ok(total)
    }
}

//! How many customers a window's query holds, counted once per query while nothing is written; and
//! the rest a connection keeps for its windows (the positions of keys, `window_seek`).
//!
//! Every window answers with its query's total, and `COUNT(*)` over a provider's million rows walks a
//! million index entries (about 40 ms with an optimised SQLite, 170 ms in a debug build): scrolling
//! asked for it again with every window. The count is kept for the last few queries and trusted
//! while what it counted is unchanged: for one provider's query, while the provider's generation
//! (`window_generation`) is, so syncing another provider does not make it count again; for every
//! provider's, while the database is: `total_changes` counts this connection's writes, `PRAGMA
//! data_version` any other connection's.

use std::cell::RefCell;

use rusqlite::Connection;
use rusqlite::types::Value;

use super::StoreError;
use super::window_generation::{Generations, generation};
use super::window_seek::Marks;

/// Queries whose counts are kept (a search being typed, the browse, a sort: a handful at a time).
const KEPT: usize = 8;

/// What a connection keeps for its windows.
#[derive(Debug, Default)]
pub struct Counts {
    kept: RefCell<Vec<Kept>>,
    pub generations: Generations,
    pub marks: Marks,
}

#[derive(Debug)]
struct Kept {
    filter: String,
    values: Vec<Value>,
    version: (i64, i64),
    total: i64,
}

impl Counts {
    /// `SELECT COUNT(*) … WHERE filter` with `values`, or the count kept for it. `provider`: the one
    /// provider the filter keeps to, if it does.
    pub fn total(
        &self,
        connection: &Connection,
        filter: &str,
        values: &[Value],
        provider: Option<&str>,
    ) -> Result<i64, StoreError> {
        let version = match provider {
            Some(provider) => {
                self.generations.ensure(connection)?;
                (generation(connection, provider)?, -1)
            }
            None => {
                let data_version: i64 = connection
                    .prepare_cached("PRAGMA data_version")?
                    .query_row([], |row| row.get(0))?;
                (data_version, connection.total_changes() as i64)
            }
        };
        let mut kept = self.kept.borrow_mut();
        if let Some(at) = kept
            .iter()
            .position(|k| k.filter == filter && k.values == values)
        {
            if kept[at].version == version {
                return Ok(kept[at].total);
            }
            kept.remove(at);
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

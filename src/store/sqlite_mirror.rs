//! The mirror's SQL for the SQLite backend. Plain SQL that PostgreSQL also speaks (upserts with
//! `ON CONFLICT … DO UPDATE`, integers for booleans), so a second backend can copy it.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::StoreError;
use super::mirror::{
    MirrorCount, MirrorQuery, MirrorRow, MirrorWindow, Mirrored, PassKind, RunningPass,
    SortDirection, SyncState,
};
use super::window_generation::generation;
use super::window_order::ensure_order_index;
use super::window_seek::{Asked, rows as seek_rows, seekable};

const STATE_COLUMNS: &str = "provider, pass, kind, cursor, since, started_ms, pass_customers, \
     pass_requests, pass_high_water, finished_ms, full_finished_ms, high_water, total, last_error";

fn state(row: &Row<'_>) -> rusqlite::Result<SyncState> {
    let kind: Option<String> = row.get(2)?;
    let cursor: Option<String> = row.get(3)?;
    let running = match (kind.as_deref().and_then(PassKind::parse), cursor) {
        (Some(kind), Some(cursor)) => Some(RunningPass {
            kind,
            cursor,
            since: row.get(4)?,
            started_ms: row.get::<_, Option<i64>>(5)?.unwrap_or(0),
            customers: row.get(6)?,
            requests: row.get(7)?,
            high_water: row.get(8)?,
        }),
        _ => None,
    };
    Ok(SyncState {
        provider: row.get(0)?,
        pass: row.get(1)?,
        running,
        finished_ms: row.get(9)?,
        full_finished_ms: row.get(10)?,
        high_water: row.get(11)?,
        total: row.get(12)?,
        last_error: row.get(13)?,
    })
}

pub fn sync_state(connection: &Connection, provider: &str) -> Result<SyncState, StoreError> {
    Ok(connection
        .query_row(
            &format!("SELECT {STATE_COLUMNS} FROM mirror_sync WHERE provider = ?1"),
            params![provider],
            state,
        )
        .optional()?
        .unwrap_or_else(|| SyncState::new(provider)))
}

pub fn save_sync_state(connection: &Connection, s: &SyncState) -> Result<(), StoreError> {
    let running = s.running.as_ref();
    connection
        .prepare_cached(&format!(
            "INSERT INTO mirror_sync ({STATE_COLUMNS})
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
             ON CONFLICT (provider) DO UPDATE SET pass = excluded.pass, kind = excluded.kind,
                 cursor = excluded.cursor, since = excluded.since, started_ms = excluded.started_ms,
                 pass_customers = excluded.pass_customers, pass_requests = excluded.pass_requests,
                 pass_high_water = excluded.pass_high_water, finished_ms = excluded.finished_ms,
                 full_finished_ms = excluded.full_finished_ms, high_water = excluded.high_water,
                 total = excluded.total, last_error = excluded.last_error"
        ))?
        .execute(params![
            s.provider,
            s.pass,
            running.map(|r| r.kind.as_str()),
            running.map(|r| &r.cursor),
            running.and_then(|r| r.since.as_ref()),
            running.map(|r| r.started_ms),
            running.map_or(0, |r| r.customers),
            running.map_or(0, |r| r.requests),
            running.and_then(|r| r.high_water.as_ref()),
            s.finished_ms,
            s.full_finished_ms,
            s.high_water,
            s.total,
            s.last_error,
        ])?;
    Ok(())
}

/// Bits of a customer's key below its provider's slot: each provider's customers have keys in
/// `[slot << 40, (slot + 1) << 40)`, so one provider's part of the search index is a range of rowids.
pub const SLOT_SHIFT: u32 = 40;

/// A new customer's key (`?1` is the provider): one past its provider's highest. Read as the last key
/// of the range by the primary key, not a scan.
const NEXT_KEY: &str = "(SELECT COALESCE(
        (SELECT key FROM mirror_customers
         WHERE key >= (p.slot << 40) AND key < ((p.slot + 1) << 40) ORDER BY key DESC LIMIT 1),
        p.slot << 40) + 1
     FROM mirror_providers p WHERE p.provider = ?1)";

/// Give `provider` a slot of keys the first time it is written.
fn claim_slot(connection: &Connection, provider: &str) -> Result<(), StoreError> {
    connection
        .prepare_cached(
            "INSERT OR IGNORE INTO mirror_providers (provider, slot)
             VALUES (?1, (SELECT COALESCE(MAX(slot), 0) + 1 FROM mirror_providers))",
        )?
        .execute([provider])?;
    Ok(())
}

/// The range of keys `provider`'s customers have, if it ever had any.
pub fn key_range(
    connection: &Connection,
    provider: &str,
) -> Result<Option<(i64, i64)>, StoreError> {
    let slot: Option<i64> = connection
        .prepare_cached("SELECT slot FROM mirror_providers WHERE provider = ?1")?
        .query_row([provider], |row| row.get(0))
        .optional()?;
    Ok(slot.map(|slot| (slot << SLOT_SHIFT, (slot + 1) << SLOT_SHIFT)))
}

/// Upsert one page of customers and the sync state that follows it, in one transaction: after a crash
/// the state's cursor never points past a page that was not written, nor before one that was.
///
/// Set-based, not a statement per customer: the search indexes are FTS5 tables kept by triggers, and
/// FTS5 writes its pending terms out as a new segment at every statement's savepoint once it is in
/// the transaction. A statement per customer made a segment per customer, merged over and over (over
/// half the sync's time at 1M); one statement for the page's known customers and one for its new
/// ones make two.
pub fn write_page(
    connection: &mut Connection,
    rows: &[MirrorRow],
    synced_at: i64,
    state: &SyncState,
) -> Result<(), StoreError> {
    let transaction = connection.transaction()?;
    claim_slot(&transaction, &state.provider)?;
    stage_page(&transaction, rows)?;
    transaction.prepare_cached(UPDATE_KNOWN)?.execute(params![
        state.provider,
        synced_at,
        state.pass
    ])?;
    // New customers take the keys after the provider's highest, in the order the page lists them.
    let next_key: i64 = transaction
        .prepare_cached(&format!("SELECT {NEXT_KEY}"))?
        .query_row([&state.provider], |row| row.get(0))?;
    transaction.prepare_cached(INSERT_NEW)?.execute(params![
        state.provider,
        synced_at,
        state.pass,
        next_key
    ])?;
    save_sync_state(&transaction, state)?;
    transaction.commit()?;
    Ok(())
}

/// A page's customers the mirror holds (`?1` provider, `?2` synced_at, `?3` pass), each found by
/// its id through the `(provider, id)` index: an `UPDATE … FROM` join let the planner scan the whole
/// mirror for every page instead (over 100 ms a page at 1M). `?2` is when the page was asked for: a
/// customer written since (a write's answer, a get-one, a delete) is newer than the page and keeps
/// what it has (that write also marked it seen by the pass under way).
const UPDATE_KNOWN: &str = "UPDATE mirror_customers
    SET (raw_json, title, cells_json, search_text) =
            (SELECT p.raw_json, p.title, p.cells_json, p.search_text
             FROM mirror_page p WHERE p.id = mirror_customers.id),
        synced_at = ?2, seen_pass = ?3, gone = 0
    WHERE provider = ?1 AND id IN (SELECT id FROM mirror_page) AND synced_at <= ?2";

/// A page's new customers, keys from `?4` (one past the provider's highest) in the page's order.
const INSERT_NEW: &str = "INSERT INTO mirror_customers
        (key, provider, id, raw_json, title, cells_json, search_text, synced_at, seen_pass, gone)
    SELECT ?4 + ROW_NUMBER() OVER (ORDER BY p.position) - 1, ?1, p.id, p.raw_json, p.title,
        p.cells_json, p.search_text, ?2, ?3, 0
    FROM mirror_page p
    WHERE NOT EXISTS (SELECT 1 FROM mirror_customers c WHERE c.provider = ?1 AND c.id = p.id)";

/// How SQLite plans `write_page`'s statements (tests).
#[cfg(test)]
pub fn page_plans(connection: &Connection) -> String {
    stage_page(connection, &[]).unwrap();
    [UPDATE_KNOWN, INSERT_NEW]
        .iter()
        .flat_map(|sql| {
            let mut statement = connection
                .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
                .unwrap();
            let values: [&dyn rusqlite::ToSql; 4] = [&"p", &1, &1, &1];
            let count = statement.parameter_count();
            statement
                .query_map(&values[..count], |row| row.get::<_, String>(3))
                .unwrap()
                .map(Result::unwrap)
                .collect::<Vec<_>>()
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

/// The page's customers in a table of this connection's own (`temp`), for `write_page` to read in
/// one statement each. A customer listed twice keeps its first place and its last content, as
/// writing them one after the other would.
fn stage_page(connection: &Connection, rows: &[MirrorRow]) -> Result<(), StoreError> {
    connection.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS mirror_page (
             id TEXT PRIMARY KEY, position INTEGER NOT NULL, raw_json TEXT NOT NULL,
             title TEXT NOT NULL, cells_json TEXT NOT NULL, search_text TEXT NOT NULL
         );
         DELETE FROM mirror_page;",
    )?;
    let mut stage = connection.prepare_cached(
        "INSERT INTO mirror_page (id, position, raw_json, title, cells_json, search_text)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (id) DO UPDATE SET raw_json = excluded.raw_json, title = excluded.title,
             cells_json = excluded.cells_json, search_text = excluded.search_text",
    )?;
    for (position, row) in rows.iter().enumerate() {
        stage.execute(params![
            row.id,
            position as i64,
            row.raw_json,
            row.title,
            row.cells_json,
            row.search_text,
        ])?;
    }
    Ok(())
}

/// One customer read or written by the app just now (a get-one, a write's answer): upserted as seen
/// by the pass under way, so a full pass running meanwhile does not mark it gone.
pub fn upsert_customer(
    connection: &Connection,
    provider: &str,
    row: &MirrorRow,
    synced_at: i64,
) -> Result<(), StoreError> {
    claim_slot(connection, provider)?;
    connection
        .prepare_cached(&format!(
            "INSERT INTO mirror_customers
                 (key, provider, id, raw_json, title, cells_json, search_text, synced_at, seen_pass, gone)
             VALUES ({NEXT_KEY}, ?1, ?2, ?3, ?4, ?5, ?6, ?7,
                 COALESCE((SELECT pass FROM mirror_sync WHERE provider = ?1), 0), 0)
             ON CONFLICT (provider, id) DO UPDATE SET raw_json = excluded.raw_json,
                 title = excluded.title, cells_json = excluded.cells_json,
                 search_text = excluded.search_text, synced_at = excluded.synced_at,
                 seen_pass = excluded.seen_pass, gone = 0"
        ))?
        .execute(params![
            provider,
            row.id,
            row.raw_json,
            row.title,
            row.cells_json,
            row.search_text,
            synced_at,
        ])?;
    Ok(())
}

/// Gone now: a page asked for before this does not bring the customer back (see `UPDATE_KNOWN`).
pub fn mark_gone(
    connection: &Connection,
    provider: &str,
    id: &str,
    synced_at: i64,
) -> Result<bool, StoreError> {
    let changed = connection
        .prepare_cached(
            "UPDATE mirror_customers SET gone = 1, synced_at = MAX(synced_at, ?3)
             WHERE provider = ?1 AND id = ?2 AND gone = 0",
        )?
        .execute(params![provider, id, synced_at])?;
    Ok(changed > 0)
}

/// End a pass with `state`; a full pass first marks gone every customer it did not see.
pub fn finish_pass(
    connection: &mut Connection,
    state: &SyncState,
    full: bool,
) -> Result<usize, StoreError> {
    let transaction = connection.transaction()?;
    let gone = if full {
        transaction.execute(
            "UPDATE mirror_customers SET gone = 1
             WHERE provider = ?1 AND gone = 0 AND seen_pass < ?2",
            params![state.provider, state.pass],
        )?
    } else {
        0
    };
    save_sync_state(&transaction, state)?;
    transaction.commit()?;
    Ok(gone)
}

pub fn count(connection: &Connection, provider: &str) -> Result<MirrorCount, StoreError> {
    let (present, gone): (i64, i64) = connection.query_row(
        "SELECT COALESCE(SUM(1 - gone), 0), COALESCE(SUM(gone), 0)
         FROM mirror_customers WHERE provider = ?1",
        params![provider],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    Ok(MirrorCount {
        present: present.max(0) as u64,
        gone: gone.max(0) as u64,
    })
}

pub fn customer(
    connection: &Connection,
    provider: &str,
    id: &str,
) -> Result<Option<Mirrored>, StoreError> {
    Ok(connection
        .query_row(
            "SELECT id, raw_json, title, cells_json, search_text, synced_at, gone
             FROM mirror_customers WHERE provider = ?1 AND id = ?2",
            params![provider, id],
            |row| {
                Ok(Mirrored {
                    row: MirrorRow {
                        id: row.get(0)?,
                        raw_json: row.get(1)?,
                        title: row.get(2)?,
                        cells_json: row.get(3)?,
                        search_text: row.get(4)?,
                    },
                    synced_at: row.get(5)?,
                    gone: row.get::<_, i64>(6)? != 0,
                })
            },
        )
        .optional()?)
}

/// Delete a provider's mirrored customers and sync state (every provider's with `None`).
pub fn purge(connection: &mut Connection, provider: Option<&str>) -> Result<usize, StoreError> {
    let transaction = connection.transaction()?;
    let deleted = match provider {
        Some(provider) => {
            transaction.execute("DELETE FROM mirror_sync WHERE provider = ?1", [provider])?;
            transaction.execute(
                "DELETE FROM mirror_customers WHERE provider = ?1",
                [provider],
            )?
        }
        None => {
            transaction.execute("DELETE FROM mirror_sync", [])?;
            transaction.execute("DELETE FROM mirror_customers", [])?
        }
    };
    transaction.commit()?;
    // Deleted rows stay in the file's free pages and the WAL until rewritten: personal data asked to
    // go must go, so the file is rebuilt and the WAL emptied.
    connection.execute_batch("VACUUM; PRAGMA wal_checkpoint(TRUNCATE);")?;
    Ok(deleted)
}

/// A window of the mirror without a search text (a search reads the trigram index: `sqlite_window`):
/// counted once per query while nothing is written. One provider's window in the id order or a
/// plain column's seeks to a kept key near it (`window_seek`); any other is read from the nearer end
/// in the order planned by `window_order`.
pub fn window(
    connection: &Connection,
    query: &MirrorQuery,
    counts: &super::window_count::Counts,
) -> Result<MirrorWindow, StoreError> {
    let mut conditions = vec!["gone = 0".to_string()];
    let mut values: Vec<rusqlite::types::Value> = Vec::new();
    if let Some(provider) = &query.provider {
        values.push(provider.clone().into());
        conditions.push(format!("provider = ?{}", values.len()));
    }
    let filter = conditions.join(" AND ");
    counts.generations.ensure(connection)?;
    if let (Some(provider), Some(column)) = (&query.provider, seekable(query)) {
        ensure_order_index(connection, column)?;
        // The count, the generation the marks are checked against and the rows: one snapshot.
        let snapshot = connection.unchecked_transaction()?;
        let total = counts
            .total(connection, &filter, &values, Some(provider))?
            .max(0) as u64;
        let asked = Asked {
            provider,
            column,
            descending: query
                .sort
                .as_ref()
                .is_some_and(|s| s.direction == SortDirection::Descending),
            offset: query.offset,
            limit: u64::from(query.limit),
            total,
            generation: generation(connection, provider)?,
        };
        let rows = seek_rows(connection, &counts.marks, &asked)?;
        snapshot.commit()?;
        return Ok(MirrorWindow { rows, total });
    }
    let total = counts.total(connection, &filter, &values, query.provider.as_deref())?;
    // The order, and which end to read from (see `window_order`).
    let plan = super::window_order::plan(connection, query, total.max(0) as u64)?;
    let mut order = plan.order.clone();
    if let Some(path) = plan.path {
        values.push(path.into());
        order = order.replace("?PATH", &format!("?{}", values.len()));
    }
    values.push((plan.limit.min(i64::MAX as u64) as i64).into());
    let limit = values.len();
    values.push((plan.offset.min(i64::MAX as u64) as i64).into());
    let offset = values.len();
    let mut statement = connection.prepare(&format!(
        "SELECT provider, id, raw_json, title, cells_json, search_text, synced_at
         FROM mirror_customers WHERE {filter} ORDER BY {order} LIMIT ?{limit} OFFSET ?{offset}"
    ))?;
    let mut rows = statement
        .query_map(
            rusqlite::params_from_iter(values.iter()),
            super::sqlite_window::hit,
        )?
        .collect::<Result<Vec<_>, _>>()?;
    if plan.reversed {
        rows.reverse();
    }
    Ok(MirrorWindow {
        rows,
        total: total.max(0) as u64,
    })
}

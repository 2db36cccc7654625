//! A number per provider that changes with every write to its customers a window could notice, so
//! what windows keep (totals, the positions of keys: `window_count`, `window_seek`) is trusted for
//! one provider while another is being synced.
//!
//! Bumped by triggers, so every connection's writes count (the sync, a write's answer, a gone mark, a
//! purge, another process). A re-synced customer whose cells and gone mark are unchanged bumps
//! nothing. The table and its triggers are made on the first window read, as the sort indexes are
//! (`window_order`): until then nothing is kept that they would have to invalidate. Plain SQL that
//! PostgreSQL also speaks, bar the trigger syntax. Rows are never deleted: a number never comes back.

use std::cell::Cell;

use rusqlite::{Connection, OptionalExtension};

use super::StoreError;

/// No `INSERT OR IGNORE` in the triggers: an outer statement's conflict clause (the sync's upsert)
/// overrides a trigger's, and the insert would fail instead of being ignored.
const SCHEMA: &str = "
    CREATE TABLE IF NOT EXISTS mirror_generations (
        provider    TEXT PRIMARY KEY,
        generation  BIGINT NOT NULL
    );
    CREATE TRIGGER IF NOT EXISTS mirror_generation_insert AFTER INSERT ON mirror_customers BEGIN
        INSERT INTO mirror_generations (provider, generation) SELECT new.provider, 0
            WHERE NOT EXISTS (SELECT 1 FROM mirror_generations WHERE provider = new.provider);
        UPDATE mirror_generations SET generation = generation + 1 WHERE provider = new.provider;
    END;
    CREATE TRIGGER IF NOT EXISTS mirror_generation_delete AFTER DELETE ON mirror_customers BEGIN
        INSERT INTO mirror_generations (provider, generation) SELECT old.provider, 0
            WHERE NOT EXISTS (SELECT 1 FROM mirror_generations WHERE provider = old.provider);
        UPDATE mirror_generations SET generation = generation + 1 WHERE provider = old.provider;
    END;
    CREATE TRIGGER IF NOT EXISTS mirror_generation_update AFTER UPDATE ON mirror_customers
        WHEN old.gone IS NOT new.gone OR old.cells_json IS NOT new.cells_json
            OR old.id IS NOT new.id OR old.provider IS NOT new.provider BEGIN
        INSERT INTO mirror_generations (provider, generation) SELECT new.provider, 0
            WHERE NOT EXISTS (SELECT 1 FROM mirror_generations WHERE provider = new.provider);
        INSERT INTO mirror_generations (provider, generation) SELECT old.provider, 0
            WHERE NOT EXISTS (SELECT 1 FROM mirror_generations WHERE provider = old.provider);
        UPDATE mirror_generations SET generation = generation + 1
            WHERE provider IN (old.provider, new.provider);
    END;";

/// Whether this connection has made sure of the table and triggers.
#[derive(Debug, Default)]
pub struct Generations {
    ready: Cell<bool>,
}

impl Generations {
    /// Make the table and triggers unless this connection already did (a no-op when they exist).
    pub fn ensure(&self, connection: &Connection) -> Result<(), StoreError> {
        if !self.ready.get() {
            connection.execute_batch(SCHEMA)?;
            self.ready.set(true);
        }
        Ok(())
    }
}

/// `provider`'s number now (0 before its first write since the triggers were made).
pub fn generation(connection: &Connection, provider: &str) -> Result<i64, StoreError> {
    Ok(connection
        .prepare_cached("SELECT generation FROM mirror_generations WHERE provider = ?1")?
        .query_row([provider], |row| row.get(0))
        .optional()?
        .unwrap_or(0))
}

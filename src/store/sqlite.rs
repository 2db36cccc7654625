//! The SQLite backend: one file, private to the user, in WAL mode so readers never wait on the writer.

use std::fs::{self, OpenOptions};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::Path;

use rusqlite::functions::FunctionFlags;
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde_json::{Map, Value as Json};

use super::journal::{Ending, Entry, EntryId, Intent, JournalQuery, Outcome};
use super::migrations::MIGRATIONS;
use super::mirror::{MirrorCount, MirrorQuery, MirrorRow, MirrorWindow, Mirrored, SyncState};
use super::{Backend, StoreError, sqlite_mirror};

pub struct SqliteBackend {
    connection: Connection,
    /// Window totals kept while nothing is written (see `window_count`).
    counts: super::window_count::Counts,
}

impl SqliteBackend {
    /// Open the store at `path`, creating it private (file 0600, directory 0700) and migrating it.
    pub fn open(path: &Path) -> Result<SqliteBackend, StoreError> {
        let failed = |source: Box<dyn std::error::Error + Send + Sync>| StoreError::Open {
            path: path.to_path_buf(),
            source,
        };
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| failed(e.into()))?;
            fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
                .map_err(|e| failed(e.into()))?;
        }
        // Created 0600 before SQLite sees it; SQLite gives its -wal and -shm files the same mode.
        OpenOptions::new()
            .create(true)
            .append(true)
            .mode(0o600)
            .open(path)
            .map_err(|e| failed(e.into()))?;
        fs::set_permissions(path, fs::Permissions::from_mode(0o600))
            .map_err(|e| failed(e.into()))?;
        let connection = Connection::open(path).map_err(|e| failed(e.into()))?;
        let mut backend = SqliteBackend {
            connection,
            counts: Default::default(),
        };
        backend.configure().map_err(|e| failed(e.into()))?;
        Ok(backend)
    }

    /// A store in memory (tests).
    pub fn in_memory() -> Result<SqliteBackend, StoreError> {
        let mut backend = SqliteBackend {
            connection: Connection::open_in_memory()?,
            counts: Default::default(),
        };
        backend.configure()?;
        Ok(backend)
    }

    fn configure(&mut self) -> Result<(), StoreError> {
        // WAL: the sync's writes never block a search; synchronous=NORMAL is durable across a crash of
        // the app (only an OS crash can lose the last transactions, never corrupt the file).
        self.connection.pragma_update(None, "journal_mode", "WAL")?;
        self.connection
            .pragma_update(None, "synchronous", "NORMAL")?;
        self.connection.pragma_update(None, "foreign_keys", "ON")?;
        self.connection
            .busy_timeout(std::time::Duration::from_secs(5))?;
        // The digit index's triggers (migration 4) call it on every customer written.
        self.connection.create_scalar_function(
            "clientele_digit_grams",
            1,
            FunctionFlags::SQLITE_UTF8
                | FunctionFlags::SQLITE_DETERMINISTIC
                | FunctionFlags::SQLITE_INNOCUOUS,
            |context| {
                let text = context.get_raw(0).as_str().unwrap_or("");
                Ok(super::fts::digit_grams(text))
            },
        )?;
        self.migrate()
    }

    /// Run the migrations this file has not had yet, each in its own transaction.
    fn migrate(&mut self) -> Result<(), StoreError> {
        let done = self.version()?;
        for (index, sql) in MIGRATIONS.iter().enumerate().skip(done) {
            let transaction = self.connection.transaction()?;
            transaction.execute_batch(sql)?;
            transaction.pragma_update(None, "user_version", (index + 1) as i64)?;
            transaction.commit()?;
            tracing::info!(version = index + 1, "store migrated");
        }
        Ok(())
    }

    /// The schema version (migrations run).
    pub fn version(&self) -> Result<usize, StoreError> {
        let version: i64 = self
            .connection
            .pragma_query_value(None, "user_version", |row| row.get(0))?;
        Ok(usize::try_from(version).unwrap_or(0))
    }
}

const ENTRY_COLUMNS: &str = "id, started_ms, provider, customer, title, operation, before_json, \
     after_json, outcome, message, ended_ms";

fn entry(row: &Row<'_>) -> rusqlite::Result<Entry> {
    let map = |index: usize| -> rusqlite::Result<Map<String, Json>> {
        let text: String = row.get(index)?;
        Ok(serde_json::from_str(&text).unwrap_or_default())
    };
    let outcome: Option<String> = row.get(8)?;
    Ok(Entry {
        id: row.get(0)?,
        started_ms: row.get(1)?,
        provider: row.get(2)?,
        customer: row.get(3)?,
        title: row.get(4)?,
        operation: row.get(5)?,
        before: map(6)?,
        after: map(7)?,
        outcome: outcome.as_deref().and_then(Outcome::parse),
        message: row.get(9)?,
        ended_ms: row.get(10)?,
    })
}

impl Backend for SqliteBackend {
    fn begin_write(&mut self, intent: &Intent) -> Result<EntryId, StoreError> {
        self.connection.execute(
            "INSERT INTO journal (started_ms, provider, customer, title, operation, before_json, after_json)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                intent.started_ms,
                intent.provider,
                intent.customer,
                intent.title,
                intent.operation,
                Json::Object(intent.before.clone()).to_string(),
                Json::Object(intent.after.clone()).to_string(),
            ],
        )?;
        Ok(self.connection.last_insert_rowid())
    }

    fn end_write(&mut self, id: EntryId, ending: &Ending) -> Result<(), StoreError> {
        self.connection.execute(
            "UPDATE journal SET outcome = ?2, message = ?3, ended_ms = ?4,
                 customer = COALESCE(customer, ?5), result_customer = COALESCE(?5, result_customer)
             WHERE id = ?1",
            params![
                id,
                ending.outcome.as_str(),
                ending.message,
                ending.ended_ms,
                ending.customer,
            ],
        )?;
        Ok(())
    }

    fn settle_unknown(
        &mut self,
        provider: &str,
        customer: &str,
        operation: &str,
        ending: &Ending,
    ) -> Result<usize, StoreError> {
        Ok(self.connection.execute(
            "UPDATE journal SET outcome = ?4, message = ?5, ended_ms = ?6
             WHERE outcome = 'unknown' AND provider = ?1 AND customer = ?2 AND operation = ?3",
            params![
                provider,
                customer,
                operation,
                ending.outcome.as_str(),
                ending.message,
                ending.ended_ms,
            ],
        )?)
    }

    fn settle_interrupted(&mut self, now_ms: i64) -> Result<Vec<Entry>, StoreError> {
        let transaction = self.connection.transaction()?;
        transaction.execute(
            "UPDATE journal SET outcome = 'unknown', ended_ms = ?1,
                 message = 'clientele stopped before the provider answered'
             WHERE outcome IS NULL",
            params![now_ms],
        )?;
        let unknown = {
            let mut statement = transaction.prepare(&format!(
                "SELECT {ENTRY_COLUMNS} FROM journal WHERE outcome = 'unknown' ORDER BY id"
            ))?;
            statement
                .query_map([], entry)?
                .collect::<rusqlite::Result<Vec<_>>>()?
        };
        transaction.commit()?;
        Ok(unknown)
    }

    fn journal(&self, query: &JournalQuery) -> Result<Vec<Entry>, StoreError> {
        let mut statement = self.connection.prepare(&format!(
            "SELECT {ENTRY_COLUMNS} FROM journal WHERE started_ms >= ?1 ORDER BY id DESC LIMIT ?2"
        ))?;
        let limit = query.limit.map_or(-1, |l| l as i64);
        let entries = statement
            .query_map(params![query.since_ms.unwrap_or(i64::MIN), limit], entry)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(entries)
    }

    fn sync_state(&self, provider: &str) -> Result<SyncState, StoreError> {
        sqlite_mirror::sync_state(&self.connection, provider)
    }

    fn save_sync_state(&mut self, state: &SyncState) -> Result<(), StoreError> {
        sqlite_mirror::save_sync_state(&self.connection, state)
    }

    fn write_page(
        &mut self,
        rows: &[MirrorRow],
        synced_at: i64,
        state: &SyncState,
    ) -> Result<(), StoreError> {
        sqlite_mirror::write_page(&mut self.connection, rows, synced_at, state)
    }

    fn finish_pass(&mut self, state: &SyncState, full: bool) -> Result<usize, StoreError> {
        sqlite_mirror::finish_pass(&mut self.connection, state, full)
    }

    fn upsert_customer(
        &mut self,
        provider: &str,
        row: &MirrorRow,
        synced_at: i64,
    ) -> Result<(), StoreError> {
        sqlite_mirror::upsert_customer(&self.connection, provider, row, synced_at)
    }

    fn mirror_count(&self, provider: &str) -> Result<MirrorCount, StoreError> {
        sqlite_mirror::count(&self.connection, provider)
    }

    fn mirrored(&self, provider: &str, id: &str) -> Result<Option<Mirrored>, StoreError> {
        sqlite_mirror::customer(&self.connection, provider, id)
    }

    fn purge_mirror(&mut self, provider: Option<&str>) -> Result<usize, StoreError> {
        sqlite_mirror::purge(&mut self.connection, provider)
    }

    fn mark_gone(&mut self, provider: &str, id: &str, synced_at: i64) -> Result<bool, StoreError> {
        sqlite_mirror::mark_gone(&self.connection, provider, id, synced_at)
    }

    fn mirror_window(&self, query: &MirrorQuery) -> Result<MirrorWindow, StoreError> {
        // A search reads the trigram index (`sqlite_window`); browsing without a text keeps the
        // counted, end-aware window of `sqlite_mirror`.
        if query.text.as_deref().is_some_and(|t| !t.trim().is_empty()) {
            return super::sqlite_window::window(&self.connection, query);
        }
        sqlite_mirror::window(&self.connection, query, &self.counts)
    }

    fn each_customer(
        &self,
        query: &MirrorQuery,
        each: &mut dyn FnMut(super::MirrorHit) -> bool,
    ) -> Result<u64, StoreError> {
        super::sqlite_window::each(&self.connection, query, each)
    }

    fn ids_starting(
        &self,
        providers: &[String],
        prefix: &str,
        limit: u32,
    ) -> Result<Vec<super::MirrorHit>, StoreError> {
        super::sqlite_lookup::ids_starting(&self.connection, providers, prefix, limit)
    }

    fn position(&self, query: &MirrorQuery, id: &str) -> Result<Option<u64>, StoreError> {
        super::sqlite_lookup::position(&self.connection, query, id)
    }
}

impl SqliteBackend {
    /// The connection itself, for tests that read query plans.
    #[cfg(test)]
    pub(crate) fn connection(&self) -> &Connection {
        &self.connection
    }

    /// One entry by id (tests, and checks that follow an entry).
    pub fn entry(&self, id: EntryId) -> Result<Option<Entry>, StoreError> {
        Ok(self
            .connection
            .query_row(
                &format!("SELECT {ENTRY_COLUMNS} FROM journal WHERE id = ?1"),
                params![id],
                entry,
            )
            .optional()?)
    }
}

#[cfg(test)]
impl SqliteBackend {
    /// The connection itself, for tests that look at the file's schema.
    pub fn connection_for_tests(&self) -> &Connection {
        &self.connection
    }
}

//! The SQLite side of [`Reader`]: a read-only connection to the store's file, for searches and windows
//! on the search thread (see [`super::search`]).

use std::path::Path;
use std::sync::Arc;

use rusqlite::{Connection, OpenFlags};

use super::StoreError;
use super::mirror::{MirrorHit, MirrorQuery, MirrorWindow};
use super::search::{Interrupt, Reader, superseded};
use super::{sqlite_lookup, sqlite_window};

pub struct SqliteReader {
    connection: Connection,
}

impl SqliteReader {
    /// Open the store at `path` (already created and migrated by the writer) for reading only.
    pub fn open(path: &Path) -> Result<SqliteReader, StoreError> {
        let connection = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| StoreError::Open {
            path: path.to_path_buf(),
            source: e.into(),
        })?;
        // A checkpoint by the writer may hold a lock for a moment; a search then waits a little
        // rather than fail.
        connection.busy_timeout(std::time::Duration::from_millis(500))?;
        Ok(SqliteReader { connection })
    }

    /// Keep up to `mib` MiB of the file's pages in memory (SQLite's default is 2): searches as you
    /// type read the same pages of the index again and again. Not for a one-pass read (an export),
    /// whose memory would grow with the mirror for nothing.
    pub fn with_cache(self, mib: u32) -> Result<SqliteReader, StoreError> {
        self.connection
            .pragma_update(None, "cache_size", -1024 * i64::from(mib))?;
        Ok(self)
    }
}

impl Reader for SqliteReader {
    fn mirror_window(&self, query: &MirrorQuery) -> Result<MirrorWindow, StoreError> {
        sqlite_window::window(&self.connection, query).map_err(superseded)
    }

    fn each_customer(
        &self,
        query: &MirrorQuery,
        each: &mut dyn FnMut(MirrorHit) -> bool,
    ) -> Result<u64, StoreError> {
        sqlite_window::each(&self.connection, query, each).map_err(superseded)
    }

    fn ids_starting(
        &self,
        providers: &[String],
        prefix: &str,
        limit: u32,
    ) -> Result<Vec<MirrorHit>, StoreError> {
        sqlite_lookup::ids_starting(&self.connection, providers, prefix, limit).map_err(superseded)
    }

    fn position(&self, query: &MirrorQuery, id: &str) -> Result<Option<u64>, StoreError> {
        sqlite_lookup::position(&self.connection, query, id).map_err(superseded)
    }

    fn interrupter(&self) -> Interrupt {
        let handle = self.connection.get_interrupt_handle();
        Arc::new(move || handle.interrupt())
    }
}

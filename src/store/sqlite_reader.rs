//! The SQLite side of [`Reader`]: a read-only connection to the store's file, for searches and windows
//! on the search thread (see [`super::search`]).

use std::path::Path;
use std::sync::Arc;

use rusqlite::{Connection, OpenFlags};

use super::StoreError;
use super::mirror::{MirrorHit, MirrorQuery, MirrorWindow};
use super::search::{Interrupt, Reader, superseded};
use super::sqlite_window;

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
        // Searches read many pages of the index: a larger cache (64 MB) keeps the hot ones.
        connection.pragma_update(None, "cache_size", -65_536)?;
        Ok(SqliteReader { connection })
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

    fn interrupter(&self) -> Interrupt {
        let handle = self.connection.get_interrupt_handle();
        Arc::new(move || handle.interrupt())
    }
}

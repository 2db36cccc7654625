//! The local store: one SQLite file in the data directory (`clientele.db`, mode 0600 in a 0700
//! directory, WAL), owned by one thread. It holds the journal of writes; the mirror of customers joins it.
//!
//! Everything else talks to it through the narrow [`Backend`] trait, run on the store's own thread by a
//! [`Store`] handle, so a second backend (PostgreSQL, for a team sharing one mirror and one journal) can
//! take its place without the worker or the UI knowing. The UI never touches it: the worker asks and
//! answers with events, as for any provider call.

pub mod fts;
pub mod journal;
mod migrations;
pub mod mirror;
pub mod search;
mod sqlite;
mod sqlite_lookup;
mod sqlite_mirror;
mod sqlite_reader;
pub(crate) mod sqlite_window;
mod turns;
mod window_count;
mod window_generation;
mod window_order;
mod window_seek;

use std::path::{Path, PathBuf};
use std::sync::mpsc as std_mpsc;

use tokio::sync::oneshot;

pub use journal::{Ending, Entry, EntryId, Intent, JournalQuery, Outcome};
pub use mirror::{
    MirrorCount, MirrorHit, MirrorQuery, MirrorRow, MirrorSort, MirrorWindow, Mirrored, PassKind,
    RunningPass, SortDirection, SyncState, TOTAL_CAP,
};
pub use search::{Reader, Searcher};
pub use sqlite::SqliteBackend;
pub use sqlite_reader::SqliteReader;
pub use turns::Turn;

/// The store's file name inside the data directory.
pub const FILE_NAME: &str = "clientele.db";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the local store {path}: {source}")]
    Open {
        path: PathBuf,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    #[error("the local store: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("the local store is closed")]
    Closed,
    /// A newer search on the same lane took this one's place (see [`search`]).
    #[error("replaced by a newer search")]
    Superseded,
}

/// What the app asks of a store. Small on purpose: each method is one statement or one transaction, in
/// SQL that PostgreSQL also speaks where that costs nothing.
pub trait Backend: Send {
    /// Record a write before it is sent; the id its ending is recorded under.
    fn begin_write(&mut self, intent: &Intent) -> Result<EntryId, StoreError>;
    /// Record how a write ended (or a later check's finding on an unknown one).
    fn end_write(&mut self, id: EntryId, ending: &Ending) -> Result<(), StoreError>;
    /// A check found how this customer's writes of `operation` with an unknown outcome ended.
    fn settle_unknown(
        &mut self,
        provider: &str,
        customer: &str,
        operation: &str,
        ending: &Ending,
    ) -> Result<usize, StoreError>;
    /// Writes begun by an earlier run that never got an ending (the app stopped mid-call) become
    /// "outcome unknown"; returns every write whose outcome is unknown now, oldest first.
    fn settle_interrupted(&mut self, now_ms: i64) -> Result<Vec<Entry>, StoreError>;
    /// The journal, newest first.
    fn journal(&self, query: &JournalQuery) -> Result<Vec<Entry>, StoreError>;

    // The mirror (see [`mirror`]).
    /// Where `provider`'s sync stands (a fresh state when it never ran).
    fn sync_state(&self, provider: &str) -> Result<SyncState, StoreError>;
    /// Record where a sync stands without writing customers (a pass begun, a failure).
    fn save_sync_state(&mut self, state: &SyncState) -> Result<(), StoreError>;
    /// One page: upsert `rows` as seen now, in full pass `state.pass`, and save `state`, all in one
    /// transaction.
    fn write_page(
        &mut self,
        rows: &[MirrorRow],
        synced_at: i64,
        state: &SyncState,
    ) -> Result<(), StoreError>;
    /// End a pass with `state`; when `full`, customers pass `state.pass` did not see are marked gone
    /// (returns how many), in the same transaction.
    fn finish_pass(&mut self, state: &SyncState, full: bool) -> Result<usize, StoreError>;
    /// One customer as the provider answered a get-one or a write, outside any page.
    fn upsert_customer(
        &mut self,
        provider: &str,
        row: &MirrorRow,
        synced_at: i64,
    ) -> Result<(), StoreError>;
    /// The provider deleted this customer at the app's request: it leaves every window at once
    /// (as a full pass would find it gone), as of `synced_at`. `false` if the mirror did not hold it.
    fn mark_gone(&mut self, provider: &str, id: &str, synced_at: i64) -> Result<bool, StoreError>;
    fn mirror_count(&self, provider: &str) -> Result<MirrorCount, StoreError>;
    /// One mirrored customer, gone or not.
    fn mirrored(&self, provider: &str, id: &str) -> Result<Option<Mirrored>, StoreError>;
    /// Delete the mirrored customers and sync state of `provider` (of all with `None`); returns how
    /// many customers were deleted.
    fn purge_mirror(&mut self, provider: Option<&str>) -> Result<usize, StoreError>;
    /// A window of the mirror: one provider's (or every provider's) customers, maybe only those matching
    /// a text, in an order.
    fn mirror_window(&self, query: &MirrorQuery) -> Result<MirrorWindow, StoreError>;
    /// Every customer of `query` (offset and limit aside), one at a time, until `each` says stop
    /// (an export); how many were read.
    fn each_customer(
        &self,
        query: &MirrorQuery,
        each: &mut dyn FnMut(MirrorHit) -> bool,
    ) -> Result<u64, StoreError>;
    /// Customers of `providers` whose id starts with `prefix` (case aside), at most `limit` of each,
    /// in id order (the palette's `:` then an id).
    fn ids_starting(
        &self,
        providers: &[String],
        prefix: &str,
        limit: u32,
    ) -> Result<Vec<MirrorHit>, StoreError>;
    /// How many rows of `query`'s order come before customer `id`; `None` when it holds no such
    /// customer. The table is put on a customer without reading the rows above it.
    fn position(&self, query: &MirrorQuery, id: &str) -> Result<Option<u64>, StoreError>;
}

/// A handle to the store's thread. Cheap to clone; the thread ends when the last handle is dropped.
#[derive(Clone)]
pub struct Store {
    jobs: std_mpsc::Sender<(Turn, turns::Job)>,
    path: PathBuf,
    /// Searches and windows on a read-only connection of their own; without one (a store in
    /// memory) they run on the store's thread.
    searcher: Option<std::sync::Arc<Searcher>>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Open (creating, migrating) the store in `data_dir` and start its thread.
    pub fn open(data_dir: &Path) -> Result<Store, StoreError> {
        let path = data_dir.join(FILE_NAME);
        let backend = SqliteBackend::open(&path)?;
        let mut store = Store::with_backend(Box::new(backend), path.clone());
        let reader = SqliteReader::open(&path)?.with_cache(64)?;
        store.searcher = Some(std::sync::Arc::new(Searcher::start(Box::new(reader))));
        Ok(store)
    }

    /// Run `backend` on a thread of its own (SQLite calls block; tokio's threads must not).
    pub fn with_backend(mut backend: Box<dyn Backend>, path: PathBuf) -> Store {
        let (jobs, queue) = std_mpsc::channel();
        std::thread::Builder::new()
            .name("clientele-store".into())
            .spawn(move || turns::serve(backend.as_mut(), queue))
            .expect("spawn the store thread");
        Store {
            jobs,
            path,
            searcher: None,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Run `f` on the store's thread and wait for its answer without blocking the runtime.
    pub async fn call<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut dyn Backend) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        self.call_in(Turn::Now, f).await
    }

    /// [`Store::call`] in `turn`: a sync's pages wait for what a person waits on (see [`Turn`]).
    pub async fn call_in<T: Send + 'static>(
        &self,
        turn: Turn,
        f: impl FnOnce(&mut dyn Backend) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let (answer, answered) = oneshot::channel();
        self.submit(turn, move |backend| drop(answer.send(f(backend))));
        answered.await.map_err(|_| StoreError::Closed)?
    }

    /// Queue `job` for the store's thread; a closed store drops it (its answer channel then says so).
    fn submit(&self, turn: Turn, job: impl FnOnce(&mut dyn Backend) + Send + 'static) {
        drop(self.jobs.send((turn, Box::new(job))));
    }

    /// [`Store::call`] from plain threads (the command line, start-up).
    pub fn call_blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut dyn Backend) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let (answer, answered) = std_mpsc::channel();
        self.submit(Turn::Now, move |backend| drop(answer.send(f(backend))));
        answered.recv().map_err(|_| StoreError::Closed)?
    }
}

impl Store {
    /// A window of the mirror on the search thread, newest first on `lane` (one asker: "global", a
    /// tab's provider): a newer query on the lane makes this one answer [`StoreError::Superseded`].
    pub async fn window(&self, lane: &str, query: MirrorQuery) -> Result<MirrorWindow, StoreError> {
        self.read(lane, move |reader| reader.mirror_window(&query))
            .await
    }

    /// Run `f` on the search thread on `lane` (newest wins, as for [`Store::window`]).
    pub async fn read<T: Send + 'static>(
        &self,
        lane: &str,
        f: impl FnOnce(&dyn Reader) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let Some(searcher) = &self.searcher else {
            return self.call(move |b| f(&BackendReader(b))).await;
        };
        let (answer, answered) = oneshot::channel();
        searcher.submit(lane, move |reader| drop(answer.send(f(reader))));
        // Dropped unrun: a newer query on the lane replaced it.
        answered.await.map_err(|_| StoreError::Superseded)?
    }

    /// [`Store::read`], asked now rather than when the answer is first awaited: asks made one after
    /// another reach the lane in that order, so the newest is the one that runs (tasks spawned with
    /// `Store::read` may be first polled in any order, an older ask then replacing a newer).
    pub fn read_now<T: Send + 'static>(
        &self,
        lane: &str,
        f: impl FnOnce(&dyn Reader) -> Result<T, StoreError> + Send + 'static,
    ) -> Answer<T> {
        let (answer, answered) = oneshot::channel();
        let closed = match &self.searcher {
            Some(searcher) => {
                searcher.submit(lane, move |reader| drop(answer.send(f(reader))));
                false
            }
            None => self
                .jobs
                .send((
                    Turn::Now,
                    Box::new(move |b| drop(answer.send(f(&BackendReader(b))))),
                ))
                .is_err(),
        };
        Box::pin(async move {
            if closed {
                return Err(StoreError::Closed);
            }
            // Dropped unrun: a newer query on the lane replaced it.
            answered.await.map_err(|_| StoreError::Superseded)?
        })
    }

    /// [`Store::read`] from plain threads (the command line).
    pub fn read_blocking<T: Send + 'static>(
        &self,
        lane: &str,
        f: impl FnOnce(&dyn Reader) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let Some(searcher) = &self.searcher else {
            return self.call_blocking(move |b| f(&BackendReader(b)));
        };
        let (answer, answered) = std_mpsc::channel();
        searcher.submit(lane, move |reader| drop(answer.send(f(reader))));
        answered.recv().map_err(|_| StoreError::Superseded)?
    }
}

/// The answer to [`Store::read_now`], to await.
pub type Answer<T> =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<T, StoreError>> + Send>>;

/// A store without a reader of its own (in memory) reads on its one connection, uninterruptibly.
struct BackendReader<'a>(&'a mut dyn Backend);

impl Reader for BackendReader<'_> {
    fn mirror_window(&self, query: &MirrorQuery) -> Result<MirrorWindow, StoreError> {
        self.0.mirror_window(query)
    }

    fn each_customer(
        &self,
        query: &MirrorQuery,
        each: &mut dyn FnMut(MirrorHit) -> bool,
    ) -> Result<u64, StoreError> {
        self.0.each_customer(query, each)
    }

    fn ids_starting(
        &self,
        providers: &[String],
        prefix: &str,
        limit: u32,
    ) -> Result<Vec<MirrorHit>, StoreError> {
        self.0.ids_starting(providers, prefix, limit)
    }

    fn position(&self, query: &MirrorQuery, id: &str) -> Result<Option<u64>, StoreError> {
        self.0.position(query, id)
    }

    fn interrupter(&self) -> search::Interrupt {
        std::sync::Arc::new(|| {})
    }
}

/// Milliseconds since the Unix epoch, now.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

#[cfg(test)]
mod tests;

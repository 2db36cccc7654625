//! Searches and windows of the mirror, off the writer's thread: one read-only connection on a thread
//! of its own (WAL lets it read while the sync writes), so a search never waits behind a page being
//! written, and stopping a search can never stop a write.
//!
//! Newest wins, per lane: a lane is one asker (the global search, one tab's table). A query sent on a
//! lane replaces the one waiting on it and interrupts the one running on it (SQLite's interrupt); the
//! replaced ones answer [`StoreError::Superseded`]. Lanes do not interrupt each other: another lane's
//! query runs after the current one, which is short.

use std::sync::{Arc, Condvar, Mutex};

use super::StoreError;
use super::mirror::{MirrorHit, MirrorQuery, MirrorWindow};

/// What is read off the writer's thread. Narrow, like [`super::Backend`], so another database can
/// stand in.
pub trait Reader: Send {
    fn mirror_window(&self, query: &MirrorQuery) -> Result<MirrorWindow, StoreError>;
    /// Every customer of `query` (offset and limit aside), handed to `each` one at a time until it
    /// says stop; how many were read.
    fn each_customer(
        &self,
        query: &MirrorQuery,
        each: &mut dyn FnMut(MirrorHit) -> bool,
    ) -> Result<u64, StoreError>;
    /// See [`super::Backend::ids_starting`].
    fn ids_starting(
        &self,
        providers: &[String],
        prefix: &str,
        limit: u32,
    ) -> Result<Vec<MirrorHit>, StoreError>;
    /// See [`super::Backend::position`].
    fn position(&self, query: &MirrorQuery, id: &str) -> Result<Option<u64>, StoreError>;
    /// Stops what this reader runs now, from any thread; it then fails with `Superseded`.
    fn interrupter(&self) -> Interrupt;
}

pub type Interrupt = Arc<dyn Fn() + Send + Sync>;

type Work = Box<dyn FnOnce(&dyn Reader) + Send>;

struct Job {
    lane: String,
    work: Work,
}

#[derive(Default)]
struct State {
    /// At most one per lane, oldest first.
    pending: Vec<Job>,
    /// The lane of the query running now.
    running: Option<String>,
    closed: bool,
}

struct Shared {
    state: Mutex<State>,
    wake: Condvar,
    interrupt: Interrupt,
}

/// A handle to the reader's thread. The thread ends when the last handle is dropped.
pub struct Searcher {
    shared: Arc<Shared>,
}

impl Drop for Searcher {
    fn drop(&mut self) {
        if let Ok(mut state) = self.shared.state.lock() {
            state.closed = true;
        }
        self.shared.wake.notify_all();
    }
}

impl Searcher {
    pub fn start(reader: Box<dyn Reader>) -> Searcher {
        let shared = Arc::new(Shared {
            state: Mutex::new(State::default()),
            wake: Condvar::new(),
            interrupt: reader.interrupter(),
        });
        let thread = shared.clone();
        std::thread::Builder::new()
            .name("clientele-search".into())
            .spawn(move || serve(reader, &thread))
            .expect("spawn the search thread");
        Searcher { shared }
    }

    /// Run `f` on the reader's thread on `lane`, replacing (and interrupting) the lane's earlier
    /// query. The answer comes through `f` itself; a replaced `f` is dropped unrun.
    pub fn submit(&self, lane: &str, f: impl FnOnce(&dyn Reader) + Send + 'static) {
        let Ok(mut state) = self.shared.state.lock() else {
            return;
        };
        state.pending.retain(|job| job.lane != lane);
        if state.running.as_deref() == Some(lane) {
            // Under the lock: the reader cannot have moved on to the job pushed below yet. An
            // interrupt that lands between two statements is cleared by SQLite at the next one.
            (self.shared.interrupt)();
        }
        state.pending.push(Job {
            lane: lane.to_string(),
            work: Box::new(f),
        });
        drop(state);
        self.shared.wake.notify_all();
    }
}

fn serve(reader: Box<dyn Reader>, shared: &Shared) {
    loop {
        let job = {
            let Ok(mut state) = shared.state.lock() else {
                return;
            };
            while state.pending.is_empty() && !state.closed {
                state = match shared.wake.wait(state) {
                    Ok(state) => state,
                    Err(_) => return,
                };
            }
            if state.pending.is_empty() {
                return;
            }
            let job = state.pending.remove(0);
            state.running = Some(job.lane.clone());
            job
        };
        (job.work)(reader.as_ref());
        if let Ok(mut state) = shared.state.lock() {
            state.running = None;
        }
    }
}

/// An interrupted statement means a newer query took its place.
pub fn superseded(error: StoreError) -> StoreError {
    match error {
        StoreError::Sqlite(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::OperationInterrupted =>
        {
            StoreError::Superseded
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;
    use std::time::{Duration, Instant};

    use super::*;

    /// A reader whose window runs a query that would count for minutes unless interrupted, or
    /// answers at once for a text of "quick".
    struct Slow {
        connection: rusqlite::Connection,
    }

    impl Reader for Slow {
        fn mirror_window(&self, query: &MirrorQuery) -> Result<MirrorWindow, StoreError> {
            if query.text.as_deref() == Some("quick") {
                return Ok(MirrorWindow {
                    rows: Vec::new(),
                    total: 1,
                });
            }
            let total: i64 = self
                .connection
                .query_row(
                    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n)
                     SELECT COUNT(*) FROM (SELECT i FROM n LIMIT 10000000000)",
                    [],
                    |row| row.get(0),
                )
                .map_err(|e| superseded(e.into()))?;
            Ok(MirrorWindow {
                rows: Vec::new(),
                total: total as u64,
            })
        }

        fn each_customer(
            &self,
            _: &MirrorQuery,
            _: &mut dyn FnMut(MirrorHit) -> bool,
        ) -> Result<u64, StoreError> {
            Ok(0)
        }

        fn ids_starting(
            &self,
            _: &[String],
            _: &str,
            _: u32,
        ) -> Result<Vec<MirrorHit>, StoreError> {
            Ok(Vec::new())
        }

        fn position(&self, _: &MirrorQuery, _: &str) -> Result<Option<u64>, StoreError> {
            Ok(None)
        }

        fn interrupter(&self) -> Interrupt {
            let handle = self.connection.get_interrupt_handle();
            Arc::new(move || handle.interrupt())
        }
    }

    fn window(
        searcher: &Searcher,
        lane: &str,
        text: &str,
    ) -> mpsc::Receiver<Result<MirrorWindow, StoreError>> {
        let (answer, answered) = mpsc::channel();
        let query = MirrorQuery {
            text: Some(text.into()),
            ..MirrorQuery::default()
        };
        searcher.submit(lane, move |reader| {
            drop(answer.send(reader.mirror_window(&query)));
        });
        answered
    }

    #[test]
    fn a_newer_query_on_a_lane_interrupts_the_running_one_and_answers_at_once() {
        let searcher = Searcher::start(Box::new(Slow {
            connection: rusqlite::Connection::open_in_memory().unwrap(),
        }));
        let slow = window(&searcher, "global", "slow");
        std::thread::sleep(Duration::from_millis(100));
        let started = Instant::now();
        let quick = window(&searcher, "global", "quick");
        let answer = quick.recv_timeout(Duration::from_secs(5)).unwrap();
        assert_eq!(answer.unwrap().total, 1);
        assert!(started.elapsed() < Duration::from_secs(2));
        assert!(matches!(
            slow.recv_timeout(Duration::from_secs(1)).unwrap(),
            Err(StoreError::Superseded)
        ));
    }

    #[test]
    fn a_query_waiting_behind_another_is_replaced_unrun_and_other_lanes_are_not_interrupted() {
        let searcher = Searcher::start(Box::new(Slow {
            connection: rusqlite::Connection::open_in_memory().unwrap(),
        }));
        // A tab's slow window runs; the global search waits behind it, then a newer one replaces it.
        let tab = window(&searcher, "tab", "slow");
        std::thread::sleep(Duration::from_millis(50));
        let first = window(&searcher, "global", "quick");
        let second = window(&searcher, "global", "quick");
        // The replaced one is dropped: its answer channel closes without an answer.
        assert!(first.recv_timeout(Duration::from_secs(1)).is_err());
        // The tab's query was not interrupted by the other lane: still running.
        assert!(tab.recv_timeout(Duration::from_millis(300)).is_err());
        // Its own lane's next query stops it; then the waiting global one runs.
        let tab_again = window(&searcher, "tab", "quick");
        assert!(matches!(
            tab.recv_timeout(Duration::from_secs(5)).unwrap(),
            Err(StoreError::Superseded)
        ));
        assert_eq!(
            second
                .recv_timeout(Duration::from_secs(5))
                .unwrap()
                .unwrap()
                .total,
            1
        );
        assert!(
            tab_again
                .recv_timeout(Duration::from_secs(5))
                .unwrap()
                .is_ok()
        );
    }
}

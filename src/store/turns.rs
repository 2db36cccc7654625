//! The order the store's thread takes waiting jobs in. One connection writes, so a job waits for
//! those before it: without turns, a person's write (its journal entry) or a budgeted provider's
//! sync page waited behind the pages of every sync running, and at five syncs of a million
//! customers each DK's and CycleSoftware's syncs fell behind their rate budgets (a budget window
//! not spent in time is lost; a provider without a budget only takes a little longer).

use std::collections::VecDeque;
use std::sync::mpsc;

use super::Backend;

/// Whose job it is: earlier turns go first; within a turn, first come first served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Turn {
    /// Anything a person may be waiting on (the default).
    Now,
    /// A sync's page of a provider whose rate budget paces it.
    Budgeted,
    /// A sync's page of a provider without one.
    Unbudgeted,
}

impl Turn {
    const ALL: usize = 3;

    fn index(self) -> usize {
        match self {
            Turn::Now => 0,
            Turn::Budgeted => 1,
            Turn::Unbudgeted => 2,
        }
    }
}

pub(super) type Job = Box<dyn FnOnce(&mut dyn Backend) + Send>;

/// The store thread's loop: run jobs from `queue` by turn until every sender is gone and nothing
/// waits.
pub(super) fn serve(backend: &mut dyn Backend, queue: mpsc::Receiver<(Turn, Job)>) {
    let mut waiting: [VecDeque<Job>; Turn::ALL] = Default::default();
    loop {
        if waiting.iter().all(VecDeque::is_empty) {
            match queue.recv() {
                Ok((turn, job)) => waiting[turn.index()].push_back(job),
                Err(_) => return,
            }
        }
        // Everything that arrived meanwhile takes its place before the next job is chosen.
        while let Ok((turn, job)) = queue.try_recv() {
            waiting[turn.index()].push_back(job);
        }
        if let Some(job) = waiting.iter_mut().find_map(VecDeque::pop_front) {
            job(backend);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::super::{SqliteBackend, Store};
    use super::*;

    #[test]
    fn a_person_goes_before_budgeted_syncs_and_they_before_the_rest_each_in_arrival_order() {
        let store = Store::with_backend(
            Box::new(SqliteBackend::in_memory().unwrap()),
            "memory".into(),
        );
        // Hold the thread busy while the others queue up.
        let (release, held) = mpsc::channel::<()>();
        let (started, running) = mpsc::channel::<()>();
        store.submit(Turn::Now, move |_| {
            started.send(()).unwrap();
            held.recv().unwrap();
        });
        running.recv().unwrap();
        let order = Arc::new(Mutex::new(Vec::new()));
        for (turn, name) in [
            (Turn::Unbudgeted, "ngorder page 1"),
            (Turn::Budgeted, "dk page 1"),
            (Turn::Unbudgeted, "ngorder page 2"),
            (Turn::Now, "toggle's journal entry"),
            (Turn::Budgeted, "dk page 2"),
        ] {
            let order = order.clone();
            store.submit(turn, move |_| order.lock().unwrap().push(name));
        }
        // Last of the last turn: when it runs, every other has.
        let (done, finished) = mpsc::channel::<()>();
        store.submit(Turn::Unbudgeted, move |_| done.send(()).unwrap());
        release.send(()).unwrap();
        finished.recv().unwrap();
        assert_eq!(
            *order.lock().unwrap(),
            [
                "toggle's journal entry",
                "dk page 1",
                "dk page 2",
                "ngorder page 1",
                "ngorder page 2"
            ]
        );
    }
}

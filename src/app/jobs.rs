//! Every call the worker was asked to make, in flight and recent, for the jobs view.

use std::collections::VecDeque;
use std::time::Duration;

use crate::domain::ProviderId;
use crate::worker::{RequestId, Slot};

/// Finished jobs kept for the view.
const KEEP: usize = 200;

#[derive(Debug, Clone, PartialEq)]
pub enum JobState {
    Running,
    Done(Duration),
    Failed(Duration, String),
    /// A newer request of the same kind made it obsolete; the worker dropped it.
    Superseded,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    pub id: RequestId,
    pub provider: ProviderId,
    pub what: String,
    pub slot: Option<Slot>,
    pub state: JobState,
}

#[derive(Debug, Clone, Default)]
pub struct JobLog {
    jobs: VecDeque<Job>,
}

impl JobLog {
    pub fn start(&mut self, id: RequestId, provider: ProviderId, what: String, slot: Option<Slot>) {
        if slot.is_some() {
            for job in self
                .jobs
                .iter_mut()
                .filter(|j| j.provider == provider && j.slot == slot)
            {
                if job.state == JobState::Running {
                    job.state = JobState::Superseded;
                }
            }
        }
        self.jobs.push_back(Job {
            id,
            provider,
            what,
            slot,
            state: JobState::Running,
        });
        while self.jobs.len() > KEEP {
            self.jobs.pop_front();
        }
    }

    pub fn finish(&mut self, id: RequestId, elapsed: Duration, error: Option<String>) {
        // A superseded job's answer (one that raced its cancellation) is dropped by the app: it stays
        // superseded.
        if let Some(job) = self
            .jobs
            .iter_mut()
            .rev()
            .find(|j| j.id == id && j.state != JobState::Superseded)
        {
            job.state = match error {
                Some(error) => JobState::Failed(elapsed, error),
                None => JobState::Done(elapsed),
            };
        }
    }

    /// Newest first.
    pub fn iter(&self) -> impl Iterator<Item = &Job> {
        self.jobs.iter().rev()
    }

    pub fn running(&self) -> usize {
        self.jobs
            .iter()
            .filter(|j| j.state == JobState::Running)
            .count()
    }
}

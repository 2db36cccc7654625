//! Pacing requests so a provider's budget is used without meeting its 429, and the quota as the
//! provider last reported it (for the status view).
//!
//! - A budget slot is taken at the moment a request is sent ([`Pacer::acquire`] returns then), never
//!   booked ahead: a request cancelled while it waits (its task aborted because a newer page was asked
//!   for) takes nothing and is never sent.
//! - Waiters queue in two lanes: [`Lane::Interactive`] (what the user is looking at) always goes before
//!   [`Lane::Background`] (the sync), and background sends are spread over the window so the rest of
//!   it stays free for the person at the screen.
//! - Windows are counted the way the provider counts them ([`Counting`]), with a margin for network and
//!   clock skew ([`margin`]).
//! - CycleSoftware's `X-RateLimit-*` headers set the limit, count others' use of the same budget, and a
//!   spent daily budget pauses the provider until its reset.

mod headers;
mod window;

#[cfg(test)]
mod tests;

use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use tokio::sync::Notify;
use tokio::time::Instant;

use self::window::Window;
pub use self::window::margin;
use crate::config::RateLimit;

/// Which budget a request spends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Read,
    Write,
}

/// Who is waiting for the request: the person at the screen, or a background job (the sync).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Lane {
    #[default]
    Interactive,
    /// Spread over the window, so what is left of it is there for the person at the screen.
    Background,
    /// Background work with nobody at a screen (`clientele sync`): as fast as the budget allows, as
    /// spreading would only leave the end of every window unused.
    Unattended,
}

/// How the provider counts its window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counting {
    /// A moving window: no `period` anywhere holds more than `limit` (CycleSoftware's minute).
    Sliding,
    /// Fixed windows on the clock, `period` long from the Unix epoch (a minute starts at :00 UTC):
    /// each holds at most `limit` (DK Hardware).
    Fixed,
}

/// A provider's documented budget for one class of requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// `None`: the budget covers every request.
    pub class: Option<Class>,
    pub limit: u32,
    pub period: Duration,
    pub counting: Counting,
}

impl Budget {
    /// The documented budgets, or the account's own limit (config `rate_limit`, the sandbox's
    /// `--rate-limit`): every window of the provider becomes `requests` per `per`, counted the same way;
    /// a provider that documents none gets one moving window over every request.
    pub fn with_limit(documented: &[Budget], limit: Option<RateLimit>) -> Vec<Budget> {
        let Some(limit) = limit else {
            return documented.to_vec();
        };
        if documented.is_empty() {
            return vec![Budget {
                class: None,
                limit: limit.requests,
                period: limit.per,
                counting: Counting::Sliding,
            }];
        }
        documented
            .iter()
            .map(|b| Budget {
                limit: limit.requests,
                period: limit.per,
                ..*b
            })
            .collect()
    }
}

/// Our monotonic clock tied to the wall clock, for fixed windows and the provider's reset times.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Clock {
    at: Instant,
    unix_ms: u64,
}

impl Clock {
    fn system() -> Clock {
        let unix_ms = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64);
        Clock {
            at: Instant::now(),
            unix_ms,
        }
    }

    pub fn unix_ms(&self, t: Instant) -> u64 {
        if t >= self.at {
            self.unix_ms + (t - self.at).as_millis() as u64
        } else {
            self.unix_ms
                .saturating_sub((self.at - t).as_millis() as u64)
        }
    }

    pub fn instant(&self, unix_ms: u64) -> Instant {
        if unix_ms >= self.unix_ms {
            self.at + Duration::from_millis(unix_ms - self.unix_ms)
        } else {
            self.at
                .checked_sub(Duration::from_millis(self.unix_ms - unix_ms))
                .unwrap_or(self.at)
        }
    }
}

/// One budget line for the status view: "reads per minute: 180 of 200 left".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuotaLine {
    pub label: String,
    pub limit: u32,
    pub remaining: u32,
    /// Unix time the budget resets, where the provider says.
    pub resets_at: Option<u64>,
}

/// The quota as the provider last reported it, or as we count it where it reports nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Quota {
    pub lines: Vec<QuotaLine>,
    /// Requests are being held back right now to stay within budget.
    pub paced: bool,
    /// The daily budget is spent: nothing is sent before this Unix time.
    pub paused_until: Option<u64>,
    /// Unix time of these figures (the status view says how long the pause has left from here).
    pub as_of: u64,
}

/// A granted send: the request goes out now. Give it the answer's headers ([`Pacer::observe`]);
/// dropping it says the request is over (answered, failed or abandoned) either way.
#[derive(Debug)]
pub struct Permit<'a> {
    pacer: &'a Pacer,
    pub class: Class,
    /// Grants are numbered in order, so an answer can be matched with the sends made after it.
    grant: u64,
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        self.pacer.done(self.grant);
    }
}

/// The provider's daily budget is spent; an interactive request is refused rather than held for hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paused {
    pub until_unix: u64,
}

#[derive(Debug)]
struct Waiter {
    id: u64,
    class: Class,
    lane: Lane,
    waited: bool,
}

/// The daily budget as last reported.
#[derive(Debug, Clone, Copy)]
struct Daily {
    limit: u32,
    remaining: u32,
    /// The grant whose answer reported it; sends granted later are taken off `remaining`.
    grant: u64,
    reset_unix: u64,
}

enum Decision {
    Sent(Class, u64),
    /// Wait until then, or until something changes (`None`: behind another waiter).
    Wait(Option<Instant>),
    Paused(u64),
}

#[derive(Debug)]
struct State {
    clock: Clock,
    windows: Vec<Window>,
    /// Interactive before background, each first come first served.
    queue: Vec<Waiter>,
    next_waiter: u64,
    grants: u64,
    /// The moving-window figures the provider last reported, and for which grant.
    reported: Option<(u64, Vec<QuotaLine>)>,
    daily: Option<Daily>,
    paced: bool,
}

impl State {
    fn conflicts(&self, a: Class, b: Class) -> bool {
        self.windows.iter().any(|w| w.applies(a) && w.applies(b))
    }

    /// The reset time, while the daily budget as last reported is spent. (Past the reset the figures
    /// stay for the status view until the next answer brings new ones.)
    fn daily_spent(&self, now: Instant) -> Option<u64> {
        let daily = self.daily?;
        // A second past the reset, for a clock a little off from the provider's.
        if self.clock.unix_ms(now) >= daily.reset_unix * 1000 + 1000 {
            return None;
        }
        let since = self.grants.saturating_sub(daily.grant + 1);
        (u64::from(daily.remaining) <= since).then_some(daily.reset_unix)
    }

    fn decide(&mut self, id: u64, now: Instant) -> Decision {
        let Some(at) = self.queue.iter().position(|w| w.id == id) else {
            return Decision::Wait(None);
        };
        let (class, lane) = (self.queue[at].class, self.queue[at].lane);
        if let Some(until) = self.daily_spent(now) {
            return Decision::Paused(until);
        }
        if self.queue[..at]
            .iter()
            .any(|ahead| self.conflicts(ahead.class, class))
        {
            return Decision::Wait(None);
        }
        let clock = self.clock;
        // `Some(None)`: until an answer comes.
        let mut wait: Option<Option<Instant>> = None;
        for window in self.windows.iter_mut().filter(|w| w.applies(class)) {
            window.forget(&clock, now);
            if let Err(t) = window.room(&clock, now, lane) {
                wait = Some(match (wait, t) {
                    (Some(Some(a)), Some(b)) => Some(a.max(b)),
                    (Some(None), _) | (_, None) => None,
                    (None, t) => t,
                });
            }
        }
        if let Some(t) = wait {
            self.queue[at].waited = true;
            return Decision::Wait(t);
        }
        let grant = self.grants;
        self.grants += 1;
        for window in self.windows.iter_mut().filter(|w| w.applies(class)) {
            window.record(now, grant, lane);
        }
        self.paced = self.queue.remove(at).waited;
        Decision::Sent(class, grant)
    }

    fn enqueue(&mut self, class: Class, lane: Lane) -> u64 {
        let id = self.next_waiter;
        self.next_waiter += 1;
        // After every waiter of the same or a more urgent lane.
        let at = self
            .queue
            .iter()
            .position(|w| w.lane > lane)
            .unwrap_or(self.queue.len());
        self.queue.insert(
            at,
            Waiter {
                id,
                class,
                lane,
                waited: false,
            },
        );
        id
    }
}

#[derive(Debug)]
pub struct Pacer {
    state: Mutex<State>,
    /// Woken when the queue or the budget changes, so waiters look again.
    changed: Notify,
}

/// A place in the queue; leaving it (granted, refused or dropped with its task) wakes the others.
struct Ticket<'a> {
    pacer: &'a Pacer,
    id: u64,
}

impl Drop for Ticket<'_> {
    fn drop(&mut self) {
        self.pacer.lock().queue.retain(|w| w.id != self.id);
        self.pacer.changed.notify_waiters();
    }
}

impl Pacer {
    pub fn new(budgets: &[Budget]) -> Pacer {
        Pacer::with_clock(budgets, Clock::system())
    }

    /// Whether any budget paces this provider (documented, configured or reported).
    pub fn budgeted(&self) -> bool {
        let state = self.lock();
        !state.windows.is_empty() || state.daily.is_some()
    }

    /// A pacer whose wall clock reads `unix_ms` at tokio's now (tests, with tokio's paused clock).
    pub fn starting_at(budgets: &[Budget], unix_ms: u64) -> Pacer {
        Pacer::with_clock(
            budgets,
            Clock {
                at: Instant::now(),
                unix_ms,
            },
        )
    }

    fn with_clock(budgets: &[Budget], clock: Clock) -> Pacer {
        Pacer {
            state: Mutex::new(State {
                clock,
                windows: budgets.iter().map(|&b| Window::new(b)).collect(),
                queue: Vec::new(),
                next_waiter: 0,
                grants: 0,
                reported: None,
                daily: None,
                paced: false,
            }),
            changed: Notify::new(),
        }
    }

    /// A poisoned lock only means another task panicked mid-update of a counter: keep going.
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Wait for a slot and take it: the request is to be sent as soon as this returns. Dropping the
    /// future (the task aborted) while waiting takes nothing. An interactive request whose provider's
    /// daily budget is spent gets [`Paused`] at once; a background one waits for the reset.
    pub async fn acquire(&self, class: Class, lane: Lane) -> Result<Permit<'_>, Paused> {
        let ticket = Ticket {
            pacer: self,
            id: self.lock().enqueue(class, lane),
        };
        loop {
            let changed = self.changed.notified();
            tokio::pin!(changed);
            // Registered before looking, so a change made meanwhile is not missed.
            changed.as_mut().enable();
            let (decision, clock) = {
                let mut state = self.lock();
                (state.decide(ticket.id, Instant::now()), state.clock)
            };
            let until = match decision {
                Decision::Sent(class, grant) => {
                    drop(ticket);
                    return Ok(Permit {
                        pacer: self,
                        class,
                        grant,
                    });
                }
                Decision::Paused(until_unix) if lane == Lane::Interactive => {
                    return Err(Paused { until_unix });
                }
                Decision::Paused(until_unix) => Some(clock.instant(until_unix * 1000 + 1000)),
                Decision::Wait(until) => until,
            };
            match until {
                Some(until) => {
                    tokio::select! {
                        () = tokio::time::sleep_until(until) => {}
                        () = &mut changed => {}
                    }
                }
                None => changed.await,
            }
        }
    }

    /// The request of `grant` is over: from now on we know when it reached the provider at the latest.
    fn done(&self, grant: u64) {
        let now = Instant::now();
        for window in self.lock().windows.iter_mut() {
            window.done(grant, now);
        }
        self.changed.notify_waiters();
    }

    /// The provider refused a send we counted as within budget (someone else spends it too): hold
    /// that class back for `retry_after`, or until the window is over.
    pub fn refused(&self, permit: &Permit, retry_after: Option<Duration>) {
        let now = Instant::now();
        let mut state = self.lock();
        let clock = state.clock;
        for window in state.windows.iter_mut().filter(|w| w.applies(permit.class)) {
            window.refused(&clock, now, retry_after);
        }
    }

    /// The quota now: the provider's last report, or our own count of the known budgets.
    pub fn quota(&self) -> Quota {
        let now = Instant::now();
        let mut state = self.lock();
        let clock = state.clock;
        let paused_until = state.daily_spent(now);
        let mut lines = match &state.reported {
            Some((_, lines)) => lines.clone(),
            None => {
                let State { windows, .. } = &mut *state;
                windows
                    .iter_mut()
                    .map(|window| {
                        window.forget(&clock, now);
                        QuotaLine {
                            label: label(&window.budget),
                            limit: window.budget.limit,
                            remaining: window.budget.limit.saturating_sub(window.used(&clock, now)),
                            resets_at: None,
                        }
                    })
                    .collect()
            }
        };
        if let Some(daily) = state.daily {
            let since = state.grants.saturating_sub(daily.grant + 1);
            lines.push(QuotaLine {
                label: "per day".into(),
                limit: daily.limit,
                remaining: u32::try_from(u64::from(daily.remaining).saturating_sub(since))
                    .unwrap_or(0),
                resets_at: Some(daily.reset_unix),
            });
        }
        Quota {
            lines,
            paced: state.paced || !state.queue.is_empty(),
            paused_until,
            as_of: clock.unix_ms(now) / 1000,
        }
    }
}

/// "reads per minute", "per 10 s".
fn label(budget: &Budget) -> String {
    let what = match budget.class {
        Some(Class::Read) => "reads ",
        Some(Class::Write) => "writes ",
        None => "",
    };
    let secs = budget.period.as_secs();
    let per = match secs {
        60 => "minute".to_string(),
        3600 => "hour".to_string(),
        86_400 => "day".to_string(),
        _ => format!("{secs} s"),
    };
    format!("{what}per {per}")
}

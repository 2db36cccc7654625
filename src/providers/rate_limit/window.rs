//! One budget's count of sends, as the provider counts it: a moving window, or fixed windows on the
//! clock.
//!
//! The provider counts a request when it arrives, which we cannot see; we know it arrived after we sent
//! it and before its answer came back. So a send is counted over that whole stretch (still open while
//! the request is in flight), widened by a margin for clock skew and a request still on its way when
//! its task was dropped. However slow the network, no window as the provider counts it can then hold
//! more than the budget.

use std::time::Duration;

use tokio::time::Instant;

use super::{Budget, Class, Clock, Counting, Lane};

/// The margin around a window of `period`: a fiftieth of it, from 100 ms to 1 s.
pub fn margin(period: Duration) -> Duration {
    (period / 50).clamp(Duration::from_millis(100), Duration::from_secs(1))
}

/// One send: when it left, when its answer came (or the request was given up), and which grant it was.
#[derive(Debug, Clone, Copy)]
struct Send {
    sent: Instant,
    done: Option<Instant>,
    grant: u64,
}

#[derive(Debug)]
pub(super) struct Window {
    pub budget: Budget,
    margin: Duration,
    /// Sends that may still count, in the order granted. Others' sends the provider reported are
    /// counted here too, as made at the moment we learned of them.
    sends: Vec<Send>,
    /// The provider refused with 429: send nothing before this.
    pub blocked_until: Option<Instant>,
    last_background: Option<Instant>,
}

impl Window {
    pub fn new(budget: Budget) -> Window {
        Window {
            budget,
            margin: margin(budget.period),
            sends: Vec::new(),
            blocked_until: None,
            last_background: None,
        }
    }

    pub fn applies(&self, class: Class) -> bool {
        self.budget.class.is_none_or(|c| c == class)
    }

    fn limit(&self) -> usize {
        self.budget.limit.max(1) as usize
    }

    /// A moving window counts a send until a period (and the margin) after its answer.
    fn span(&self) -> Duration {
        self.budget.period + self.margin
    }

    fn expires(&self, send: &Send) -> Option<Instant> {
        send.done.map(|done| done + self.span())
    }

    fn period_ms(&self) -> u64 {
        (self.budget.period.as_millis() as u64).max(1)
    }

    fn margin_ms(&self) -> u64 {
        self.margin.as_millis() as u64
    }

    /// The fixed windows a send may be counted in: from its leaving less the margin to its answer plus
    /// the margin (every window from then on while in flight).
    fn reach(&self, clock: &Clock, send: &Send) -> (u64, u64) {
        let first = clock.unix_ms(send.sent).saturating_sub(self.margin_ms()) / self.period_ms();
        let last = send.done.map_or(u64::MAX, |done| {
            (clock.unix_ms(done) + self.margin_ms()) / self.period_ms()
        });
        (first, last)
    }

    /// The windows a send leaving at `t` may be counted in, if answered at once.
    fn reach_now(&self, clock: &Clock, t: Instant) -> (u64, u64) {
        self.reach(
            clock,
            &Send {
                sent: t,
                done: Some(t),
                grant: 0,
            },
        )
    }

    /// The moment a send leaving then is counted in no fixed window up to `index`.
    fn after_window(&self, clock: &Clock, index: u64) -> Instant {
        clock.instant((index + 1) * self.period_ms() + self.margin_ms())
    }

    /// Forget sends that no longer count against anything still to be sent.
    pub fn forget(&mut self, clock: &Clock, now: Instant) {
        let first = self.reach_now(clock, now).0;
        let counting = self.budget.counting;
        let span = self.span();
        let period_ms = self.period_ms();
        let margin_ms = self.margin_ms();
        self.sends.retain(|send| match (counting, send.done) {
            (_, None) => true,
            (Counting::Sliding, Some(done)) => now < done + span,
            (Counting::Fixed, Some(done)) => (clock.unix_ms(done) + margin_ms) / period_ms >= first,
        });
        if self.blocked_until.is_some_and(|t| t <= now) {
            self.blocked_until = None;
        }
    }

    /// Sends counted in fixed window `index`.
    fn count_in(&self, clock: &Clock, index: u64) -> usize {
        self.sends
            .iter()
            .filter(|send| {
                let (first, last) = self.reach(clock, send);
                first <= index && index <= last
            })
            .count()
    }

    /// `Ok` when one more send at `now` keeps every window within budget; else `Err` with the earliest
    /// moment worth looking again (`None`: when an answer comes). Call [`Window::forget`] first.
    pub fn room(&self, clock: &Clock, now: Instant, lane: Lane) -> Result<(), Option<Instant>> {
        let mut wait: Option<Option<Instant>> = self.blocked_until.filter(|t| *t > now).map(Some);
        let mut later = |t: Option<Instant>| {
            wait = Some(match (wait, t) {
                (None, t) => t,
                (Some(None), _) | (_, None) => None,
                (Some(Some(a)), Some(b)) => Some(a.max(b)),
            })
        };
        match self.budget.counting {
            Counting::Sliding => {
                if self.sends.len() >= self.limit() {
                    // Enough sends must expire that one more fits; one in flight never expires.
                    let mut expiries: Vec<Option<Instant>> =
                        self.sends.iter().map(|s| self.expires(s)).collect();
                    expiries.sort_by_key(|e| e.map_or((1, now), |t| (0, t)));
                    later(expiries[self.sends.len() - self.limit()]);
                }
                if lane == Lane::Background {
                    // Background sends are spread over the window, so what is left of it is always
                    // there for the person at the screen.
                    if let Some(last) = self.last_background {
                        let spacing = self.span() / self.limit() as u32;
                        if now < last + spacing {
                            later(Some(last + spacing));
                        }
                    }
                }
            }
            Counting::Fixed => {
                let (lo, hi) = self.reach_now(clock, now);
                for index in lo..=hi {
                    if self.count_in(clock, index) >= self.limit() {
                        later(Some(self.after_window(clock, index)));
                    }
                }
                if lane == Lane::Background {
                    // Never near a boundary, where a send counts in both windows; and never ahead of
                    // an even spread over the rest of the window, counting everyone's sends, so the
                    // window fills only at its end and the person at the screen finds room in it.
                    if lo != hi {
                        later(Some(self.after_window(clock, lo)));
                    } else {
                        let start = lo * self.period_ms() + self.margin_ms();
                        let usable = self.period_ms().saturating_sub(2 * self.margin_ms());
                        let used = self.count_in(clock, lo) as u64;
                        // The spread allows the (used + 1)-th send from here on.
                        let due = start + used * usable / self.limit() as u64;
                        if clock.unix_ms(now) < due {
                            later(Some(clock.instant(due)));
                        }
                    }
                }
            }
        }
        match wait {
            None => Ok(()),
            Some(Some(t)) if t <= now => Err(Some(now + Duration::from_millis(1))),
            Some(t) => Err(t),
        }
    }

    pub fn record(&mut self, now: Instant, grant: u64, lane: Lane) {
        self.sends.push(Send {
            sent: now,
            done: None,
            grant,
        });
        if lane == Lane::Background {
            self.last_background = Some(now);
        }
    }

    /// The answer to `grant` came (or the request was given up): it arrived by now.
    pub fn done(&mut self, grant: u64, now: Instant) {
        for send in self.sends.iter_mut().filter(|s| s.grant == grant) {
            send.done.get_or_insert(now);
        }
    }

    /// The provider counts `used` in its moving window as of grant `grant`: where that is more than we
    /// sent, others spend the same budget; count their sends as made now.
    pub fn reported_used(&mut self, used: u32, grant: u64, now: Instant) {
        let ours = self.sends.iter().filter(|s| s.grant <= grant).count();
        for _ in ours..used as usize {
            self.sends.push(Send {
                sent: now,
                done: Some(now),
                grant,
            });
        }
    }

    /// Refused with 429 although we counted room: wait until the window we are in is over.
    pub fn refused(&mut self, clock: &Clock, now: Instant, retry_after: Option<Duration>) {
        let until = match (retry_after, self.budget.counting) {
            (Some(wait), _) => now + wait,
            (None, Counting::Fixed) => self.after_window(clock, self.reach_now(clock, now).1),
            (None, Counting::Sliding) => now + self.span() / self.limit() as u32,
        };
        self.blocked_until = Some(self.blocked_until.map_or(until, |t| t.max(until)));
    }

    /// How many sends the window holds now (for the status view).
    pub fn used(&self, clock: &Clock, now: Instant) -> u32 {
        let used = match self.budget.counting {
            Counting::Sliding => self.sends.len(),
            Counting::Fixed => self.count_in(clock, clock.unix_ms(now) / self.period_ms()),
        };
        used as u32
    }
}

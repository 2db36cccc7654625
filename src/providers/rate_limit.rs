//! Pacing requests so a provider's budget is used without meeting its 429, and the quota as the
//! provider last reported it (for the status view).
//!
//! Every provider with a known budget gets a sliding log of our own sends per window. A sliding log
//! never exceeds a fixed window's limit either, so one mechanism serves DK Hardware's fixed windows and
//! CycleSoftware's moving minute; CycleSoftware's limits are learned from its `X-RateLimit-*` headers.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use reqwest::header::HeaderMap;

/// Which budget a request spends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Read,
    Write,
}

/// A provider's documented budget for one class of requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// `None`: the budget covers every request.
    pub class: Option<Class>,
    pub limit: u32,
    pub period: Duration,
}

#[derive(Debug)]
struct Window {
    budget: Budget,
    sent: VecDeque<Instant>,
    /// The server said the budget is spent: send nothing before this.
    blocked_until: Option<Instant>,
}

impl Window {
    fn applies(&self, class: Class) -> bool {
        self.budget.class.is_none_or(|c| c == class)
    }

    fn forget_before(&mut self, now: Instant) {
        while self
            .sent
            .front()
            .is_some_and(|t| now.duration_since(*t) >= self.budget.period)
        {
            self.sent.pop_front();
        }
    }

    /// How long until one more request fits.
    fn wait(&self, now: Instant) -> Duration {
        let blocked = self
            .blocked_until
            .map_or(Duration::ZERO, |t| t.saturating_duration_since(now));
        let full = if self.sent.len() as u32 >= self.budget.limit.max(1) {
            let oldest = self.sent[self.sent.len() - self.budget.limit.max(1) as usize];
            (oldest + self.budget.period).saturating_duration_since(now)
        } else {
            Duration::ZERO
        };
        blocked.max(full)
    }
}

/// One budget line for the status view: "reads per minute: 180 of 200 left".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuotaLine {
    pub label: &'static str,
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
}

#[derive(Debug)]
pub struct Pacer {
    windows: Vec<Window>,
    /// The provider reports its quota in headers; prefer its figures to our count.
    reported: Option<Quota>,
    paced: bool,
}

impl Pacer {
    pub fn new(budgets: &[Budget]) -> Pacer {
        Pacer {
            windows: budgets
                .iter()
                .map(|&budget| Window {
                    budget,
                    sent: VecDeque::new(),
                    blocked_until: None,
                })
                .collect(),
            reported: None,
            paced: false,
        }
    }

    /// Book a send of `class` at the earliest moment within budget; returns how long to wait first.
    pub fn reserve(&mut self, class: Class, now: Instant) -> Duration {
        let mut wait = Duration::ZERO;
        for window in self.windows.iter_mut().filter(|w| w.applies(class)) {
            window.forget_before(now);
            wait = wait.max(window.wait(now));
        }
        let at = now + wait;
        for window in self.windows.iter_mut().filter(|w| w.applies(class)) {
            window.sent.push_back(at);
        }
        self.paced = !wait.is_zero();
        wait
    }

    /// Learn from CycleSoftware-style `X-RateLimit-*` headers.
    pub fn observe(&mut self, headers: &HeaderMap, now: Instant) {
        let number = |name: &str| headers.get(name)?.to_str().ok()?.trim().parse::<u64>().ok();
        let (Some(limit), Some(remaining)) = (
            number("x-ratelimit-minutely-limit"),
            number("x-ratelimit-minutely-remaining"),
        ) else {
            return;
        };
        let (limit, remaining) = (limit as u32, remaining as u32);
        let mut lines = vec![QuotaLine {
            label: "per minute (moving)",
            limit,
            remaining,
            resets_at: None,
        }];
        if let (Some(limit), Some(remaining)) = (
            number("x-ratelimit-daily-limit"),
            number("x-ratelimit-daily-remaining"),
        ) {
            lines.push(QuotaLine {
                label: "per day",
                limit: limit as u32,
                remaining: remaining as u32,
                resets_at: number("x-ratelimit-daily-reset"),
            });
        }
        self.reported = Some(Quota {
            lines,
            paced: false,
        });
        for window in self.windows.iter_mut().filter(|w| w.budget.class.is_none()) {
            window.budget.limit = limit;
            // Others may share the budget: when the server says it is spent, wait for our oldest
            // send to leave the window (or a whole window if we sent nothing).
            window.blocked_until = (remaining == 0).then(|| {
                window
                    .sent
                    .front()
                    .map_or(now + window.budget.period, |t| *t + window.budget.period)
            });
        }
    }

    /// The quota now: the provider's last report, or our own count of the known budgets.
    pub fn quota(&mut self, now: Instant) -> Quota {
        let lines = match &self.reported {
            Some(reported) => reported.lines.clone(),
            None => self
                .windows
                .iter_mut()
                .map(|window| {
                    window.forget_before(now);
                    QuotaLine {
                        label: match window.budget.class {
                            Some(Class::Read) => "reads per minute",
                            Some(Class::Write) => "writes per minute",
                            None => "per minute",
                        },
                        limit: window.budget.limit,
                        remaining: window.budget.limit.saturating_sub(window.sent.len() as u32),
                        resets_at: None,
                    }
                })
                .collect(),
        };
        Quota {
            lines,
            paced: self.paced,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    const MINUTE: Duration = Duration::from_secs(60);

    #[test]
    fn sends_freely_within_budget_then_waits_for_the_window() {
        let mut pacer = Pacer::new(&[Budget {
            class: Some(Class::Write),
            limit: 3,
            period: MINUTE,
        }]);
        let t0 = Instant::now();
        for _ in 0..3 {
            assert_eq!(pacer.reserve(Class::Write, t0), Duration::ZERO);
        }
        assert_eq!(
            pacer.reserve(Class::Write, t0 + Duration::from_secs(10)),
            Duration::from_secs(50)
        );
        let quota = pacer.quota(t0 + Duration::from_secs(10));
        assert!(quota.paced);
        assert_eq!(quota.lines[0].label, "writes per minute");
        assert_eq!(quota.lines[0].remaining, 0);
        // Reads have no budget here.
        assert_eq!(pacer.reserve(Class::Read, t0), Duration::ZERO);
    }

    #[test]
    fn the_window_slides() {
        let mut pacer = Pacer::new(&[Budget {
            class: None,
            limit: 2,
            period: MINUTE,
        }]);
        let t0 = Instant::now();
        pacer.reserve(Class::Read, t0);
        pacer.reserve(Class::Read, t0 + Duration::from_secs(30));
        assert_eq!(
            pacer.reserve(Class::Read, t0 + Duration::from_secs(61)),
            Duration::ZERO
        );
    }

    #[test]
    fn headers_set_the_limit_and_an_empty_budget_blocks() {
        let mut pacer = Pacer::new(&[Budget {
            class: None,
            limit: 360,
            period: MINUTE,
        }]);
        let t0 = Instant::now();
        assert_eq!(pacer.reserve(Class::Read, t0), Duration::ZERO);
        let mut headers = HeaderMap::new();
        headers.insert("x-ratelimit-minutely-limit", HeaderValue::from_static("60"));
        headers.insert(
            "x-ratelimit-minutely-remaining",
            HeaderValue::from_static("0"),
        );
        headers.insert("x-ratelimit-daily-limit", HeaderValue::from_static("15000"));
        headers.insert(
            "x-ratelimit-daily-remaining",
            HeaderValue::from_static("14000"),
        );
        headers.insert(
            "x-ratelimit-daily-reset",
            HeaderValue::from_static("1678230000"),
        );
        pacer.observe(&headers, t0);
        let quota = pacer.quota(t0);
        assert_eq!((quota.lines[0].limit, quota.lines[0].remaining), (60, 0));
        assert_eq!(
            (quota.lines[1].remaining, quota.lines[1].resets_at),
            (14000, Some(1678230000))
        );
        assert_eq!(
            pacer.reserve(Class::Read, t0 + Duration::from_secs(1)),
            Duration::from_secs(59)
        );
    }
}

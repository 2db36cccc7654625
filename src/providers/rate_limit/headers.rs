//! The budget headers a provider sends back (CycleSoftware's `X-RateLimit-*`): the provider's word beats
//! our count.

use reqwest::header::HeaderMap;
use tokio::time::Instant;

use super::{Daily, Pacer, Permit, QuotaLine};

impl Pacer {
    /// Learn from the answer to `permit`'s request:
    /// - `X-RateLimit-Minutely-Limit` sets the moving window's limit; `-Remaining` below what we sent
    ///   means others spend the same budget, and their sends are counted too;
    /// - `X-RateLimit-Daily-Limit`, `-Remaining` and `-Reset`: when nothing is left, the provider is
    ///   paused until the reset.
    ///
    /// An answer older than one already learned from changes nothing.
    pub fn observe(&self, permit: &Permit, headers: &HeaderMap) {
        let number = |name: &str| headers.get(name)?.to_str().ok()?.trim().parse::<u64>().ok();
        let small = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
        let now = Instant::now();
        // The answer is here: the request reached the provider by now.
        self.done(permit.grant);
        let mut state = self.lock();
        if let (Some(limit), Some(remaining)) = (
            number("x-ratelimit-minutely-limit"),
            number("x-ratelimit-minutely-remaining"),
        ) && state
            .reported
            .as_ref()
            .is_none_or(|(grant, _)| *grant <= permit.grant)
        {
            let (limit, remaining) = (small(limit), small(remaining));
            state.reported = Some((
                permit.grant,
                vec![QuotaLine {
                    label: "per minute (moving)".into(),
                    limit,
                    remaining,
                    resets_at: None,
                }],
            ));
            let clock = state.clock;
            for window in state
                .windows
                .iter_mut()
                .filter(|w| w.budget.class.is_none())
            {
                window.budget.limit = limit.max(1);
                window.forget(&clock, now);
                window.reported_used(limit.saturating_sub(remaining), permit.grant, now);
            }
        }
        if let (Some(limit), Some(remaining), Some(reset_unix)) = (
            number("x-ratelimit-daily-limit"),
            number("x-ratelimit-daily-remaining"),
            number("x-ratelimit-daily-reset"),
        ) && state.daily.is_none_or(|d| d.grant <= permit.grant)
        {
            state.daily = Some(Daily {
                limit: small(limit),
                remaining: small(remaining),
                grant: permit.grant,
                reset_unix,
            });
        }
        drop(state);
        self.changed.notify_waiters();
    }
}

//! An account's own request budget: `rate_limit = { requests = N, per_secs = S }` in a provider's table,
//! and the sandbox's `--rate-limit dkhardware=20/10s`.

use std::time::Duration;

use serde::Deserialize;

use crate::domain::ProviderId;

/// At most `requests` in any `per` (counted the way the provider counts its windows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    pub requests: u32,
    pub per: Duration,
}

/// The config file's form, validated by [`RateLimit::new`].
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateLimitConfig {
    pub requests: i64,
    pub per_secs: i64,
}

impl RateLimit {
    /// `requests` per `per_secs` seconds, both at least 1.
    pub fn new(requests: i64, per_secs: i64) -> Result<RateLimit, String> {
        if requests < 1 || requests > i64::from(u32::MAX) {
            return Err(format!(
                "requests = {requests}: must be a whole number from 1 to {}",
                u32::MAX
            ));
        }
        // A day is the longest window any provider documents; longer is a typo.
        if !(1..=86_400).contains(&per_secs) {
            return Err(format!(
                "per_secs = {per_secs}: must be a whole number of seconds from 1 to 86400"
            ));
        }
        Ok(RateLimit {
            requests: requests as u32,
            per: Duration::from_secs(per_secs as u64),
        })
    }

    /// `20/10s`, `20/10` or `200/1m`.
    pub fn parse(text: &str) -> Result<RateLimit, String> {
        let bad = || format!("{text:?} is not N/Ss (for example 20/10s)");
        let (requests, per) = text.trim().split_once('/').ok_or_else(bad)?;
        let requests: i64 = requests.trim().parse().map_err(|_| bad())?;
        let per = per.trim();
        let (number, unit) = match per.strip_suffix('m') {
            Some(minutes) => (minutes, 60),
            None => (per.strip_suffix('s').unwrap_or(per), 1),
        };
        let number: i64 = number.trim().parse().map_err(|_| bad())?;
        RateLimit::new(requests, number.saturating_mul(unit))
    }

    /// `--rate-limit dkhardware=20/10s`.
    pub fn parse_flag(text: &str) -> Result<(ProviderId, RateLimit), String> {
        let (key, limit) = text.split_once('=').ok_or_else(|| {
            format!("{text:?} is not PROVIDER=N/Ss (for example dkhardware=20/10s)")
        })?;
        let provider = ProviderId::from_key(key.trim()).ok_or_else(|| {
            let known: Vec<_> = ProviderId::ALL.iter().map(|p| p.key()).collect();
            format!("unknown provider {key:?} (known: {})", known.join(", "))
        })?;
        Ok((provider, RateLimit::parse(limit)?))
    }
}

impl std::fmt::Display for RateLimit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} per {} s", self.requests, self.per.as_secs())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_parse_and_nonsense_is_refused_in_one_line() {
        assert_eq!(
            RateLimit::parse_flag("dkhardware=20/10s"),
            Ok((
                ProviderId::DkHardware,
                RateLimit {
                    requests: 20,
                    per: Duration::from_secs(10)
                }
            ))
        );
        assert_eq!(
            RateLimit::parse("200/1m").map(|l| l.per),
            Ok(Duration::from_secs(60))
        );
        assert_eq!(RateLimit::parse("5/2").map(|l| l.requests), Ok(5));
        for bad in ["0/10s", "5/0s", "x/1s", "5", "5/s", "-1/2s"] {
            let error = RateLimit::parse(bad).unwrap_err();
            assert!(!error.contains('\n'), "{error}");
        }
        assert!(
            RateLimit::parse_flag("nobody=1/1s")
                .unwrap_err()
                .contains("known: ngorder")
        );
        assert!(RateLimit::parse_flag("20/10s").is_err());
    }
}

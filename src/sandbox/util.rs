//! Small helpers every fake uses: dates without a date library, auth headers, JSON bodies, seeded RNGs.

use std::time::{SystemTime, UNIX_EPOCH};

use axum::http::{HeaderMap, header};
use base64::Engine;
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use serde_json::Value;

/// Seconds since the unix epoch.
pub(crate) fn now_unix() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Days since 1970-01-01 for a civil date (proleptic Gregorian).
pub(crate) fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Civil date for days since 1970-01-01.
pub(crate) fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// `yyyy-mm-dd{sep}hh:mm:ss` in UTC.
pub(crate) fn fmt_datetime(ts: i64, sep: char) -> String {
    let (y, m, d) = civil_from_days(ts.div_euclid(86_400));
    let s = ts.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}{sep}{:02}:{:02}:{:02}",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

/// `yyyy-mm-dd` in UTC.
pub(crate) fn fmt_date(ts: i64) -> String {
    let (y, m, d) = civil_from_days(ts.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

fn num(s: &str, len: usize) -> Option<u32> {
    (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// Parses `yyyy-mm-dd` into the unix time of its midnight UTC.
pub(crate) fn parse_date(s: &str) -> Option<i64> {
    let mut parts = s.split('-');
    let y = num(parts.next()?, 4)?;
    let m = num(parts.next()?, 2)?;
    let d = num(parts.next()?, 2)?;
    if parts.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some(days_from_civil(y as i64, m, d) * 86_400)
}

/// Parses `yyyy-mm-dd hh:mm:ss` (with `sep` between date and time). With `lenient`, also accepts a
/// `T` or space separator, fractional seconds, a trailing `Z`, and a bare date.
pub(crate) fn parse_datetime(s: &str, lenient: bool) -> Option<i64> {
    let s = if lenient { s.trim_end_matches('Z') } else { s };
    if lenient && s.len() == 10 {
        return parse_date(s);
    }
    if s.len() < 19 {
        return None;
    }
    let (date, rest) = s.split_at(10);
    let sep = rest.as_bytes()[0];
    if !(sep == b' ' || lenient && sep == b'T') {
        return None;
    }
    let time = &rest[1..];
    let (time, frac) = time.split_at(8.min(time.len()));
    if !(frac.is_empty() || lenient && frac.starts_with('.')) {
        return None;
    }
    let mut t = time.split(':');
    let h = num(t.next()?, 2)?;
    let mi = num(t.next()?, 2)?;
    let se = num(t.next()?, 2)?;
    if h > 23 || mi > 59 || se > 60 {
        return None;
    }
    Some(parse_date(date)? + (h * 3600 + mi * 60 + se) as i64)
}

/// The bearer token of a request, if any.
pub(crate) fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// The HTTP Basic user and password of a request, if any.
pub(crate) fn basic(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (user, password) = text.split_once(':')?;
    Some((user.to_string(), password.to_string()))
}

/// Parses a JSON object body; `None` when the body is not a JSON object.
pub(crate) fn json_object(body: &[u8]) -> Option<serde_json::Map<String, Value>> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Some(serde_json::Map::new());
    }
    match serde_json::from_slice(body).ok()? {
        Value::Object(map) => Some(map),
        _ => None,
    }
}

/// A string field, also accepting numbers (APIs documented as "numeric" get both).
pub(crate) fn field_str(map: &serde_json::Map<String, Value>, key: &str) -> Option<String> {
    match map.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A loose email shape check: one `@`, something before it, a dot in the domain, no spaces.
pub(crate) fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(char::is_whitespace)
}

/// A generator for record `idx` of a data set: independent of every other record.
pub(crate) fn record_rng(seed: u64, salt: u64, idx: u64) -> SmallRng {
    SmallRng::seed_from_u64(mix(seed ^ mix(salt) ^ mix(idx.wrapping_add(0x9E37_79B9))))
}

/// SplitMix64 finaliser: a cheap, good 64-bit hash.
pub(crate) fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

pub(crate) fn pick<'a, T>(rng: &mut SmallRng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

/// A uuid-shaped (version 4 layout) id from 128 random bits.
pub(crate) fn uuid_from(hi: u64, lo: u64) -> String {
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        hi >> 32,
        (hi >> 16) & 0xffff,
        hi & 0x0fff,
        0x8000 | (lo >> 48) & 0x3fff,
        lo & 0xffff_ffff_ffff
    )
}

/// A fresh uuid-like id from a process-wide counter and the clock.
pub(crate) fn fresh_uuid() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(1);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let t = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    uuid_from(mix(t ^ n), mix(n.wrapping_mul(31) ^ t.rotate_left(17)))
}

/// Case-insensitive substring test.
pub(crate) fn contains_ci(haystack: &str, needle_lower: &str) -> bool {
    needle_lower.is_empty() || haystack.to_lowercase().contains(needle_lower)
}

/// `k=v&k=v` with percent-encoding of everything but unreserved characters.
pub(crate) fn encode_query(pairs: &[(String, String)]) -> String {
    fn enc(s: &str) -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect()
    }
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The Host header, for absolute links in paging metadata.
pub(crate) fn host(headers: &HeaderMap) -> String {
    headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        for ts in [0, 951_782_400, 1_614_690_333, 1_709_251_199, 4_102_444_800] {
            let text = fmt_datetime(ts, ' ');
            assert_eq!(parse_datetime(&text, false), Some(ts), "{text}");
            let iso = fmt_datetime(ts, 'T');
            assert_eq!(parse_datetime(&format!("{iso}Z"), true), Some(ts));
        }
        assert_eq!(fmt_datetime(1_614_690_333, ' '), "2021-03-02 13:05:33");
        assert_eq!(parse_date("2021-3-02"), None);
        assert_eq!(parse_datetime("2021-03-02T13:05:33", false), None);
    }

    #[test]
    fn emails() {
        assert!(is_email("some.email@some.site"));
        assert!(!is_email("not-an-email"));
        assert!(!is_email("a@b"));
        assert!(!is_email("a b@c.d"));
    }
}

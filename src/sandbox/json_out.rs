//! Writing JSON straight into a byte buffer, for the list pages that are large (DK Hardware's 1,000
//! customers, about 1 MB): no `Value` tree, no `String` per field, no formatter. The bytes are exactly
//! what `serde_json` writes (compact), which the writers' tests check.

use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::sandbox::util::civil_from_days;

/// A 200 answer with a JSON body already written.
pub(crate) fn response(body: Vec<u8>) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// A JSON string: copied as is unless it holds a character JSON escapes, then written by serde_json.
#[cfg(test)]
pub(crate) fn string(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    string_contents(out, s);
    out.push(b'"');
}

/// A JSON string's contents, without its quotes (the writers fuse those with the keys around them).
#[inline]
pub(crate) fn string_contents(out: &mut Vec<u8>, s: &str) {
    // Every byte looked at without an early exit, so the check runs on whole vectors of bytes.
    let escapes = s.bytes().fold(false, |seen, b| {
        seen | (b < 0x20) | (b == b'"') | (b == b'\\')
    });
    if escapes {
        // Text a user typed, rarely: serde_json's escaping, its quotes left off. Writing to a Vec
        // cannot fail, and a `str` always serialises.
        let quoted = serde_json::to_vec(s).unwrap_or_default();
        out.extend_from_slice(
            quoted
                .get(1..quoted.len().saturating_sub(1))
                .unwrap_or_default(),
        );
        return;
    }
    out.extend_from_slice(s.as_bytes());
}

/// An unsigned integer's decimal digits.
pub(crate) fn digits(out: &mut Vec<u8>, n: u64) {
    out.extend_from_slice(Digits::of(n).as_bytes());
}

/// An unsigned integer's decimal digits on the stack: a number written into a record's text or the
/// page costs no allocation and no formatter.
pub(crate) struct Digits {
    buf: [u8; 20],
    at: usize,
}

impl Digits {
    pub(crate) fn of(mut n: u64) -> Digits {
        let mut buf = [0u8; 20];
        let mut at = buf.len();
        loop {
            at -= 1;
            buf[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        Digits { buf, at }
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.buf[self.at..]
    }

    pub(crate) fn as_str(&self) -> &str {
        // Only ASCII digits are ever written.
        std::str::from_utf8(self.as_bytes()).unwrap_or_default()
    }

    /// Appends the digits to `s`, padded with zeros on the left to `width`.
    pub(crate) fn push_padded(&self, s: &mut String, width: usize) {
        for _ in self.as_bytes().len()..width {
            s.push('0');
        }
        s.push_str(self.as_str());
    }
}

/// `yyyy-mm-dd{sep}hh:mm:ss` in UTC, unquoted: the bytes of [`crate::sandbox::util::fmt_datetime`]
/// for years 0 to 9999, 19 bytes.
pub(crate) fn datetime(ts: i64, sep: u8) -> [u8; 19] {
    let (y, m, d) = civil_from_days(ts.div_euclid(86_400));
    let s = ts.rem_euclid(86_400);
    let y = y.clamp(0, 9999) as u32;
    let two = |n: u32| [b'0' + (n / 10 % 10) as u8, b'0' + (n % 10) as u8];
    let (yh, yl, mo, da) = (two(y / 100), two(y % 100), two(m), two(d));
    let (h, mi, se) = (
        two(s as u32 / 3600),
        two(s as u32 / 60 % 60),
        two(s as u32 % 60),
    );
    [
        yh[0], yh[1], yl[0], yl[1], b'-', mo[0], mo[1], b'-', da[0], da[1], sep, h[0], h[1], b':',
        mi[0], mi[1], b':', se[0], se[1],
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::util::fmt_datetime;

    #[test]
    fn writes_what_serde_json_writes() {
        for s in [
            "plain",
            "",
            "Иван «Ромашка»",
            "a\"b\\c",
            "tab\there\nnew\u{1}",
        ] {
            let mut out = Vec::new();
            string(&mut out, s);
            assert_eq!(out, serde_json::to_vec(s).unwrap(), "{s:?}");
        }
        for n in [0, 7, 10, 21_001, u64::MAX] {
            let mut out = Vec::new();
            digits(&mut out, n);
            assert_eq!(out, n.to_string().into_bytes());
            let mut padded = String::new();
            Digits::of(n).push_padded(&mut padded, 4);
            assert_eq!(padded, format!("{n:04}"));
        }
        for ts in [0, 951_782_400, 1_614_690_333, 1_735_603_199, 4_102_444_800] {
            assert_eq!(
                &datetime(ts, b'T')[..],
                fmt_datetime(ts, 'T').as_bytes(),
                "{ts}"
            );
        }
    }
}

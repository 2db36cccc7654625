//! `clientele journal [--json] [--since DATE]`: the journal of writes on standard output, newest first,
//! for an admin reading the audit trail and for scripts (JSON Lines).
//!
//! It reads the store the app writes (`clientele.db` in the data directory) and never creates it: a
//! journal that does not exist yet is said so, and nothing is left behind. The journal holds no secret
//! (the worker records field values a user typed and sees, never tokens), so everything in it is printed.

use std::io::{self, Write};
use std::path::Path;

use serde_json::{Map, Value as Json, json};

use super::UsageError;
use crate::providers::decode::{civil_from_days, format_unix};
use crate::store::{Backend, Entry, FILE_NAME, JournalQuery, Outcome, SqliteBackend, StoreError};

#[derive(Debug, Clone, Default, clap::Args)]
pub struct JournalArgs {
    /// One JSON object per line (JSON Lines) instead of text.
    #[arg(long)]
    pub json: bool,
    /// Only writes started at or after DATE: 2026-11-30, 2026-11-30T14:00[:00] (UTC), or 2h, 3d ago
    /// (units m, h, d, w).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error(transparent)]
    Usage(#[from] UsageError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot write the journal out: {0}")]
    Output(#[from] io::Error),
}

/// Print the journal of `data_dir` to `out`; notices (no journal yet, nothing since) go to `out` in text
/// mode and to `notices` with `--json`, so a script's standard output stays pure JSON Lines.
pub fn run(
    data_dir: &Path,
    args: &JournalArgs,
    now_ms: i64,
    out: &mut dyn Write,
    notices: &mut dyn Write,
) -> Result<(), JournalError> {
    // The argument is checked before anything is opened: a typo is told the same with or without a
    // journal.
    let since_ms = args
        .since
        .as_deref()
        .map(|text| parse_since(text, now_ms))
        .transpose()?;
    let result = print(data_dir, args, since_ms, out, notices);
    match result {
        // `clientele journal | head` closes the pipe early: that is not a failure.
        Err(JournalError::Output(error)) if error.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

fn print<'w>(
    data_dir: &Path,
    args: &JournalArgs,
    since_ms: Option<i64>,
    out: &'w mut dyn Write,
    notices: &'w mut dyn Write,
) -> Result<(), JournalError> {
    let path = data_dir.join(FILE_NAME);
    let notice = if args.json { notices } else { &mut *out };
    if !path.exists() {
        writeln!(notice, "no journal yet at {}", path.display())?;
        return Ok(());
    }
    let backend = SqliteBackend::open(&path)?;
    let entries = backend.journal(&JournalQuery {
        since_ms,
        limit: None,
    })?;
    if entries.is_empty() {
        match since_ms {
            Some(since) => writeln!(
                notice,
                "no writes since {} UTC in {}",
                format_unix(since.div_euclid(1000)),
                path.display()
            )?,
            None => writeln!(notice, "no writes yet in {}", path.display())?,
        }
        return Ok(());
    }
    for entry in &entries {
        if args.json {
            writeln!(out, "{}", json_line(entry))?;
        } else {
            write!(out, "{}", text_lines(entry))?;
        }
    }
    Ok(())
}

/// How an entry's outcome is said on a line of text.
fn outcome_label(outcome: Option<Outcome>) -> &'static str {
    outcome.map_or("in flight", Outcome::label)
}

/// One write as text: a line of when, where, who, what and how it ended, then one indented line per
/// field it changes. Provider text is shown with its control characters made visible, so a message can
/// neither move the cursor nor forge a line.
pub fn text_lines(entry: &Entry) -> String {
    let customer = match &entry.customer {
        // The name first, as the journal view says it: a person knows the name.
        Some(id) => format!("{} #{}", printable(&entry.title), printable(id)),
        None => format!("(new) {}", printable(&entry.title)),
    };
    let mut text = format!(
        "{} UTC  {}  {}  {}  {}",
        format_unix(entry.started_ms.div_euclid(1000)),
        printable(&entry.provider),
        customer,
        printable(&entry.operation),
        outcome_label(entry.outcome),
    );
    if let Some(message) = entry.message.as_deref().filter(|m| !m.is_empty()) {
        text.push_str(": ");
        text.push_str(&printable(message));
    }
    text.push('\n');
    for (key, before, after) in entry.diff() {
        let side = |value: String| {
            if value.is_empty() {
                "—".to_string()
            } else {
                printable(&value)
            }
        };
        text.push_str(&format!(
            "    {}: {} → {}\n",
            printable(&key),
            side(before),
            side(after)
        ));
    }
    text
}

/// One write as a JSON object (one line of JSON Lines). `outcome` is `done`, `refused`, `unknown`,
/// `accepted`, or `in_flight` while the call has not ended.
pub fn json_line(entry: &Entry) -> Json {
    let values = |map: &Map<String, Json>| Json::Object(map.clone());
    json!({
        "id": entry.id,
        "started": rfc3339(entry.started_ms),
        "ended": entry.ended_ms.map(rfc3339),
        "provider": entry.provider,
        "customer": entry.customer,
        "title": entry.title,
        "operation": entry.operation,
        "outcome": entry.outcome.map_or("in_flight", Outcome::as_str),
        "message": entry.message,
        "before": values(&entry.before),
        "after": values(&entry.after),
    })
}

/// Unix milliseconds as RFC 3339 in UTC: `2026-11-30T16:42:59.120Z`.
pub fn rfc3339(ms: i64) -> String {
    format!(
        "{}.{:03}Z",
        format_unix(ms.div_euclid(1000)).replace(' ', "T"),
        ms.rem_euclid(1000)
    )
}

/// `--since`: a date (`2026-11-30`), a date and time in UTC (`2026-11-30T14:00`, `…T14:00:30`, a space
/// for the `T` and a final `Z` allowed), or a time ago (`90m`, `2h`, `3d`, `1w`); Unix milliseconds.
pub fn parse_since(text: &str, now_ms: i64) -> Result<i64, UsageError> {
    let text = text.trim();
    let wrong = || {
        UsageError(format!(
            "--since {text:?}: expected a date like 2026-11-30, a UTC time like 2026-11-30T14:00, \
             or a time ago like 2h or 3d"
        ))
    };
    let unit_ms = |unit: char| match unit {
        'm' => 60_000,
        'h' => 3_600_000,
        'd' => 86_400_000,
        _ => 7 * 86_400_000,
    };
    if let Some(count) = text.strip_suffix(['m', 'h', 'd', 'w']) {
        let unit = text.chars().last().unwrap_or('d');
        let ago = Some(count)
            .filter(|c| !c.is_empty() && c.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|c| c.parse::<i64>().ok())
            .and_then(|c| c.checked_mul(unit_ms(unit)))
            .ok_or_else(wrong)?;
        return Ok(now_ms.saturating_sub(ago));
    }
    parse_time(text).ok_or_else(wrong)
}

/// `yyyy-mm-dd` or `yyyy-mm-ddThh:mm[:ss][Z]` in UTC, as Unix milliseconds.
fn parse_time(text: &str) -> Option<i64> {
    let text = text.strip_suffix('Z').unwrap_or(text);
    let number = |part: &str, len: usize| -> Option<i64> {
        (part.len() == len && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse().ok())
            .flatten()
    };
    let (date, time) = match text.get(10..11) {
        None if text.len() == 10 => (text, None),
        Some("T" | " ") => (&text[..10], Some(&text[11..])),
        _ => return None,
    };
    let mut parts = date.split('-');
    let (year, month, day) = (
        number(parts.next()?, 4)?,
        number(parts.next()?, 2)?,
        number(parts.next()?, 2)?,
    );
    if parts.next().is_some() || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let days = days_from_civil(year, month as u32, day as u32);
    // 2026-02-30 would land in March: refuse a day its month does not have.
    if civil_from_days(days) != (year, month as u32, day as u32) {
        return None;
    }
    let seconds = match time {
        None => 0,
        Some(time) => {
            let mut parts = time.split(':');
            let hour = number(parts.next()?, 2)?;
            let minute = number(parts.next()?, 2)?;
            let second = parts.next().map_or(Some(0), |s| number(s, 2))?;
            if parts.next().is_some() || hour > 23 || minute > 59 || second > 59 {
                return None;
            }
            hour * 3600 + minute * 60 + second
        }
    };
    Some((days * 86_400 + seconds) * 1000)
}

/// Days since 1970-01-01 of a civil date (the inverse of [`civil_from_days`]).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let shifted_month = (i64::from(month) + 9) % 12;
    let day_of_year = (153 * shifted_month + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// `text` with control and invisible format characters (ESC, newlines, bidi overrides, zero-width and
/// tag characters) written as `\u{…}`: a terminal shows exactly what is stored, and nothing more.
pub fn printable(text: &str) -> String {
    let mut shown = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() || is_invisible_format(c) {
            shown.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            shown.push(c);
        }
    }
    shown
}

fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{ad}'
            | '\u{61c}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206f}'
            | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}'
            | '\u{e0000}'..='\u{e007f}'
    )
}

#[cfg(test)]
mod tests;

//! How each provider's whole customer list is mirrored, as data: the sync (`src/sync/`) reads it and
//! has no per-provider code.

use std::time::Duration;

/// How a provider's list is paged through for the mirror.
#[derive(Debug)]
pub struct MirrorSpec {
    /// The largest page the list endpoint serves (from the docs); `None` when the server chooses.
    pub page_size: Option<u32>,
    /// Query parameters for a full pass: an order in which new customers do not reshuffle the pages
    /// already read (DK: oldest created first).
    pub full_query: &'static [(&'static str, &'static str)],
    /// Reading only what changed, where the API allows it.
    pub incremental: Option<Incremental>,
    /// Where a create answers only the new id and there is no get-one (Ngorder): the list query in
    /// which new customers come first, so the one just created can be read back for the mirror.
    pub created_first: Option<&'static [(&'static str, &'static str)]>,
}

/// An incremental pass: the list filtered to what changed since the last pass's high-water mark.
#[derive(Debug)]
pub struct Incremental {
    /// The list filter that takes the lower bound.
    pub param: &'static str,
    pub format: SinceFormat,
    /// Fixed parameters that go with it (DK: dates are of the last update, oldest first).
    pub query: &'static [(&'static str, &'static str)],
    /// The field whose newest value marks how far a pass got. `None`: the customers carry no such
    /// field, so the time the pass began (less a margin for clock skew) is the mark.
    pub mark: Option<&'static str>,
    /// What the filter misses (deletions, or edits where it filters on creation) is found by a full
    /// pass at least this often.
    pub full_every: Duration,
}

/// How the lower bound is written in the query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SinceFormat {
    /// `yyyy-mm-dd hh:mm:ss` (CycleSoftware's `modified_since`).
    DateTime,
    /// `yyyy-mm-ddThh:mm:ss` (DK's `from`, UTC).
    IsoDateTime,
    /// `yyyy-mm-dd` (Ngorder's `create_from`).
    Date,
}

impl SinceFormat {
    /// `mark` (`yyyy-mm-dd hh:mm:ss`, as the decoder normalises every time) in this format.
    pub fn format(self, mark: &str) -> String {
        match self {
            SinceFormat::DateTime => mark.to_string(),
            SinceFormat::IsoDateTime => mark.replacen(' ', "T", 1),
            SinceFormat::Date => mark.chars().take(10).collect(),
        }
    }
}

/// A day: how often a full pass runs where an incremental one cannot see everything.
pub const DAILY: Duration = Duration::from_secs(24 * 60 * 60);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mark_is_written_as_each_api_reads_it() {
        let mark = "2026-11-30 16:05:09";
        assert_eq!(SinceFormat::DateTime.format(mark), "2026-11-30 16:05:09");
        assert_eq!(SinceFormat::IsoDateTime.format(mark), "2026-11-30T16:05:09");
        assert_eq!(SinceFormat::Date.format(mark), "2026-11-30");
    }
}

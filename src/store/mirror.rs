//! The mirror's data as the store keeps it: customers as the provider sent them, and where each
//! provider's sync stands. The store knows nothing of paging: a cursor or a high-water mark is text the
//! sync wrote and reads back.

/// One customer as the provider sent it, with what the table shows.
#[derive(Debug, Clone, PartialEq)]
pub struct MirrorRow {
    pub id: String,
    /// The customer's JSON exactly as the provider sent it (secrets the API hands out removed).
    pub raw_json: String,
    /// How a person calls the customer.
    pub title: String,
    /// The table's columns: a JSON object of field key to the text shown.
    pub cells_json: String,
    /// Every field's text, lower-case, for the search index.
    pub search_text: String,
}

/// A mirrored customer as read back.
#[derive(Debug, Clone, PartialEq)]
pub struct Mirrored {
    pub row: MirrorRow,
    pub synced_at: i64,
    /// A full pass no longer found it at the provider.
    pub gone: bool,
}

/// How many customers of a provider the mirror holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MirrorCount {
    /// Still at the provider as far as the last pass knows.
    pub present: u64,
    /// Found gone by a full pass.
    pub gone: u64,
}

/// A pass reads every customer (and finds who is gone) or only those changed since a high-water mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PassKind {
    Full,
    Incremental,
}

impl PassKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PassKind::Full => "full",
            PassKind::Incremental => "incremental",
        }
    }

    pub fn parse(text: &str) -> Option<PassKind> {
        match text {
            "full" => Some(PassKind::Full),
            "incremental" => Some(PassKind::Incremental),
            _ => None,
        }
    }
}

/// A pass under way: enough to continue it after a restart.
#[derive(Debug, Clone, PartialEq)]
pub struct RunningPass {
    pub kind: PassKind,
    /// Where the next page starts, in the sync's own notation.
    pub cursor: String,
    /// An incremental pass's lower bound.
    pub since: Option<String>,
    pub started_ms: i64,
    /// Customers written and pages fetched so far in this pass.
    pub customers: i64,
    pub requests: i64,
    /// The newest change seen so far in this pass; the next high-water mark once it finishes.
    pub high_water: Option<String>,
}

/// Where a provider's sync stands.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SyncState {
    pub provider: String,
    /// The number of the latest full pass begun; customers seen in it carry the number.
    pub pass: i64,
    pub running: Option<RunningPass>,
    /// When the last pass of any kind, and the last full pass, finished (Unix ms).
    pub finished_ms: Option<i64>,
    pub full_finished_ms: Option<i64>,
    /// The newest change seen by finished passes: where the next incremental pass starts.
    pub high_water: Option<String>,
    /// The provider's own count of customers, where it tells.
    pub total: Option<i64>,
    /// Why the last pass stopped short, if it did.
    pub last_error: Option<String>,
}

impl SyncState {
    pub fn new(provider: &str) -> SyncState {
        SyncState {
            provider: provider.to_string(),
            ..SyncState::default()
        }
    }
}

/// Which way a sort runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortDirection {
    Ascending,
    Descending,
}

/// Sort a window by one of the table's cells (a key of `cells_json`), then by id so the order is total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MirrorSort {
    pub column: String,
    pub direction: SortDirection,
}

/// A window of mirrored customers: what the table (or a search) shows, `limit` rows from `offset`.
/// Customers found gone are never in a window.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MirrorQuery {
    /// One provider's customers, or every provider's (the global search) with `None`.
    pub provider: Option<String>,
    /// Only customers whose text contains every word of this (case-insensitive; a phone number also
    /// by its digits alone); every customer with `None`. Words of 3+ characters are found anywhere;
    /// a text of only shorter words matches the start of the customer's name. Matches are counted
    /// up to [`TOTAL_CAP`] + 1.
    pub text: Option<String>,
    /// The order; with `None` the id's, or with a text the mirror's own (as synced: the cheapest to
    /// read when a common text matches most customers; short texts read in name order).
    pub sort: Option<MirrorSort>,
    pub offset: u64,
    pub limit: u32,
}

/// One customer in a window.
#[derive(Debug, Clone, PartialEq)]
pub struct MirrorHit {
    pub provider: String,
    pub row: MirrorRow,
    pub synced_at: i64,
}

/// A search counts its matches up to one more than this: a total above it reads "10,000+". Counting
/// every match of a common text at millions of customers would take longer than the search.
pub const TOTAL_CAP: u64 = 10_000;

impl MirrorQuery {
    /// Is `total` (of this query's window) only a lower bound?
    pub fn total_is_capped(&self, total: u64) -> bool {
        self.text.as_deref().is_some_and(|t| !t.trim().is_empty()) && total > TOTAL_CAP
    }
}

/// The rows of a window and how many customers the whole query holds.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MirrorWindow {
    pub rows: Vec<MirrorHit>,
    /// Customers matching the query (all of them, not only the window's; for a search at most
    /// [`TOTAL_CAP`] + 1, see [`MirrorQuery::total_is_capped`]).
    pub total: u64,
}

//! The two message types between the app and the worker.

use crate::config::Secret;
use crate::domain::{ApiError, Page, PageRequest, ProviderId, Record};
use crate::providers::WriteOutcome;
use crate::providers::encode::Values;
use crate::providers::rate_limit::Quota;

/// Identifies one request; the app ignores results whose id it no longer waits for (newest wins).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RequestId(pub u64);

/// Work for the worker, for one provider, with the id its result will come back with.
#[derive(Debug, Clone, PartialEq)]
pub struct Command {
    pub id: RequestId,
    pub provider: ProviderId,
    pub work: Work,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Work {
    /// One page of customers, with the provider-side filters in force; `search` sends them to the
    /// provider's search endpoint instead of its list. A newer fetch of the same provider's list makes
    /// this one obsolete: the worker cancels it.
    FetchPage {
        request: PageRequest,
        filters: Vec<(&'static str, String)>,
        search: bool,
    },
    /// One page of a list that belongs to a customer (orders). Newest per provider wins, as above.
    FetchRelated {
        list: &'static str,
        customer: String,
        request: PageRequest,
        filters: Vec<(&'static str, String)>,
    },
    /// Customers added per month (Ngorder).
    PerMonth,
    /// Ask the provider to e-mail an export of the customers (Ngorder's download), with the
    /// parameters asked for (`date`).
    Export {
        query: Vec<(&'static str, String)>,
    },
    /// Keep what was typed in a form on disk (no call to the provider).
    SaveDraft(crate::drafts::Draft),
    /// Forget a draft: its form was saved or discarded.
    DiscardDraft {
        key: String,
    },
    /// Options for a form field from the provider (categories, customer types, regions by `search`).
    Lookup {
        field: &'static str,
        search: Option<String>,
        /// The page of a paged look-up (1: the first).
        page: u32,
    },
    /// One customer as it is now.
    Get {
        id: String,
    },
    Create {
        values: Values,
    },
    /// Save `values` over `original`, the record the form was opened with.
    Update {
        original: Record,
        values: Values,
    },
    /// A record action by name (status change, toggle, delete).
    Act {
        action: &'static str,
        record: Record,
    },
    /// A customer's own settings, read with its kept one-time token (Reportei).
    CustomerSettings {
        customer: String,
    },
    /// The settings of every customer whose token is kept (the status view).
    KeptSettings,
    /// Was a write whose outcome is unknown carried out? Reads, never writes.
    Check(super::journaling::Expectation),
    /// The journal of writes, newest first (the local store, not the provider).
    ReadJournal {
        limit: usize,
    },
    /// A window of the provider's mirror (the local store, not the provider). The newest of each lane
    /// wins: the rows on screen, or (`ahead`) the neighbours fetched before they are scrolled to.
    /// `debounce`: a search being typed, run only if no newer one comes within a moment.
    Window {
        query: crate::store::MirrorQuery,
        ahead: bool,
        debounce: bool,
    },
    /// Search every provider's mirror (the global search). Newest wins: a newer one replaces this
    /// one while it waits out a burst of keys, and interrupts it in the store.
    GlobalSearch {
        query: crate::store::MirrorQuery,
    },
    /// Find customers in the mirror for the palette or the marks (see [`super::locate`]).
    Locate(super::locate::Ask),
    /// For the terminal, not the worker: the event loop does it between frames.
    Terminal(TerminalOp),
    /// Keep the tab's table columns in the config (the column picker): a file, not a call.
    SaveColumns {
        columns: Vec<&'static str>,
    },
    /// Write the marked customers as CSV in the data directory's exports/: a file, not a call.
    ExportMarked {
        records: Vec<Record>,
    },
}

/// What the event loop does to the terminal for the app (the one writer to it).
#[derive(Debug, Clone, PartialEq)]
pub enum TerminalOp {
    /// Put the text on the clipboard through OSC 52.
    Copy(String),
    /// Mouse capture on or off.
    MouseCapture(bool),
}

impl Work {
    /// Does this change anything at the provider? Read-only mode refuses these in the worker too.
    pub fn is_mutating(&self) -> bool {
        match self {
            // The export e-mails every customer's data out of the provider: a write in effect.
            Work::Create { .. } | Work::Update { .. } | Work::Act { .. } | Work::Export { .. } => {
                true
            }
            Work::FetchPage { .. }
            | Work::FetchRelated { .. }
            | Work::PerMonth
            | Work::SaveDraft(_)
            | Work::DiscardDraft { .. }
            | Work::Lookup { .. }
            | Work::Get { .. }
            | Work::CustomerSettings { .. }
            | Work::KeptSettings
            | Work::Check(_)
            | Work::ReadJournal { .. }
            | Work::Window { .. }
            | Work::Terminal(_)
            | Work::Locate(_)
            | Work::SaveColumns { .. }
            | Work::ExportMarked { .. }
            | Work::GlobalSearch { .. } => false,
        }
    }

    /// What the jobs view calls it.
    pub fn describe(&self) -> String {
        match self {
            Work::FetchPage {
                request,
                search: true,
                ..
            } => format!("search, page at {}", cursor_text(request)),
            Work::FetchPage {
                request, filters, ..
            } if !filters.is_empty() => {
                format!("list (filtered), page at {}", cursor_text(request))
            }
            Work::FetchPage { request, .. } => format!("list, page at {}", cursor_text(request)),
            Work::FetchRelated {
                list,
                customer,
                request,
                ..
            } => {
                format!("{list} of {customer}, page at {}", cursor_text(request))
            }
            Work::PerMonth => "customers per month".into(),
            Work::Export { .. } => "e-mailed export".into(),
            Work::SaveDraft(draft) => format!("keep draft {}", draft.key()),
            Work::DiscardDraft { key } => format!("forget draft {key}"),
            Work::Lookup { field, .. } => format!("options for {field}"),
            Work::Get { id } => format!("read customer {id}"),
            Work::Create { .. } => "create customer".into(),
            Work::Update { original, .. } => format!("save customer {}", original.id),
            Work::Act { action, record } => format!("{action} customer {}", record.id),
            Work::CustomerSettings { customer } => format!("settings of {customer}"),
            Work::KeptSettings => "settings of kept customers".into(),
            Work::Check(expected) => format!("check {} of {}", expected.operation, expected.title),
            Work::ReadJournal { .. } => "read the journal".into(),
            Work::Window { query, .. } => {
                format!("mirror rows {}+{}", query.offset, query.limit)
            }
            Work::Terminal(_) => "terminal".into(),
            Work::SaveColumns { .. } => "save the columns".into(),
            Work::ExportMarked { records } => format!("export {} marked", records.len()),
            Work::GlobalSearch { .. } => "search the mirror".into(),
            Work::Locate(_) => "find customers in the mirror".into(),
        }
    }
}

fn cursor_text(request: &PageRequest) -> String {
    match request.cursor {
        crate::domain::Cursor::Page(n) => format!("page {n}"),
        crate::domain::Cursor::Offset(n) => format!("offset {n}"),
    }
}

/// Which in-flight work a new command makes obsolete: the newest fetch of each slot wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Slot {
    List,
    Related,
}

impl Work {
    pub fn slot(&self) -> Option<Slot> {
        match self {
            Work::FetchPage { .. } => Some(Slot::List),
            Work::FetchRelated { .. } => Some(Slot::Related),
            _ => None,
        }
    }
}

impl Outcome {
    /// The error this outcome carries, if the call failed.
    pub fn error(&self) -> Option<&ApiError> {
        match self {
            Outcome::Page(_, Err(e))
            | Outcome::Record(Err(e))
            | Outcome::Saved(Err(e), _)
            | Outcome::Acted(Err(e))
            | Outcome::PerMonth(Err(e))
            | Outcome::Message(Err(e))
            | Outcome::Options(_, Err(e))
            | Outcome::Checked(Err(e))
            | Outcome::Journal(Err(e))
            | Outcome::Window(Err(e))
            | Outcome::Found { result: Err(e), .. } => Some(e),
            _ => None,
        }
    }
}

/// What became of a one-time token (Reportei's `api_token`).
#[derive(Debug, Clone, PartialEq)]
pub enum TokenKept {
    /// Written to this private file before anyone was told the customer exists.
    Stored(std::path::PathBuf),
    /// Could not be kept: the UI must show it once, loudly, so it can be saved by hand.
    Failed { error: String, token: Secret },
}

/// A result from the worker: the command's id and provider, and what came of it.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkerEvent {
    pub id: RequestId,
    pub provider: ProviderId,
    /// How long the call took, retries and pacing included (for the jobs view).
    pub elapsed: std::time::Duration,
    pub outcome: Outcome,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Page(PageRequest, Result<Page, ApiError>),
    Record(Result<Record, ApiError>),
    /// A create or update; with what became of a one-time token handed out with it.
    Saved(Result<WriteOutcome, ApiError>, Option<TokenKept>),
    /// Customer settings, per customer whose token is kept.
    Settings(Vec<(String, Result<Record, ApiError>)>),
    Acted(Result<Option<String>, ApiError>),
    /// A followed submission changed state (DK Hardware), with the form data it was sent from.
    Submission(Box<super::submissions::SubmissionUpdate>),
    PerMonth(Result<Vec<(String, u64)>, ApiError>),
    /// The provider's answer in words (an export requested).
    Message(Result<String, ApiError>),
    Options(&'static str, Result<Vec<(String, String)>, ApiError>),
    /// The provider's quota after the command (sent with every result of a provider that has one).
    Quota(Quota),
    /// The journal, newest first.
    Journal(Result<Vec<crate::store::Entry>, ApiError>),
    /// What a check of a write with an unknown outcome found.
    Checked(Result<super::check::Finding, ApiError>),
    /// Where the provider's background sync of the mirror stands.
    Sync(super::mirror::SyncStatus),
    /// A window of the provider's mirror.
    Window(Result<super::window::WindowRows, ApiError>),
    /// The global search's answer, with the query it answers and how long the store took.
    Found {
        query: crate::store::MirrorQuery,
        result: Result<crate::store::MirrorWindow, ApiError>,
        took: std::time::Duration,
    },
    /// Customers found in the mirror for the palette or the marks.
    Located(super::locate::Answer),
}

//! The operations a provider offers beyond listing, described as data for the one [`super::Client`].

use reqwest::Method;
use serde_json::Value as Json;

use super::retry::Repeat;
use crate::domain::{Record, Value};

/// HTTP verbs, in a form the static specs can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Verb {
    pub fn method(self) -> Method {
        match self {
            Verb::Get => Method::GET,
            Verb::Post => Method::POST,
            Verb::Put => Method::PUT,
            Verb::Patch => Method::PATCH,
            Verb::Delete => Method::DELETE,
        }
    }

    /// Can sending this twice do harm? (POST and PATCH are not idempotent.)
    pub fn repeat(self) -> Repeat {
        match self {
            Verb::Get | Verb::Put | Verb::Delete => Repeat::Safe,
            Verb::Post | Verb::Patch => Repeat::Never,
        }
    }
}

/// Read one customer: `path` has `{id}`; `record` points at the customer in the answer.
#[derive(Debug)]
pub struct GetOne {
    pub path: &'static str,
    pub record: &'static str,
}

/// How an update carries the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpdateStyle {
    /// Only the changed fields (Ngorder PATCH).
    Partial,
    /// The whole record replaces the stored one (CycleSoftware and Guardant PUT, DK, Reportei): built
    /// from a fresh read, refused if that read differs from what the form started from.
    Replace,
}

/// What a write answers with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteResult {
    /// The saved customer, at this JSON pointer.
    Record(&'static str),
    /// Only its id, at this pointer (Ngorder).
    Id(&'static str),
    /// An asynchronous submission's id, at this pointer (DK Hardware).
    Submission(&'static str),
}

/// A create or an update.
#[derive(Debug)]
pub struct WriteOp {
    pub verb: Verb,
    /// May contain `{id}`.
    pub path: &'static str,
    /// The id travels in the body under this key (Ngorder `customer_id`, DK `customerId`).
    pub id_in_body: Option<&'static str>,
    /// ... as a JSON number (Ngorder) rather than a string (DK).
    pub id_as_number: bool,
    /// The fields are wrapped in an object under this key (DK's `{"customer": {…}}`).
    pub wrap: Option<&'static str>,
    pub style: UpdateStyle,
    pub result: WriteResult,
    /// A one-time secret returned with the result, at this pointer (Reportei's `api_token`).
    pub token: Option<&'static str>,
}

/// A request a record action sends.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionRequest {
    pub verb: Verb,
    pub path: String,
    pub body: Option<Json>,
}

/// What an action does to the row, shown at once and undone if the provider refuses.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Set(Vec<(&'static str, Value)>),
    Remove,
}

/// Why an action does not apply to a record (`None`: it does).
pub type WhyNotFn = fn(&Record) -> Option<&'static str>;
/// Builds the request of an action for a record.
pub type RequestFn = fn(&Record) -> ActionRequest;
/// What an action will do to the row.
pub type EffectFn = fn(&Record) -> Effect;

/// A value an action asks for before it runs, sent in its body under the filter's `param` (Ngorder's
/// optional `category` on accept). The answer starts as the row's `key` and travels in the record sent.
#[derive(Debug, Clone, Copy)]
pub struct Ask {
    pub filter: Filter,
    pub key: &'static str,
}

/// Ask the provider to e-mail an export (Ngorder): `path` answers with a message; `asks` are its
/// optional query parameters, asked for each time (empty: left out).
#[derive(Debug)]
pub struct Export {
    pub path: &'static str,
    pub asks: &'static [Filter],
}

/// A one-key action on a customer: status changes, toggles, delete.
#[derive(Debug)]
pub struct RecordAction {
    /// Stable name, for keybindings and the read-only check.
    pub name: &'static str,
    /// What the menu and the confirmation say ("Block", "Mark as paying").
    pub label: &'static str,
    /// Asks first, with "No" as the default.
    pub destructive: bool,
    /// Why it is not offered for this record, if it is not (Unblock only a blocked customer, and so
    /// on): the action menu lists it with this reason instead of hiding it silently.
    pub why_not: WhyNotFn,
    pub request: RequestFn,
    pub effect: EffectFn,
    /// A value asked for before it runs.
    pub asks: Option<Ask>,
}

impl RecordAction {
    pub fn always(_: &Record) -> Option<&'static str> {
        None
    }

    /// Offered for this record?
    pub fn applies(&self, record: &Record) -> bool {
        (self.why_not)(record).is_none()
    }

    /// Delete the customer with `request`: always offered, always asks first, removes the row.
    pub const fn delete(request: RequestFn) -> RecordAction {
        RecordAction {
            name: "delete",
            label: "Delete",
            destructive: true,
            why_not: RecordAction::always,
            request,
            effect: |_| Effect::Remove,
            asks: None,
        }
    }
}

/// A list that belongs to one customer (Ngorder order history, Guardant orders), paged like the main
/// list and described by its own schema.
#[derive(Debug)]
pub struct RelatedList {
    pub name: &'static str,
    pub label: &'static str,
    /// Path may contain `{id}`.
    pub list: super::ListEndpoint,
    /// The customer id goes in this query parameter rather than the path (Ngorder's `id`).
    pub id_param: Option<&'static str>,
    pub schema: crate::domain::Schema,
    /// The filters this list accepts.
    pub filters: &'static [Filter],
    /// Figures about the whole list in each answer, `(JSON pointer, label)`.
    pub summary: &'static [(&'static str, &'static str)],
}

/// Options a form field takes from the provider at run time: Ngorder categories and regions,
/// CycleSoftware customer types.
#[derive(Debug)]
pub struct Lookup {
    /// The form field whose options these are.
    pub field: &'static str,
    pub path: &'static str,
    pub query: &'static [(&'static str, &'static str)],
    /// Pointer to the array of options (`""` for a bare array).
    pub items: &'static str,
    /// Keys of each option's code and label.
    pub code: &'static str,
    pub label: &'static str,
    /// The query parameter that searches the options (regions are too many to list).
    pub search: Option<&'static str>,
    /// The page-number parameter of a paged look-up and the page size set in `query`.
    pub pages: Option<(&'static str, usize)>,
}

/// What kind of input a filter takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterKind {
    Text,
    /// `yyyy-mm-dd`.
    Date,
    /// `yyyy-mm`.
    Month,
    /// `yyyy-mm-dd hh:mm:ss`.
    DateTime,
    /// An ISO 8601 UTC timestamp (`2022-03-11T22:15:59Z`).
    IsoDateTime,
    Choice(&'static [(&'static str, &'static str)]),
    /// A whole number (an id).
    Integer,
    /// Text of at most this many characters.
    TextUpTo(usize),
}

/// One of an API's own list filters, sent as a query parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Filter {
    pub param: &'static str,
    pub label: &'static str,
    pub kind: FilterKind,
}

impl Filter {
    /// Check a value typed for this filter; the message is shown next to the field.
    pub fn validate(&self, value: &str) -> Result<(), String> {
        let value = value.trim();
        if value.is_empty() {
            return Ok(());
        }
        let digits = |range: std::ops::Range<usize>| {
            value
                .get(range)
                .is_some_and(|s| s.bytes().all(|b| b.is_ascii_digit()))
        };
        let date_ok = value.len() >= 10
            && digits(0..4)
            && &value[4..5] == "-"
            && digits(5..7)
            && &value[7..8] == "-"
            && digits(8..10)
            && (1..=12).contains(&value[5..7].parse::<u32>().unwrap_or(0))
            && (1..=31).contains(&value[8..10].parse::<u32>().unwrap_or(0));
        let time_ok = |sep: &str, end: &str| {
            value.len() == 19 + end.len()
                && value.get(10..11) == Some(sep)
                && digits(11..13)
                && value.get(13..14) == Some(":")
                && digits(14..16)
                && value.get(16..17) == Some(":")
                && digits(17..19)
                && value.ends_with(end)
        };
        let ok = match self.kind {
            FilterKind::Text => true,
            FilterKind::Date => date_ok && value.len() == 10,
            FilterKind::Month => {
                value.len() == 7
                    && digits(0..4)
                    && &value[4..5] == "-"
                    && digits(5..7)
                    && (1..=12).contains(&value[5..7].parse::<u32>().unwrap_or(0))
            }
            FilterKind::DateTime => date_ok && time_ok(" ", ""),
            FilterKind::IsoDateTime => date_ok && time_ok("T", "Z"),
            FilterKind::Choice(options) => options.iter().any(|(code, _)| *code == value),
            FilterKind::Integer => value.parse::<u64>().is_ok(),
            FilterKind::TextUpTo(max) => value.chars().count() <= max,
        };
        if ok {
            return Ok(());
        }
        Err(match self.kind {
            FilterKind::Date => "expected a date like 2024-01-31".into(),
            FilterKind::Month => "expected a month like 2024-01".into(),
            FilterKind::DateTime => "expected a date and time like 2024-01-31 13:45:00".into(),
            FilterKind::IsoDateTime => "expected a UTC time like 2024-01-31T13:45:00Z".into(),
            FilterKind::Choice(options) => {
                let codes: Vec<_> = options.iter().map(|(code, _)| *code).collect();
                format!("one of {}", codes.join(", "))
            }
            FilterKind::Integer => "expected a whole number (an id), like 2".into(),
            FilterKind::TextUpTo(max) => format!("at most {max} characters"),
            FilterKind::Text => String::new(),
        })
    }
}

/// Why `id` cannot name a customer in a URL path, if it cannot. An empty id leaves `/customers/`, the
/// whole collection; `.` and `..` (and their percent-encoded forms, `%2e`, `%2E%2e`…) are dot segments
/// that the URL standard removes however they are escaped, so `DELETE /customers/..` would reach
/// another resource. Callers refuse such ids before any request is built.
pub fn unsafe_id(id: &str) -> Option<String> {
    if id.trim().is_empty() {
        return Some("it has no id, so no request can name it".into());
    }
    // Decode as often as a server might (each decoding can reveal another `%2e`), within reason.
    let mut decoded = id.to_string();
    for _ in 0..4 {
        let next = percent_decode(&decoded);
        if next == decoded {
            break;
        }
        decoded = next;
    }
    matches!(decoded.as_str(), "." | "..")
        .then(|| format!("its id {id:?} is a URL dot segment, which would name another resource"))
}

/// `%XX` sequences decoded (bytes that do not decode are kept as they are).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `path` with `{id}` replaced by the (URL-escaped) id. The id must have passed [`unsafe_id`]: escaping
/// alone does not make `.` or `..` safe.
pub fn with_id(path: &str, id: &str) -> String {
    let escaped: String = id
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect();
    path.replace("{id}", &escaped)
}

#[cfg(test)]
mod tests {
    use super::{Filter, FilterKind};

    #[test]
    fn cyclesoftware_customer_type_id_takes_an_integer_not_a_name() {
        let (_, filters) = crate::providers::spec(crate::domain::ProviderId::CycleSoftware)
            .search
            .as_ref()
            .unwrap();
        let type_id = filters
            .iter()
            .find(|f| f.param == "customer_type_id")
            .unwrap();
        assert!(type_id.validate("Klant").is_err());
        assert!(type_id.validate("2").is_ok());
    }

    #[test]
    fn filter_values_are_checked_against_their_kind() {
        let date = Filter {
            param: "create_from",
            label: "Created from",
            kind: FilterKind::Date,
        };
        assert!(date.validate("2024-01-31").is_ok());
        assert!(date.validate("").is_ok(), "empty means no filter");
        assert!(date.validate("2024-13-01").is_err());
        assert!(
            date.validate("31-01-2024")
                .unwrap_err()
                .contains("2024-01-31")
        );
        let since = Filter {
            param: "modified_since",
            label: "Modified since",
            kind: FilterKind::DateTime,
        };
        assert!(since.validate("2023-01-12 12:30:00").is_ok());
        assert!(since.validate("2023-01-12").is_err());
        let from = Filter {
            param: "from",
            label: "From",
            kind: FilterKind::IsoDateTime,
        };
        assert!(from.validate("2022-03-11T22:15:59Z").is_ok());
        assert!(from.validate("2022-03-11 22:15:59").is_err());
        let choice = Filter {
            param: "type",
            label: "Type",
            kind: FilterKind::Choice(&[("company", "Company")]),
        };
        assert!(choice.validate("company").is_ok());
        assert_eq!(choice.validate("person").unwrap_err(), "one of company");
    }

    #[test]
    fn dot_segments_and_empty_ids_are_unsafe_however_escaped() {
        for id in ["", " ", ".", "..", "%2e", "%2E%2e", ".%2E", "%252e%252E"] {
            assert!(super::unsafe_id(id).is_some(), "{id:?} should be refused");
        }
        for id in ["1", "9cdc-0998", "...", ".a", "a.", "%2e%2e%2e", "../x"] {
            assert_eq!(super::unsafe_id(id), None, "{id:?} is a plain id");
        }
    }

    #[test]
    fn ids_are_escaped_in_paths() {
        assert_eq!(
            super::with_id("/customers/{id}", "9cdc-0998"),
            "/customers/9cdc-0998"
        );
        assert_eq!(
            super::with_id("/customers/{id}", "../x y"),
            "/customers/..%2Fx%20y"
        );
    }
}

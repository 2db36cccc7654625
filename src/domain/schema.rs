/// What kind of value a field holds: decides how it is decoded, shown, edited and sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    Email,
    Phone,
    /// Digits only (Ngorder's "numeric" phone and postal code), sent as a string of digits.
    Digits,
    /// An ISO 3166 two-letter country code.
    CountryCode,
    Integer,
    Decimal,
    Bool,
    /// One of a fixed set of codes; the options are `(code, label)`. Providers with dynamic options
    /// (custom categories) extend them at run time.
    Enum(&'static [(&'static str, &'static str)]),
    /// A timestamp in whatever form the provider sends: normalised to `yyyy-mm-dd hh:mm:ss`.
    Time,
    /// Unix seconds where `0` means "none" (Guardant).
    UnixTime,
    /// An array of nested objects (phone numbers, addresses, integrations), each described by these
    /// fields where the list can be written (empty: shown only).
    List(&'static [FieldSpec]),
}

/// When a field may be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writable {
    /// Shown only.
    Never,
    /// Sent on create; fixed afterwards (DK's e-mail).
    OnCreate,
    /// Sent on update only.
    OnUpdate,
    /// Sent on create and update.
    Always,
}

impl Writable {
    pub fn on_create(self) -> bool {
        matches!(self, Writable::OnCreate | Writable::Always)
    }

    pub fn on_update(self) -> bool {
        matches!(self, Writable::OnUpdate | Writable::Always)
    }
}

/// One field of a provider's customer, described once and used by the decoder, the table, the detail
/// view, the forms and the request encoder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSpec {
    /// Our key for the field; also the key in the provider's responses.
    pub key: &'static str,
    pub label: &'static str,
    pub kind: FieldKind,
    /// Shown as a column in the customer table by default, with this width in cells.
    pub column: Option<u16>,
    pub writable: Writable,
    /// The key in request bodies when it differs from `key` (Guardant's camelCase requests).
    pub request_key: Option<&'static str>,
    /// Must be given on create.
    pub required: bool,
    /// Longest accepted value, in characters, from the provider's docs.
    pub max_len: Option<u16>,
}

impl FieldSpec {
    /// A read-only field.
    pub const fn new(key: &'static str, label: &'static str, kind: FieldKind) -> Self {
        FieldSpec {
            key,
            label,
            kind,
            column: None,
            writable: Writable::Never,
            request_key: None,
            required: false,
            max_len: None,
        }
    }

    /// Show this field as a default table column `width` cells wide.
    pub const fn column(mut self, width: u16) -> Self {
        self.column = Some(width);
        self
    }

    /// Writable on create and update.
    pub const fn editable(mut self) -> Self {
        self.writable = Writable::Always;
        self
    }

    pub const fn writable(mut self, writable: Writable) -> Self {
        self.writable = writable;
        self
    }

    pub const fn required(mut self) -> Self {
        self.required = true;
        self
    }

    pub const fn max(mut self, chars: u16) -> Self {
        self.max_len = Some(chars);
        self
    }

    /// Sent under another name than it is read under.
    pub const fn sent_as(mut self, request_key: &'static str) -> Self {
        self.request_key = Some(request_key);
        self
    }

    pub fn request_key(&self) -> &'static str {
        self.request_key.unwrap_or(self.key)
    }
}

/// A provider's customer schema: which key holds the id, and its fields in display order.
#[derive(Debug, Clone, Copy)]
pub struct Schema {
    pub id_key: &'static str,
    /// The fields that name a customer to a person, joined with spaces ("Giel van Wijgergangs").
    pub title: &'static [&'static str],
    pub fields: &'static [FieldSpec],
}

impl Schema {
    pub fn columns(&self) -> impl Iterator<Item = &FieldSpec> {
        self.fields.iter().filter(|f| f.column.is_some())
    }

    pub fn field(&self, key: &str) -> Option<&FieldSpec> {
        self.fields.iter().find(|f| f.key == key)
    }
}

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

/// When a field must be given (the docs' "optional" marks differ between create and update).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Required {
    No,
    /// On create only: an update may leave it out (Ngorder's PATCH marks every field optional).
    OnCreate,
    /// On create and on update (a full replacement must carry it too).
    Always,
}

impl Required {
    /// Whether a form of this kind must have the field filled in.
    pub fn in_form(self, creating: bool) -> bool {
        match self {
            Required::No => false,
            Required::OnCreate => creating,
            Required::Always => true,
        }
    }
}

/// A value the provider composes when it is read: what was written, a separator, and parts of its own
/// (Ngorder's address reads `street ,CITY, DISTRICT, PROVINCE, ID, postcode` but is written as the
/// street alone). Forms edit and compare only the written part, so a save never sends the suffix back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Composed {
    /// Between the written part and the provider's suffix.
    pub separator: &'static str,
    /// The suffix is this many parts ...
    pub suffix_parts: usize,
    /// ... joined by this character (an empty part, like a missing postcode, still counts).
    pub part_separator: char,
}

impl Composed {
    /// The written part of `text`; all of it when no suffix of the documented shape follows.
    pub fn written_part(self, text: &str) -> &str {
        text.rmatch_indices(self.separator)
            .find(|(at, _)| {
                text[at + self.separator.len()..]
                    .split(self.part_separator)
                    .count()
                    == self.suffix_parts
            })
            .map_or(text, |(at, _)| text[..at].trim_end())
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
    /// Must be given (on create, or on both create and update).
    pub required: Required,
    /// Longest accepted value, in characters, from the provider's docs.
    pub max_len: Option<u16>,
    /// Read back composed with parts the provider adds (see [`Composed`]).
    pub composed: Option<Composed>,
    /// A sum or a count: shown right-aligned with thousands separators.
    pub amount: bool,
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
            required: Required::No,
            max_len: None,
            composed: None,
            amount: false,
        }
    }

    /// A sum or a count, shown right-aligned with thousands separators.
    pub const fn amount(mut self) -> Self {
        self.amount = true;
        self
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

    /// Must be given on create and on update.
    pub const fn required(mut self) -> Self {
        self.required = Required::Always;
        self
    }

    /// Must be given on create; an update may leave it out.
    pub const fn required_on_create(mut self) -> Self {
        self.required = Required::OnCreate;
        self
    }

    /// Read back composed with the provider's own parts.
    pub const fn composed(mut self, composed: Composed) -> Self {
        self.composed = Some(composed);
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

    /// The part of a read value that a user writes: all of it unless the provider composes it.
    pub fn written_part<'a>(&self, text: &'a str) -> &'a str {
        self.composed.map_or(text, |c| c.written_part(text))
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

#[cfg(test)]
mod tests {
    use super::*;

    const ADDRESS: Composed = Composed {
        separator: " ,",
        suffix_parts: 5,
        part_separator: ',',
    };

    #[test]
    fn a_composed_value_splits_into_what_was_written() {
        let written = |text| ADDRESS.written_part(text);
        assert_eq!(
            written("Jl. Raya No. 1 ,KOTA DENPASAR, DENPASAR SELATAN, BALI, ID, 80222"),
            "Jl. Raya No. 1"
        );
        // No postcode: the last part is empty but still a part.
        assert_eq!(
            written("Jl. Raya ,KOTA DENPASAR, DENPASAR SELATAN, BALI, ID, "),
            "Jl. Raya"
        );
        // A street with its own commas and " ," keeps them.
        assert_eq!(
            written("Gg. Mawar ,RT 2, RW 3 ,KAB. TEGAL, DUKUHTURI, JAWA TENGAH, ID, 52192"),
            "Gg. Mawar ,RT 2, RW 3"
        );
        // Nothing of the documented shape: all of it is the street.
        assert_eq!(written("Jl. Raya ,Blok C"), "Jl. Raya ,Blok C");
        assert_eq!(written(""), "");
    }
}

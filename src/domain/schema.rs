/// What kind of value a field holds: decides how it is decoded, shown and (later) edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    Email,
    Phone,
    Integer,
    Decimal,
    Bool,
    /// One of a fixed set of codes; the options are `(code, label)`.
    Enum(&'static [(&'static str, &'static str)]),
    /// A timestamp in whatever form the provider sends: normalised to `yyyy-mm-dd hh:mm:ss`.
    Time,
    /// Unix seconds where `0` means "none" (Guardant).
    UnixTime,
    /// An array of nested objects (phone numbers, addresses, integrations).
    List,
}

/// One field of a provider's customer, described once and used by the decoder, the table, the detail view
/// and the forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSpec {
    /// Our key for the field; also the key in the provider's responses.
    pub key: &'static str,
    pub label: &'static str,
    pub kind: FieldKind,
    /// Shown as a column in the customer table by default, with this width in cells.
    pub column: Option<u16>,
}

impl FieldSpec {
    pub const fn new(key: &'static str, label: &'static str, kind: FieldKind) -> Self {
        FieldSpec {
            key,
            label,
            kind,
            column: None,
        }
    }

    /// Show this field as a default table column `width` cells wide.
    pub const fn column(mut self, width: u16) -> Self {
        self.column = Some(width);
        self
    }
}

/// A provider's customer schema: which key holds the id, and its fields in display order.
#[derive(Debug, Clone, Copy)]
pub struct Schema {
    pub id_key: &'static str,
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

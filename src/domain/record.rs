use std::fmt;

/// One field value of a customer, already normalised from whatever the provider sent
/// (numbers as strings, unix seconds, dates without a zone…).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    Text(String),
    Integer(i64),
    Decimal(f64),
    Bool(bool),
    /// A point in time as `yyyy-mm-dd hh:mm:ss` (UTC where the provider says so): one format for every provider.
    Time(String),
    /// Nested records, such as CycleSoftware phone numbers or DK addresses.
    List(Vec<Vec<(String, Value)>>),
}

impl Value {
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(text) => text.is_empty(),
            Value::List(items) => items.is_empty(),
            _ => false,
        }
    }
}

impl fmt::Display for Value {
    /// The one-line form used in table cells.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Empty => Ok(()),
            Value::Text(text) | Value::Time(text) => f.write_str(text),
            Value::Integer(n) => write!(f, "{n}"),
            Value::Decimal(n) => write!(f, "{n}"),
            Value::Bool(true) => f.write_str("yes"),
            Value::Bool(false) => f.write_str("no"),
            Value::List(items) => write!(
                f,
                "{} item{}",
                items.len(),
                if items.len() == 1 { "" } else { "s" }
            ),
        }
    }
}

/// A customer as the app sees it: its id, and its fields in schema order followed by any fields the provider
/// sent that the schema does not know (kept, so the detail view can show them).
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub id: String,
    pub fields: Vec<(String, Value)>,
}

impl Record {
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.fields.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The cell text for `key`: empty when the field is missing.
    pub fn text(&self, key: &str) -> String {
        self.get(key).map(Value::to_string).unwrap_or_default()
    }

    /// The id and the name, for what must not be mistaken for another customer of the same name
    /// (a delete's question and its result): `#8f3c… Алексей Алексеев`, or `#101` without a name.
    pub fn id_and_title(&self, schema: &super::Schema) -> String {
        let title = self.title(schema);
        let id = format!("#{}", self.id);
        if title == id {
            id
        } else {
            format!("{id} {title}")
        }
    }

    /// How a person calls this customer: the schema's title fields joined, or the id.
    pub fn title(&self, schema: &super::Schema) -> String {
        let parts: Vec<String> = schema
            .title
            .iter()
            .map(|key| self.text(key))
            .filter(|text| !text.trim().is_empty())
            .collect();
        if parts.is_empty() {
            format!("#{}", self.id)
        } else {
            parts.join(" ")
        }
    }

    /// Does any field's text contain `needle` (already lower-cased)? Used by the local filter over
    /// every loaded row on each keystroke, so text fields are searched in place without allocating.
    pub fn matches(&self, needle_lower: &str) -> bool {
        contains_folded(&self.id, needle_lower)
            || self.fields.iter().any(|(_, value)| match value {
                Value::Text(text) | Value::Time(text) => contains_folded(text, needle_lower),
                Value::Empty => needle_lower.is_empty(),
                other => other.to_string().to_lowercase().contains(needle_lower),
            })
    }
}

/// Case-insensitive `contains`; `needle` is lower-case. ASCII needles compare bytes in place;
/// others (Cyrillic, accents) fall back to lower-casing the haystack.
fn contains_folded(haystack: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return true;
    }
    if needle.is_ascii() {
        let needle = needle.as_bytes();
        return haystack
            .as_bytes()
            .windows(needle.len())
            .any(|window| window.eq_ignore_ascii_case(needle));
    }
    haystack.to_lowercase().contains(needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn budi() -> Record {
        Record {
            id: "123".into(),
            fields: vec![
                ("name".into(), Value::Text("Budi Santoso".into())),
                ("phone".into(), Value::Text("628212345678".into())),
                ("active".into(), Value::Bool(true)),
            ],
        }
    }

    #[test]
    fn text_of_missing_field_is_empty() {
        assert_eq!(budi().text("email"), "");
        assert_eq!(budi().text("name"), "Budi Santoso");
        assert_eq!(budi().text("active"), "yes");
    }

    #[test]
    fn matches_is_case_insensitive_over_every_field() {
        assert!(budi().matches("santoso"));
        assert!(budi().matches("6282"));
        assert!(!budi().matches("petrov"));
        assert!(budi().matches("BUDI".to_lowercase().as_str()));
        let cyrillic = Record {
            id: "1".into(),
            fields: vec![("name".into(), Value::Text("Иван Петров".into()))],
        };
        assert!(cyrillic.matches("петров"));
        assert!(
            budi().matches("yes"),
            "non-text values match by their shown text"
        );
    }
}

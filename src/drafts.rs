//! Drafts: what was typed in a form, kept in the data directory until it is saved or discarded, so a
//! crash or a closed terminal loses nothing.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::domain::ProviderId;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub provider: ProviderId,
    /// The customer being edited, or `None` for a new one.
    pub customer: Option<String>,
    /// The record as it was when the form opened (edits), to check the save against.
    pub original: Vec<(String, String)>,
    /// What was typed, by field key.
    pub values: Vec<(String, String)>,
}

impl Draft {
    /// One draft per form: a provider's new customer, or one customer's edit.
    pub fn key(&self) -> String {
        match &self.customer {
            Some(id) => format!("{}-edit-{}", self.provider.key(), sanitize(id)),
            None => format!("{}-new", self.provider.key()),
        }
    }
}

/// The record an edit started from, as kept in text (a draft's or a pending submission's `original`):
/// an empty text is an empty value.
pub fn original_record(id: &str, original: &[(String, String)]) -> crate::domain::Record {
    use crate::domain::Value;
    let fields = original
        .iter()
        .map(|(k, v)| {
            let value = if v.is_empty() {
                Value::Empty
            } else {
                Value::Text(v.clone())
            };
            (k.clone(), value)
        })
        .collect();
    crate::domain::Record {
        id: id.to_string(),
        fields,
    }
}

fn sanitize(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn dir(data_dir: &Path) -> PathBuf {
    data_dir.join("drafts")
}

/// Write `draft` (private, replacing the previous version atomically).
pub fn save(data_dir: &Path, draft: &Draft) -> std::io::Result<()> {
    let path = dir(data_dir).join(format!("{}.json", draft.key()));
    crate::private_file::write(&path, serde_json::to_string_pretty(draft)?.as_bytes())
}

pub fn remove(data_dir: &Path, key: &str) -> std::io::Result<()> {
    match std::fs::remove_file(dir(data_dir).join(format!("{key}.json"))) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => Err(error),
        _ => Ok(()),
    }
}

/// Every draft left in the data directory (unreadable files are skipped and logged).
pub fn load_all(data_dir: &Path) -> Vec<Draft> {
    let Ok(entries) = std::fs::read_dir(dir(data_dir)) else {
        return Vec::new();
    };
    let mut drafts: Vec<Draft> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .filter_map(|path| {
            let draft = std::fs::read_to_string(&path)
                .ok()
                .and_then(|t| serde_json::from_str(&t).ok());
            if draft.is_none() {
                tracing::warn!(file = %path.display(), "unreadable draft skipped");
            }
            draft
        })
        .collect();
    drafts.sort_by_key(Draft::key);
    drafts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafts_round_trip_and_go_when_removed() {
        let dir = tempfile::tempdir().unwrap();
        let draft = Draft {
            provider: ProviderId::Guardant,
            customer: Some("8".into()),
            original: vec![("name".into(), "Peter".into())],
            values: vec![("name".into(), "Pete".into())],
        };
        save(dir.path(), &draft).unwrap();
        assert_eq!(load_all(dir.path()), vec![draft.clone()]);
        remove(dir.path(), &draft.key()).unwrap();
        assert!(load_all(dir.path()).is_empty());
        remove(dir.path(), &draft.key()).unwrap();
    }
}

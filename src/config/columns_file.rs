//! The column picker's choice kept in a config file: `columns = [...]` in the provider's table.
//!
//! Written with toml_edit, not by re-serialising [`super::ConfigFile`]: the user's comments, key order
//! and formatting stay as they were, and only the one value changes. The worker calls this (file I/O
//! never happens in `update`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use serde::Deserialize;
use toml_edit::{Array, DocumentMut, Item, Table};

use super::ConfigError;
use crate::domain::ProviderId;

/// Where the picker's choice is saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnsFile {
    pub path: PathBuf,
    /// Make the file if it is missing (the demo's own small file). The user's config is never made
    /// anew: one holding only columns would not start (no provider would have its `auth`).
    pub create: bool,
}

/// The demo's saved columns live in its data directory: its config is built in.
pub const DEMO_COLUMNS_FILE: &str = "columns.toml";

/// `text` with `providers.<provider>.columns` set to `columns`, everything else as it was.
pub fn with_columns(text: &str, provider: ProviderId, columns: &[&str]) -> Result<String, String> {
    let mut document: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| e.message().trim_end().to_string())?;
    let providers = document.entry("providers").or_insert_with(|| {
        // `[providers.ngorder]` alone, without an empty `[providers]` above it.
        let mut table = Table::new();
        table.set_implicit(true);
        Item::Table(table)
    });
    let providers = providers
        .as_table_like_mut()
        .ok_or("providers: is not a table")?;
    let table = providers
        .entry(provider.key())
        .or_insert(Item::Table(Table::new()))
        .as_table_like_mut()
        .ok_or_else(|| format!("providers.{}: is not a table", provider.key()))?;
    let array: Array = columns.iter().copied().collect();
    match table.get_mut("columns") {
        // Replaced in place: a comment after the old value stays after the new one.
        Some(Item::Value(old)) => {
            let decor = old.decor().clone();
            *old = array.into();
            *old.decor_mut() = decor;
        }
        _ => {
            table.insert("columns", toml_edit::value(array));
        }
    }
    Ok(document.to_string())
}

/// Save `columns` for `provider` in `file`; the path written, or why not (one line naming the file).
pub fn save_columns(
    file: &ColumnsFile,
    provider: ProviderId,
    columns: &[&str],
) -> Result<PathBuf, String> {
    // Two tabs' saves in a row must not read the file before the other wrote it.
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(PoisonError::into_inner);
    let shown = file.path.display();
    // A symlinked config (a dotfiles repository) is written where it points: the link stays.
    let target = std::fs::canonicalize(&file.path).unwrap_or_else(|_| file.path.clone());
    let text = match std::fs::read_to_string(&target) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && file.create => {
            "# The demo's table columns, saved by the column picker (C).\n".to_string()
        }
        Err(e) => return Err(format!("{shown}: cannot read it: {e}")),
    };
    let text = with_columns(&text, provider, columns).map_err(|e| format!("{shown}: {e}"))?;
    crate::private_file::write(&target, text.as_bytes())
        .map_err(|e| format!("{shown}: cannot write it: {e}"))?;
    Ok(file.path.clone())
}

/// The demo's file: provider tables with `columns` only.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SavedColumns {
    #[serde(default)]
    providers: BTreeMap<String, ProviderColumns>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProviderColumns {
    columns: Vec<String>,
}

/// The columns saved in the demo's file (none if there is none yet), checked as the config's are: an
/// unknown field is an error naming it.
pub fn load_saved_columns(
    path: &Path,
) -> Result<Vec<(ProviderId, Vec<&'static str>)>, ConfigError> {
    let origin = path.display().to_string();
    let fail = |key: String, problem: String| ConfigError {
        origin: origin.clone(),
        key,
        problem,
    };
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(fail("(file)".into(), format!("cannot read it: {e}"))),
    };
    let saved: SavedColumns =
        toml::from_str(&text).map_err(|e| fail("(file)".into(), e.message().trim().into()))?;
    let mut columns = Vec::new();
    for (key, provider) in &saved.providers {
        let at = format!("providers.{key}");
        let id =
            ProviderId::from_key(key).ok_or_else(|| fail(at.clone(), "unknown provider".into()))?;
        let keys = super::file::resolve_columns(id, &provider.columns)
            .map_err(|p| fail(format!("{at}.columns"), p))?;
        columns.push((id, keys));
    }
    Ok(columns)
}

/// `path` as the user reads it: `~/.config/…` under their home.
pub fn shown_path(path: &Path, home: Option<&Path>) -> String {
    match home.and_then(|home| path.strip_prefix(home).ok()) {
        Some(rest) if !rest.as_os_str().is_empty() => format!("~/{}", rest.display()),
        _ => path.display().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINE: &str = "\
# My clientele config. Keep this comment.
[providers.ngorder]
enabled = true   # on
base_url = \"https://api.ngorder.id/api/open\"
columns = [\"name\", \"phone\"] # chosen by hand
auth = { kind = \"bearer\", token_env = \"NGORDER_TOKEN\" }

# Guardant below.
[providers.guardant]
auth = { kind = \"bearer\", token_env = \"GUARDANT_TOKEN\" }
";

    #[test]
    fn saving_columns_keeps_comments_order_and_formatting() {
        let text = with_columns(MINE, ProviderId::Ngorder, &["email", "name"]).unwrap();
        assert_eq!(
            text,
            MINE.replace(
                "columns = [\"name\", \"phone\"] # chosen by hand",
                "columns = [\"email\", \"name\"] # chosen by hand"
            )
        );
        let text = with_columns(MINE, ProviderId::Guardant, &["crmid", "name"]).unwrap();
        assert_eq!(
            text,
            format!("{MINE}columns = [\"crmid\", \"name\"]\n"),
            "added at the end of its table, the rest untouched"
        );
    }

    #[test]
    fn a_provider_without_a_table_gets_one_and_nothing_else_moves() {
        let text = with_columns(MINE, ProviderId::Reportei, &["name"]).unwrap();
        assert!(text.starts_with(MINE), "{text}");
        assert!(
            text.ends_with("[providers.reportei]\ncolumns = [\"name\"]\n"),
            "{text}"
        );
        let empty = with_columns("", ProviderId::Reportei, &["name"]).unwrap();
        assert_eq!(empty, "[providers.reportei]\ncolumns = [\"name\"]\n");
    }

    #[test]
    fn a_file_that_is_not_toml_is_left_alone_with_the_reason() {
        let broken = "[providers.ngorder\n";
        assert!(with_columns(broken, ProviderId::Ngorder, &["name"]).is_err());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, broken).unwrap();
        let file = ColumnsFile {
            path: path.clone(),
            create: false,
        };
        let error = save_columns(&file, ProviderId::Ngorder, &["name"]).unwrap_err();
        assert!(error.starts_with(&path.display().to_string()), "{error}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), broken);
    }

    #[test]
    fn the_users_config_is_never_made_anew_but_the_demos_file_is() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        let users = ColumnsFile {
            path: path.clone(),
            create: false,
        };
        let error = save_columns(&users, ProviderId::Ngorder, &["name"]).unwrap_err();
        assert!(error.contains("cannot read it"), "{error}");
        assert!(!path.exists());
        let demo = ColumnsFile {
            path: path.clone(),
            create: true,
        };
        assert_eq!(
            save_columns(&demo, ProviderId::Ngorder, &["name", "email"]).unwrap(),
            path
        );
        assert_eq!(
            load_saved_columns(&path).unwrap(),
            vec![(ProviderId::Ngorder, vec!["name", "email"])]
        );
    }

    #[test]
    fn saved_columns_round_trip_through_the_config() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, MINE).unwrap();
        let file = ColumnsFile {
            path: path.clone(),
            create: false,
        };
        save_columns(&file, ProviderId::Guardant, &["crmid", "name", "email"]).unwrap();
        let env = |_: &str| Some("secret".to_string());
        let settings = crate::config::Settings::load(&path, &env).unwrap();
        assert_eq!(
            settings.ui.columns,
            vec![
                (ProviderId::Guardant, vec!["crmid", "name", "email"]),
                (ProviderId::Ngorder, vec!["name", "phone"]),
            ]
        );
        assert!(
            std::fs::read_to_string(&path)
                .unwrap()
                .contains("# Guardant below.")
        );
    }

    #[test]
    fn a_symlinked_config_is_written_through_the_link() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("dotfiles.toml");
        std::fs::write(&real, MINE).unwrap();
        let link = dir.path().join("config.toml");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let file = ColumnsFile {
            path: link.clone(),
            create: false,
        };
        save_columns(&file, ProviderId::Ngorder, &["city"]).unwrap();
        assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
        assert!(
            std::fs::read_to_string(&real)
                .unwrap()
                .contains("columns = [\"city\"]")
        );
    }

    #[test]
    fn an_unknown_column_in_the_demos_file_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DEMO_COLUMNS_FILE);
        std::fs::write(&path, "[providers.guardant]\ncolumns = [\"company\"]\n").unwrap();
        let error = load_saved_columns(&path).unwrap_err();
        assert_eq!(error.key, "providers.guardant.columns");
        assert!(error.problem.contains("\"company\""), "{error}");
    }

    #[test]
    fn paths_under_home_read_with_a_tilde() {
        let home = Path::new("/home/ann");
        assert_eq!(
            shown_path(
                Path::new("/home/ann/.config/clientele/config.toml"),
                Some(home)
            ),
            "~/.config/clientele/config.toml"
        );
        assert_eq!(
            shown_path(Path::new("/etc/c.toml"), Some(home)),
            "/etc/c.toml"
        );
    }
}

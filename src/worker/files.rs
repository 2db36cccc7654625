//! Work on this machine's files for the app, off the UI thread: the column picker's choice saved in
//! the config, and the marked customers written as CSV. Each ends in a notice (where it went, or why
//! it did not).

use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use super::{Outcome, Work};
use crate::config::{ColumnsFile, shown_path};
use crate::domain::{ApiError, ErrorKind, ProviderId, Record, Value};

/// Where the worker keeps what it writes for the user.
#[derive(Debug, Clone, Default)]
pub struct Files {
    /// Where the column picker's choice is saved; none: it is not (said on screen).
    pub columns: Option<ColumnsFile>,
    /// The directory exports of marked customers go to (`<data dir>/exports`).
    pub exports: Option<PathBuf>,
}

/// Do `work` (a save of columns or an export of marks) and say how it ended.
pub async fn run(work: Work, provider: ProviderId, files: Files, send: impl FnOnce(Outcome)) {
    let done = tokio::task::spawn_blocking(move || {
        let home = std::env::var_os("HOME").map(PathBuf::from);
        let shown = |path: &Path| shown_path(path, home.as_deref());
        match work {
            Work::SaveColumns { columns } => {
                save_columns(files.columns.as_ref(), provider, &columns)
                    .map(|path| format!("columns saved to {}", shown(&path)))
            }
            Work::ExportMarked { records } => export_marked(
                files.exports.as_deref(),
                provider,
                &records,
                crate::store::now_ms(),
            )
            .map(|path| {
                let count = records.len();
                let s = if count == 1 { "" } else { "s" };
                // The file's name before its folder: a narrow status line cuts the end.
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
                match (name, path.parent()) {
                    (Some(name), Some(folder)) => format!(
                        "{count} marked customer{s} written to {name} in {}",
                        shown(folder)
                    ),
                    _ => format!("{count} marked customer{s} written to {}", shown(&path)),
                }
            }),
            _ => Ok(String::new()),
        }
    })
    .await
    .unwrap_or_else(|e| Err(format!("stopped: {e}")));
    send(Outcome::Message(
        done.map_err(|e| ApiError::new(ErrorKind::Config, e)),
    ));
}

fn save_columns(
    file: Option<&ColumnsFile>,
    provider: ProviderId,
    columns: &[&str],
) -> Result<PathBuf, String> {
    let file = file.ok_or("columns not saved: no config file (start with --config PATH)")?;
    crate::config::save_columns(file, provider, columns)
        .map_err(|e| format!("columns not saved: {e}"))
}

/// Write `records` as CSV, as `clientele export` does (header `provider`, `id`, then the schema's
/// field keys), to a new file in `dir` named after the provider and the time; its path.
pub fn export_marked(
    dir: Option<&Path>,
    provider: ProviderId,
    records: &[Record],
    now_ms: i64,
) -> Result<PathBuf, String> {
    let dir = dir.ok_or("not exported: no data directory to write to")?;
    let fail = |e: std::io::Error| format!("not exported: {}: {e}", dir.display());
    std::fs::create_dir_all(dir).map_err(fail)?;
    let mut csv = csv::Writer::from_writer(Vec::new());
    let keys = crate::cli::search::export_keys(provider);
    let header = ["provider", "id"].into_iter().chain(keys.iter().copied());
    let written = csv.write_record(header).and_then(|()| {
        records.iter().try_for_each(|record| {
            let mut row = vec![provider.key().to_string(), record.id.clone()];
            row.extend(
                keys.iter()
                    .map(|key| record.get(key).map(cell).unwrap_or_default()),
            );
            csv.write_record(row)
        })
    });
    let bytes = written
        .map_err(|e| format!("not exported: {e}"))
        .and_then(|()| csv.into_inner().map_err(|e| format!("not exported: {e}")))?;
    let stamp = stamp(now_ms);
    // Never over an earlier export: a second one in the same second gets its own name.
    for n in 1..100 {
        let suffix = if n == 1 {
            String::new()
        } else {
            format!("-{n}")
        };
        let path = dir.join(format!("{}-marked-{stamp}{suffix}.csv", provider.key()));
        // Customer data: readable by the user only.
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path);
        match file {
            Ok(mut file) => {
                return file
                    .write_all(&bytes)
                    .and_then(|()| file.sync_all())
                    .map(|()| path)
                    .map_err(fail);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(fail(e)),
        }
    }
    Err(format!(
        "not exported: too many exports this second in {}",
        dir.display()
    ))
}

/// A field as `clientele export` writes it: text as is, numbers and yes/no as JSON writes them, a
/// list as compact JSON.
fn cell(value: &Value) -> String {
    match value {
        Value::Text(text) | Value::Time(text) => text.clone(),
        Value::Bool(yes) => yes.to_string(),
        Value::List(_) => json(value).to_string(),
        other => other.to_string(),
    }
}

fn json(value: &Value) -> serde_json::Value {
    use serde_json::Value as Json;
    match value {
        Value::Empty => Json::Null,
        Value::Text(text) | Value::Time(text) => Json::String(text.clone()),
        Value::Integer(n) => Json::from(*n),
        Value::Decimal(n) => Json::from(*n),
        Value::Bool(yes) => Json::Bool(*yes),
        Value::List(items) => Json::Array(
            items
                .iter()
                .map(|item| Json::Object(item.iter().map(|(k, v)| (k.clone(), json(v))).collect()))
                .collect(),
        ),
    }
}

/// `20261130-214434` (UTC) for a file name: sorts by time, no characters a shell must quote.
fn stamp(now_ms: i64) -> String {
    let seconds = now_ms.div_euclid(1000);
    let (y, m, d) = crate::providers::decode::civil_from_days(seconds.div_euclid(86_400));
    let s = seconds.rem_euclid(86_400);
    format!(
        "{y:04}{m:02}{d:02}-{:02}{:02}{:02}",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn budi() -> Record {
        Record {
            id: "101".into(),
            fields: vec![
                ("name".into(), Value::Text("Budi, \"the\" Santoso".into())),
                ("email".into(), Value::Text("budi@example.com".into())),
                ("active".into(), Value::Bool(true)),
            ],
        }
    }

    #[test]
    fn marked_customers_are_written_as_the_cli_export_writes_them() {
        let dir = tempfile::tempdir().unwrap();
        let exports = dir.path().join("exports");
        // 2026-11-30 21:44:34 UTC.
        let now = 1_796_075_074_000;
        let path = export_marked(Some(&exports), ProviderId::Ngorder, &[budi()], now).unwrap();
        assert_eq!(path, exports.join("ngorder-marked-20261130-214434.csv"));
        let text = std::fs::read_to_string(&path).unwrap();
        let mut lines = text.lines();
        let keys = crate::cli::search::export_keys(ProviderId::Ngorder);
        assert_eq!(
            lines.next().unwrap(),
            format!("provider,id,{}", keys.join(","))
        );
        let row = lines.next().unwrap();
        assert!(
            row.starts_with("ngorder,101,\"Budi, \"\"the\"\" Santoso\","),
            "{row}"
        );
        assert!(row.contains(",budi@example.com,"), "{row}");
        assert_eq!(lines.next(), None);
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
        // A second export in the same second does not replace the first.
        let again = export_marked(Some(&exports), ProviderId::Ngorder, &[budi()], now).unwrap();
        assert_eq!(again, exports.join("ngorder-marked-20261130-214434-2.csv"));
    }

    #[tokio::test]
    async fn the_notice_names_the_file_before_its_folder() {
        let dir = tempfile::tempdir().unwrap();
        let files = Files {
            columns: None,
            exports: Some(dir.path().join("exports")),
        };
        let work = Work::ExportMarked {
            records: vec![budi(), budi()],
        };
        let (tx, rx) = std::sync::mpsc::channel();
        run(work, ProviderId::Ngorder, files, move |o| {
            tx.send(o).unwrap()
        })
        .await;
        let Outcome::Message(Ok(text)) = rx.recv().unwrap() else {
            panic!("not a notice")
        };
        // A status line 80 columns wide still shows the name; the folder is what it cuts.
        let name = text
            .strip_prefix("2 marked customers written to ngorder-marked-")
            .unwrap_or_else(|| panic!("{text}"));
        assert!(
            name.ends_with(&format!(".csv in {}", dir.path().join("exports").display())),
            "{text}"
        );
    }

    #[test]
    fn a_nested_list_is_one_cell_of_json() {
        let phones = Value::List(vec![vec![
            ("phone_number_id".into(), Value::Text("mob".into())),
            ("phone_number".into(), Value::Text("06 1234".into())),
        ]]);
        assert_eq!(
            cell(&phones),
            r#"[{"phone_number_id":"mob","phone_number":"06 1234"}]"#
        );
        assert_eq!(cell(&Value::Bool(false)), "false");
        assert_eq!(cell(&Value::Empty), "");
    }

    #[test]
    fn without_a_place_to_write_it_says_so() {
        let error = export_marked(None, ProviderId::Ngorder, &[budi()], 0).unwrap_err();
        assert!(error.starts_with("not exported"), "{error}");
        let error = save_columns(None, ProviderId::Ngorder, &["name"]).unwrap_err();
        assert_eq!(
            error,
            "columns not saved: no config file (start with --config PATH)"
        );
    }
}

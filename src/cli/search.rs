//! `clientele search` (find customers in the mirror, every provider at once) and `clientele export`
//! (one provider's mirrored customers as CSV or JSON lines, streamed: a million rows are written as
//! they are read, never held).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::{Args, ValueEnum};
use color_eyre::eyre::WrapErr;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::{Value as Json, json};

use super::UsageError;
use crate::domain::ProviderId;
use crate::store::fts::matched_field;
use crate::store::{FILE_NAME, MirrorHit, MirrorQuery, Reader, SqliteBackend, SqliteReader};

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words to find in any field (name, e-mail, address, ids; phone numbers by their digits).
    pub query: String,
    /// Only this provider's customers.
    #[arg(long, value_name = "P")]
    pub provider: Option<String>,
    /// At most this many results.
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub limit: u32,
    /// One JSON object per result (provider, id, name, matched_field, matched).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Csv,
    /// JSON lines: one object per customer, as the provider sent it.
    Json,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The provider whose mirrored customers are written.
    pub provider: String,
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    pub format: Format,
    /// Only the customers this search finds.
    #[arg(long, value_name = "Q")]
    pub search: Option<String>,
    /// Write here instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// The mirror in `data_dir`, migrated, opened for reading.
fn reader(data_dir: &Path) -> color_eyre::Result<SqliteReader> {
    let path = data_dir.join(FILE_NAME);
    if !path.exists() {
        return Err(UsageError(format!(
            "nothing is mirrored in {} yet: run `clientele sync` first",
            data_dir.display()
        ))
        .into());
    }
    // Opening the writer once brings an older file's schema (and search index) up to date.
    drop(SqliteBackend::open(&path).wrap_err("cannot open the local store")?);
    Ok(SqliteReader::open(&path)?)
}

fn provider(key: &str) -> color_eyre::Result<ProviderId> {
    ProviderId::from_key(key).ok_or_else(|| {
        let known: Vec<_> = ProviderId::ALL.iter().map(|p| p.key()).collect();
        UsageError(format!(
            "unknown provider {key:?} (known: {})",
            known.join(", ")
        ))
        .into()
    })
}

/// `clientele search`: results to `out`, the count and time to `err`.
pub fn search(
    data_dir: &Path,
    args: &SearchArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> color_eyre::Result<()> {
    let provider = args.provider.as_deref().map(provider).transpose()?;
    if args.query.trim().is_empty() {
        return Err(UsageError("the search is empty".into()).into());
    }
    let reader = reader(data_dir)?;
    let query = MirrorQuery {
        provider: provider.map(|p| p.key().to_string()),
        text: Some(args.query.clone()),
        limit: args.limit,
        ..MirrorQuery::default()
    };
    let started = Instant::now();
    let window = reader.mirror_window(&query)?;
    let elapsed = started.elapsed();
    for hit in &window.rows {
        let matched = matched_field(&hit.row.raw_json, &args.query);
        if args.json {
            let (field, value) = matched.unzip();
            let line = json!({
                "provider": hit.provider,
                "id": hit.row.id,
                "name": hit.row.title,
                "matched_field": field,
                "matched": value,
            });
            writeln!(out, "{line}")?;
        } else {
            let matched =
                matched.map_or(String::new(), |(field, value)| format!("{field}: {value}"));
            writeln!(
                out,
                "{:<14} {:<38} {:<32} {matched}",
                hit.provider, hit.row.id, hit.row.title
            )?;
        }
    }
    let total = if query.total_is_capped(window.total) {
        format!("{}+", crate::ui::thousands(window.total - 1))
    } else {
        crate::ui::thousands(window.total)
    };
    writeln!(
        err,
        "{} shown of {total} found · {} ms",
        window.rows.len(),
        elapsed.as_millis()
    )?;
    Ok(())
}

/// `clientele export`: the header (CSV: `provider`, `id`, then the schema's field keys) and one row
/// per customer, streamed to `--output` or standard output. A progress bar shows on a terminal.
pub fn export(data_dir: &Path, args: &ExportArgs) -> color_eyre::Result<u64> {
    let id = provider(&args.provider)?;
    let reader = reader(data_dir)?;
    let out: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(
            std::fs::File::create(path)
                .wrap_err_with(|| format!("cannot write {}", path.display()))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let out = std::io::BufWriter::with_capacity(256 * 1024, out);
    let bar = progress(&reader, id, args)?;
    let written = write_export(&reader, id, args, out, &|n| bar.set_position(n))?;
    bar.finish_and_clear();
    if let Some(path) = &args.output {
        eprintln!("{written} customers of {id} written to {}", path.display());
    }
    Ok(written)
}

/// A bar on a terminal's standard error (its length the customers to write, where known cheaply);
/// nothing otherwise.
fn progress(
    reader: &SqliteReader,
    id: ProviderId,
    args: &ExportArgs,
) -> color_eyre::Result<ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return Ok(ProgressBar::hidden());
    }
    let bar = if args.search.is_none() {
        let total = reader
            .mirror_window(&MirrorQuery {
                provider: Some(id.key().into()),
                limit: 0,
                ..MirrorQuery::default()
            })?
            .total;
        ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr())
    } else {
        ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr())
    };
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} customers {per_sec} {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    Ok(bar)
}

/// Write every customer of the export to `out`; `shown` hears how many so far (every 1,000).
pub fn write_export(
    reader: &dyn Reader,
    id: ProviderId,
    args: &ExportArgs,
    out: impl Write,
    shown: &dyn Fn(u64),
) -> color_eyre::Result<u64> {
    let keys = export_keys(id);
    let query = MirrorQuery {
        provider: Some(id.key().into()),
        text: args.search.clone().filter(|s| !s.trim().is_empty()),
        ..MirrorQuery::default()
    };
    let mut failed: Option<color_eyre::Report> = None;
    let mut written = 0u64;
    match args.format {
        Format::Csv => {
            let mut csv = csv::Writer::from_writer(out);
            let header = ["provider", "id"].into_iter().chain(keys.iter().copied());
            csv.write_record(header)?;
            reader.each_customer(&query, &mut |hit| {
                let result = csv.write_record(csv_row(&hit, &keys));
                step(result.map_err(Into::into), &mut failed, &mut written, shown)
            })?;
            csv.flush()?;
        }
        Format::Json => {
            let mut out = out;
            reader.each_customer(&query, &mut |hit| {
                let customer: Json = serde_json::from_str(&hit.row.raw_json).unwrap_or(Json::Null);
                let line =
                    json!({"provider": hit.provider, "id": hit.row.id, "customer": customer});
                let result = writeln!(out, "{line}");
                step(result.map_err(Into::into), &mut failed, &mut written, shown)
            })?;
            out.flush()?;
        }
    }
    match failed {
        Some(error) => Err(error.wrap_err("the export stopped")),
        None => Ok(written),
    }
}

/// The export's columns after `provider` and `id`: every field key of the provider's schema (the TUI's
/// export of marked customers writes the same).
pub fn export_keys(id: ProviderId) -> Vec<&'static str> {
    crate::providers::spec(id)
        .schema
        .fields
        .iter()
        .map(|f| f.key)
        .collect()
}

/// After one row: count it, or keep the error and stop.
fn step(
    result: color_eyre::Result<()>,
    failed: &mut Option<color_eyre::Report>,
    written: &mut u64,
    shown: &dyn Fn(u64),
) -> bool {
    match result {
        Ok(()) => {
            *written += 1;
            if written.is_multiple_of(1_000) {
                shown(*written);
            }
            true
        }
        Err(error) => {
            *failed = Some(error);
            false
        }
    }
}

/// A customer's CSV row: provider, id, then each schema field as the provider sent it (text as is,
/// numbers and booleans as written, lists and objects as compact JSON, missing as empty).
fn csv_row(hit: &MirrorHit, keys: &[&str]) -> Vec<String> {
    let raw: Json = serde_json::from_str(&hit.row.raw_json).unwrap_or(Json::Null);
    let mut row = vec![hit.provider.clone(), hit.row.id.clone()];
    row.extend(keys.iter().map(|key| match raw.get(*key) {
        None | Some(Json::Null) => String::new(),
        Some(Json::String(text)) => text.clone(),
        Some(other) => other.to_string(),
    }));
    row
}

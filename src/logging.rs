//! Logs go to a file in the data directory, never to the terminal the UI draws on.

use std::path::{Path, PathBuf};

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;

/// Start logging to `data_dir/clientele.log` (level from `CLIENTELE_LOG`, default `info`). Keep the
/// guard alive until exit so buffered lines are written.
pub fn init(data_dir: &Path) -> std::io::Result<(PathBuf, WorkerGuard)> {
    std::fs::create_dir_all(data_dir)?;
    let path = data_dir.join("clientele.log");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)?;
    let (writer, guard) = tracing_appender::non_blocking(file);
    let filter =
        EnvFilter::try_from_env("CLIENTELE_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
        .try_init()
        .map_err(std::io::Error::other)?;
    Ok((path, guard))
}

//! Logs go to a file in the data directory, never to the terminal the UI draws on.
//!
//! Provider text reaches the log (error messages, names), so the log is treated as hostile input to
//! whoever reads it later: every event is written as exactly one line with its control characters
//! escaped (a `\n` in a field cannot forge a line, an ESC or OSC sequence cannot reach a terminal that
//! `cat`s the file), and the file is the user's alone, since it may hold customer data.

use std::fmt;
use std::fs::{DirBuilder, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::util::SubscriberInitExt;

use crate::domain::ApiError;

/// Start logging to `data_dir/clientele.log` (level from `CLIENTELE_LOG`, default `info`). Keep the
/// guard alive until exit so buffered lines are written.
pub fn init(data_dir: &Path) -> io::Result<(PathBuf, WorkerGuard)> {
    let (path, file) = open(data_dir)?;
    let (writer, guard) = tracing_appender::non_blocking(file);
    let filter =
        EnvFilter::try_from_env("CLIENTELE_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    subscriber(writer, filter)
        .try_init()
        .map_err(io::Error::other)?;
    Ok((path, guard))
}

/// The log file for appending, created 0600 in a 0700 directory; an older, more open file or
/// directory is narrowed to those modes.
pub fn open(data_dir: &Path) -> io::Result<(PathBuf, std::fs::File)> {
    DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(data_dir)?;
    std::fs::set_permissions(data_dir, std::fs::Permissions::from_mode(0o700))?;
    let path = data_dir.join("clientele.log");
    let file = OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(&path)?;
    file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    Ok((path, file))
}

/// The subscriber `init` installs, writing one escaped line per event to `writer`.
pub fn subscriber<W>(writer: W, filter: EnvFilter) -> impl tracing::Subscriber + Send + Sync
where
    W: for<'a> MakeWriter<'a> + Send + Sync + 'static,
{
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(OneLine(writer))
        .with_ansi(false)
        .finish()
}

/// An error as logged at info and warn: its kind and status only. Its message is often the provider's
/// own words from the response body (customer names, e-mails); that goes to the debug level, where
/// callers log the whole error.
pub fn brief(error: &ApiError) -> impl fmt::Display + '_ {
    struct Brief<'a>(&'a ApiError);
    impl fmt::Display for Brief<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.0.kind.label())?;
            match self.0.status {
                Some(status) => write!(f, " ({status})"),
                None => Ok(()),
            }
        }
    }
    Brief(error)
}

/// Makes writers that hold an event's text and write it, escaped, as one line when dropped.
struct OneLine<M>(M);

impl<'a, M: MakeWriter<'a>> MakeWriter<'a> for OneLine<M> {
    type Writer = EscapedLine<M::Writer>;

    fn make_writer(&'a self) -> Self::Writer {
        EscapedLine {
            inner: self.0.make_writer(),
            line: Vec::new(),
        }
    }

    fn make_writer_for(&'a self, meta: &tracing::Metadata<'_>) -> Self::Writer {
        EscapedLine {
            inner: self.0.make_writer_for(meta),
            line: Vec::new(),
        }
    }
}

/// One event's text: the formatter writes it (in one or more pieces), dropping writes it out.
struct EscapedLine<W: Write> {
    inner: W,
    line: Vec<u8>,
}

impl<W: Write> Write for EscapedLine<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.line.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<W: Write> Drop for EscapedLine<W> {
    fn drop(&mut self) {
        if self.line.is_empty() {
            return;
        }
        let line = escape_line(&String::from_utf8_lossy(&self.line));
        // A log line that cannot be written has nowhere else to go.
        let _ = self.inner.write_all(line.as_bytes());
        let _ = self.inner.flush();
    }
}

/// `text` as one line ending in `\n`: control characters (C0, C1, DEL) and the characters that break
/// or reorder lines in a viewer (line/paragraph separators, bidi controls) become `\n`, `\u{1b}`…
fn escape_line(text: &str) -> String {
    let body = text.strip_suffix('\n').unwrap_or(text);
    let mut line = String::with_capacity(body.len() + 1);
    for c in body.chars() {
        match c {
            '\n' => line.push_str("\\n"),
            '\r' => line.push_str("\\r"),
            '\t' => line.push_str("\\t"),
            c if c.is_control()
                || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') =>
            {
                line.push_str(&format!("\\u{{{:x}}}", c as u32));
            }
            c => line.push(c),
        }
    }
    line.push('\n');
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_event_is_one_escaped_line_in_a_private_file() {
        let dir = tempfile::tempdir().unwrap();
        let data_dir = dir.path().join("data");
        let (path, file) = open(&data_dir).unwrap();
        let (writer, guard) = tracing_appender::non_blocking(file);
        let hostile =
            "refused\u{1b}]0;owned\u{7}\u{1b}[2J\n2026-11-30T16:00:00Z  INFO forged: all fine\r";
        tracing::subscriber::with_default(subscriber(writer, EnvFilter::new("info")), || {
            tracing::warn!(error = %hostile, "call failed");
            tracing::info!("next event");
        });
        drop(guard);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}') && !text.contains('\r'),
            "{text:?}"
        );
        assert_eq!(text.lines().count(), 2, "one line per event: {text:?}");
        assert!(
            text.lines().next().unwrap().contains(
                "refused\\u{1b}]0;owned\\u{7}\\u{1b}[2J\\n2026-11-30T16:00:00Z  INFO forged"
            ),
            "{text:?}"
        );
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&data_dir), 0o700);
    }

    #[test]
    fn an_older_world_readable_log_is_narrowed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("clientele.log");
        std::fs::write(&path, "old\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        open(dir.path()).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(dir.path()), 0o700);
    }
}

//! Subcommands of the `clientele` command that do more than print a path: their code lives here, so
//! `main.rs` only wires arguments to them.

pub mod journal;
pub mod search;
pub mod sync;
mod sync_figures;

/// The command line was used wrongly (a bad `--since`, for one): one line on standard error, exit 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// clientele cannot start as asked, for a reason the user can fix (no terminal, a port in use): one
/// line on standard error, exit 1, never a report with source locations.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct CannotStart(pub String);

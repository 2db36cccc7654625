//! How the mirror reads on screen: its sync's mark in a tab title, where the rows come from and how
//! old the mirror is in the status line, and each provider's sync in the status view.

use ratatui::text::Line;

use super::{theme, thousands};
use crate::app::{App, Tab};
use crate::store::PassKind;
use crate::worker::mirror::{SyncPhase, SyncStatus};

/// The tab title's mark while a sync pages: `↻41%` of a full pass whose total is known, `↻` without
/// a total or for an incremental pass (its count is of changes, not of customers; the status line and
/// view give the counts).
pub fn title_mark(status: &SyncStatus) -> Option<String> {
    match &status.phase {
        SyncPhase::Syncing {
            kind: PassKind::Full,
            customers,
            total: Some(total),
            ..
        } if *total > 0 => Some(format!("↻{}%", percent(*customers, *total))),
        SyncPhase::Syncing { .. } => Some("↻".into()),
        SyncPhase::Offline => Some("offline".into()),
        SyncPhase::Failed { .. } if status.synced_ms.is_some() => Some("stale".into()),
        _ => None,
    }
}

/// The status line while the table shows the mirror: what it holds (or what the search found and how
/// fast), how fresh it is, the sort and the row. "mirror · 1,000,000 customers · synced 4 min ago",
/// "mirror: 37 of 1,000,000 · 4 ms · synced 4 min ago · by Name ↑ · row 3".
pub fn view_status(tab: &Tab, now_ms: i64) -> String {
    let view = &tab.mirror;
    let mirrored = tab.sync.as_ref().map_or(0, |s| s.mirrored);
    let total = view.total.unwrap_or(mirrored);
    let mut parts = Vec::new();
    let state = tab.sync.as_ref().map(|s| &s.phase);
    match state {
        Some(SyncPhase::Offline) => parts.push("mirror · offline".to_string()),
        Some(SyncPhase::Failed { .. }) => parts.push(format!(
            "mirror · stale: {} unreachable",
            tab.provider.display_name()
        )),
        _ => {}
    }
    let searching = !view.text.trim().is_empty();
    let found = match (searching, view.elapsed_ms) {
        (true, Some(ms)) => format!(
            "mirror: {} of {} · {ms} ms",
            thousands(total),
            thousands(mirrored.max(total))
        ),
        (true, None) => format!("mirror: searching {}", thousands(mirrored)),
        (false, _) => format!("{} customers", thousands(total)),
    };
    match (parts.is_empty(), searching) {
        (true, false) => parts.push(format!("mirror · {found}")),
        _ => parts.push(found),
    }
    if let Some(status) = &tab.sync {
        parts.push(match status.synced_ms {
            Some(at) => format!("synced {}", ago(now_ms, at)),
            None => "never synced".into(),
        });
    }
    if let Some(sort) = &view.sort {
        let label = tab
            .columns
            .iter()
            .find(|c| c.key == sort.column)
            .map_or(sort.column.as_str(), |c| c.label);
        let arrow = match sort.direction {
            crate::store::SortDirection::Ascending => "↑",
            crate::store::SortDirection::Descending => "↓",
        };
        parts.push(format!("by {label} {arrow}"));
    }
    if total > 0 {
        parts.push(format!("row {}", thousands(view.selected + 1)));
    }
    format!(" {}", parts.join(" · "))
}

/// Whole percent, never 100 before the end.
fn percent(done: u64, total: u64) -> u64 {
    (done.saturating_mul(100) / total.max(1)).min(99)
}

/// "mirror: 3,000 customers, synced 4 min ago", "mirror: syncing 41%", "mirror stale, synced 2 h ago".
pub fn source_text(status: &SyncStatus, now_ms: i64) -> String {
    let synced = match status.synced_ms {
        Some(at) => format!("synced {}", ago(now_ms, at)),
        None => "never synced".into(),
    };
    match &status.phase {
        SyncPhase::Syncing {
            kind: PassKind::Full,
            customers,
            total: Some(total),
            ..
        } if *total > 0 => format!("mirror: syncing {}%", percent(*customers, *total)),
        SyncPhase::Syncing {
            kind: PassKind::Full,
            customers,
            ..
        } => format!("mirror: syncing, {} so far", thousands(*customers)),
        SyncPhase::Syncing { .. } => format!(
            "mirror: {} customers, updating (last {synced})",
            thousands(status.mirrored)
        ),
        SyncPhase::Idle => format!("mirror: {} customers, {synced}", thousands(status.mirrored)),
        // Why is in the status view; here, that the mirror is behind and by how much.
        SyncPhase::Failed { .. } => format!("mirror stale, {synced}"),
        SyncPhase::Offline => format!("mirror offline, {synced}"),
    }
}

/// "just now", "4 min ago", "2 h ago", "3 days ago".
pub fn ago(now_ms: i64, at_ms: i64) -> String {
    let seconds = (now_ms - at_ms).max(0) / 1000;
    match seconds {
        0..60 => "just now".into(),
        60..3600 => format!("{} min ago", seconds / 60),
        3600..86_400 => format!("{} h ago", seconds / 3600),
        _ => format!("{} days ago", seconds / 86_400),
    }
}

/// "3 h 2 min", "4 min", "12 s".
fn duration(seconds: u64) -> String {
    match (seconds / 3600, (seconds % 3600) / 60) {
        (0, 0) => format!("{seconds} s"),
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

/// The status view's section: one or two lines per tab.
pub fn status_lines(app: &App) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled(
        "Mirror (kept in sync in the background)",
        theme::header(),
    )];
    for tab in &app.tabs {
        let name = tab.provider.display_name();
        let Some(status) = &tab.sync else {
            lines.push(Line::styled(
                format!("  {name:<17} not mirrored"),
                theme::muted(),
            ));
            continue;
        };
        let synced = match status.synced_ms {
            Some(at) => format!("synced {}", ago(app.clock_ms, at)),
            None => "never synced".into(),
        };
        match &status.phase {
            SyncPhase::Syncing {
                kind,
                customers,
                total,
                requests,
                rate_limited,
                per_second,
            } => {
                let so_far = match total {
                    Some(total) if *total > 0 && *kind == PassKind::Full => format!(
                        "{} of {} ({}%)",
                        thousands(*customers),
                        thousands(*total),
                        percent(*customers, *total)
                    ),
                    _ if *kind == PassKind::Incremental => {
                        format!("{} changed so far", thousands(*customers))
                    }
                    _ => format!("{} so far", thousands(*customers)),
                };
                lines.push(Line::raw(format!(
                    "  {name:<17} {} pass: {so_far}",
                    kind.as_str()
                )));
                let eta = match total {
                    Some(total) if *kind == PassKind::Full && *per_second > 0.0 => {
                        let left = total.saturating_sub(*customers) as f64 / per_second;
                        format!(" · ETA {}", duration(left.round() as u64))
                    }
                    _ => String::new(),
                };
                let style = if *rate_limited > 0 {
                    theme::error()
                } else {
                    theme::muted()
                };
                lines.push(Line::styled(
                    format!(
                        "    {} requests · {} customers/s{eta} · {} × 429",
                        thousands(*requests),
                        thousands(per_second.round() as u64),
                        rate_limited
                    ),
                    style,
                ));
            }
            SyncPhase::Idle => lines.push(Line::raw(format!(
                "  {name:<17} {} customers · {synced}",
                thousands(status.mirrored)
            ))),
            SyncPhase::Offline => lines.push(Line::raw(format!(
                "  {name:<17} offline · {} customers · {synced}",
                thousands(status.mirrored)
            ))),
            SyncPhase::Failed { error } => {
                lines.push(Line::styled(
                    format!("  {name:<17} stale · {synced}"),
                    theme::error(),
                ));
                lines.push(Line::styled(
                    format!("    {error} · trying again"),
                    theme::muted(),
                ));
            }
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_read_in_the_largest_whole_unit() {
        assert_eq!(ago(10_000, 9_000), "just now");
        assert_eq!(ago(4 * 60_000 + 5, 0), "4 min ago");
        assert_eq!(ago(2 * 3_600_000, 0), "2 h ago");
        assert_eq!(ago(3 * 86_400_000, 0), "3 days ago");
        // A clock that went back never reads as the future.
        assert_eq!(ago(0, 5_000), "just now");
    }

    #[test]
    fn a_pass_never_reads_100_percent_before_it_ends() {
        assert_eq!(percent(999_999, 1_000_000), 99);
        assert_eq!(percent(410, 1000), 41);
        assert_eq!(duration(3 * 3600 + 120), "3 h 2 min");
        assert_eq!(duration(12), "12 s");
    }
}

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};

use super::{theme, thousands};
use crate::app::{App, Tab};

/// Left: where you are in the list, or the last error. Right: the keys that get you further.
pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let hints = Line::from(vec![
        Span::styled("?", theme::key()),
        Span::raw(" help  "),
        Span::styled("q", theme::key()),
        Span::raw(" quit "),
    ])
    .right_aligned();
    let [left, right] =
        Layout::horizontal([Constraint::Min(1), Constraint::Length(hints.width() as u16)])
            .areas(area);
    let status = match app.active_tab() {
        Some(tab) => match &tab.error {
            Some(error) if tab.page().is_some() => {
                Line::styled(format!(" {error} · r retry"), theme::error())
            }
            _ => Line::raw(format!(" {}", position(tab))),
        },
        None => Line::default(),
    };
    frame.render_widget(status, left);
    frame.render_widget(hints, right);
}

/// "page 3 of 50 · 101–150 of 4,912" where the API tells totals, "page 3 · more" where it does not.
pub fn position(tab: &Tab) -> String {
    let Some(page) = tab.page() else {
        return String::new();
    };
    let index = tab.page_index() as u64;
    let number = index + 1;
    match page.totals {
        Some(totals) => {
            let first = index * u64::from(tab.page_size) + 1;
            let last = first + page.records.len() as u64 - 1;
            if page.records.is_empty() {
                format!(
                    "page {number} of {} · none of {}",
                    totals.pages.max(1),
                    thousands(totals.records)
                )
            } else {
                format!(
                    "page {number} of {} · {}–{} of {}",
                    totals.pages.max(1),
                    thousands(first),
                    thousands(last),
                    thousands(totals.records)
                )
            }
        }
        None if page.next.is_some() => {
            format!("page {number} · {} rows · more", page.records.len())
        }
        None => format!("page {number} · {} rows · last page", page.records.len()),
    }
}

//! The journal of writes: when, which provider and customer, what, how it ended; below, the selected
//! write's fields before and after, and the provider's words.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Clear, Paragraph, Row, Table, Wrap};

use super::{centered, theme, visible};
use crate::app::JournalView;
use crate::domain::ProviderId;
use crate::providers::decode::format_unix;
use crate::store::{Entry, Outcome};

pub fn draw(frame: &mut Frame, view: &JournalView) {
    let screen = frame.area();
    let area = centered(
        screen,
        screen.width.saturating_sub(4),
        screen.height.saturating_sub(2),
    );
    frame.render_widget(Clear, area);
    let entries = match &view.entries {
        Ok(entries) => entries.as_slice(),
        Err(error) => {
            let block = titled(" Journal · Esc closes ");
            let text = Paragraph::new(format!("The journal could not be read: {error}"))
                .style(theme::error())
                .block(block);
            frame.render_widget(text, area);
            return;
        }
    };
    let unknown = entries
        .iter()
        .filter(|e| e.outcome == Some(Outcome::Unknown))
        .count();
    let title = format!(
        " Journal · {} write{}{} · Esc closes ",
        entries.len(),
        if entries.len() == 1 { "" } else { "s" },
        if unknown > 0 {
            format!(" · {unknown} outcome unknown: c checks")
        } else {
            String::new()
        }
    );
    let [list_area, detail_area] =
        Layout::vertical([Constraint::Percentage(60), Constraint::Min(5)]).areas(area);
    let visible = list_area.height.saturating_sub(3) as usize;
    // 80 columns cannot hold the full time and a readable customer: the list shows the day and minute
    // then, and the detail below says the rest in full.
    let narrow = list_area.width < 104;
    let first = view.selected.saturating_sub(visible.saturating_sub(1));
    let header = ["time (UTC)", "provider", "customer", "write", "outcome"];
    let shown: Vec<(usize, [String; 5])> = entries
        .iter()
        .enumerate()
        .skip(first)
        .take(visible)
        .map(|(index, entry)| {
            let outcome = entry.outcome.map_or("in flight", Outcome::label);
            (
                index,
                [
                    time(entry, narrow),
                    provider(entry),
                    customer(entry),
                    entry.operation.clone(),
                    outcome.to_string(),
                ],
            )
        })
        .collect();
    // Every column but the customer's is as wide as its widest cell, so an outcome or an operation is
    // never cut; the customer's shrinks when the width is short (and the detail below names it in full).
    let widest = |column: usize| {
        let widest = shown
            .iter()
            .map(|(_, cells)| cells[column].chars().count())
            .chain([header[column].chars().count()])
            .max()
            .unwrap_or(0);
        u16::try_from(widest).unwrap_or(u16::MAX)
    };
    let fit = |column: usize| Constraint::Length(widest(column));
    let widths = [fit(0), fit(1), Constraint::Max(widest(2)), fit(3), fit(4)];
    let rows = shown.into_iter().map(|(index, cells)| {
        let style = if index == view.selected {
            theme::selected_row()
        } else {
            outcome_style(entries[index].outcome)
        };
        Row::new(cells.map(Cell::from)).style(style)
    });
    let header = Row::new(header).style(theme::header());
    let empty = entries.is_empty();
    let block = titled(&title);
    if empty {
        let text = if view.loading.is_some() {
            "Reading the journal…"
        } else {
            "No writes yet: every create, edit and action is recorded here before it is sent."
        };
        frame.render_widget(
            Paragraph::new(text).wrap(Wrap { trim: true }).block(block),
            list_area,
        );
    } else {
        frame.render_widget(
            Table::new(rows, widths).header(header).block(block),
            list_area,
        );
    }
    let detail = view.selected_entry().map(detail_lines).unwrap_or_default();
    frame.render_widget(
        Paragraph::new(detail).wrap(Wrap { trim: false }).block(
            Block::default()
                .borders(Borders::ALL)
                .title(" What it changed "),
        ),
        detail_area,
    );
}

fn titled(title: &str) -> Block<'static> {
    Block::default()
        .borders(Borders::ALL)
        .title(Line::styled(title.to_string(), theme::title()))
}

/// When a write started, in UTC: `2026-11-30 09:15:00`, or `11-30 09:15` when narrow.
fn time(entry: &Entry, narrow: bool) -> String {
    let full = format_unix(entry.started_ms.div_euclid(1000));
    if narrow {
        full.get(5..16).unwrap_or(&full).to_string()
    } else {
        full
    }
}

/// The provider as its tab names it.
fn provider(entry: &Entry) -> String {
    ProviderId::from_key(&entry.provider)
        .map_or_else(|| entry.provider.clone(), |p| p.short_name().to_string())
}

fn customer(entry: &Entry) -> String {
    let text = match &entry.customer {
        // The name first: it is what a person recognises; the id follows for the record.
        Some(id) => format!("{} #{id}", entry.title),
        None => format!("(new) {}", entry.title),
    };
    // Provider data: hidden characters shown as escapes.
    visible::text(&text).into_owned()
}

fn outcome_style(outcome: Option<Outcome>) -> Style {
    match outcome {
        Some(Outcome::Refused | Outcome::Unknown) | None => theme::error(),
        Some(Outcome::Accepted) => theme::key(),
        Some(Outcome::Done) => Style::new(),
    }
}

fn detail_lines(entry: &Entry) -> Vec<Line<'static>> {
    // In full what the list may have shortened.
    let mut lines = vec![Line::styled(
        format!(
            "{} UTC · {} · {} · {}",
            format_unix(entry.started_ms.div_euclid(1000)),
            ProviderId::from_key(&entry.provider)
                .map_or_else(|| entry.provider.clone(), |p| p.display_name().to_string()),
            entry.operation,
            customer(entry)
        ),
        theme::muted(),
    )];
    let changes: Vec<Line<'static>> = entry
        .diff()
        .into_iter()
        .map(|(key, before, after)| {
            Line::from(vec![
                Span::styled(format!("{key}: "), theme::header()),
                Span::styled(
                    if before.is_empty() {
                        "—".into()
                    } else {
                        visible::text(&before).into_owned()
                    },
                    theme::muted(),
                ),
                Span::raw(" → "),
                Span::raw(if after.is_empty() {
                    "—".into()
                } else {
                    visible::text(&after).into_owned()
                }),
            ])
        })
        .collect();
    if changes.is_empty() {
        lines.push(Line::from("(no field values)"));
    }
    lines.extend(changes);
    let label = entry.outcome.map_or("in flight", Outcome::label);
    lines.push(Line::styled(
        match &entry.message {
            Some(message) => format!("{label}: {}", visible::text(message)),
            None => label.to_string(),
        },
        outcome_style(entry.outcome),
    ));
    lines
}

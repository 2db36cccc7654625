//! The journal of writes: when, which provider and customer, what, how it ended; below, the selected
//! write's fields before and after, and the provider's words.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Clear, Paragraph, Row, Table, Wrap};

use super::{centered, theme};
use crate::app::JournalView;
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
    let first = view.selected.saturating_sub(visible.saturating_sub(1));
    let rows = entries
        .iter()
        .enumerate()
        .skip(first)
        .take(visible)
        .map(|(index, entry)| {
            let style = if index == view.selected {
                theme::selected_row()
            } else {
                outcome_style(entry.outcome)
            };
            Row::new([
                Cell::from(format_unix(entry.started_ms / 1000)),
                Cell::from(entry.provider.clone()),
                Cell::from(customer(entry)),
                Cell::from(entry.operation.clone()),
                Cell::from(entry.outcome.map_or("in flight", Outcome::label)),
            ])
            .style(style)
        });
    let header =
        Row::new(["time (UTC)", "provider", "customer", "write", "outcome"]).style(theme::header());
    let widths = [
        Constraint::Length(19),
        Constraint::Length(13),
        Constraint::Min(16),
        Constraint::Length(14),
        Constraint::Length(22),
    ];
    let empty = entries.is_empty();
    let block = titled(&title);
    if empty {
        let text = if view.loading.is_some() {
            "Reading the journal…"
        } else {
            "No writes yet: every create, edit and action is recorded here before it is sent."
        };
        frame.render_widget(Paragraph::new(text).block(block), list_area);
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

fn customer(entry: &Entry) -> String {
    match &entry.customer {
        // The name first: it is what a person recognises; the id follows for the record.
        Some(id) => format!("{} #{id}", entry.title),
        None => format!("(new) {}", entry.title),
    }
}

fn outcome_style(outcome: Option<Outcome>) -> Style {
    match outcome {
        Some(Outcome::Refused | Outcome::Unknown) | None => theme::error(),
        Some(Outcome::Accepted) => theme::key(),
        Some(Outcome::Done) => Style::new(),
    }
}

fn detail_lines(entry: &Entry) -> Vec<Line<'static>> {
    let mut lines: Vec<Line<'static>> = entry
        .diff()
        .into_iter()
        .map(|(key, before, after)| {
            Line::from(vec![
                Span::styled(format!("{key}: "), theme::header()),
                Span::styled(
                    if before.is_empty() {
                        "—".into()
                    } else {
                        before
                    },
                    theme::muted(),
                ),
                Span::raw(" → "),
                Span::raw(if after.is_empty() {
                    "—".into()
                } else {
                    after
                }),
            ])
        })
        .collect();
    if lines.is_empty() {
        lines.push(Line::from("(no field values)"));
    }
    if let Some(message) = &entry.message {
        lines.push(Line::styled(
            format!(
                "{}: {message}",
                entry.outcome.map_or("in flight", Outcome::label)
            ),
            outcome_style(entry.outcome),
        ));
    }
    lines
}

//! The customer table of the active tab, or what stands in for it (loading, error, not configured).

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Text};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, Wrap};

use super::{spinner, theme};
use crate::app::Tab;

pub fn draw(frame: &mut Frame, area: Rect, tab: &Tab, ticks: u64) {
    let block = Block::default().borders(Borders::TOP).title(Line::styled(
        format!(" {} customers ", tab.provider.display_name()),
        theme::title(),
    ));
    let Some(page) = tab.page() else {
        let message = if let Some(problem) = &tab.unavailable {
            vec![
                Line::styled(
                    format!("{} is not available.", tab.provider.display_name()),
                    theme::error(),
                ),
                Line::raw(problem.clone()),
                Line::styled(
                    "Fix the configuration and restart; the other tabs work meanwhile.",
                    theme::muted(),
                ),
            ]
        } else if let Some(error) = &tab.error {
            vec![
                Line::styled(format!("Could not load customers: {error}"), theme::error()),
                Line::styled("Press r to try again.", theme::muted()),
            ]
        } else {
            vec![Line::raw(format!(
                "{} Loading customers from {}…",
                spinner(ticks),
                tab.provider.display_name()
            ))]
        };
        let paragraph = Paragraph::new(Text::from(message))
            .block(block)
            .wrap(Wrap { trim: true });
        frame.render_widget(paragraph, area);
        return;
    };
    if page.records.is_empty() {
        let paragraph = Paragraph::new("No customers on this page.").block(block);
        frame.render_widget(paragraph, area);
        return;
    }

    let columns = fitting_columns(tab, area.width);
    let header = Row::new(columns.iter().map(|c| Cell::from(c.label))).style(theme::header());
    // Only the rows that fit are built: the selection decides which window of the page is visible.
    let visible = area.height.saturating_sub(2).max(1) as usize;
    let first = tab.selected.saturating_sub(visible - 1);
    let rows = page
        .records
        .iter()
        .enumerate()
        .skip(first)
        .take(visible)
        .map(|(index, record)| {
            let row = Row::new(columns.iter().map(|column| {
                let text = match column.kind {
                    crate::domain::FieldKind::Enum(options) => {
                        let code = record.text(column.key);
                        options
                            .iter()
                            .find(|(c, _)| *c == code)
                            .map_or(code, |(_, label)| (*label).to_string())
                    }
                    _ => record.text(column.key),
                };
                Cell::from(text)
            }));
            if index == tab.selected {
                row.style(theme::selected_row())
            } else {
                row
            }
        });
    let widths = columns
        .iter()
        .map(|c| Constraint::Length(c.column.unwrap_or(10)));
    let table = Table::new(rows, widths)
        .header(header)
        .block(block)
        .column_spacing(1);
    frame.render_widget(table, area);
}

/// The default columns that fit in `width`, in schema order: a narrow terminal drops the last columns
/// rather than squeezing every one into illegibility.
fn fitting_columns(tab: &Tab, width: u16) -> Vec<&'static crate::domain::FieldSpec> {
    let mut used = 0u16;
    let mut columns = Vec::new();
    for column in tab.spec.schema.columns() {
        let needed = column.column.unwrap_or(10) + u16::from(!columns.is_empty());
        if !columns.is_empty() && used + needed > width {
            break;
        }
        used += needed;
        columns.push(column);
    }
    columns
}

pub fn draw_no_providers(frame: &mut Frame, area: Rect, origin: &str) {
    let text = vec![
        Line::styled("No provider is enabled.", theme::error()),
        Line::raw(format!(
            "Enable one in {origin}, or run `clientele --demo` to try the sandbox."
        )),
    ];
    frame.render_widget(
        Paragraph::new(text).block(Block::default().borders(Borders::TOP)),
        area,
    );
}

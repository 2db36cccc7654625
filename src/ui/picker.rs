//! The column picker: the table's columns in order, ticked, then the provider's other fields.

use ratatui::Frame;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::theme;
use crate::app::{App, ColumnPicker, picker_fields};

pub fn draw(frame: &mut Frame, app: &App, picker: &ColumnPicker) {
    let Some(tab) = app.active_tab() else {
        return;
    };
    let fields = picker_fields(tab);
    let width = fields
        .iter()
        .map(|f| f.label.chars().count() as u16 + 8)
        .max()
        .unwrap_or(20)
        .max(54);
    let area = super::centered(frame.area(), width, fields.len() as u16 + 2);
    let rows = area.height.saturating_sub(2) as usize;
    let first = super::records::window_start(picker.cursor, rows);
    let lines: Vec<Line> = fields
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .map(|(index, field)| {
            let shown = tab.columns.iter().any(|c| c.key == field.key);
            let style = if index == picker.cursor {
                theme::selected_row()
            } else {
                Style::new()
            };
            Line::styled(
                format!(" [{}] {}", if shown { "x" } else { " " }, field.label),
                style,
            )
        })
        .collect();
    let block = Block::default().borders(Borders::ALL).title(Line::styled(
        " Columns · Enter shows/hides · K/J move · Esc saves ",
        theme::title(),
    ));
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

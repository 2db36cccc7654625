//! The command palette: its input on top, the entries that match below, each with its key.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::{theme, visible};
use crate::app::Palette;

/// Entries shown at most (the rest: type more).
const SHOWN: usize = 12;

pub fn draw(frame: &mut Frame, palette: &Palette) {
    let screen = frame.area();
    let width = screen.width.saturating_sub(4).min(72);
    let shown = palette.entries.len().clamp(1, SHOWN);
    let height = (shown as u16 + 4).min(screen.height.saturating_sub(2));
    let area = Rect {
        x: screen.x + (screen.width - width) / 2,
        y: screen.y + 1,
        width,
        height,
    };
    frame.render_widget(Clear, area);
    let inner_width = width.saturating_sub(2) as usize;
    let mut lines = vec![
        Line::from(vec![
            Span::styled(":", theme::key()),
            Span::raw(visible::text(palette.input.value()).into_owned()),
        ]),
        Line::styled("─".repeat(inner_width), theme::muted()),
    ];
    if let Some(error) = &palette.mirror.error {
        lines.push(Line::styled(
            format!(" {}", visible::text(error)),
            theme::error(),
        ));
    }
    if palette.entries.is_empty() {
        lines.push(Line::styled(
            " nothing matches: a customer id, page N, find QUERY, a tab or an action's name",
            theme::muted(),
        ));
    }
    let first = super::records::window_start(palette.selected, shown);
    for (index, entry) in palette.entries.iter().enumerate().skip(first).take(shown) {
        let style = if index == palette.selected {
            theme::selected_row()
        } else {
            Style::new()
        };
        let key = entry.key.as_str();
        let room = inner_width.saturating_sub(key.chars().count() + 2);
        let label: String = visible::text(&entry.label).chars().take(room).collect();
        let pad = room.saturating_sub(label.chars().count());
        lines.push(Line::from(vec![
            Span::styled(format!(" {label}{}", " ".repeat(pad)), style),
            Span::styled(format!("{key} "), theme::key()),
        ]));
    }
    let block = Block::default().borders(Borders::ALL).title(Line::styled(
        " Go to or run · Tab completes · Enter goes · Esc closes ",
        theme::title(),
    ));
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

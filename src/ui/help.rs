use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::{centered, theme};
use crate::app::{Action, App, Mode};

/// The keys bound in `mode` (the view help was opened from), one line per action, read from the keymap
/// so it never lies.
pub fn draw(frame: &mut Frame, app: &App, mode: Mode) {
    let mut actions: Vec<(Action, Vec<String>)> = Vec::new();
    for (key, action) in app.keymap.bindings(mode) {
        // The five tab keys read better as one line.
        let action = match action {
            Action::SelectTab(_) => Action::SelectTab(0),
            other => other,
        };
        match actions.iter_mut().find(|(a, _)| *a == action) {
            Some((_, keys)) => keys.push(key.label()),
            None => actions.push((action, vec![key.label()])),
        }
    }
    let mut lines: Vec<Line> = actions
        .iter()
        .map(|(action, keys)| {
            let keys = if matches!(action, Action::SelectTab(_)) {
                format!("1–{}", app.tabs.len().max(1))
            } else {
                keys.join(" ")
            };
            Line::from(vec![
                Span::styled(format!(" {keys:>16} "), theme::key()),
                Span::raw(action.describe()),
            ])
        })
        .collect();
    lines.push(Line::default());
    lines.push(Line::styled(
        format!(" config: {}", app.config_origin),
        theme::muted(),
    ));
    lines.push(Line::styled(" Esc or ? closes this help", theme::muted()));

    let area = centered(frame.area(), 60, lines.len() as u16 + 2);
    frame.render_widget(Clear, area);
    let block = Block::default().borders(Borders::ALL).title(Line::styled(
        format!(" Keys · {} ", mode.key()),
        theme::title(),
    ));
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

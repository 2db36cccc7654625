use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::theme;
use crate::app::{Action, App, Mode};

/// The keys bound in the browse view, one line per action, read from the keymap so it never lies.
pub fn draw(frame: &mut Frame, app: &App) {
    let mut actions: Vec<(Action, Vec<String>)> = Vec::new();
    for (key, action) in app.keymap.bindings(Mode::Browse) {
        // The five tab keys read better as one line.
        let action = match action {
            Action::SelectTab(_) => Action::SelectTab(0),
            other => *other,
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

    let height = (lines.len() as u16 + 2).min(frame.area().height);
    let [area] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(frame.area());
    let [area] = Layout::horizontal([Constraint::Length(56.min(frame.area().width))])
        .flex(Flex::Center)
        .areas(area);
    frame.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Line::styled(" Keys ", theme::title()));
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::{centered, theme};
use crate::app::{Action, App, Mode};

/// The keys bound in `mode` (the view help was opened from), one entry per action, read from the
/// keymap so it never lies. Two columns when one does not fit the terminal's height.
pub fn draw(frame: &mut Frame, app: &App, mode: Mode) {
    let mut actions: Vec<(Action, Vec<String>)> = Vec::new();
    // What does nothing here (read-only writes, orders where the provider has none) is not offered.
    for (key, action) in app.keymap.bindings(mode).filter(|(_, a)| app.offers(*a)) {
        // The five tab keys read better as one entry.
        let action = match action {
            Action::SelectTab(_) => Action::SelectTab(0),
            other => other,
        };
        match actions.iter_mut().find(|(a, _)| *a == action) {
            Some((_, keys)) => keys.push(key.label()),
            None => actions.push((action, vec![key.label()])),
        }
    }
    let entries: Vec<(String, &str)> = actions
        .iter()
        .map(|(action, keys)| {
            let keys = if matches!(action, Action::SelectTab(_)) {
                format!("1–{}", app.tabs.len().max(1))
            } else {
                keys.join(" ")
            };
            (keys, app.describe(*action))
        })
        .collect();
    let screen = frame.area();
    let footer = 3;
    let fits_one = entries.len() + footer + 2 <= screen.height as usize;
    let columns = if fits_one { 1 } else { 2 };
    let rows = entries.len().div_ceil(columns);
    let column_width = 36usize;
    let mut lines: Vec<Line> = (0..rows)
        .map(|row| {
            let mut spans = Vec::new();
            for column in 0..columns {
                if let Some((keys, what)) = entries.get(column * rows + row) {
                    let keys = format!("{keys:>12} ");
                    let what = format!("{what:<width$.width$}", width = column_width - 13);
                    spans.push(Span::styled(keys, theme::key()));
                    spans.push(Span::raw(what));
                }
            }
            Line::from(spans)
        })
        .collect();
    lines.push(Line::default());
    lines.push(Line::styled(
        format!(" config: {}", app.config_origin),
        theme::muted(),
    ));
    let close: Vec<String> = app
        .keymap
        .bindings(Mode::Help)
        .filter(|(_, a)| matches!(a, Action::Close | Action::ToggleHelp))
        .map(|(key, _)| key.label())
        .collect();
    lines.push(Line::styled(
        format!(" {} closes this help", either(&close)),
        theme::muted(),
    ));

    let width = (column_width * columns + 2) as u16;
    let area = centered(screen, width.max(40), lines.len() as u16 + 2);
    frame.render_widget(Clear, area);
    let block = Block::default().borders(Borders::ALL).title(Line::styled(
        format!(" Keys · {} ", mode.key()),
        theme::title(),
    ));
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// Every key bound to `action` in `mode`, as help writes them, joined by `/` (`n/Esc`): for the
/// hints inside dialogs, so they follow the keymap too.
pub fn keys_of(app: &App, mode: Mode, action: Action) -> String {
    let keys: Vec<String> = app
        .keymap
        .bindings(mode)
        .filter(|(_, bound)| *bound == action)
        .map(|(key, _)| key.label())
        .collect();
    keys.join("/")
}

/// `Esc, q or ?`.
fn either(keys: &[String]) -> String {
    match keys {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

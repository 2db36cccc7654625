//! Small dialogs over the screen: the yes/no confirmation and the record actions menu.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::{centered, theme, visible};
use crate::app::{Action, ActionMenu, App, Confirm, CopyMenu, Mode};

pub fn confirm(frame: &mut Frame, app: &App, confirm: &Confirm) {
    let keys = |action| super::help::keys_of(app, Mode::Confirm, action);
    let (yes, no) = if confirm.yes {
        (theme::tab_active(), theme::muted())
    } else {
        (theme::muted(), theme::tab_active())
    };
    let lines = vec![
        Line::raw(visible::text(&confirm.question).into_owned()),
        Line::default(),
        Line::from(vec![
            Span::styled(" No ", no),
            Span::raw("   "),
            Span::styled(" Yes ", yes),
            Span::styled(
                format!("    {} no · {} yes", keys(Action::No), keys(Action::Yes)),
                theme::muted(),
            ),
        ]),
    ];
    let width = (confirm.question.chars().count() as u16 + 4).clamp(50, 90);
    let area = centered(frame.area(), width, 6);
    frame.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Line::styled(" Are you sure? ", theme::error()));
    frame.render_widget(
        Paragraph::new(lines).block(block).wrap(Wrap { trim: true }),
        area,
    );
}

pub fn actions(frame: &mut Frame, app: &App, menu: &ActionMenu) {
    let title = app
        .active_tab()
        .map_or_else(String::new, |t| menu.record.title(&t.spec.schema));
    let mut lines: Vec<Line> = menu
        .actions
        .iter()
        .enumerate()
        .map(|(index, action)| {
            let style = if index == menu.selected {
                theme::selected_row()
            } else {
                ratatui::style::Style::new()
            };
            let asks = if action.destructive {
                "  (asks first)"
            } else {
                ""
            };
            Line::from(vec![
                Span::styled(format!(" {} ", action.label), style),
                Span::styled(asks, theme::muted()),
            ])
        })
        .collect();
    if !menu.unavailable.is_empty() {
        lines.push(Line::styled(" not offered:", theme::muted()));
    }
    for (label, why_not) in &menu.unavailable {
        lines.push(Line::styled(
            format!("   {label}: {why_not}"),
            theme::muted(),
        ));
    }
    lines.push(Line::default());
    let keys = |action| super::help::keys_of(app, Mode::Actions, action);
    lines.push(Line::styled(
        format!(
            " {} {} choose · {} runs · {} closes",
            keys(Action::Down),
            keys(Action::Up),
            keys(Action::Choose),
            keys(Action::Close)
        ),
        theme::muted(),
    ));
    // Wide enough for the longest reason an action is not offered.
    let width = lines.iter().map(Line::width).max().unwrap_or(0) as u16 + 2;
    let area = centered(frame.area(), width.max(48), lines.len() as u16 + 2);
    frame.render_widget(Clear, area);
    let block = Block::default().borders(Borders::ALL).title(Line::styled(
        format!(" {} ", visible::text(&title)),
        theme::title(),
    ));
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// What of the selected customer `y` copies: each entry with the text it copies (a record: its
/// first line), the highlighted one copied by Enter.
pub fn copy(frame: &mut Frame, app: &App, menu: &CopyMenu) {
    let area = frame.area();
    let width = area.width.saturating_sub(4).min(72);
    let room = usize::from(width.saturating_sub(19));
    let mut lines: Vec<Line> = menu
        .entries
        .iter()
        .enumerate()
        .map(|(index, (what, text))| {
            let style = if index == menu.selected {
                theme::selected_row()
            } else {
                ratatui::style::Style::new()
            };
            let mut preview: String = text.lines().next().unwrap_or_default().into();
            if text.lines().count() > 1 {
                preview.push_str(" …");
            }
            let preview: String = visible::text(&preview).chars().take(room).collect();
            Line::from(vec![
                Span::styled(format!(" {what:<13}"), style),
                Span::styled(format!(" {preview}"), theme::muted()),
            ])
        })
        .collect();
    let key = |action| app.key_for(Mode::Actions, action).unwrap_or_default();
    lines.push(Line::default());
    lines.push(Line::styled(
        format!(
            " {} copies through the terminal (OSC 52) · {} closes",
            key(Action::Choose),
            key(Action::Close)
        ),
        theme::muted(),
    ));
    let area = centered(area, width, lines.len() as u16 + 2);
    frame.render_widget(Clear, area);
    let block = Block::default().borders(Borders::ALL).title(Line::styled(
        format!(" Copy · {} ", visible::text(&menu.who)),
        theme::title(),
    ));
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// A token that could not be kept, shown in full this once so it can be saved by hand.
pub fn token_once(frame: &mut Frame, customer: &str, token: &crate::config::Secret, error: &str) {
    let lines = vec![
        Line::styled(
            "The customer was created, but its token could not be saved:",
            theme::error(),
        ),
        Line::raw(visible::text(error).into_owned()),
        Line::default(),
        Line::raw(format!(
            "Customer {}. Copy this token now; it is shown once and never again:",
            visible::text(customer)
        )),
        Line::styled(visible::text(token.expose()).into_owned(), theme::title()),
        Line::default(),
        Line::styled(
            "Without it this customer's settings can never be read. Enter closes.",
            theme::muted(),
        ),
    ];
    let area = centered(frame.area(), 90, lines.len() as u16 + 2);
    frame.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Line::styled(" TOKEN NOT SAVED ", theme::error()));
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}

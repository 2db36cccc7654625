//! The filter panel: one line per filter of the provider, its error next to it.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::{centered, theme, visible};
use crate::app::App;
use crate::app::Purpose;
use crate::app::filter_panel::{FilterPanel, Group};
use crate::providers::ops::FilterKind;

pub fn draw(frame: &mut Frame, app: &App, panel: &FilterPanel) {
    let provider = app.active_tab().map_or("", |t| t.provider.display_name());
    let label_width = panel
        .fields
        .iter()
        .map(|f| f.filter.label.chars().count())
        .max()
        .unwrap_or(10);
    let mut lines = Vec::new();
    // Where the focused value's text cursor goes: (line, column) inside the box.
    let mut cursor = None;
    let mut group = None;
    for (index, field) in panel.fields.iter().enumerate() {
        if group != Some(field.group) {
            group = Some(field.group);
            let heading = match field.group {
                Group::List => match &panel.purpose {
                    Purpose::List => "List filters",
                    Purpose::Related => "Filters of this list",
                    Purpose::Export(_) => "What the export holds (empty: everything)",
                    Purpose::Act { action, .. } => action.label,
                },
                Group::Search => "Search (any of these replaces the list with search results)",
            };
            lines.push(Line::styled(heading, theme::header()));
        }
        let focused = index == panel.focus;
        let marker = if focused { "▶" } else { " " };
        let value_style = if focused {
            theme::selected_row()
        } else {
            ratatui::style::Style::new()
        };
        let label = Span::raw(format!("{marker} {:>label_width$}: ", field.filter.label));
        if focused {
            let column = label.width() as u16
                + visible::cells_before(field.input.value(), field.input.cursor());
            cursor = Some((lines.len() as u16, column));
        }
        // A documented choice reads by its label next to the code the API takes.
        let value = field.input.value().trim();
        let shown = match field.options.iter().find(|(code, _)| code == value) {
            Some((code, label)) if label != code => format!("{code} · {label}"),
            _ => field.input.value().to_string(),
        };
        let mut spans = vec![
            label,
            Span::styled(format!("{:<20}", visible::text(&shown)), value_style),
        ];
        match (&field.error, field.filter.kind) {
            (Some(error), _) => spans.push(Span::styled(
                format!(" ✗ {}", visible::text(error)),
                theme::error(),
            )),
            (None, _) if focused && !field.options.is_empty() => {
                let listed: Vec<String> = field
                    .options
                    .iter()
                    .map(|(code, label)| {
                        format!("{}={}", visible::text(code), visible::text(label))
                    })
                    .collect();
                spans.push(Span::styled(
                    format!(" ←/→ {}", listed.join(" ")),
                    theme::muted(),
                ));
            }
            (None, FilterKind::Choice(options)) if focused => {
                let codes: Vec<_> = options
                    .iter()
                    .map(|(code, label)| format!("{code}={label}"))
                    .collect();
                spans.push(Span::styled(
                    format!(" {}", codes.join(" ")),
                    theme::muted(),
                ));
            }
            (None, FilterKind::Month) if focused => {
                spans.push(Span::styled(" yyyy-mm", theme::muted()))
            }
            (None, FilterKind::Date) if focused => {
                spans.push(Span::styled(" yyyy-mm-dd", theme::muted()))
            }
            (None, FilterKind::DateTime) if focused => {
                spans.push(Span::styled(" yyyy-mm-dd hh:mm:ss", theme::muted()))
            }
            (None, FilterKind::IsoDateTime) if focused => {
                spans.push(Span::styled(" 2024-01-31T13:45:00Z", theme::muted()))
            }
            _ => {}
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::default());
    let keys = match panel.purpose {
        Purpose::List | Purpose::Related => {
            "Enter applies · Tab ↑↓ move · Ctrl-X clears · Esc cancels · empty: no filter"
        }
        Purpose::Export(_) | Purpose::Act { .. } => {
            "Enter goes on · Ctrl-X clears · Esc cancels · empty: not sent"
        }
    };
    let screen = frame.area();
    // At 80 columns the keys do not fit one line: they wrap between hints, never inside one.
    let inner = usize::from(screen.width.saturating_sub(4).min(110).saturating_sub(2));
    for line in wrap_hints(keys, inner) {
        lines.push(Line::styled(line, theme::muted()));
    }
    let area = centered(
        screen,
        screen.width.saturating_sub(4).min(110),
        lines.len() as u16 + 2,
    );
    frame.render_widget(Clear, area);
    if let Some((line, column)) = cursor {
        let inner_right = area.right().saturating_sub(2);
        frame.set_cursor_position(((area.x + 1 + column).min(inner_right), area.y + 1 + line));
    }
    let block = Block::default().borders(Borders::ALL).title(Line::styled(
        match &panel.purpose {
            Purpose::List | Purpose::Related => format!(" {provider} filters "),
            Purpose::Export(_) => format!(" {provider} export "),
            Purpose::Act { .. } => format!(" {provider}: before it is sent "),
        },
        theme::title(),
    ));
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// `hints` (`a · b · c`) in lines of at most `width` cells, broken between hints.
fn wrap_hints(hints: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for hint in hints.split(" · ") {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 3 + hint.chars().count() <= width => {
                line.push_str(" · ");
                line.push_str(hint);
            }
            _ => lines.push(hint.to_string()),
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    #[test]
    fn hints_wrap_between_hints_to_fit_the_width() {
        let hints = "Enter applies · Tab ↑↓ move · Ctrl-X clears · Esc cancels · empty: no filter";
        assert_eq!(super::wrap_hints(hints, 200), vec![hints.to_string()]);
        let lines = super::wrap_hints(hints, 74);
        assert_eq!(
            lines,
            [
                "Enter applies · Tab ↑↓ move · Ctrl-X clears · Esc cancels",
                "empty: no filter"
            ]
        );
        assert!(lines.iter().all(|l| l.chars().count() <= 74));
    }
}

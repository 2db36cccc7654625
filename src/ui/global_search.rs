//! The global search (`Ctrl-F`): a box to type in, one list of customers from every provider (the
//! provider, the name, the field that matched with the match highlighted, the id), and a line saying
//! where it ran: `mirror: 37 of 5,000,000 · 4 ms`.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Clear, Paragraph, Row, Table};

use super::{centered, theme, thousands, visible};
use crate::app::{App, GlobalSearch};

pub fn draw(frame: &mut Frame, app: &App, search: &GlobalSearch) {
    let screen = frame.area();
    let area = centered(
        screen,
        screen.width.saturating_sub(4),
        screen.height.saturating_sub(2),
    );
    frame.render_widget(Clear, area);
    let block = Block::default().borders(Borders::ALL).title(Line::styled(
        " Find in every provider · Enter opens · Esc closes ",
        theme::title(),
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [input_area, list_area, status_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(inner);

    let typed = visible::text(search.input.value()).into_owned();
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled("Find: ", theme::header()),
            Span::raw(typed),
            Span::styled("▏", theme::key()),
        ])),
        input_area,
    );
    frame.render_widget(status(app, search), status_area);

    if search.results.is_empty() {
        let text = if search.input.value().trim().is_empty() {
            "Type a name, an e-mail, a street, an id or phone digits: every provider's mirror is \
             searched. Three characters or more are found anywhere; fewer, at the start of a name."
        } else if search.waiting.is_some() {
            ""
        } else {
            "No customer in the mirror has this."
        };
        frame.render_widget(
            Paragraph::new(text)
                .style(theme::muted())
                .wrap(ratatui::widgets::Wrap { trim: true }),
            list_area,
        );
        return;
    }
    let height = list_area.height.saturating_sub(1) as usize;
    let first = search.selected.saturating_sub(height.saturating_sub(1));
    let words: Vec<String> = search
        .shown_for
        .to_lowercase()
        .split_whitespace()
        .map(str::to_string)
        .collect();
    let rows = search
        .results
        .iter()
        .enumerate()
        .skip(first)
        .take(height)
        .map(|(index, found)| {
            let matched = match &found.matched {
                Some((field, value)) => {
                    let mut spans = vec![Span::styled(format!("{field}: "), theme::muted())];
                    spans.extend(highlighted(&visible::text(value), &words));
                    Line::from(spans)
                }
                None => Line::styled("(several fields)", theme::muted()),
            };
            let row = Row::new(vec![
                Cell::from(found.provider.short_name()),
                Cell::from(visible::text(&found.title).into_owned()),
                Cell::from(matched),
                Cell::from(visible::text(&found.id).into_owned()),
            ]);
            if index == search.selected {
                row.style(theme::selected_row())
            } else {
                row
            }
        });
    let widths = [
        Constraint::Length(10),
        Constraint::Percentage(32),
        Constraint::Percentage(46),
        Constraint::Percentage(22),
    ];
    let header = Row::new(["provider", "name", "matched", "id"]).style(theme::header());
    frame.render_widget(Table::new(rows, widths).header(header), list_area);
}

/// `mirror: 37 of 5,000,000 · 4 ms`: matches, of every mirrored customer (as the syncs last said),
/// and how long the store took. While a newer search runs, the older results stay, marked.
fn status(app: &App, search: &GlobalSearch) -> Line<'static> {
    if let Some(error) = &search.error {
        return Line::styled(
            format!("search failed: {}", visible::text(error)),
            theme::error(),
        );
    }
    if search.shown_for.is_empty() {
        return Line::styled(
            if search.waiting.is_some() {
                "searching the mirror…"
            } else {
                ""
            },
            theme::muted(),
        );
    }
    let mirrored: u64 = app
        .tabs
        .iter()
        .filter_map(|t| t.sync.as_ref().map(|s| s.mirrored))
        .sum();
    let found = if search.capped {
        format!("{}+", thousands(search.total))
    } else {
        thousands(search.total)
    };
    let of = if mirrored > 0 {
        format!(" of {}", thousands(mirrored))
    } else {
        String::new()
    };
    let mut text = format!("mirror: {found}{of} · {} ms", search.took_ms);
    if search.results.len() < search.total as usize {
        text.push_str(&format!(" · first {} shown", search.results.len()));
    }
    if search.waiting.is_some() {
        text.push_str(" · searching…");
    }
    Line::styled(text, theme::muted())
}

/// `text` with each of `words` (lower-case) highlighted where it occurs, case aside.
fn highlighted(text: &str, words: &[String]) -> Vec<Span<'static>> {
    let lower = text.to_lowercase();
    // Lower-casing can change lengths outside ASCII; then the text is shown plain.
    if lower.len() != text.len() {
        return vec![Span::raw(text.to_string())];
    }
    let mut marked = vec![false; text.len()];
    for word in words.iter().filter(|w| !w.is_empty()) {
        for (at, _) in lower.match_indices(word.as_str()) {
            marked[at..at + word.len()]
                .iter_mut()
                .for_each(|m| *m = true);
        }
    }
    let style = Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
    let mut spans = Vec::new();
    let mut start = 0;
    for end in 1..=text.len() {
        let boundary =
            end == text.len() || (text.is_char_boundary(end) && marked[end] != marked[start]);
        if boundary && text.is_char_boundary(end) {
            let piece = text[start..end].to_string();
            spans.push(if marked[start] {
                Span::styled(piece, style)
            } else {
                Span::raw(piece)
            });
            start = end;
        }
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_are_highlighted_case_aside_and_odd_text_is_shown_plain() {
        let spans = highlighted("Ivan@Petrov.example", &["petrov".into()]);
        let pieces: Vec<(&str, bool)> = spans
            .iter()
            .map(|s| {
                (
                    s.content.as_ref(),
                    s.style.add_modifier.contains(Modifier::BOLD),
                )
            })
            .collect();
        assert_eq!(
            pieces,
            [("Ivan@", false), ("Petrov", true), (".example", false)]
        );
        assert_eq!(highlighted("", &["x".into()]).len(), 0);
        // 'İ' lower-cases to two characters: no highlight rather than a wrong one.
        assert_eq!(highlighted("İvan", &["van".into()]).len(), 1);
    }
}

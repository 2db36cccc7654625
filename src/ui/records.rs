//! A table of records: schema columns that fit, only the rows that show. Serves the customer table
//! and the related lists.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, Wrap};

use super::columns::{self, Fit, Need};
use super::{spinner, theme, visible};
use crate::app::{RelatedView, Tab, VisibleRows};
use crate::domain::{FieldKind, FieldSpec, Record};
use crate::store::SortDirection;

/// The first visible position when `selected` must show in a window of `height` rows.
pub fn window_start(selected: usize, height: usize) -> usize {
    selected.saturating_sub(height.max(1) - 1)
}

/// The cell text of `field` in `record`: enum codes shown by their label, amounts with thousands
/// separators.
pub fn cell_text(field: &FieldSpec, record: &Record) -> String {
    let text = record.text(field.key);
    if field.amount {
        return amount_text(&text);
    }
    match field.kind {
        FieldKind::Enum(options) => options
            .iter()
            .find(|(code, _)| *code == text)
            .map_or(text, |(_, label)| (*label).to_string()),
        _ => text,
    }
}

/// `150000` → `150,000`; what is not a whole number stays as it is.
pub fn amount_text(text: &str) -> String {
    let trimmed = text.trim();
    match trimmed.parse::<i64>() {
        Ok(n) if n < 0 => format!("-{}", super::thousands(n.unsigned_abs())),
        Ok(n) => super::thousands(n as u64),
        Err(_) => text.to_string(),
    }
}

/// How a table looks beyond its rows: the search text to highlight in the cells, and the sort's column
/// and direction to mark in the header.
#[derive(Debug, Clone, Copy, Default)]
pub struct Look<'a> {
    pub highlight: Option<&'a str>,
    pub sort: Option<(&'a str, SortDirection)>,
    /// How far the columns are scrolled sideways (see [`columns::allocate`]).
    pub offset: usize,
}

/// Draw `records` (the `rows` of them that are visible) with the selection at page row `selected`.
/// Only the rows that fit on screen are built, whatever the number of records.
#[allow(clippy::too_many_arguments)]
pub fn draw_table(
    frame: &mut Frame,
    area: Rect,
    block: Block,
    columns: &[&'static FieldSpec],
    records: &[Record],
    rows: VisibleRows,
    selected: usize,
    look: Look,
) {
    let height = area.height.saturating_sub(2).max(1) as usize;
    let selected_position = rows.position_of(selected).unwrap_or(0);
    let first = window_start(selected_position, height);
    let end = (first + height).min(rows.len());
    let shown = (first..end).filter_map(|position| {
        let index = rows.get(position);
        Some((records.get(index)?, index == selected))
    });
    draw_rows(frame, area, block, columns, shown, look);
}

/// Draw these rows (record, selected?) under the columns' header: only what is handed in is built.
pub fn draw_rows<'r>(
    frame: &mut Frame,
    area: Rect,
    block: Block,
    columns: &[&'static FieldSpec],
    rows: impl Iterator<Item = (&'r Record, bool)>,
    look: Look,
) {
    // Widths follow what is on screen: the rows handed in are only those that fit.
    let rows: Vec<(&Record, bool)> = rows.collect();
    let mut needs: Vec<Need> = columns
        .iter()
        .map(|c| Need {
            // Room for the sort's arrow on its column.
            label: columns::width(c.label)
                + 2 * u16::from(look.sort.is_some_and(|(k, _)| k == c.key)),
            content: 0,
        })
        .collect();
    for (record, _) in &rows {
        for (need, column) in needs.iter_mut().zip(columns) {
            let text = visible::text(&cell_text(column, record)).into_owned();
            need.content = need.content.max(columns::width(&text));
        }
    }
    let fit = columns::allocate(&needs, area.width, look.offset);
    let block = match scroll_marker(&fit) {
        Some(marker) => block.title_top(marker.right_aligned()),
        None => block,
    };
    let shown: Vec<(&'static FieldSpec, u16)> =
        fit.shown.iter().map(|&(i, w)| (columns[i], w)).collect();
    // Amounts line up on the right, their header with them.
    let aligned = |column: &FieldSpec, line: Line<'static>| {
        if column.amount {
            line.alignment(Alignment::Right)
        } else {
            line
        }
    };
    let header = Row::new(shown.iter().map(|&(c, width)| {
        let label = match look.sort {
            Some((key, direction)) if key == c.key => {
                let arrow = match direction {
                    SortDirection::Ascending => "↑",
                    SortDirection::Descending => "↓",
                };
                format!("{} {arrow}", c.label)
            }
            _ => c.label.to_string(),
        };
        Cell::from(aligned(c, columns::cut(Line::raw(label), width)))
    }))
    .style(theme::header());
    let needle = look
        .highlight
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_lowercase);
    let built = rows.into_iter().map(|(record, selected)| {
        let row = Row::new(shown.iter().map(|&(column, width)| {
            let text = cell_text(column, record);
            Cell::from(aligned(
                column,
                columns::cut(
                    match &needle {
                        Some(needle) => highlighted(&text, needle),
                        None => visible::line(&text),
                    },
                    width,
                ),
            ))
        }));
        if selected {
            row.style(theme::selected_row())
        } else {
            row
        }
    });
    let widths = shown.iter().map(|&(_, width)| Constraint::Length(width));
    let table = Table::new(built, widths)
        .header(header)
        .block(block)
        .column_spacing(columns::SPACING);
    frame.render_widget(table, area);
}

/// " ◂ h 2 more columns · 3 more columns l ▸ ": what is off screen, and the keys that scroll to it.
fn scroll_marker(fit: &Fit) -> Option<Line<'static>> {
    let more = |n: usize| format!("{n} more {}", if n == 1 { "column" } else { "columns" });
    let mut spans = Vec::new();
    if fit.hidden_left > 0 {
        spans.push(Span::styled(" ◂ h ", theme::key()));
        spans.push(Span::styled(more(fit.hidden_left), theme::title()));
    }
    if fit.hidden_right > 0 {
        spans.push(Span::raw(if spans.is_empty() { " " } else { " · " }));
        spans.push(Span::styled(more(fit.hidden_right), theme::title()));
        spans.push(Span::styled(" l ▸", theme::key()));
    }
    spans.push(Span::raw(" "));
    (spans.len() > 1).then(|| Line::from(spans))
}

/// `text` as a line with every occurrence of each word of `needle` (lower-case) marked, case aside:
/// the mirror finds customers whose text holds every word, so "mary martinez" marks "Mary" in the
/// first-name column and "Martinez" in the last-name one.
pub fn highlighted(text: &str, needle: &str) -> Line<'static> {
    let lower = text.to_lowercase();
    // Lower-casing changed the byte positions (rare letters): no marks rather than wrong ones.
    if lower.len() != text.len() {
        return visible::line(text);
    }
    let mut found: Vec<(usize, usize)> = Vec::new();
    for word in needle.split_whitespace() {
        let mut at = 0;
        while let Some(start) = lower[at..].find(word).map(|f| at + f) {
            at = start + word.len();
            found.push((start, at));
        }
    }
    if found.is_empty() {
        return visible::line(text);
    }
    // In order, overlapping or touching marks made one.
    found.sort_unstable();
    let mut marks: Vec<(usize, usize)> = Vec::with_capacity(found.len());
    for (start, end) in found {
        match marks.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => marks.push((start, end)),
        }
    }
    if marks
        .iter()
        .any(|&(s, e)| !text.is_char_boundary(s) || !text.is_char_boundary(e))
    {
        return visible::line(text);
    }
    let mut spans = Vec::new();
    let mut at = 0;
    for (start, end) in marks {
        spans.extend(visible::spans(&text[at..start], Style::new()));
        spans.extend(visible::spans(&text[start..end], theme::matched()));
        at = end;
    }
    spans.extend(visible::spans(&text[at..], Style::new()));
    spans.retain(|span| !span.content.is_empty());
    Line::from(spans)
}

/// A message in place of rows (loading, error, empty).
pub fn draw_message(frame: &mut Frame, area: Rect, block: Block, lines: Vec<Line>) {
    frame.render_widget(
        Paragraph::new(lines).block(block).wrap(Wrap { trim: true }),
        area,
    );
}

pub fn draw_related(frame: &mut Frame, area: Rect, tab: &Tab, related: &RelatedView, ticks: u64) {
    let pager = &related.pager;
    // The whole list's figures where the answer gives them ("47 orders · 120 items").
    let summary: String = pager
        .page()
        .map(|page| {
            page.summary
                .iter()
                .map(|(label, n)| format!(" · {} {label}", super::thousands(*n)))
                .collect()
        })
        .unwrap_or_default();
    // Esc goes back to where the list was opened from.
    let back = if related.from_detail {
        "Esc back to the customer"
    } else {
        "Esc back to the table"
    };
    let hint = match (related.detail, related.list.filters.is_empty()) {
        (true, _) => "j/k next · Esc the list".to_string(),
        (false, true) => format!("Enter details · {back}"),
        (false, false) => format!("Enter details · f filters · {back}"),
    };
    let block = Block::default().borders(Borders::TOP).title(Line::styled(
        format!(
            " {} › {}{summary} · {hint} ",
            super::crumbs::customer(tab, &related.customer.id, &related.customer_name),
            related.list.label,
        ),
        theme::title(),
    ));
    // The filters in force, on the first line, as the customer table shows its own.
    let area = if related.filters.is_empty() {
        area
    } else {
        let list: Vec<String> = related
            .filters
            .iter()
            .map(|(p, v)| format!("{p}={}", visible::text(v)))
            .collect();
        let [line, rest] =
            ratatui::layout::Layout::vertical([Constraint::Length(1), Constraint::Min(1)])
                .areas(area);
        frame.render_widget(
            Paragraph::new(Line::styled(
                format!(" filters: {} ", list.join(" ")),
                theme::key(),
            )),
            line,
        );
        rest
    };
    if related.detail
        && let Some(record) = pager.page().and_then(|p| p.records.get(pager.selected))
    {
        let lines = super::detail::record_lines(&related.list.schema, record, area.width);
        frame.render_widget(Paragraph::new(lines).block(block), area);
        return;
    }
    match pager.page() {
        Some(page) if !page.records.is_empty() => {
            let rows = VisibleRows::All(page.records.len());
            let fields: &'static [FieldSpec] = related.list.schema.fields;
            let columns: Vec<&'static FieldSpec> =
                fields.iter().filter(|f| f.column.is_some()).collect();
            draw_table(
                frame,
                area,
                block,
                &columns,
                &page.records,
                rows,
                pager.selected,
                Look::default(),
            );
        }
        Some(_) => draw_message(frame, area, block, vec![Line::raw("Nothing here.")]),
        None => {
            let line = match &pager.error {
                Some(error) => Line::styled(
                    format!(
                        "Could not load: {} · r retries",
                        visible::text(&error.to_string())
                    ),
                    theme::error(),
                ),
                None => Line::raw(format!(
                    "{} Loading {}…",
                    spinner(ticks),
                    related.list.label.to_lowercase()
                )),
            };
            draw_message(frame, area, block, vec![line]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::highlighted;

    fn marked(text: &str, needle: &str) -> Vec<(String, bool)> {
        highlighted(text, needle)
            .spans
            .iter()
            .map(|s| (s.content.to_string(), s.style == super::theme::matched()))
            .collect()
    }

    #[test]
    fn every_match_is_marked_case_aside() {
        assert_eq!(
            marked("Anna Banana", "ana"),
            [
                ("Anna B".to_string(), false),
                ("ana".to_string(), true),
                ("na".to_string(), false)
            ]
        );
        assert_eq!(
            marked("BUDI", "bu"),
            [("BU".into(), true), ("DI".into(), false)]
        );
        assert_eq!(marked("no match", "xyz"), [("no match".to_string(), false)]);
        // Letters whose lower case is longer: no marks, and no panic.
        assert_eq!(marked("İstanbul", "stan").len(), 1);
    }

    /// The mirror finds a customer when each word is somewhere in its text: each word is marked
    /// where it is, in whichever cell, and words that overlap make one mark.
    #[test]
    fn each_word_of_the_search_is_marked_on_its_own() {
        assert_eq!(
            marked("Mary", "mary martinez"),
            [("Mary".to_string(), true)]
        );
        assert_eq!(
            marked("mary.martinez.4711@example.com", "mary martinez"),
            [
                ("mary".to_string(), true),
                (".".to_string(), false),
                ("martinez".to_string(), true),
                (".4711@example.com".to_string(), false)
            ]
        );
        assert_eq!(
            marked("Annabel", "ann nab"),
            [("Annab".to_string(), true), ("el".to_string(), false)]
        );
    }
}

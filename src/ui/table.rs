//! The customer table of the active tab, or what stands in for it (loading, error, not configured).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::records::{Look, draw_message, draw_table};
use super::{spinner, theme, visible};
use crate::app::{App, Source, Tab};

/// The filter line under the title, when a local or provider filter is in force.
fn filter_line(tab: &Tab) -> Option<Line<'static>> {
    let mut spans = Vec::new();
    if !tab.filters.is_empty() {
        let what = if tab.searching { "search" } else { "filters" };
        let list: Vec<String> = tab
            .filters
            .iter()
            .map(|(p, v)| format!("{p}={}", visible::text(v)))
            .collect();
        spans.push(Span::styled(
            format!(" {what}: {} ", list.join(" ")),
            theme::key(),
        ));
    }
    if let Some(filter) = &tab.local_filter {
        spans.push(Span::styled(
            format!(" /{}", visible::text(&filter.text)),
            theme::title(),
        ));
    }
    (!spans.is_empty()).then(|| Line::from(spans))
}

/// Where the first table row is drawn (for mouse clicks).
pub fn rows_top(body: Rect, tab: &Tab) -> u16 {
    body.y + 2 + u16::from(filter_line(tab).is_some())
}

/// The table; while the local filter is typed, the terminal's text cursor stands in its line.
pub fn draw(frame: &mut Frame, area: Rect, tab: &Tab, app: &App) {
    let ticks = app.ticks;
    let selection = app.bulk.selections.get(&tab.provider);
    let typing = app.typing.as_ref().map(tui_input::Input::cursor);
    let area = match filter_line(tab) {
        Some(line) => {
            let [line_area, rest] =
                Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
            if let (Some(cursor), Some(filter)) = (typing, &tab.local_filter) {
                // The local filter's span (" /text") comes last in the line.
                let text = Span::raw(visible::text(&filter.text)).width() + 2;
                let before = line.width().saturating_sub(text) as u16 + 2;
                let x = line_area.x + before + visible::cells_before(&filter.text, cursor);
                frame
                    .set_cursor_position((x.min(line_area.right().saturating_sub(1)), line_area.y));
            }
            frame.render_widget(Paragraph::new(line), line_area);
            rest
        }
        None => area,
    };
    let block = Block::default().borders(Borders::TOP).title(Line::styled(
        format!(
            " {} {}",
            super::crumbs::table(tab),
            super::bulk::marked_title(selection)
        ),
        theme::title(),
    ));
    if tab.source == Source::Mirror {
        let area = super::bulk::marks(frame, area, tab, selection);
        super::mirror_table::draw(frame, area, block, tab, ticks);
        return;
    }
    let pager = &tab.customers;
    let Some(page) = pager.page() else {
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
        } else if let Some(error) = &pager.error {
            vec![
                Line::styled(
                    format!(
                        "Could not load customers: {}",
                        visible::text(&error.to_string())
                    ),
                    theme::error(),
                ),
                Line::styled("Press r to try again.", theme::muted()),
            ]
        } else {
            vec![Line::raw(format!(
                "{} Loading customers from {}…",
                spinner(ticks),
                tab.provider.display_name()
            ))]
        };
        draw_message(frame, area, block, message);
        return;
    };
    let rows = tab.visible_rows();
    if rows.is_empty() {
        let text = if tab.local_filter.is_some() {
            "No loaded row matches the filter. s searches the provider; Esc drops the filter."
        } else if tab.filters.is_empty() {
            "No customers on this page."
        } else {
            "No customers match the filters. f changes them."
        };
        draw_message(frame, area, block, vec![Line::raw(text)]);
        return;
    }
    let area = super::bulk::marks(frame, area, tab, selection);
    draw_table(
        frame,
        area,
        block,
        &tab.columns,
        &page.records,
        rows,
        pager.selected,
        Look {
            highlight: tab.local_filter.as_ref().map(|f| f.text.as_str()),
            sort: None,
            offset: tab.column_offset,
        },
    );
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

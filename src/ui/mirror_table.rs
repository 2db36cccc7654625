//! The table over the mirror: the rows on screen out of every customer of the provider, the matches of
//! the search typed marked, the sort's column marked in the header.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Block;

use super::records::{Look, draw_message, draw_rows};
use super::{spinner, theme, visible};
use crate::app::Tab;
use crate::domain::Record;

/// A row on screen whose window has not arrived yet.
static NOT_READ: Record = Record {
    id: String::new(),
    fields: Vec::new(),
};

/// The first row drawn on a screen of `height` rows.
pub fn first_row(tab: &Tab, height: u64) -> u64 {
    tab.mirror.first_on_screen(height)
}

pub fn draw(frame: &mut Frame, area: Rect, block: Block, tab: &Tab, ticks: u64) {
    let view = &tab.mirror;
    let height = u64::from(area.height.saturating_sub(2).max(1));
    if !view.has_rows() {
        let line = match (&view.error, view.total) {
            (Some(error), _) => Line::styled(
                format!("The mirror could not be read: {}", visible::text(error)),
                theme::error(),
            ),
            (None, Some(0)) if !view.text.trim().is_empty() => Line::raw(format!(
                "No customer in the mirror matches “{}”. Esc drops the search; L shows the live pages.",
                visible::text(view.text.trim())
            )),
            (None, Some(0)) => Line::raw("The mirror holds no customers. L shows the live pages."),
            (None, _) => Line::raw(format!("{} Reading the mirror…", spinner(ticks))),
        };
        draw_message(frame, area, block, vec![line]);
        return;
    }
    if view.total == Some(0) {
        let text = format!(
            "No customer in the mirror matches “{}”. Esc drops the search.",
            visible::text(view.text.trim())
        );
        draw_message(frame, area, block, vec![Line::raw(text)]);
        return;
    }
    let first = first_row(tab, height);
    let last = view.total.map_or(first + height, |t| t.min(first + height));
    // Rows not in hand yet (scrolled fast past what was read) are blank until they arrive.
    let rows = (first..last).map(|index| {
        let record = view.record(index).unwrap_or(&NOT_READ);
        (record, index == view.selected)
    });
    let look = Look {
        highlight: Some(view.text.as_str()),
        sort: view.sort.as_ref().map(|s| (s.column.as_str(), s.direction)),
        offset: tab.column_offset,
    };
    draw_rows(frame, area, block, &tab.columns, rows, look);
}

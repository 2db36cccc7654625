//! Drawing. Pure functions of the [`App`] state: nothing here changes state or touches the network.

mod bulk;
mod columns;
mod crumbs;
mod detail;
mod dialogs;
mod filters;
mod form;
mod global_search;
mod help;
mod jobs;
mod journal;
mod mirror;
mod mirror_table;
mod palette;
mod picker;
mod records;
mod status;
mod status_bar;
mod table;
mod tabs;
pub mod theme;
pub mod visible;

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};

use crate::app::{App, Overlay, TabView};

/// Frames of the loading spinner; the app's tick count picks one.
const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

pub fn spinner(ticks: u64) -> &'static str {
    SPINNER[(ticks % SPINNER.len() as u64) as usize]
}

/// The screen's three bands: tab bar, body, status bar.
fn bands(area: Rect) -> [Rect; 3] {
    Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area)
}

pub fn draw(frame: &mut Frame, app: &App) {
    theme::with(app.theme, || draw_in_theme(frame, app));
}

fn draw_in_theme(frame: &mut Frame, app: &App) {
    let [tab_bar, body, status] = bands(frame.area());
    tabs::draw(frame, tab_bar, app);
    match app.active_tab() {
        _ if app.form.is_some() => form::draw(frame, body, app),
        Some(tab) => match &tab.view {
            TabView::Table => table::draw(frame, body, tab, app),
            TabView::Detail => detail::draw(frame, body, tab),
            TabView::Related(related) => {
                records::draw_related(frame, body, tab, related, app.ticks)
            }
        },
        None => table::draw_no_providers(frame, body, &app.config_origin),
    }
    status_bar::draw(frame, status, app);
    match &app.overlay {
        Some(Overlay::Help(mode)) => help::draw(frame, app, *mode),
        Some(Overlay::Jobs) => jobs::draw(frame, app),
        Some(Overlay::Journal(view)) => journal::draw(frame, view),
        Some(Overlay::Find(search)) => global_search::draw(frame, app, search),
        Some(Overlay::Status) => status::draw(frame, app),
        Some(Overlay::Filters(panel)) => filters::draw(frame, app, panel),
        Some(Overlay::Confirm(confirm)) => dialogs::confirm(frame, app, confirm),
        Some(Overlay::Actions(menu)) => dialogs::actions(frame, app, menu),
        Some(Overlay::Copy(menu)) => dialogs::copy(frame, app, menu),
        Some(Overlay::Token {
            customer,
            token,
            error,
        }) => dialogs::token_once(frame, customer, token, error),
        Some(Overlay::BulkActions(menu)) => bulk::menu(frame, menu),
        Some(Overlay::Bulk) => {
            if let Some(run) = &app.bulk.run {
                bulk::run(frame, run, app.ticks);
            }
        }
        Some(Overlay::Palette(palette)) => palette::draw(frame, palette),
        Some(Overlay::Columns(picker)) => picker::draw(frame, app, picker),
        None => {}
    }
    // Whatever a view drew, no hidden character from provider data reaches the terminal.
    visible::scrub(frame.buffer_mut());
}

/// Which visible row of the table (or related list) is at screen position (`column`, `row`), for
/// mouse clicks. Mirrors the layout `draw` uses.
pub fn row_at(app: &App, area: Rect, _column: u16, row: u16) -> Option<usize> {
    if app.overlay.is_some() || app.form.is_some() {
        return None;
    }
    let [_, body, _] = bands(area);
    let tab = app.active_tab()?;
    let (first_row_y, selected, count) = match &tab.view {
        TabView::Table if tab.source == crate::app::Source::Mirror => {
            let top = table::rows_top(body, tab);
            let height = body.bottom().saturating_sub(top) as usize;
            let clicked = row.checked_sub(top)? as usize;
            let first = mirror_table::first_row(tab, height as u64);
            let total = tab.mirror.total.unwrap_or(0);
            // A position on screen: the app counts it from the first row shown.
            return (clicked < height && first + (clicked as u64) < total).then_some(clicked);
        }
        TabView::Table => {
            let rows = tab.visible_rows();
            let selected = rows.position_of(tab.customers.selected).unwrap_or(0);
            (table::rows_top(body, tab), selected, rows.len())
        }
        TabView::Related(related) => (
            body.y + 2,
            related.pager.selected,
            related.pager.row_count(),
        ),
        TabView::Detail => return None,
    };
    let height = body.bottom().saturating_sub(first_row_y) as usize;
    let clicked = row.checked_sub(first_row_y)? as usize;
    let position = records::window_start(selected, height) + clicked;
    (clicked < height && position < count).then_some(position)
}

/// "u undo Activate storefront account · 6 s" while an undo window is open.
fn undo_hint(app: &App) -> Option<ratatui::text::Line<'static>> {
    // Only where u undoes.
    if !matches!(
        app.mode(),
        crate::app::Mode::Browse | crate::app::Mode::Detail
    ) {
        return None;
    }
    let undo = app.undo.as_ref()?;
    let left = app.undo_left_ms()?;
    let seconds = (left + 999) / 1000;
    Some(
        ratatui::text::Line::from(vec![
            ratatui::text::Span::styled("u", theme::key()),
            ratatui::text::Span::raw(format!(" undoes {} · {seconds} s  ", undo.undoes)),
        ])
        .right_aligned(),
    )
}

/// A box of `width` × `height` cells centred in `area` (clamped to it).
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [area] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [area] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(area);
    area
}

/// The tab bar's titles (their widest form) and the status line's text as they would be drawn now:
/// what a worker message about the mirror or its sync can change there. The app compares them before
/// and after such a message to tell whether it needs a frame ([`App::needs_redraw`]).
pub fn bars_text(app: &App) -> String {
    let mut text = tabs::titles_text(app);
    text.push('\n');
    for span in status_bar::status(app).spans {
        text.push_str(&span.content);
    }
    text
}

/// `4912` → `4,912`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_separators() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(4912), "4,912");
        assert_eq!(super::thousands(1_000_000), "1,000,000");
    }
}

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{spinner, theme};
use crate::app::{App, Tab};

/// One title per provider: number key, name, a spinner while loading, `!` when the last call failed,
/// the number of customers where known, and the mirror's sync progress while it pages. Names shorten when the terminal is too narrow for
/// all of them; the counts and the sync's marks go last.
pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let brand = Span::styled(" clientele ", theme::title());
    // The brand gives way first (below), so a set of titles fits if it fits without it.
    let fits = |titles: &[String]| line_width(&Span::raw(""), titles) <= area.width as usize;
    // Shorter and shorter: short names, then without counts, then without the sync's marks.
    let full = |tab: &Tab| tab.provider.display_name();
    let short = |tab: &Tab| tab.provider.short_name();
    let titles = [(true, true), (true, true), (false, true), (false, false)]
        .into_iter()
        .enumerate()
        .map(|(level, (count, sync))| match level {
            0 => titles(app, count, sync, full),
            _ => titles(app, count, sync, short),
        })
        .find(|t| fits(t))
        .unwrap_or_else(|| titles(app, false, false, short));
    let mut spans = Vec::with_capacity(titles.len() * 2 + 1);
    if line_width(&brand, &titles) <= area.width as usize {
        spans.push(brand);
    }
    for (index, title) in titles.into_iter().enumerate() {
        let style = if index == app.active {
            theme::tab_active()
        } else {
            theme::tab_inactive()
        };
        spans.push(Span::raw(" "));
        spans.push(Span::styled(title, style));
    }
    frame.render_widget(Line::from(spans), area);
}

/// Every title in its widest form (full names, counts and sync marks), one line.
pub(super) fn titles_text(app: &App) -> String {
    titles(app, true, true, |tab: &Tab| tab.provider.display_name()).join(" ")
}

fn titles(app: &App, counts: bool, sync: bool, name: impl Fn(&Tab) -> &'static str) -> Vec<String> {
    app.tabs
        .iter()
        .enumerate()
        .map(|(index, tab)| {
            let mark = if tab.is_loading() {
                spinner(app.ticks)
            } else if tab.has_error() || tab.unavailable.is_some() {
                "!"
            } else {
                " "
            };
            let progress = tab
                .sync
                .as_ref()
                .filter(|_| sync)
                .and_then(super::mirror::title_mark)
                .unwrap_or_default();
            let count = tab
                .customer_count()
                .filter(|_| counts)
                .map(|n| {
                    let gap = if progress.is_empty() { "" } else { " " };
                    format!("({}){gap}", super::thousands(n))
                })
                .unwrap_or_default();
            // The loading mark keeps its place right after the name (titles do not shift when it
            // comes and goes); the sync's progress follows it.
            format!(" {} {} {mark}{count}{progress}", index + 1, name(tab))
        })
        .collect()
}

fn line_width(brand: &Span, titles: &[String]) -> usize {
    brand.width() + titles.iter().map(|t| 1 + t.chars().count()).sum::<usize>()
}

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};

use super::{theme, thousands, visible};
use crate::app::{Action, App, Mode, Overlay, Pager, TabView};

const GAP: usize = 2;

/// Left: where you are, the local filter's reach, or the last error. Right: the keys that matter now.
pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let mut spans = Vec::new();
    for (key, what) in hints(app) {
        spans.push(Span::styled(key, theme::key()));
        spans.push(Span::raw(format!(" {what}  ")));
    }
    // While a toggle can be undone, that is the key that matters.
    let hints = super::undo_hint(app).unwrap_or_else(|| Line::from(spans).right_aligned());
    let status = status(app);
    // The status says more than the hints (which help repeats): hints give way when both do not fit.
    // Two columns between them at least, or the status's last word runs into the first key.
    if super::undo_hint(app).is_none() && status.width() + GAP + hints.width() > area.width as usize
    {
        frame.render_widget(status, area);
        return;
    }
    // The undo hint stays even when the status does not fit: the status is cut, two columns before it.
    let [left, _, right] = Layout::horizontal([
        Constraint::Min(1),
        Constraint::Length(GAP as u16),
        Constraint::Length(hints.width() as u16),
    ])
    .areas(area);
    frame.render_widget(status, left);
    frame.render_widget(hints, right);
}

/// The keys that matter now, as bound now: an action whose keys were all rebound away is not hinted.
fn hints(app: &App) -> Vec<(String, &'static str)> {
    let mode = app.mode();
    let wanted: &[(Action, &str)] = match mode {
        Mode::Typing => &[(Action::ConfirmFilter, "keep"), (Action::Back, "drop")],
        Mode::Panel => &[
            (Action::ApplyFilters, "apply"),
            (Action::NextField, "next"),
            (Action::Close, "cancel"),
        ],
        Mode::Help | Mode::Jobs | Mode::Status => &[(Action::Close, "close")],
        Mode::Journal => &[
            (Action::CheckWrite, "check unknown"),
            (Action::Close, "close"),
        ],
        Mode::Find => &[(Action::Choose, "open"), (Action::Close, "close")],
        Mode::Form => &[
            (Action::SaveForm, "save"),
            (Action::NextField, "next"),
            (Action::Back, "leave"),
        ],
        Mode::Confirm => &[(Action::Yes, "yes"), (Action::No, "no")],
        Mode::Alert => &[(Action::Close, "done")],
        // The column picker shares the action menu's keys, plus its own.
        Mode::Actions if matches!(app.overlay, Some(Overlay::Columns(_))) => &[
            (Action::Choose, "show/hide"),
            (Action::MoveUp, "up"),
            (Action::MoveDown, "down"),
            (Action::Close, "save"),
        ],
        Mode::Actions => &[(Action::Choose, "run"), (Action::Close, "close")],
        Mode::Detail | Mode::Related => &[(Action::Back, "back"), (Action::ToggleHelp, "help")],
        Mode::Browse => &[(Action::ToggleHelp, "help"), (Action::Quit, "quit")],
        Mode::Palette => &[
            (Action::Choose, "go"),
            (Action::NextField, "complete"),
            (Action::Close, "close"),
        ],
        Mode::Bulk => &[(Action::Refresh, "retry failed"), (Action::Close, "close")],
    };
    wanted
        .iter()
        .filter(|(action, _)| app.offers(*action))
        .filter_map(|(action, what)| Some((app.key_for(mode, *action)?, *what)))
        .collect()
}

pub(super) fn status(app: &App) -> Line<'static> {
    if let Some(notice) = &app.notice {
        let style = if notice.is_error {
            theme::error()
        } else {
            theme::muted()
        };
        // Notices carry provider messages.
        return Line::styled(format!(" {}", visible::text(&notice.text)), style);
    }
    let Some(tab) = app.active_tab() else {
        return Line::default();
    };
    if tab.source == crate::app::Source::Mirror && !matches!(tab.view, TabView::Related(_)) {
        return match &tab.mirror.error {
            Some(error) => Line::styled(
                format!(" mirror: {} · r retries", visible::text(error)),
                theme::error(),
            ),
            None => Line::raw(super::mirror::view_status(tab, app.clock_ms)),
        };
    }
    let pager = match &tab.view {
        TabView::Related(related) => &related.pager,
        _ => &tab.customers,
    };
    if let (Some(error), Some(_)) = (&pager.error, pager.page()) {
        let error = error.to_string();
        return Line::styled(
            format!(" {} · r retries", visible::text(&error)),
            theme::error(),
        );
    }
    // What matters most comes first, so a narrow terminal cuts the least useful part: the page and what
    // the local filter reaches, where the rows come from and how old the mirror is, then the pacing.
    let mut text = format!(" {}", position(pager));
    if let (TabView::Table, Some(filter)) = (&tab.view, &tab.local_filter) {
        text.push_str(&format!(
            " · local: {} of {} loaded",
            filter.matches.len(),
            pager.row_count()
        ));
        // Said only where the key searches: while typing, it is a letter of the filter.
        if app.mode() == Mode::Browse
            && app.offers(Action::ServerSearch)
            && let Some(key) = app.key_for(Mode::Browse, Action::ServerSearch)
        {
            text.push_str(&format!(" · {key} searches the provider"));
        }
    }
    // The table shows the provider's live pages; the mirror's state follows.
    if let (TabView::Table, Some(sync)) = (&tab.view, &tab.sync) {
        let mirror = super::mirror::source_text(sync, app.clock_ms);
        let shown = text.trim();
        text = if shown.is_empty() {
            // Nothing loaded (the provider unreachable): the mirror's state is all there is to say.
            format!(" {mirror}")
        } else {
            format!(" live · {shown} · {mirror}")
        };
    }
    if let Some(note) = tab.pacing_note() {
        text.push_str(&note);
    }
    Line::raw(text)
}

/// "page 3 of 50 · 101–150 of 4,912" where the API tells totals, "page 3 · more" where it does not.
pub fn position(pager: &Pager) -> String {
    let Some(page) = pager.page() else {
        return String::new();
    };
    let index = pager.page_index() as u64;
    let number = index + 1;
    match page.totals {
        Some(totals) if !page.records.is_empty() => {
            let first = index * u64::from(pager.page_size()) + 1;
            let last = first + page.records.len() as u64 - 1;
            format!(
                "page {} of {} · {}–{} of {}",
                thousands(number),
                thousands(totals.pages.max(1)),
                thousands(first),
                thousands(last),
                thousands(totals.records)
            )
        }
        Some(totals) => format!(
            "page {} of {} · none of {}",
            thousands(number),
            thousands(totals.pages.max(1)),
            thousands(totals.records)
        ),
        None if page.next.is_some() => {
            format!(
                "page {} · {} rows · more",
                thousands(number),
                page.records.len()
            )
        }
        None => format!(
            "page {} · {} rows · last page",
            thousands(number),
            page.records.len()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::position;
    use crate::app::Pager;
    use crate::domain::{Cursor, Page, ProviderId, Record, Totals};

    #[test]
    fn a_million_customers_read_with_thousands_separators() {
        let spec = crate::providers::spec(ProviderId::Ngorder);
        let mut pager = Pager::new(&spec.list.paging, 50, Cursor::Page(1));
        let mut next_id = 1;
        let fetch = pager.refresh(&mut next_id).expect("a first fetch");
        let records = (1..=50)
            .map(|n| Record {
                id: n.to_string(),
                fields: Vec::new(),
            })
            .collect();
        let page = Page {
            summary: Vec::new(),
            records,
            next: Some(Cursor::Page(2)),
            totals: Some(Totals {
                records: 1_000_000,
                pages: 20_000,
            }),
        };
        pager.receive(fetch.id, Ok(page), &mut next_id);
        assert_eq!(position(&pager), "page 1 of 20,000 · 1–50 of 1,000,000");
    }
}

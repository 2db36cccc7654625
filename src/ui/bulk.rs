//! Marks beside the table's rows, the actions menu for the marked customers, and a bulk action's
//! progress with a result per customer.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::{centered, records, spinner, theme, visible};
use crate::app::{BulkMenu, BulkRun, ItemState, Selection, Tab};

/// Columns of the mark gutter left of the table.
const GUTTER: u16 = 2;

/// Split off a gutter for marks when the tab has some; returns the table's area.
pub fn marks(frame: &mut Frame, area: Rect, tab: &Tab, selection: Option<&Selection>) -> Rect {
    let Some(selection) = selection.filter(|s| !s.is_empty()) else {
        return area;
    };
    if tab.source == crate::app::Source::Mirror {
        return mirror_marks(frame, area, tab, selection);
    }
    let Some(page) = tab.customers.page() else {
        return area;
    };
    let [gutter, table] =
        Layout::horizontal([Constraint::Length(GUTTER), Constraint::Min(1)]).areas(area);
    // The same window the table draws: below its top border and header.
    let height = area.height.saturating_sub(2).max(1) as usize;
    let rows = tab.visible_rows();
    let selected = rows.position_of(tab.customers.selected).unwrap_or(0);
    let first = records::window_start(selected, height);
    let end = (first + height).min(rows.len());
    let mut lines = vec![Line::default(), Line::default()];
    for position in first..end {
        let marked = page
            .records
            .get(rows.get(position))
            .is_some_and(|r| selection.contains(&r.id));
        lines.push(if marked {
            Line::styled("●", theme::key())
        } else {
            Line::default()
        });
    }
    frame.render_widget(Paragraph::new(lines), gutter);
    table
}

/// The gutter beside the mirror's table: the rows on screen out of the whole query.
fn mirror_marks(frame: &mut Frame, area: Rect, tab: &Tab, selection: &Selection) -> Rect {
    let [gutter, table] =
        Layout::horizontal([Constraint::Length(GUTTER), Constraint::Min(1)]).areas(area);
    let height = u64::from(area.height.saturating_sub(2).max(1));
    let first = super::mirror_table::first_row(tab, height);
    let mut lines = vec![Line::default(), Line::default()];
    for index in first..first + height {
        let marked = tab
            .mirror
            .record(index)
            .is_some_and(|r| selection.contains(&r.id));
        lines.push(if marked {
            Line::styled("●", theme::key())
        } else {
            Line::default()
        });
    }
    frame.render_widget(Paragraph::new(lines), gutter);
    table
}

/// "· 10 marked" for the table's title.
pub fn marked_title(selection: Option<&Selection>) -> String {
    match selection.map(Selection::len) {
        Some(n) if n > 0 => format!("· {n} marked (a acts on them, Esc unmarks) "),
        _ => String::new(),
    }
}

pub fn menu(frame: &mut Frame, menu: &BulkMenu) {
    let mut lines: Vec<Line> = menu
        .actions
        .iter()
        .enumerate()
        .map(|(index, (action, applies))| {
            let style = if index == menu.selected {
                theme::selected_row()
            } else {
                Style::new()
            };
            let reach = if *applies == menu.count {
                format!("  all {applies}")
            } else {
                format!("  {applies} of {}", menu.count)
            };
            Line::from(vec![
                Span::styled(format!(" {} ", action.label), style),
                Span::styled(reach, theme::muted()),
            ])
        })
        .collect();
    // A file of ours, not a write at the provider: it asks nothing first.
    let style = if menu.selected == menu.actions.len() {
        theme::selected_row()
    } else {
        Style::new()
    };
    lines.push(Line::from(vec![
        Span::styled(format!(" {} ", crate::app::bulk::EXPORT_ENTRY), style),
        Span::styled(format!("  all {}", menu.count), theme::muted()),
    ]));
    lines.push(Line::default());
    lines.push(Line::styled(
        " ↑↓ choose · Enter asks once for all · Esc closes",
        theme::muted(),
    ));
    let area = centered(frame.area(), 56, lines.len() as u16 + 2);
    frame.render_widget(Clear, area);
    let block = Block::default().borders(Borders::ALL).title(Line::styled(
        format!(" {} marked customers ", menu.count),
        theme::title(),
    ));
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// One line per customer: its mark, id and name, and how it ended.
pub fn run(frame: &mut Frame, run: &BulkRun, ticks: u64) {
    let screen = frame.area();
    let area = centered(
        screen,
        screen.width.saturating_sub(4),
        screen.height.saturating_sub(2),
    );
    frame.render_widget(Clear, area);
    let (done, failed, unknown, going) = run.counts();
    let title = format!(
        " {} · {} · {} of {} finished ",
        run.label,
        run.provider,
        run.items.len() - going,
        run.items.len()
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Line::styled(title, theme::title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [summary, list, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    let mut parts = vec![format!("{done} done"), format!("{failed} refused")];
    if unknown > 0 {
        parts.push(format!("{unknown} outcome unknown"));
    }
    if going > 0 {
        parts.push(format!("{} {going} under way", spinner(ticks)));
    }
    frame.render_widget(Paragraph::new(format!(" {}", parts.join(" · "))), summary);
    // Two lines a customer: who, then how it ended in full (a provider's message is the point).
    let height = (list.height as usize / 2).max(1);
    let first = records::window_start(run.cursor, height);
    let mut lines: Vec<Line> = Vec::new();
    for (index, item) in run.items.iter().enumerate().skip(first).take(height) {
        let (mark, state, style) = state_text(&item.state);
        let who = Line::from(vec![
            Span::styled(format!(" {mark} "), style),
            Span::raw(visible::text(&item.title).into_owned()),
            Span::styled(
                format!("  #{}", visible::text(&item.record.id)),
                theme::muted(),
            ),
        ]);
        lines.push(if index == run.cursor {
            who.style(theme::selected_row())
        } else {
            who
        });
        lines.push(Line::styled(
            format!("     {}", visible::text(&state)),
            style,
        ));
    }
    frame.render_widget(Paragraph::new(lines), list);
    let retryable = run.items.iter().filter(|i| i.state.retryable()).count();
    let mut retry = Vec::new();
    if retryable > 0 {
        retry.push(format!("resends {retryable} refused"));
    }
    if unknown > 0 {
        retry.push(format!("checks {unknown} unknown"));
    }
    let hint = if retry.is_empty() {
        " Esc closes (it goes on) · B reopens".to_string()
    } else {
        format!(" r {} · Esc closes, B reopens", retry.join(", "))
    };
    frame.render_widget(
        Paragraph::new(Line::styled(hint, theme::muted())).wrap(Wrap { trim: true }),
        footer,
    );
}

/// The mark, the words and the style of one customer's result.
fn state_text(state: &ItemState) -> (&'static str, String, Style) {
    match state {
        ItemState::Queued => ("·", "waiting its turn".to_string(), theme::muted()),
        ItemState::Sending(_) => ("…", "sending".to_string(), theme::muted()),
        ItemState::Done(None) => ("✓", "done".to_string(), Style::new()),
        ItemState::Done(Some(words)) => ("✓", format!("done: {words}"), Style::new()),
        ItemState::Refused(words) => ("✗", format!("refused: {words}"), theme::error()),
        ItemState::NotCarriedOut(looked) => (
            "✗",
            format!("not carried out ({looked}): r sends it again"),
            theme::error(),
        ),
        ItemState::Unknown {
            checking: Some(_),
            error,
        } => (
            "?",
            format!("outcome unknown ({error}): checking…"),
            theme::key(),
        ),
        ItemState::Unknown {
            checking: None,
            error,
        } => (
            "?",
            format!("outcome unknown: {error}; r checks again"),
            theme::key(),
        ),
    }
}

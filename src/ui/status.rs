//! The status view: each provider's request budget, and Ngorder's customers per month as a chart.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::Line;
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Borders, Clear, Paragraph};

use super::records::draw_message;
use super::{centered, spinner, theme, thousands, visible};
use crate::app::{App, Chart};
use crate::providers::decode::format_unix;

/// "daily budget spent · resumes 00:00 UTC (in 3 h 12 min)", the wait counted from when the figures
/// were taken (the view has no clock of its own).
fn paused_text(until: u64, as_of: u64) -> String {
    let time = format_unix(until as i64);
    // "2026-12-01 00:00:00" → "00:00" (a reset is always within a day).
    let time = time.get(11..16).unwrap_or(&time);
    let minutes = until.saturating_sub(as_of).div_ceil(60);
    let wait = match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    };
    format!("daily budget spent · resumes {time} UTC (in {wait})")
}

pub fn draw(frame: &mut Frame, app: &App) {
    let screen = frame.area();
    let area = centered(
        screen,
        screen.width.saturating_sub(4),
        screen.height.saturating_sub(2),
    );
    frame.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Line::styled(" Status · Esc closes ", theme::title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);

    // The mirror's section only where a sync runs (none in read-only tests of the clients alone).
    let mut quota_lines = Vec::new();
    if app.tabs.iter().any(|t| t.sync.is_some()) {
        quota_lines = super::mirror::status_lines(app);
        quota_lines.push(Line::default());
    }
    quota_lines.push(Line::styled("Request budgets", theme::header()));
    for tab in &app.tabs {
        match &tab.quota {
            Some(quota) if !quota.lines.is_empty() => {
                for line in &quota.lines {
                    let reset = line
                        .resets_at
                        .map(|t| format!(", resets {} UTC", format_unix(t as i64)))
                        .unwrap_or_default();
                    quota_lines.push(Line::raw(format!(
                        "  {:<17} {:<20} {} of {} left{reset}",
                        tab.provider.display_name(),
                        line.label,
                        thousands(u64::from(line.remaining)),
                        thousands(u64::from(line.limit)),
                    )));
                }
                if let Some(until) = quota.paused_until {
                    quota_lines.push(Line::styled(
                        format!("    {}", paused_text(until, quota.as_of)),
                        theme::error(),
                    ));
                } else if quota.paced {
                    quota_lines.push(Line::styled(
                        "    holding requests back to stay within it",
                        theme::muted(),
                    ));
                }
            }
            _ => quota_lines.push(Line::styled(
                format!("  {:<17} no budget known", tab.provider.display_name()),
                theme::muted(),
            )),
        }
    }
    if !app.submissions.is_empty() {
        quota_lines.push(Line::default());
        quota_lines.push(Line::styled(
            "Submissions (processed by the provider in the background)",
            theme::header(),
        ));
        for update in app.submissions.iter().rev().take(8) {
            let what = if update.pending.customer.is_some() {
                "update"
            } else {
                "create"
            };
            let state = format!("{:?}", update.state);
            let detail = match (&update.customer_id, update.errors.is_empty()) {
                (_, false) => visible::text(&update.errors.join("; ")).into_owned(),
                (Some(id), true) => format!("customer {}", visible::text(id)),
                (None, true) => String::new(),
            };
            let style = if update.state == crate::providers::SubmissionState::Failed {
                theme::error()
            } else {
                ratatui::style::Style::new()
            };
            quota_lines.push(Line::styled(
                format!(
                    "  {:<11} {what:<6} {:<38} {state:<10} {detail}",
                    update.pending.provider.short_name(),
                    update.pending.submission
                ),
                style,
            ));
        }
    }
    if let Some(settings) = &app.kept_settings {
        quota_lines.push(Line::default());
        quota_lines.push(Line::styled(
            "Reportei customers whose token is kept",
            theme::header(),
        ));
        if settings.is_empty() {
            quota_lines.push(Line::styled(
                "  none yet: customers created here keep theirs",
                theme::muted(),
            ));
        }
        for (customer, result) in settings {
            let text = match result {
                Ok(record) => {
                    let integrations = match record.get("integrations") {
                        Some(crate::domain::Value::List(items)) if !items.is_empty() => items
                            .iter()
                            .map(|item| {
                                let field = |key: &str| {
                                    item.iter()
                                        .find(|(k, _)| k == key)
                                        .map(|(_, v)| v.to_string())
                                        .unwrap_or_default()
                                };
                                format!("{} ({})", field("integration"), field("status"))
                            })
                            .collect::<Vec<_>>()
                            .join(", "),
                        _ => "no integrations".into(),
                    };
                    format!("  {:<28} {integrations}", record.text("name"))
                }
                Err(error) => format!("  {customer:<28} {error}"),
            };
            quota_lines.push(Line::raw(visible::text(&text).into_owned()));
        }
    }
    let quota_height = quota_lines.len() as u16 + 1;
    let [quota_area, chart_area] =
        Layout::vertical([Constraint::Length(quota_height), Constraint::Min(3)]).areas(inner);
    frame.render_widget(Paragraph::new(quota_lines), quota_area);

    let chart_block = Block::default().borders(Borders::TOP).title(Line::styled(
        " Ngorder: new customers per month ",
        theme::title(),
    ));
    match &app.chart {
        Some(Chart::Ready(months)) if !months.is_empty() => {
            // As many of the latest months as fit, each bar labelled yy-mm.
            let fit = (chart_area.width / 6).max(1) as usize;
            let bars: Vec<Bar> = months
                .iter()
                .skip(months.len().saturating_sub(fit))
                .map(|(month, total)| {
                    Bar::default().value(*total).label(Line::raw(
                        visible::text(month.get(2..).unwrap_or(month)).into_owned(),
                    ))
                })
                .collect();
            let chart = BarChart::default()
                .block(chart_block)
                .bar_width(5)
                .bar_gap(1)
                .bar_style(theme::key())
                .data(BarGroup::default().bars(&bars));
            frame.render_widget(chart, chart_area);
        }
        Some(Chart::Ready(_)) => draw_message(
            frame,
            chart_area,
            chart_block,
            vec![Line::raw("No months yet.")],
        ),
        Some(Chart::Loading(_)) => draw_message(
            frame,
            chart_area,
            chart_block,
            vec![Line::raw(format!("{} Loading…", spinner(app.ticks)))],
        ),
        Some(Chart::Failed(error)) => draw_message(
            frame,
            chart_area,
            chart_block,
            vec![Line::styled(
                format!("Could not load: {}", visible::text(&error.to_string())),
                theme::error(),
            )],
        ),
        None => draw_message(
            frame,
            chart_area,
            chart_block,
            vec![Line::styled("Ngorder is not configured.", theme::muted())],
        ),
    }
}

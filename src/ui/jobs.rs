//! Every worker call of the session, newest first: in flight, done, failed or superseded.

use ratatui::Frame;
use ratatui::layout::Constraint;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Cell, Clear, Row, Table};

use super::{centered, spinner, theme, visible};
use crate::app::{App, JobState};

pub fn draw(frame: &mut Frame, app: &App) {
    let screen = frame.area();
    let area = centered(
        screen,
        screen.width.saturating_sub(4),
        screen.height.saturating_sub(2),
    );
    frame.render_widget(Clear, area);
    let title = format!(" Jobs · {} running · Esc closes ", app.jobs.running());
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Line::styled(title, theme::title()));
    let visible = area.height.saturating_sub(3) as usize;
    let rows = app.jobs.iter().take(visible).map(|job| {
        let (state, time, style) = match &job.state {
            JobState::Running => (
                format!("{} running", spinner(app.ticks)),
                String::new(),
                theme::key(),
            ),
            JobState::Done(elapsed) => (
                "done".into(),
                format!("{} ms", elapsed.as_millis()),
                ratatui::style::Style::new(),
            ),
            JobState::Failed(elapsed, error) => (
                format!("failed: {}", visible::text(error)),
                format!("{} ms", elapsed.as_millis()),
                theme::error(),
            ),
            JobState::Superseded => ("superseded".into(), String::new(), theme::muted()),
        };
        Row::new([
            Cell::from(format!("#{}", job.id.0)),
            Cell::from(job.provider.short_name()),
            Cell::from(job.what.clone()),
            Cell::from(time),
            Cell::from(state),
        ])
        .style(style)
    });
    let header = Row::new(["id", "provider", "what", "took", "state"]).style(theme::header());
    let widths = [
        Constraint::Length(6),
        Constraint::Length(9),
        Constraint::Length(34),
        Constraint::Length(9),
        Constraint::Min(10),
    ];
    frame.render_widget(Table::new(rows, widths).header(header).block(block), area);
}

//! Drawing. Pure functions of the [`App`] state: nothing here changes state or touches the network.

mod help;
mod status_bar;
mod table;
mod tabs;
pub mod theme;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};

use crate::app::{App, Mode};

/// Frames of the loading spinner; the app's tick count picks one.
const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

pub fn spinner(ticks: u64) -> &'static str {
    SPINNER[(ticks % SPINNER.len() as u64) as usize]
}

pub fn draw(frame: &mut Frame, app: &App) {
    let [tab_bar, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(frame.area());
    tabs::draw(frame, tab_bar, app);
    match app.active_tab() {
        Some(tab) => table::draw(frame, body, tab, app.ticks),
        None => table::draw_no_providers(frame, body, &app.config_origin),
    }
    status_bar::draw(frame, status, app);
    if app.mode == Mode::Help {
        help::draw(frame, app);
    }
}

/// `4912` → `4,912`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
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

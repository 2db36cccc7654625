//! Snapshots of how things look: themes, the copy menu, confirmations that name the customer.

mod snap;

use clientele::app::{Action, App};
use clientele::config::Theme;
use ratatui::style::Color;
use snap::*;

fn themed(theme: Theme) -> App {
    let (mut app, _) = loaded_app();
    app.theme = theme;
    act(&mut app, Action::Down);
    app
}

#[test]
fn the_light_theme_has_its_own_colours_and_none_is_colour_8() {
    let light = themed(Theme::Light);
    let styled = render_styled(&light, (80, 24));
    assert_ne!(styled, render_styled(&themed(Theme::Dark), (80, 24)));
    assert!(!styled.contains("DarkGray") && !styled.contains("Indexed(8)"));
    snapshot_styled("theme_light", &light);
}

#[test]
fn no_color_draws_every_cell_in_the_terminal_s_own_colours() {
    let app = themed(Theme::NoColor);
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(160, 48)).unwrap();
    terminal
        .draw(|frame| clientele::ui::draw(frame, &app))
        .unwrap();
    let buffer = terminal.backend().buffer();
    for cell in &buffer.content {
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "{cell:?}");
    }
    snapshot_styled("theme_no_color", &app);
}

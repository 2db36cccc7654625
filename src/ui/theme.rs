//! Colours and styles in one place, so views agree and a theme can replace them.
//!
//! Three palettes: `dark` (the default) and `light` (`[ui] theme` in the config), and no colour at all
//! when `NO_COLOR` is set (<https://no-color.org>), where emphasis is bold, dim and reverse video only.
//! None uses ANSI colour 8 (bright black): Solarized Dark and others paint their background with it,
//! so a selection or a hint in it is invisible there.
//!
//! [`crate::ui::draw`] sets the palette of the app it draws for the duration of the frame (a
//! thread-local, so tests drawing apps with different themes in parallel do not meet), and the style
//! functions below read it: views call `theme::key()` without passing the theme around.

use std::cell::Cell;

use ratatui::style::{Color, Modifier, Style};

pub use crate::config::Theme;

thread_local! {
    static CURRENT: Cell<Theme> = const { Cell::new(Theme::Dark) };
}

/// Draw with `theme`: the style functions answer in it until `draw` returns.
pub fn with<R>(theme: Theme, draw: impl FnOnce() -> R) -> R {
    let before = CURRENT.with(|c| c.replace(theme));
    let result = draw();
    CURRENT.with(|c| c.set(before));
    result
}

fn current() -> Theme {
    CURRENT.with(Cell::get)
}

/// A foreground colour, or nothing without colour.
fn fg(dark: Color, light: Color) -> Style {
    match current() {
        Theme::Dark => Style::new().fg(dark),
        Theme::Light => Style::new().fg(light),
        Theme::NoColor => Style::new(),
    }
}

fn accent() -> Style {
    fg(Color::Cyan, Color::Blue)
}

pub fn title() -> Style {
    accent().add_modifier(Modifier::BOLD)
}

pub fn tab_active() -> Style {
    match current() {
        Theme::Dark => Style::new().fg(Color::Black).bg(Color::Cyan),
        Theme::Light => Style::new().fg(Color::White).bg(Color::Blue),
        Theme::NoColor => Style::new().add_modifier(Modifier::REVERSED),
    }
    .add_modifier(Modifier::BOLD)
}

pub fn tab_inactive() -> Style {
    Style::new()
}

pub fn header() -> Style {
    Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
}

/// The table's selected row, the focused form field, the highlighted menu entry.
pub fn selected_row() -> Style {
    match current() {
        Theme::Dark => Style::new().fg(Color::White).bg(Color::Blue),
        Theme::Light => Style::new().fg(Color::Black).bg(Color::Cyan),
        // Reverse video is visible on any terminal, whatever its colours.
        Theme::NoColor => Style::new().add_modifier(Modifier::REVERSED),
    }
    .add_modifier(Modifier::BOLD)
}

pub fn error() -> Style {
    fg(Color::Red, Color::Red).add_modifier(Modifier::BOLD)
}

/// Secondary text (hints, notes): dim, which every palette shows, instead of a grey some hide.
pub fn muted() -> Style {
    Style::new().add_modifier(Modifier::DIM)
}

pub fn key() -> Style {
    accent().add_modifier(Modifier::BOLD)
}

/// Escapes standing for hidden characters in provider text (`\u{202e}`): dim, so they read as
/// markers and not as the data.
pub fn escaped() -> Style {
    Style::new().add_modifier(Modifier::DIM)
}

/// The part of a cell that matches the search typed.
pub fn matched() -> Style {
    match current() {
        Theme::Dark | Theme::Light => Style::new().fg(Color::Black).bg(Color::Yellow),
        Theme::NoColor => Style::new().add_modifier(Modifier::UNDERLINED),
    }
    .add_modifier(Modifier::BOLD)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_style() -> Vec<Style> {
        vec![
            title(),
            tab_active(),
            tab_inactive(),
            header(),
            selected_row(),
            error(),
            muted(),
            key(),
            escaped(),
            matched(),
        ]
    }

    #[test]
    fn no_color_has_no_colour_and_no_palette_uses_colour_8() {
        with(Theme::NoColor, || {
            for style in every_style() {
                assert_eq!((style.fg, style.bg), (None, None), "{style:?}");
            }
            assert!(selected_row().add_modifier.contains(Modifier::REVERSED));
        });
        for theme in [Theme::Dark, Theme::Light] {
            with(theme, || {
                for style in every_style() {
                    for colour in [style.fg, style.bg].into_iter().flatten() {
                        assert!(
                            !matches!(colour, Color::DarkGray | Color::Indexed(8)),
                            "{theme:?}: {style:?}"
                        );
                    }
                }
            });
        }
    }

    #[test]
    fn no_color_wins_over_the_config_when_set_to_something() {
        assert_eq!(Theme::resolve(Theme::Light, Some("1")), Theme::NoColor);
        assert_eq!(Theme::resolve(Theme::Light, Some("")), Theme::Light);
        assert_eq!(Theme::resolve(Theme::Dark, None), Theme::Dark);
    }

    #[test]
    fn the_palettes_differ_and_the_theme_is_put_back_after_drawing() {
        let dark = with(Theme::Dark, selected_row);
        let light = with(Theme::Light, selected_row);
        assert_ne!(dark, light);
        assert_eq!(current(), Theme::Dark);
    }
}

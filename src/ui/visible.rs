//! Provider text as it may reach the terminal. Characters that are invisible, reorder the line (bidi
//! overrides), drive the terminal (ESC, C1) or render at widths terminals disagree on (ZWJ sequences)
//! are drawn as escapes like `\u{202e}`, dimmed. Only the drawing changes: the data (and what an edit
//! sends back) stays exactly what the provider sent.
//!
//! Views pass provider text through [`text`] or [`line`]; [`scrub`] then checks the whole frame, so a
//! path that forgot still cannot put a hidden character on the screen.

use std::borrow::Cow;
use std::fmt::Write as _;

use ratatui::buffer::Buffer;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::theme;

/// Would `c` be hidden, reorder text or change the terminal's state if drawn as it is?
pub fn is_hidden(c: char) -> bool {
    matches!(c,
        // C0, DEL and C1 controls (ESC starts terminal sequences; C1 CSI/OSC do too).
        '\0'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        // Soft hyphen, combining grapheme joiner, Arabic letter mark, Hangul fillers, Mongolian
        // vowel separator, Khmer inherent vowels: drawn as nothing.
        | '\u{ad}' | '\u{34f}' | '\u{61c}' | '\u{115f}' | '\u{1160}' | '\u{17b4}' | '\u{17b5}'
        | '\u{180e}' | '\u{3164}' | '\u{ffa0}'
        // Zero-width space/non-joiner/joiner, LRM/RLM, line and paragraph separators, bidi
        // embeddings and overrides (RLO is U+202E), word joiner and invisible operators, bidi
        // isolates, deprecated format characters.
        | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{206f}'
        // Byte order mark / zero-width no-break space, interlinear annotations, unassigned
        // ignorables.
        | '\u{feff}' | '\u{fff0}'..='\u{fffb}'
        // Shorthand and musical format controls.
        | '\u{1bca0}'..='\u{1bca3}' | '\u{1d173}'..='\u{1d17a}'
        // Tag characters (they can hide a whole message after a flag) and the ignorables around
        // them; variation selectors (U+E0100–U+E01EF, ideographic variants) stay.
        | '\u{e0000}'..='\u{e00ff}' | '\u{e01f0}'..='\u{e0fff}'
    )
}

/// How a hidden character is written: `\n`, `\t`, `\r`, else `\u{hex}` as in Rust.
fn escape(c: char, out: &mut String) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        _ => {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        }
    }
}

/// The cells the first `chars` characters of an input's `value` take as drawn (hidden characters as
/// their escapes, wide characters as two): where the text cursor goes after them.
pub fn cells_before(value: &str, chars: usize) -> u16 {
    let before: String = value.chars().take(chars).collect();
    let width = ratatui::text::Span::raw(text(&before).into_owned()).width();
    u16::try_from(width).unwrap_or(u16::MAX)
}

/// `text` with every hidden character escaped; borrowed when there is none (the usual case).
pub fn text(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_hidden(c) {
            escape(c, &mut out);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `text` as spans in `style`, its escapes dimmed so they read as markers, not as the data.
pub fn spans(text: &str, style: Style) -> Vec<Span<'static>> {
    if !text.chars().any(is_hidden) {
        return vec![Span::styled(text.to_string(), style)];
    }
    let mut spans = Vec::new();
    let mut plain = String::new();
    for c in text.chars() {
        if is_hidden(c) {
            if !plain.is_empty() {
                spans.push(Span::styled(std::mem::take(&mut plain), style));
            }
            let mut escaped = String::new();
            escape(c, &mut escaped);
            spans.push(Span::styled(escaped, style.patch(theme::escaped())));
        } else {
            plain.push(c);
        }
    }
    if !plain.is_empty() {
        spans.push(Span::styled(plain, style));
    }
    spans
}

/// `text` as one line (a table cell, a detail value).
pub fn line(text: &str) -> Line<'static> {
    Line::from(spans(text, Style::new()))
}

/// The last line of defence, run on every frame: a cell still holding a hidden character (a view
/// that drew provider text without [`text`]) loses it, so it never reaches the terminal. A cell left
/// with nothing, or whose width would change, shows U+FFFD instead.
pub fn scrub(buffer: &mut Buffer) {
    use ratatui::buffer::CellWidth;
    for cell in &mut buffer.content {
        let symbol = cell.symbol();
        if !symbol.chars().any(is_hidden) {
            continue;
        }
        let kept: String = symbol.chars().filter(|c| !is_hidden(*c)).collect();
        if kept.is_empty() || kept.as_str().cell_width() != symbol.cell_width() {
            cell.set_symbol("\u{fffd}");
        } else {
            cell.set_symbol(&kept);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_characters_are_shown_as_escapes() {
        // Right-to-left override: would show "gnp.exe" reversed as "exe.png".
        assert_eq!(text("invoice\u{202e}gnp.exe"), "invoice\\u{202e}gnp.exe");
        assert_eq!(text("ad\u{200b}min"), "ad\\u{200b}min");
        // Tag characters spelling "hi" after a flag.
        assert_eq!(
            text("x\u{e0068}\u{e0069}\u{e007f}"),
            "x\\u{e0068}\\u{e0069}\\u{e007f}"
        );
        // A terminal escape (set the window title) and a C1 CSI.
        assert_eq!(
            text("\u{1b}]0;pwned\u{7}ok\u{9b}2J"),
            "\\u{1b}]0;pwned\\u{7}ok\\u{9b}2J"
        );
        assert_eq!(text("line\nnext\tcol\r"), "line\\nnext\\tcol\\r");
        for bidi in [
            '\u{200e}', '\u{200f}', '\u{202a}', '\u{2066}', '\u{2069}', '\u{61c}',
        ] {
            assert!(is_hidden(bidi), "{:x}", u32::from(bidi));
        }
        assert!(is_hidden('\u{feff}'));
    }

    #[test]
    fn a_zwj_family_is_drawn_as_its_people_with_the_joiners_shown() {
        // Terminals disagree on the width of a joined sequence (2 cells or 8): drawn apart, every
        // piece has one width everywhere, and nothing stale is left behind on redraw.
        let family = "\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}";
        assert_eq!(
            text(family),
            "\u{1f468}\\u{200d}\u{1f469}\\u{200d}\u{1f467}"
        );
    }

    #[test]
    fn ordinary_text_is_untouched_and_borrowed() {
        for ordinary in [
            "Agência Aurora",
            "Jalan Raya Kuta 88, Bali",
            "Schöne Grüße, Øresund, Łódź",
            "東京都渋谷区",
            "서울특별시",
            "Москва",
            "مرحبا",
            "a  b",
            "❤️ 👍🏽 🇳🇱",
            "",
        ] {
            assert!(
                matches!(text(ordinary), Cow::Borrowed(t) if t == ordinary),
                "{ordinary}"
            );
        }
    }

    #[test]
    fn escapes_are_dimmed_spans_and_the_rest_keeps_its_style() {
        let style = Style::new().fg(ratatui::style::Color::Red);
        let spans = spans("a\u{202e}b", style);
        let texts: Vec<&str> = spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(texts, ["a", "\\u{202e}", "b"]);
        assert_eq!(spans[0].style, style);
        assert_eq!(spans[1].style, style.patch(theme::escaped()));
    }

    #[test]
    fn scrub_removes_what_a_view_let_through() {
        let mut buffer = Buffer::empty(ratatui::layout::Rect::new(0, 0, 10, 1));
        buffer.set_string(0, 0, "ab", Style::new());
        buffer[(0, 0)].set_symbol("a\u{202e}");
        buffer[(1, 0)].set_symbol("\u{1f468}\u{200d}\u{1f469}");
        scrub(&mut buffer);
        assert_eq!(buffer[(0, 0)].symbol(), "a");
        assert_eq!(buffer[(1, 0)].symbol(), "\u{fffd}");
    }
}

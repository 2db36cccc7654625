//! The create/edit form: a line per field with its value, its error next to it, and what it takes.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::{theme, visible};
use crate::app::App;
use crate::domain::FieldKind;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let Some(form) = &app.form else {
        return;
    };
    let dirty = if form.is_dirty() { " · changed" } else { "" };
    let block = Block::default().borders(Borders::TOP).title(Line::styled(
        format!(
            " {}{dirty} · Ctrl-S saves · Esc leaves{} ",
            visible::text(&form.title()),
            if form.fields.iter().any(|f| f.item.is_some()) {
                " · Ctrl-N/Ctrl-D add/remove item"
            } else {
                ""
            }
        ),
        theme::title(),
    ));
    // Labels take at most a third of the width; longer ones (list items) are shortened with "…".
    let label_width = form
        .fields
        .iter()
        .map(|f| f.label().chars().count() + 1)
        .max()
        .unwrap_or(10)
        .min(usize::from(area.width / 3).max(12));
    let mut lines = Vec::with_capacity(form.fields.len() + 2);
    if let Some(message) = &form.message {
        let style = if form.saving.is_some() {
            theme::muted()
        } else {
            theme::error()
        };
        // Wrapped, not cut: its end is often what to do next ("Ctrl-K checks…").
        for line in wrap(&visible::text(message), usize::from(area.width)) {
            lines.push(Line::styled(line, style));
        }
    }
    let message_lines = lines.len();
    // Where the focused field's text cursor goes: (line, column) below the title.
    let mut cursor = None;
    for (index, field) in form.fields.iter().enumerate() {
        let focused = index == form.focus;
        let required = if field.required { "*" } else { " " };
        let label = shorten(&format!("{}{required}", field.label()), label_width);
        let marker = if focused { "▶" } else { " " };
        let value_style = match (focused, field.editable) {
            (true, _) => theme::selected_row(),
            (false, false) => theme::muted(),
            (false, true) => Style::new(),
        };
        let mut value = field.input.value().to_string();
        if let Some((_, label)) = field
            .options
            .iter()
            .find(|(code, _)| *code == value)
            .filter(|(c, l)| c != l)
        {
            value = format!("{value} ({label})");
        }
        // A long value (a paste) shows its end while focused, where typing goes on; its start otherwise.
        let room = usize::from(area.width).saturating_sub(label_width + 3);
        let shown = visible::text(&value);
        let value = fit(&shown, room, focused);
        let label = Span::raw(format!("{marker}{label:>label_width$} "));
        if focused && field.editable {
            let input = &field.input;
            let at = visible::cells_before(input.value(), input.cursor());
            // A value cut to its end ("…tail") keeps the part after the cursor on screen.
            let after = visible::cells_before(input.value(), usize::MAX) - at;
            let column = if value == shown {
                at
            } else {
                let drawn = Span::raw(value.clone()).width() as u16;
                drawn.saturating_sub(after)
            };
            cursor = Some((lines.len() as u16, label.width() as u16 + 1 + column));
        }
        let mut spans = vec![label, Span::styled(format!(" {value:<24}"), value_style)];
        if let Some(error) = &field.error {
            spans.push(Span::styled(
                format!(" ✗ {}", visible::text(error)),
                theme::error(),
            ));
        } else if !field.editable {
            spans.push(Span::styled(" (not editable here)", theme::muted()));
        } else if focused {
            let searchable = form
                .spec
                .lookups
                .iter()
                .any(|l| l.field == field.spec.key && l.search.is_some());
            spans.push(Span::styled(
                format!(" {}", hint(field, searchable)),
                theme::muted(),
            ));
        }
        lines.push(Line::from(spans));
    }
    // Keep the focused field in view on short terminals.
    let visible = area.height.saturating_sub(1) as usize;
    let focus_line = form.focus + message_lines;
    let scroll = focus_line.saturating_sub(visible.saturating_sub(2)) as u16;
    if let Some((line, column)) = cursor
        && let Some(row) = line
            .checked_sub(scroll)
            .filter(|row| *row < area.height.saturating_sub(1))
    {
        let x = (area.x + column).min(area.right().saturating_sub(1));
        frame.set_cursor_position((x, area.y + 1 + row));
    }
    frame.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), area);
}

/// What the focused field takes.
fn hint(field: &crate::app::FormField, searchable: bool) -> String {
    let max = field
        .spec
        .max_len
        .map(|m| format!(", max {m}"))
        .unwrap_or_default();
    match field.spec.kind {
        FieldKind::Enum(_) | FieldKind::Bool if !field.options.is_empty() => {
            let codes: Vec<String> = field
                .options
                .iter()
                .take(6)
                .map(|(c, _)| visible::text(c).into_owned())
                .collect();
            format!(
                "←/→ choose: {}{}",
                codes.join(" "),
                if field.options.len() > 6 { " …" } else { "" }
            )
        }
        _ if searchable && field.options.is_empty() => {
            "type part of a name, Ctrl-F searches".into()
        }
        _ if !field.options.is_empty() => {
            let more = field.searched.as_ref().is_some_and(|s| s.more);
            format!(
                "←/→ picks: {} found{}",
                field.options.len(),
                if more { ", Ctrl-F more" } else { "" }
            )
        }
        FieldKind::Digits => format!("digits{max}"),
        FieldKind::Email => format!("e-mail{max}"),
        FieldKind::Integer => "whole number".into(),
        FieldKind::Decimal => "number".into(),
        FieldKind::CountryCode => "two letters, like NL".into(),
        _ if !max.is_empty() => format!("text{max}"),
        _ => String::new(),
    }
}

/// `text` in lines of at most `width` characters, broken between words (a longer word is cut).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let (used, more) = (line.chars().count(), word.chars().count());
        if used > 0 && used + 1 + more > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// `text` in at most `room` cells: when it does not fit, its end after "…" (`tail`) or its start
/// before "…".
fn fit(text: &str, room: usize, tail: bool) -> String {
    use ratatui::buffer::CellWidth;
    let width = |c: char| usize::from(c.encode_utf8(&mut [0; 4]).cell_width());
    if text.chars().map(width).sum::<usize>() <= room {
        return text.to_string();
    }
    let mut used = 1; // the "…"
    let mut kept = Vec::new();
    let chars: Box<dyn Iterator<Item = char>> = if tail {
        Box::new(text.chars().rev())
    } else {
        Box::new(text.chars())
    };
    for c in chars {
        used += width(c);
        if used > room {
            break;
        }
        kept.push(c);
    }
    if tail {
        std::iter::once('…').chain(kept.into_iter().rev()).collect()
    } else {
        kept.into_iter().chain(std::iter::once('…')).collect()
    }
}

/// `text` cut to `width` characters, ending in "…" when cut.
fn shorten(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let kept: String = text.chars().take(width.saturating_sub(1)).collect();
    format!("{kept}…")
}

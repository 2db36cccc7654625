//! Text into the focused input — keys and pastes — and the drafts that keep a form's text on disk.
//!
//! A paste is one edit: the whole text goes into the focused field at once (one update, one redraw,
//! at most one draft write), never as a burst of keys that could run bindings. Drafts are written at
//! most once per draft tick (the event loop sends [`Msg::DraftTick`](super::Msg::DraftTick) every
//! ~500 ms while one is due), when focus leaves a field, and on quit; saving or discarding the form
//! still removes the draft.

use tui_input::Input;

use super::{App, Overlay};
use crate::worker::{Command, Work};

/// Pasted text made fit for a one-line input: line breaks (CRLF, LF, CR) and tabs become one space
/// each, so pasted lines stay apart as words; other control characters are dropped, since no field
/// takes them and they could not be typed either.
pub fn one_line(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    text.chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// `input` with `text` inserted at its cursor, the cursor after it.
pub fn insert(input: &Input, text: &str) -> Input {
    let value = input.value();
    let cursor = input.cursor();
    let at = value
        .char_indices()
        .nth(cursor)
        .map_or(value.len(), |(index, _)| index);
    let mut joined = String::with_capacity(value.len() + text.len());
    joined.push_str(&value[..at]);
    joined.push_str(text);
    joined.push_str(&value[at..]);
    Input::new(joined).with_cursor(cursor + text.chars().count())
}

impl App {
    /// A paste goes to the focused input of the mode: a form field, the filter panel, the local
    /// filter. Elsewhere it is ignored (it is not a key sequence).
    pub(super) fn paste(&mut self, text: &str) {
        let text = one_line(text);
        if text.is_empty() {
            return;
        }
        if let Some(form) = &mut self.form
            && self.overlay.is_none()
        {
            form.paste(&text);
            self.note_form_edit();
            return;
        }
        if let Some(Overlay::Filters(panel)) = &mut self.overlay {
            panel.paste(&text);
            return;
        }
        if let Some(input) = &mut self.typing {
            *input = insert(input, &text);
            let text = input.value().to_string();
            if let Some(tab) = self.tabs.get_mut(self.active) {
                tab.set_filter_text(text);
            }
        }
    }

    /// The form's text changed: its draft is due at the next draft tick.
    pub(super) fn note_form_edit(&mut self) {
        if self.form.is_some() && self.overlay.is_none() {
            self.draft_due = true;
        }
    }

    /// Is a draft waiting to be written? (The event loop ticks only then.)
    pub fn draft_due(&self) -> bool {
        self.draft_due
    }

    /// Write the form's draft now if one is due (and something was changed).
    pub(super) fn flush_draft(&mut self) -> Vec<Command> {
        if !std::mem::take(&mut self.draft_due) {
            return Vec::new();
        }
        match &self.form {
            Some(form) if form.is_dirty() => {
                let draft = form.draft();
                vec![self.quiet_command(draft.provider, Work::SaveDraft(draft))]
            }
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_lines_become_words_and_controls_go() {
        assert_eq!(
            one_line("Jalan Raya 1\r\nDenpasar\nBali"),
            "Jalan Raya 1 Denpasar Bali"
        );
        assert_eq!(one_line("a\tb\rc"), "a b c");
        assert_eq!(one_line("x\u{1b}[31my\u{7}"), "x[31my");
        assert_eq!(one_line("Agência 東京"), "Agência 東京");
    }

    #[test]
    fn insert_goes_at_the_cursor() {
        let input = Input::new("héllo".into()).with_cursor(2);
        let input = insert(&input, "ab");
        assert_eq!(input.value(), "héabllo");
        assert_eq!(input.cursor(), 4);
        let end = insert(&Input::new("x".into()), "yz");
        assert_eq!((end.value(), end.cursor()), ("xyz", 3));
    }
}

//! Keys to actions. One table, so help can list exactly what is bound and remapping can replace entries.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::Action;

/// A key with its modifiers, comparable and printable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

impl Key {
    pub const fn plain(code: KeyCode) -> Key {
        Key {
            code,
            modifiers: KeyModifiers::NONE,
        }
    }

    pub const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            modifiers: KeyModifiers::CONTROL,
        }
    }

    /// How help shows the key.
    pub fn label(&self) -> String {
        let name = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            format!("Ctrl-{name}")
        } else {
            name
        }
    }
}

/// Where the user is: decides which bindings apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Browse,
    Help,
}

#[derive(Debug, Clone)]
pub struct Keymap {
    browse: Vec<(Key, Action)>,
    help: Vec<(Key, Action)>,
}

impl Default for Keymap {
    fn default() -> Self {
        use KeyCode::*;
        let mut browse = vec![
            (Key::plain(Char('q')), Action::Quit),
            (Key::plain(Char('?')), Action::ToggleHelp),
            (Key::plain(Tab), Action::NextTab),
            (Key::plain(BackTab), Action::PrevTab),
            (Key::plain(Char('j')), Action::Down),
            (Key::plain(Down), Action::Down),
            (Key::plain(Char('k')), Action::Up),
            (Key::plain(Up), Action::Up),
            (Key::plain(Char('g')), Action::FirstRow),
            (Key::plain(Home), Action::FirstRow),
            (Key::plain(Char('G')), Action::LastRow),
            (Key::plain(End), Action::LastRow),
            (Key::plain(PageDown), Action::NextPage),
            (Key::plain(Char('n')), Action::NextPage),
            (Key::plain(PageUp), Action::PrevPage),
            (Key::plain(Char('p')), Action::PrevPage),
            (Key::plain(Char('r')), Action::Refresh),
        ];
        for (i, c) in ('1'..='5').enumerate() {
            browse.push((Key::plain(Char(c)), Action::SelectTab(i)));
        }
        let help = vec![
            (Key::plain(Char('?')), Action::Close),
            (Key::plain(Esc), Action::Close),
            (Key::plain(Char('q')), Action::Close),
        ];
        Keymap { browse, help }
    }
}

impl Keymap {
    pub fn action(&self, mode: Mode, event: KeyEvent) -> Option<Action> {
        // Ctrl-C always quits, whatever the mode and the bindings: the way out must never be remapped away.
        if event.code == KeyCode::Char('c') && event.modifiers.contains(KeyModifiers::CONTROL) {
            return Some(Action::Quit);
        }
        // Shift is part of the character for letters and symbols ('G', '?'), so it is not compared.
        let modifiers = event.modifiers - KeyModifiers::SHIFT;
        self.bindings(mode)
            .iter()
            .find(|(key, _)| key.code == event.code && key.modifiers == modifiers)
            .map(|(_, action)| *action)
    }

    pub fn bindings(&self, mode: Mode) -> &[(Key, Action)] {
        match mode {
            Mode::Browse => &self.browse,
            Mode::Help => &self.help,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn shifted_letters_and_ctrl_c() {
        let keymap = Keymap::default();
        assert_eq!(
            keymap.action(Mode::Browse, key(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Action::LastRow)
        );
        assert_eq!(
            keymap.action(Mode::Help, key(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );
        assert_eq!(
            keymap.action(Mode::Browse, key(KeyCode::Char('x'), KeyModifiers::NONE)),
            None
        );
    }

    #[test]
    fn number_keys_select_tabs() {
        let keymap = Keymap::default();
        assert_eq!(
            keymap.action(Mode::Browse, key(KeyCode::Char('3'), KeyModifiers::NONE)),
            Some(Action::SelectTab(2))
        );
    }
}

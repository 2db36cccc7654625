//! Keys to actions, per mode. One table, so help can list exactly what is bound where, and the config
//! can replace entries.

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

    /// How the key is written everywhere: help, hints, the palette, and the config. The one place:
    /// a control key reads `Ctrl-F`, as terminals and other tools write it (it is the same key as
    /// `Ctrl-f`; [`Key::parse`] takes either).
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
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            match name.chars().count() {
                1 => format!("Ctrl-{}", name.to_uppercase()),
                _ => format!("Ctrl-{name}"),
            }
        } else {
            name
        }
    }

    /// Parse a key as the config writes it: `n`, `G`, `Enter`, `PageDown`, `Ctrl-d`, `F5`.
    pub fn parse(text: &str) -> Option<Key> {
        let (modifiers, name) = match text
            .strip_prefix("Ctrl-")
            .or_else(|| text.strip_prefix("ctrl-"))
        {
            Some(rest) => (KeyModifiers::CONTROL, rest),
            None => (KeyModifiers::NONE, text),
        };
        let mut chars = name.chars();
        let code = match (chars.next(), chars.next()) {
            // The terminal sends Ctrl-F as Ctrl with `f`: both spellings bind it.
            (Some(c), None) if modifiers == KeyModifiers::CONTROL => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            (Some(c), None) => KeyCode::Char(c),
            _ => match name.to_ascii_lowercase().as_str() {
                "enter" => KeyCode::Enter,
                "esc" | "escape" => KeyCode::Esc,
                "tab" => KeyCode::Tab,
                "shift-tab" | "backtab" => KeyCode::BackTab,
                "space" => KeyCode::Char(' '),
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "pageup" | "pgup" => KeyCode::PageUp,
                "pagedown" | "pgdn" => KeyCode::PageDown,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                "backspace" => KeyCode::Backspace,
                "delete" => KeyCode::Delete,
                f if f.starts_with('f') => {
                    KeyCode::F(f[1..].parse().ok().filter(|n| (1..=12).contains(n))?)
                }
                _ => return None,
            },
        };
        Some(Key { code, modifiers })
    }
}

/// Where the user is: decides which bindings apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// The customer table.
    Browse,
    /// One customer's fields.
    Detail,
    /// A customer's orders.
    Related,
    /// Typing the local filter: unbound keys are text.
    Typing,
    /// The filter panel: unbound keys are text for the focused field.
    Panel,
    Help,
    Jobs,
    Status,
    /// The create/edit form: unbound keys are text for the focused field.
    Form,
    /// A yes/no question.
    Confirm,
    /// The record actions menu.
    Actions,
    /// A message that must be read before going on.
    Alert,
    /// The journal of writes.
    Journal,
    /// The command palette: unbound keys are text for its input.
    Palette,
    /// A bulk action's progress and results.
    Bulk,
    /// The global search: unbound keys are text for its box.
    Find,
}

impl Mode {
    pub const ALL: [Mode; 16] = [
        Mode::Browse,
        Mode::Detail,
        Mode::Related,
        Mode::Typing,
        Mode::Panel,
        Mode::Help,
        Mode::Jobs,
        Mode::Status,
        Mode::Form,
        Mode::Confirm,
        Mode::Actions,
        Mode::Alert,
        Mode::Journal,
        Mode::Palette,
        Mode::Bulk,
        Mode::Find,
    ];

    /// The name the config uses: `[keys.browse]`.
    pub fn key(self) -> &'static str {
        match self {
            Mode::Browse => "browse",
            Mode::Detail => "detail",
            Mode::Related => "related",
            Mode::Typing => "typing",
            Mode::Panel => "panel",
            Mode::Help => "help",
            Mode::Jobs => "jobs",
            Mode::Status => "status",
            Mode::Form => "form",
            Mode::Confirm => "confirm",
            Mode::Actions => "actions",
            Mode::Alert => "alert",
            Mode::Journal => "journal",
            Mode::Palette => "palette",
            Mode::Bulk => "bulk",
            Mode::Find => "find",
        }
    }

    /// Modes in which unbound printable keys are text.
    pub fn takes_text(self) -> bool {
        matches!(
            self,
            Mode::Typing | Mode::Panel | Mode::Form | Mode::Palette | Mode::Find
        )
    }
}

#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: Vec<(Mode, Key, Action)>,
}

impl Default for Keymap {
    fn default() -> Self {
        use KeyCode::*;
        let plain = Key::plain;
        let navigation = [
            (plain(Char('j')), Action::Down),
            (plain(Down), Action::Down),
            (plain(Char('k')), Action::Up),
            (plain(Up), Action::Up),
            (plain(Char('g')), Action::FirstRow),
            (plain(Home), Action::FirstRow),
            (plain(Char('G')), Action::LastRow),
            (plain(End), Action::LastRow),
            (plain(PageDown), Action::NextPage),
            (plain(Char('n')), Action::NextPage),
            (plain(PageUp), Action::PrevPage),
            (plain(Char('p')), Action::PrevPage),
            (plain(Char('r')), Action::Refresh),
        ];
        let global = [
            (plain(Char('q')), Action::Quit),
            (plain(Char('?')), Action::ToggleHelp),
            (plain(Tab), Action::NextTab),
            (plain(BackTab), Action::PrevTab),
            (plain(Char('J')), Action::ToggleJobs),
            (plain(Char('S')), Action::ToggleStatus),
            (plain(Char('W')), Action::ToggleJournal),
        ];
        let mut bindings = Vec::new();
        let mut bind = |mode: Mode, keys: &[(Key, Action)]| {
            bindings.extend(keys.iter().map(|(key, action)| (mode, *key, *action)));
        };
        for mode in [Mode::Browse, Mode::Detail, Mode::Related] {
            bind(mode, &global);
            bind(mode, &[(Key::ctrl('f'), Action::GlobalSearch)]);
            let tabs: Vec<_> = ('1'..='5')
                .enumerate()
                .map(|(i, c)| (plain(Char(c)), Action::SelectTab(i)))
                .collect();
            bind(mode, &tabs);
        }
        bind(Mode::Browse, &navigation);
        bind(
            Mode::Browse,
            &[
                (plain(Enter), Action::OpenDetail),
                (plain(Char('/')), Action::StartFilter),
                (plain(Char('s')), Action::ServerSearch),
                (plain(Char('f')), Action::OpenFilters),
                (plain(Char('o')), Action::OpenRelated),
                (plain(Char('x')), Action::RequestExport),
                (plain(Char('L')), Action::ToggleSource),
                (plain(Char('>')), Action::SortNext),
                (plain(Char('<')), Action::SortPrev),
                (plain(Char('R')), Action::SortReverse),
                (plain(Esc), Action::Back),
                (plain(Char('h')), Action::ColumnsLeft),
                (plain(Left), Action::ColumnsLeft),
                (plain(Char('l')), Action::ColumnsRight),
                (plain(Right), Action::ColumnsRight),
                (plain(Char('C')), Action::PickColumns),
            ],
        );
        bind(
            Mode::Detail,
            &[
                (plain(Esc), Action::Back),
                (plain(Char('o')), Action::OpenRelated),
                // j/k scroll as the arrows do (as in the peers); n/p go to the next/previous customer.
                (plain(Char('n')), Action::Down),
                (plain(Char('p')), Action::Up),
                (plain(Char('j')), Action::ScrollDown),
                (plain(Char('k')), Action::ScrollUp),
                (plain(Down), Action::ScrollDown),
                (plain(Up), Action::ScrollUp),
                (plain(PageDown), Action::ScrollDown),
                (plain(PageUp), Action::ScrollUp),
            ],
        );
        bind(Mode::Related, &navigation);
        bind(
            Mode::Related,
            &[
                (plain(Esc), Action::Back),
                (plain(Enter), Action::OpenDetail),
                (plain(Char('f')), Action::OpenFilters),
            ],
        );
        bind(
            Mode::Typing,
            &[
                (plain(Enter), Action::ConfirmFilter),
                (plain(Esc), Action::Back),
                (plain(Down), Action::ConfirmFilter),
            ],
        );
        bind(
            Mode::Panel,
            &[
                (plain(Enter), Action::ApplyFilters),
                (plain(Esc), Action::Close),
                (plain(Tab), Action::NextField),
                (plain(Down), Action::NextField),
                (plain(BackTab), Action::PrevField),
                (plain(Up), Action::PrevField),
                (Key::ctrl('x'), Action::ClearFilters),
            ],
        );
        for mode in [Mode::Browse, Mode::Detail] {
            bind(
                mode,
                &[
                    (plain(Char('c')), Action::NewCustomer),
                    (plain(Char('e')), Action::EditCustomer),
                    (plain(Char('a')), Action::OpenActions),
                    (plain(Char('y')), Action::Copy),
                ],
            );
        }
        for mode in [Mode::Browse, Mode::Detail, Mode::Related] {
            bind(mode, &[(plain(Char('m')), Action::ToggleMouse)]);
        }
        bind(
            Mode::Form,
            &[
                (Key::ctrl('s'), Action::SaveForm),
                (Key::ctrl('f'), Action::LookupField),
                (Key::ctrl('n'), Action::AddItem),
                (Key::ctrl('d'), Action::RemoveItem),
                (Key::ctrl('k'), Action::CheckWrite),
                (plain(F(2)), Action::SaveForm),
                (plain(Esc), Action::Back),
                (plain(Tab), Action::NextField),
                (plain(Down), Action::NextField),
                (plain(Enter), Action::NextField),
                (plain(BackTab), Action::PrevField),
                (plain(Up), Action::PrevField),
            ],
        );
        bind(
            Mode::Confirm,
            &[
                (plain(Char('y')), Action::Yes),
                (plain(Char('n')), Action::No),
                (plain(Esc), Action::No),
                (plain(Left), Action::ToggleChoice),
                (plain(Right), Action::ToggleChoice),
                (plain(Tab), Action::ToggleChoice),
                (plain(Enter), Action::Choose),
            ],
        );
        bind(
            Mode::Actions,
            &[
                (plain(Char('j')), Action::Down),
                (plain(Down), Action::Down),
                (plain(Char('k')), Action::Up),
                (plain(Up), Action::Up),
                (plain(Enter), Action::Choose),
                (plain(Esc), Action::Close),
                (plain(Char('K')), Action::MoveUp),
                (plain(Char('J')), Action::MoveDown),
            ],
        );
        bind(
            Mode::Find,
            &[
                (plain(Esc), Action::Close),
                (Key::ctrl('f'), Action::GlobalSearch),
                (plain(Enter), Action::Choose),
                (plain(Down), Action::Down),
                (plain(Up), Action::Up),
            ],
        );
        bind(
            Mode::Alert,
            &[(plain(Esc), Action::Close), (plain(Enter), Action::Close)],
        );
        bind(
            Mode::Journal,
            &[
                (plain(Down), Action::Down),
                (plain(Char('j')), Action::Down),
                (plain(Up), Action::Up),
                (plain(Char('k')), Action::Up),
                (plain(Char('c')), Action::CheckWrite),
                (plain(Char('r')), Action::Refresh),
            ],
        );
        for (mode, own) in [
            (Mode::Help, '?'),
            (Mode::Jobs, 'J'),
            (Mode::Status, 'S'),
            (Mode::Journal, 'W'),
        ] {
            bind(
                mode,
                &[
                    (plain(Esc), Action::Close),
                    (plain(Char('q')), Action::Close),
                    (plain(Char(own)), Action::Close),
                ],
            );
        }
        // Marks, bulk actions, the palette and undo.
        bind(
            Mode::Browse,
            &[
                (plain(Char(' ')), Action::ToggleMark),
                (plain(Char('V')), Action::MarkRange),
                (Key::ctrl('a'), Action::MarkAll),
            ],
        );
        for mode in [Mode::Browse, Mode::Detail, Mode::Related] {
            bind(
                mode,
                &[
                    (plain(Char(':')), Action::OpenPalette),
                    (plain(Char('B')), Action::ToggleBulk),
                ],
            );
        }
        for mode in [Mode::Browse, Mode::Detail] {
            bind(mode, &[(plain(Char('u')), Action::Undo)]);
        }
        bind(
            Mode::Palette,
            &[
                (plain(Enter), Action::Choose),
                (plain(Esc), Action::Close),
                (plain(Down), Action::Down),
                (plain(Up), Action::Up),
                (plain(Tab), Action::NextField),
            ],
        );
        bind(
            Mode::Bulk,
            &[
                (plain(Char('j')), Action::Down),
                (plain(Down), Action::Down),
                (plain(Char('k')), Action::Up),
                (plain(Up), Action::Up),
                (plain(Char('r')), Action::Refresh),
                (plain(Esc), Action::Close),
                (plain(Char('q')), Action::Close),
                (plain(Char('B')), Action::Close),
            ],
        );
        Keymap { bindings }
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
        self.bindings
            .iter()
            .find(|(m, key, _)| *m == mode && key.code == event.code && key.modifiers == modifiers)
            .map(|(_, _, action)| *action)
    }

    /// The bindings of `mode`, in the order help lists them.
    pub fn bindings(&self, mode: Mode) -> impl Iterator<Item = (Key, Action)> + '_ {
        self.bindings
            .iter()
            .filter(move |(m, _, _)| *m == mode)
            .map(|(_, k, a)| (*k, *a))
    }

    /// Bind `keys` to `action` in `mode`, replacing the keys `action` had there.
    pub fn rebind(&mut self, mode: Mode, action: Action, keys: &[Key]) {
        self.bindings
            .retain(|(m, _, a)| !(*m == mode && *a == action));
        // A key does one thing per mode: whatever it did before is unbound.
        self.bindings
            .retain(|(m, k, _)| !(*m == mode && keys.contains(k)));
        self.bindings
            .extend(keys.iter().map(|key| (mode, *key, action)));
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
            keymap.action(Mode::Typing, key(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );
        assert_eq!(
            keymap.action(Mode::Browse, key(KeyCode::Char('z'), KeyModifiers::NONE)),
            None
        );
    }

    #[test]
    fn the_same_key_means_different_things_per_mode() {
        let keymap = Keymap::default();
        let esc = key(KeyCode::Esc, KeyModifiers::NONE);
        assert_eq!(keymap.action(Mode::Detail, esc), Some(Action::Back));
        assert_eq!(keymap.action(Mode::Help, esc), Some(Action::Close));
        let j = key(KeyCode::Char('j'), KeyModifiers::NONE);
        assert_eq!(keymap.action(Mode::Typing, j), None, "typing: j is text");
        assert_eq!(
            keymap.action(Mode::Browse, key(KeyCode::Char('3'), KeyModifiers::NONE)),
            Some(Action::SelectTab(2))
        );
    }

    #[test]
    fn rebinding_replaces_the_old_keys_and_frees_the_new_ones() {
        let mut keymap = Keymap::default();
        keymap.rebind(
            Mode::Browse,
            Action::NextPage,
            &[Key::parse("Ctrl-f").unwrap(), Key::parse("j").unwrap()],
        );
        let ctrl_f = key(KeyCode::Char('f'), KeyModifiers::CONTROL);
        assert_eq!(keymap.action(Mode::Browse, ctrl_f), Some(Action::NextPage));
        assert_eq!(
            keymap.action(Mode::Browse, key(KeyCode::Char('n'), KeyModifiers::NONE)),
            None
        );
        assert_eq!(
            keymap.action(Mode::Browse, key(KeyCode::Char('j'), KeyModifiers::NONE)),
            Some(Action::NextPage)
        );
        assert_eq!(
            keymap.action(Mode::Detail, key(KeyCode::Char('j'), KeyModifiers::NONE)),
            Some(Action::ScrollDown)
        );
    }

    #[test]
    fn parse_keys_as_written_in_the_config() {
        assert_eq!(Key::parse("PageDown"), Some(Key::plain(KeyCode::PageDown)));
        assert_eq!(Key::parse("F5"), Some(Key::plain(KeyCode::F(5))));
        assert_eq!(Key::parse("Ctrl-d"), Some(Key::ctrl('d')));
        assert_eq!(Key::parse("G"), Some(Key::plain(KeyCode::Char('G'))));
        assert_eq!(Key::parse("Ctrl-D"), Some(Key::ctrl('d')));
        assert_eq!(Key::parse("Hyper-x"), None);
        assert_eq!(Key::parse("F13"), None);
    }

    #[test]
    fn a_control_key_is_written_one_way() {
        assert_eq!(Key::ctrl('f').label(), "Ctrl-F");
        assert_eq!(Key::plain(KeyCode::Char('f')).label(), "f");
        assert_eq!(Key::plain(KeyCode::Char('G')).label(), "G");
        assert_eq!(Key::plain(KeyCode::PageDown).label(), "PgDn");
        assert_eq!(Key::ctrl(' ').label(), "Ctrl-Space");
        // What is written can be read back as the same key.
        assert_eq!(Key::parse(&Key::ctrl('f').label()), Some(Key::ctrl('f')));
    }
}

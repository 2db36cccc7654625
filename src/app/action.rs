use serde::{Deserialize, Serialize};

/// What the user meant, independent of the key that said it. Keybindings map keys to these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Quit,
    NextTab,
    PrevTab,
    /// Go to the n-th tab (0-based).
    SelectTab(usize),
    Down,
    Up,
    FirstRow,
    LastRow,
    NextPage,
    PrevPage,
    /// Fetch the current page again (also retries after an error).
    Refresh,
    ToggleHelp,
    /// Close whatever overlay is open.
    Close,
}

impl Action {
    /// What the action does, for the help overlay.
    pub fn describe(self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::NextTab => "next provider",
            Action::PrevTab => "previous provider",
            Action::SelectTab(_) => "go to provider",
            Action::Down => "next row",
            Action::Up => "previous row",
            Action::FirstRow => "first row",
            Action::LastRow => "last row",
            Action::NextPage => "next page",
            Action::PrevPage => "previous page",
            Action::Refresh => "reload / retry",
            Action::ToggleHelp => "help",
            Action::Close => "close",
        }
    }
}

use serde::{Deserialize, Serialize};

/// What the user meant, independent of the key that said it. Keybindings map keys to these; the
/// config names them in snake_case (`next_page = ["n", "PageDown"]`).
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
    /// Select the n-th visible row (a mouse click).
    SelectRow(usize),
    NextPage,
    PrevPage,
    /// Fetch the current page again (also retries after an error).
    Refresh,
    /// Scroll the detail view.
    ScrollDown,
    ScrollUp,
    /// Every field of the selected customer.
    OpenDetail,
    /// The selected customer's related list (orders).
    OpenRelated,
    /// Leave the detail or related view, or drop the local filter.
    Back,
    /// Start typing a local filter over the loaded rows.
    StartFilter,
    /// Keep the typed filter and go back to the rows.
    ConfirmFilter,
    /// Send the local filter's text to the provider's own search.
    ServerSearch,
    /// The panel of the provider's own list filters.
    OpenFilters,
    ApplyFilters,
    ClearFilters,
    NextField,
    PrevField,
    ToggleHelp,
    ToggleJobs,
    ToggleStatus,
    /// The journal of writes: what was changed, when, and how it ended.
    ToggleJournal,
    /// Find customers in every provider's mirror at once.
    GlobalSearch,
    /// Close whatever overlay is open.
    Close,
    /// A form for a new customer.
    NewCustomer,
    /// A form with the selected customer.
    EditCustomer,
    SaveForm,
    /// The selected customer's actions (status changes, toggles, delete).
    OpenActions,
    /// Answers in a confirmation.
    Yes,
    No,
    ToggleChoice,
    /// Take the highlighted answer or menu entry.
    Choose,
    /// Ask the provider to e-mail an export of its customers (Ngorder).
    RequestExport,
    /// Search the provider for the focused form field's options (Ngorder regions).
    LookupField,
    /// Add an item to a list in the form (a phone number, an address); remove the focused one.
    AddItem,
    RemoveItem,
    /// Read the provider's state for a write whose outcome is unknown (before anything is resent).
    CheckWrite,
    /// Mark or unmark the row under the cursor for a bulk action.
    ToggleMark,
    /// Mark the rows from the last marked one to the cursor.
    MarkRange,
    /// Mark every row in view (again: unmark them all).
    MarkAll,
    /// The progress and results of the last bulk action.
    ToggleBulk,
    /// The command palette: go to a customer, page or tab, or run any action by name.
    OpenPalette,
    /// Send the inverse of the last one-key toggle, while its undo window is open.
    Undo,
    /// The table's rows from the mirror or from the provider's live pages.
    ToggleSource,
    /// Sort the mirror by the next (previous) shown column; by id before the first.
    SortNext,
    SortPrev,
    /// The sort the other way round.
    SortReverse,
    /// Copy the selected customer's id, e-mail, phone or whole record (a menu) to the clipboard.
    Copy,
    /// Mouse capture off (the terminal's own selection works) or back on.
    ToggleMouse,
    /// Scroll the table's columns sideways (the first column stays).
    ColumnsLeft,
    ColumnsRight,
    /// Choose which fields the table shows, and their order.
    PickColumns,
    /// Move the highlighted column up or down the table's order (the column picker).
    MoveUp,
    MoveDown,
}

impl Action {
    /// Does this start a change at the provider? Read-only mode unbinds these.
    pub fn is_write(self) -> bool {
        matches!(
            self,
            Action::NewCustomer
                | Action::EditCustomer
                | Action::SaveForm
                | Action::OpenActions
                | Action::RequestExport
                | Action::Undo
        )
    }

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
            Action::SelectRow(_) => "select row",
            Action::NextPage => "next page",
            Action::PrevPage => "previous page",
            Action::Refresh => "reload / retry",
            Action::ScrollDown => "scroll down",
            Action::ScrollUp => "scroll up",
            Action::OpenDetail => "details of the row",
            Action::OpenRelated => "customer's orders",
            Action::Back => "back",
            Action::StartFilter => "search mirror / filter",
            Action::ConfirmFilter => "keep filter",
            Action::ServerSearch => "search the provider",
            Action::OpenFilters => "provider filters",
            Action::ApplyFilters => "apply filters",
            Action::ClearFilters => "clear filters",
            Action::NextField => "next field",
            Action::PrevField => "previous field",
            Action::ToggleHelp => "help",
            Action::ToggleJobs => "jobs: calls and errors",
            Action::ToggleStatus => "status: budgets, chart",
            Action::ToggleJournal => "journal of writes",
            Action::GlobalSearch => "find in every provider",
            Action::Close => "close",
            Action::NewCustomer => "new customer",
            Action::EditCustomer => "edit customer",
            Action::SaveForm => "save",
            Action::OpenActions => "actions: status, delete",
            Action::Yes => "yes",
            Action::No => "no",
            Action::ToggleChoice => "switch answer",
            Action::Choose => "take the highlighted one",
            Action::RequestExport => "e-mail an export",
            Action::LookupField => "search options",
            Action::AddItem => "add a list item",
            Action::RemoveItem => "remove this list item",
            Action::CheckWrite => "check a save whose outcome is unknown",
            Action::ToggleMark => "mark / unmark row",
            Action::MarkRange => "mark up to here",
            Action::MarkAll => "mark all in view",
            Action::ToggleBulk => "bulk action results",
            Action::OpenPalette => "command palette",
            Action::Undo => "undo last toggle",
            Action::ToggleSource => "mirror / live pages",
            Action::SortNext => "sort: next column",
            Action::SortPrev => "sort: previous column",
            Action::SortReverse => "sort the other way",
            Action::Copy => "copy id, e-mail, record",
            Action::ToggleMouse => "mouse on/off",
            Action::ColumnsLeft => "columns to the left",
            Action::ColumnsRight => "columns to the right",
            Action::PickColumns => "choose columns",
            Action::MoveUp => "move up the order",
            Action::MoveDown => "move down the order",
        }
    }
}

impl Action {
    /// The actions a config can bind, by the name it writes (`next_page`). The two that carry a number
    /// (`SelectTab`, `SelectRow`) are the digit keys and mouse clicks, not bindable by name.
    pub const NAMED: [Action; 59] = [
        Action::Quit,
        Action::NextTab,
        Action::PrevTab,
        Action::Down,
        Action::Up,
        Action::FirstRow,
        Action::LastRow,
        Action::NextPage,
        Action::PrevPage,
        Action::Refresh,
        Action::ScrollDown,
        Action::ScrollUp,
        Action::OpenDetail,
        Action::OpenRelated,
        Action::Back,
        Action::StartFilter,
        Action::ConfirmFilter,
        Action::ServerSearch,
        Action::OpenFilters,
        Action::ApplyFilters,
        Action::ClearFilters,
        Action::NextField,
        Action::PrevField,
        Action::ToggleHelp,
        Action::ToggleJobs,
        Action::ToggleStatus,
        Action::ToggleJournal,
        Action::Close,
        Action::NewCustomer,
        Action::EditCustomer,
        Action::SaveForm,
        Action::OpenActions,
        Action::Yes,
        Action::No,
        Action::ToggleChoice,
        Action::Choose,
        Action::RequestExport,
        Action::LookupField,
        Action::AddItem,
        Action::RemoveItem,
        Action::CheckWrite,
        Action::Copy,
        Action::ToggleMouse,
        Action::ToggleMark,
        Action::MarkRange,
        Action::MarkAll,
        Action::ToggleBulk,
        Action::OpenPalette,
        Action::Undo,
        Action::ToggleSource,
        Action::SortNext,
        Action::SortPrev,
        Action::SortReverse,
        Action::ColumnsLeft,
        Action::ColumnsRight,
        Action::PickColumns,
        Action::MoveUp,
        Action::MoveDown,
        Action::GlobalSearch,
    ];

    /// The name a config writes for this action (`next_page`).
    pub fn name(self) -> String {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::String(name)) => name,
            _ => format!("{self:?}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Action;

    #[test]
    fn every_named_action_reads_back_from_its_config_name_once() {
        for (index, action) in Action::NAMED.iter().enumerate() {
            let name = action.name();
            let back: Action = serde_json::from_value(serde_json::Value::String(name.clone()))
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(back, *action);
            assert!(!Action::NAMED[..index].contains(action), "{name} twice");
        }
    }
}

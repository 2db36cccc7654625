//! The column picker: which of the provider's fields the table shows, and in what order, changed at
//! run time. It lists the shown columns first, in the table's order (`K`/`J` move the highlighted one
//! up or down), then the other fields in the schema's. Closing it after a change saves the choice as the provider's `columns = [...]` in the config (the worker writes
//! the file; the notice says where, or why not), so the next session starts with it.

use super::{Action, App, Overlay, Tab};
use crate::domain::{FieldKind, FieldSpec};
use crate::worker::{Command, Work};

/// The picker over the active tab's fields: the highlighted one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ColumnPicker {
    pub cursor: usize,
    /// A column was shown, hidden or moved since the picker opened: closing it saves.
    pub changed: bool,
}

/// The fields a table can show as a column: all but nested lists.
pub fn pickable(fields: &'static [FieldSpec]) -> impl Iterator<Item = &'static FieldSpec> {
    fields
        .iter()
        .filter(|f| !matches!(f.kind, FieldKind::List(_)))
}

/// The picker's list for `tab`: the columns it shows, in order, then its other fields.
pub fn picker_fields(tab: &Tab) -> Vec<&'static FieldSpec> {
    let hidden =
        pickable(tab.spec.schema.fields).filter(|f| !tab.columns.iter().any(|c| c.key == f.key));
    tab.columns.iter().copied().chain(hidden).collect()
}

impl App {
    pub(super) fn open_column_picker(&mut self) {
        if self.active_tab().is_some() {
            self.overlay = Some(Overlay::Columns(ColumnPicker::default()));
        }
    }

    /// Keys while the picker is open: move, show/hide the highlighted field, close (and save).
    pub(super) fn picker_act(&mut self, action: Action) -> Vec<Command> {
        let Some(Overlay::Columns(picker)) = &mut self.overlay else {
            return Vec::new();
        };
        let Some(tab) = self.tabs.get_mut(self.active) else {
            return Vec::new();
        };
        let fields = picker_fields(tab);
        let count = fields.len().max(1);
        match action {
            Action::Down => picker.cursor = (picker.cursor + 1) % count,
            Action::Up => picker.cursor = (picker.cursor + count - 1) % count,
            Action::Choose | Action::ToggleMark => {
                let Some(&field) = fields.get(picker.cursor) else {
                    return Vec::new();
                };
                if let Some(at) = tab.columns.iter().position(|c| c.key == field.key) {
                    // The last column stays: a table of nothing says nothing.
                    if tab.columns.len() > 1 {
                        tab.columns.remove(at);
                        picker.changed = true;
                    }
                } else {
                    // Last of the shown: `K` moves it up from there.
                    tab.columns.push(field);
                    picker.changed = true;
                }
                // The highlight stays on the field, wherever the list now has it.
                picker.cursor = picker_fields(tab)
                    .iter()
                    .position(|f| f.key == field.key)
                    .unwrap_or(0);
                tab.column_offset = 0;
            }
            Action::MoveUp | Action::MoveDown => {
                // Shown columns head the list in the table's order: the cursor is the column's place.
                let at = picker.cursor;
                let to = if action == Action::MoveUp {
                    at.checked_sub(1)
                } else {
                    Some(at + 1)
                };
                if let Some(to) = to.filter(|&to| at < tab.columns.len() && to < tab.columns.len())
                {
                    tab.columns.swap(at, to);
                    picker.cursor = to;
                    picker.changed = true;
                    tab.column_offset = 0;
                }
            }
            Action::Close | Action::Back | Action::PickColumns => {
                let changed = picker.changed;
                let (provider, columns) =
                    (tab.provider, tab.columns.iter().map(|c| c.key).collect());
                self.overlay = None;
                if changed {
                    // Not a job: a file of ours, not a call; the notice says how it went.
                    return vec![self.quiet_command(provider, Work::SaveColumns { columns })];
                }
            }
            _ => {}
        }
        Vec::new()
    }
}

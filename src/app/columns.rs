//! The column picker: which of the provider's fields the table shows, changed at run time. Closing it
//! after a change saves the choice as the provider's `columns = [...]` in the config (the worker writes
//! the file; the notice says where, or why not), so the next session starts with it.

use super::{Action, App, Overlay};
use crate::domain::{FieldKind, FieldSpec};
use crate::worker::{Command, Work};

/// The picker over the active tab's fields: the highlighted one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ColumnPicker {
    pub cursor: usize,
    /// A column was shown or hidden since the picker opened: closing it saves.
    pub changed: bool,
}

/// The fields a table can show as a column: all but nested lists.
pub fn pickable(fields: &'static [FieldSpec]) -> impl Iterator<Item = &'static FieldSpec> {
    fields
        .iter()
        .filter(|f| !matches!(f.kind, FieldKind::List(_)))
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
        let fields: Vec<_> = pickable(tab.spec.schema.fields).collect();
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
                    // In the schema's order, so a column comes back where it was.
                    let rank = |f: &FieldSpec| fields.iter().position(|g| g.key == f.key);
                    let at = tab
                        .columns
                        .iter()
                        .position(|c| rank(c) > rank(field))
                        .unwrap_or(tab.columns.len());
                    tab.columns.insert(at, field);
                    picker.changed = true;
                }
                tab.column_offset = 0;
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

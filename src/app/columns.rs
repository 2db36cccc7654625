//! The column picker: which of the provider's fields the table shows, changed at run time. For this
//! session only: the config's `[ui] columns` sets where each session starts.

use super::{Action, App, Overlay};
use crate::domain::{FieldKind, FieldSpec};

/// The picker over the active tab's fields: the highlighted one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ColumnPicker {
    pub cursor: usize,
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

    /// Keys while the picker is open: move, show/hide the highlighted field, close.
    pub(super) fn picker_act(&mut self, action: Action) {
        let Some(Overlay::Columns(picker)) = &mut self.overlay else {
            return;
        };
        let Some(tab) = self.tabs.get_mut(self.active) else {
            return;
        };
        let fields: Vec<_> = pickable(tab.spec.schema.fields).collect();
        let count = fields.len().max(1);
        match action {
            Action::Down => picker.cursor = (picker.cursor + 1) % count,
            Action::Up => picker.cursor = (picker.cursor + count - 1) % count,
            Action::Choose | Action::ToggleMark => {
                let Some(&field) = fields.get(picker.cursor) else {
                    return;
                };
                if let Some(at) = tab.columns.iter().position(|c| c.key == field.key) {
                    // The last column stays: a table of nothing says nothing.
                    if tab.columns.len() > 1 {
                        tab.columns.remove(at);
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
                }
                tab.column_offset = 0;
            }
            Action::Close | Action::Back | Action::PickColumns => self.overlay = None,
            _ => {}
        }
    }
}

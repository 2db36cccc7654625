//! Export of the marked customers: `x` with marks, or "Export as CSV" at the end of their actions
//! menu, writes them as CSV (the columns `clientele export` writes) to a new file in the data
//! directory's `exports/`. The worker writes it; the notice says where, or why not. Nothing changes at
//! the provider, so it asks nothing first and works read-only too; the marks stay.

use super::{App, Notice};
use crate::worker::{Command, Work};

/// The export's line in the marked customers' actions menu (after the provider's actions).
pub const EXPORT_ENTRY: &str = "Export as CSV";

impl App {
    /// Is the export the highlighted line of the marked customers' menu?
    pub(super) fn export_highlighted(&self) -> bool {
        matches!(&self.overlay, Some(super::Overlay::BulkActions(menu)) if menu.selected == menu.actions.len())
    }

    pub(super) fn export_marked(&mut self) -> Vec<Command> {
        let records = self.marked_records();
        let Some(provider) = self.active_tab().map(|t| t.provider) else {
            return Vec::new();
        };
        if records.is_empty() {
            return Vec::new();
        }
        self.overlay = None;
        let count = records.len();
        self.notice = Some(Notice {
            text: format!(
                "exporting {count} marked customer{}…",
                if count == 1 { "" } else { "s" }
            ),
            is_error: false,
        });
        // Not a job: a file of ours, not a call to the provider.
        vec![self.quiet_command(provider, Work::ExportMarked { records })]
    }
}

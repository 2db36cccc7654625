//! The journal view: every write clientele made, newest first, with its outcome and what it changed.
//! Writes whose outcome is unknown can be checked from here (`c`).

use super::{Action, App, Overlay};
use crate::domain::ApiError;
use crate::store::{Entry, Outcome as Ended};
use crate::worker::{Command, RequestId, Work};

/// Lines read into the view at most.
const SHOWN: usize = 500;

#[derive(Debug, Clone)]
pub struct JournalView {
    /// The read in flight, if any.
    pub loading: Option<RequestId>,
    pub entries: Result<Vec<Entry>, ApiError>,
    pub selected: usize,
}

impl JournalView {
    pub fn selected_entry(&self) -> Option<&Entry> {
        self.entries.as_ref().ok()?.get(self.selected)
    }
}

impl App {
    pub(super) fn toggle_journal(&mut self) -> Vec<Command> {
        if matches!(self.overlay, Some(Overlay::Journal(_))) {
            self.overlay = None;
            return Vec::new();
        }
        self.overlay = Some(Overlay::Journal(JournalView {
            loading: None,
            entries: Ok(Vec::new()),
            selected: 0,
        }));
        self.read_journal()
    }

    fn read_journal(&mut self) -> Vec<Command> {
        // The journal is not a provider's; the command goes out under the active tab's name.
        let Some(provider) = self.active_tab().map(|t| t.provider) else {
            return Vec::new();
        };
        let command = self.quiet_command(provider, Work::ReadJournal { limit: SHOWN });
        if let Some(Overlay::Journal(view)) = &mut self.overlay {
            view.loading = Some(command.id);
        }
        vec![command]
    }

    pub(super) fn journal_read(&mut self, id: RequestId, result: Result<Vec<Entry>, ApiError>) {
        if let Some(Overlay::Journal(view)) = &mut self.overlay
            && view.loading == Some(id)
        {
            view.loading = None;
            view.entries = result;
            let count = view.entries.as_ref().map_or(0, Vec::len);
            view.selected = view.selected.min(count.saturating_sub(1));
        }
    }

    pub(super) fn in_journal(&mut self, action: Action) -> Vec<Command> {
        let Some(Overlay::Journal(view)) = &mut self.overlay else {
            return Vec::new();
        };
        let count = view.entries.as_ref().map_or(0, Vec::len);
        match action {
            Action::Down => view.selected = (view.selected + 1).min(count.saturating_sub(1)),
            Action::Up => view.selected = view.selected.saturating_sub(1),
            Action::Refresh => return self.read_journal(),
            Action::CheckWrite => {
                let Some(entry) = view.selected_entry().cloned() else {
                    return Vec::new();
                };
                if entry.outcome != Some(Ended::Unknown) {
                    self.notice = Some(super::Notice {
                        text: format!(
                            "only a write whose outcome is unknown needs a check; this one is {}",
                            entry.outcome.map_or("still in flight", Ended::label)
                        ),
                        is_error: false,
                    });
                    return Vec::new();
                }
                return self.check_entry(&entry);
            }
            _ => {}
        }
        Vec::new()
    }
}

//! Drafts of forms: forgotten once saved or discarded, reopened after a run that left them unsaved.

use super::{App, Form, Notice};
use crate::worker::{Command, Work};

impl App {
    /// Forget the draft of `form` (it was saved or discarded).
    pub(super) fn discard_draft(&mut self, form: &Form) -> Command {
        let key = form.draft().key();
        self.quiet_command(form.provider, Work::DiscardDraft { key })
    }

    /// Reopen what a previous run left unsaved: the first draft's form, the others kept for later.
    pub fn restore_drafts(&mut self, drafts: Vec<crate::drafts::Draft>) {
        let Some(draft) = drafts
            .iter()
            .find(|d| self.tabs.iter().any(|t| t.provider == d.provider))
        else {
            return;
        };
        if let Some(index) = self.tabs.iter().position(|t| t.provider == draft.provider) {
            self.active = index;
        }
        self.form = Some(Form::from_draft(
            crate::providers::spec(draft.provider),
            draft,
        ));
        let more = drafts.len() - 1;
        let text = if more == 0 {
            "an unsaved form was restored".to_string()
        } else {
            format!(
                "an unsaved form was restored ({more} more drafts kept; each comes back after this one)"
            )
        };
        self.notice = Some(Notice {
            text,
            is_error: false,
        });
    }
}

//! Changing customers: the create/edit form, one-key record actions with their optimistic row change,
//! and the confirmation that stands before anything destructive.

use super::form::{Form, FormKind};
use super::{Action, App, FilterPanel, Notice, Overlay, Purpose};
use crate::domain::{ApiError, ProviderId, Record};
use crate::providers::{Saved, SubmissionState, WriteOutcome};
use crate::worker::submissions::SubmissionUpdate;
use crate::worker::{Command, RequestId, TokenKept, Work};

/// What a "yes" in the confirmation does.
#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    /// Close the form and lose what was typed.
    DiscardForm,
    /// Create a customer although the check of an earlier save found some like it.
    SaveAnyway,
    /// Run a record action.
    Act {
        action: &'static str,
        record: Record,
    },
    /// Run a record action on each of these customers (the marked ones it applies to).
    Bulk {
        action: &'static str,
        records: Vec<Record>,
    },
    /// Ask the provider to e-mail its customer export (Ngorder), with the parameters asked for.
    Export(ProviderId, Vec<(&'static str, String)>),
}

/// A yes/no question. The answer starts at "No": Enter alone never destroys anything.
#[derive(Debug, Clone, PartialEq)]
pub struct Confirm {
    pub question: String,
    pub pending: Pending,
    pub yes: bool,
}

impl App {
    /// Refuse a change in read-only mode, saying so.
    pub(super) fn refuse_if_read_only(&mut self) -> bool {
        let provider = self
            .form
            .as_ref()
            .map(|f| f.provider)
            .or_else(|| self.active_tab().map(|t| t.provider));
        let refused = provider.is_some_and(|p| self.read_only.is_read_only(p));
        if refused {
            self.notice = Some(Notice {
                text: format!(
                    "read-only mode: nothing can be changed at {} (--read-only or read_only = true in the config)",
                    provider.map_or("this provider".into(), |p| p.to_string())
                ),
                is_error: true,
            });
        }
        refused
    }

    /// Refuse to act on a row whose id cannot go into a URL (empty, `.`, `..`), saying why; the row
    /// itself stays visible.
    pub(super) fn refuse_unsafe_id(&mut self, record: &Record) -> bool {
        let Some(problem) = crate::providers::ops::unsafe_id(&record.id) else {
            return false;
        };
        self.notice = Some(Notice {
            text: format!("this customer cannot be changed from here: {problem}"),
            is_error: true,
        });
        true
    }

    /// `x`: the export e-mails every customer's data, so it is a write like any other: refused in
    /// read-only mode, and asked about first.
    pub(super) fn request_export(&mut self) {
        let Some(tab) = self.active_tab() else {
            return;
        };
        let provider = tab.provider;
        let asks = tab.spec.export.as_ref().map(|e| e.asks);
        let Some(asks) = asks else {
            self.notice = Some(Notice {
                text: format!("{provider} has no export"),
                is_error: false,
            });
            return;
        };
        if self.refuse_if_read_only() {
            return;
        }
        if asks.is_empty() {
            self.confirm_export(provider, Vec::new());
        } else {
            // The export's optional parameters first (Ngorder's month), then the question.
            self.overlay = Some(Overlay::Filters(FilterPanel::asking(
                asks,
                &[],
                Purpose::Export(provider),
            )));
        }
    }

    /// Ask before the export goes, saying what it will hold.
    pub(super) fn confirm_export(
        &mut self,
        provider: ProviderId,
        query: Vec<(&'static str, String)>,
    ) {
        let what = if query.is_empty() {
            "full customer export".to_string()
        } else {
            let asked: Vec<String> = query.iter().map(|(p, v)| format!("{p} {v}")).collect();
            format!("customer export ({})", asked.join(", "))
        };
        self.overlay = Some(Overlay::Confirm(Confirm {
            question: format!("E-mail {provider}'s {what} to the account's address?"),
            pending: Pending::Export(provider, query),
            yes: false,
        }));
    }

    fn send_export(
        &mut self,
        provider: ProviderId,
        query: Vec<(&'static str, String)>,
    ) -> Vec<Command> {
        vec![self.command(provider, Work::Export { query })]
    }

    pub(super) fn open_form(&mut self, edit: bool) -> Vec<Command> {
        if self.refuse_if_read_only() {
            return Vec::new();
        }
        let Some(tab) = self.active_tab() else {
            return Vec::new();
        };
        let (spec, provider) = (tab.spec, tab.provider);
        let form = if edit {
            let Some(record) = tab.selected_record().cloned() else {
                return Vec::new();
            };
            if self.refuse_unsafe_id(&record) {
                return Vec::new();
            }
            if spec.update.is_none() {
                self.notice = Some(Notice {
                    text: format!("{provider} has no API for editing"),
                    is_error: false,
                });
                return Vec::new();
            }
            Form::edit(spec, record)
        } else {
            if spec.create.is_none() {
                self.notice = Some(Notice {
                    text: format!("{provider} has no API for creating"),
                    is_error: false,
                });
                return Vec::new();
            }
            Form::create(spec)
        };
        self.form = Some(form);
        // Options the provider lists at run time (custom categories, customer types).
        let lookups: Vec<&'static str> = spec
            .lookups
            .iter()
            // The form's fields only (a filter's options are loaded with the filter panel).
            .filter(|l| l.search.is_none() && spec.schema.field(l.field).is_some())
            .map(|l| l.field)
            .collect();
        lookups
            .into_iter()
            .map(|field| {
                self.command(
                    provider,
                    Work::Lookup {
                        field,
                        search: None,
                        page: 1,
                    },
                )
            })
            .collect()
    }

    /// Esc in the form: close it, asking first if something was typed.
    pub(super) fn leave_form(&mut self) -> Vec<Command> {
        match &self.form {
            Some(form) if form.is_dirty() => {
                self.overlay = Some(Overlay::Confirm(Confirm {
                    question: "Discard the changes in this form?".into(),
                    pending: Pending::DiscardForm,
                    yes: false,
                }));
            }
            _ => {
                if let Some(form) = self.form.take() {
                    return vec![self.discard_draft(&form)];
                }
            }
        }
        Vec::new()
    }

    pub(super) fn save_form(&mut self) -> Vec<Command> {
        if self.refuse_if_read_only() {
            return Vec::new();
        }
        let Some(form) = &mut self.form else {
            return Vec::new();
        };
        if form.saving.is_some() {
            return Vec::new();
        }
        // Saving an untouched edit sends nothing (on DK it would spend a write from the budget): the
        // form closes as after a save, since there is nothing in it to keep.
        if matches!(form.kind, FormKind::Edit(_)) && !form.has_changes() {
            let Some(form) = self.form.take() else {
                return Vec::new();
            };
            self.notice = Some(Notice {
                text: "Nothing changed: nothing was sent.".into(),
                is_error: false,
            });
            return vec![self.discard_draft(&form)];
        }
        if !form.validate() {
            return Vec::new();
        }
        if self.doubt_blocks_save() {
            return Vec::new();
        }
        let Some(form) = &mut self.form else {
            return Vec::new();
        };
        let values = form.values();
        let work = match &form.kind {
            FormKind::Create => Work::Create { values },
            FormKind::Edit(original) => Work::Update {
                original: original.clone(),
                values,
            },
        };
        let provider = form.provider;
        let command = self.command(provider, work);
        if let Some(form) = &mut self.form {
            form.saving = Some(command.id);
            form.message = Some("Saving…".into());
        }
        vec![command]
    }

    /// A save's answer: close the form on success, keep it (with the errors on their fields) on failure.
    pub(super) fn saved(
        &mut self,
        id: RequestId,
        result: Result<WriteOutcome, ApiError>,
        kept: Option<TokenKept>,
    ) -> Vec<Command> {
        let Some(form) = self.form.as_mut().filter(|f| f.saving == Some(id)) else {
            return Vec::new();
        };
        form.saving = None;
        let outcome = match result {
            Ok(outcome) => outcome,
            Err(error) if error.kind == crate::domain::ErrorKind::OutcomeUnknown => {
                self.save_unknown(&error);
                return Vec::new();
            }
            Err(error) => {
                form.show_error(&error);
                return Vec::new();
            }
        };
        let Some(form) = self.form.take() else {
            return Vec::new();
        };
        let discard = self.discard_draft(&form);
        let what = match &form.kind {
            FormKind::Create => "created",
            FormKind::Edit(_) => "saved",
        };
        let text = match &outcome.saved {
            Saved::Record(record) => format!("{} {what}", record.title(&form.spec.schema)),
            Saved::Id(id) => format!("customer #{id} {what}"),
            Saved::Submitted(submission) => {
                format!(
                    "submitted to {}: {submission} (it is processed in the background)",
                    form.provider
                )
            }
        };
        let customer = match &outcome.saved {
            Saved::Record(record) => record.id.clone(),
            Saved::Id(id) | Saved::Submitted(id) => id.clone(),
        };
        self.notice = Some(match kept {
            Some(TokenKept::Stored(path)) => Notice {
                text: format!("{text}; its token is kept in {}", path.display()),
                is_error: false,
            },
            Some(TokenKept::Failed { error, token }) => {
                // Losing this token locks the merchant out of the customer for good: say so loudly
                // and show it once so it can be saved by hand.
                self.overlay = Some(Overlay::Token {
                    customer,
                    token,
                    error,
                });
                Notice {
                    text: format!("{text}, but its token could NOT be kept"),
                    is_error: true,
                }
            }
            None => Notice {
                text,
                is_error: false,
            },
        });
        // Show the provider's state of things: the list from where it is.
        let index = self.tabs.iter().position(|t| t.provider == form.provider);
        index
            .and_then(|index| {
                if let (Saved::Record(record), FormKind::Edit(_)) = (&outcome.saved, &form.kind) {
                    let record = record.clone();
                    self.tabs[index].customers.with_page_mut(|page| {
                        if let Some(row) = page.records.iter_mut().find(|r| r.id == record.id) {
                            *row = record;
                        }
                    });
                    return None;
                }
                if self.show_created(index, &form, &outcome.saved) {
                    return None;
                }
                let fetch = self.tabs[index].customers.refresh(&mut self.next_request)?;
                self.list_command(index, fetch)
            })
            .into_iter()
            .chain([discard])
            .collect()
    }

    pub(super) fn answer_confirm(&mut self, action: Action) -> Vec<Command> {
        let Some(Overlay::Confirm(confirm)) = &mut self.overlay else {
            return Vec::new();
        };
        let yes = match action {
            Action::Yes => true,
            Action::No | Action::Close => false,
            Action::ToggleChoice => {
                confirm.yes = !confirm.yes;
                return Vec::new();
            }
            Action::Choose => confirm.yes,
            _ => return Vec::new(),
        };
        let Some(Overlay::Confirm(confirm)) = self.overlay.take() else {
            return Vec::new();
        };
        if !yes {
            return Vec::new();
        }
        match confirm.pending {
            Pending::DiscardForm => match self.form.take() {
                Some(form) => vec![self.discard_draft(&form)],
                None => Vec::new(),
            },
            Pending::Act { action, record } => self.run_action(action, record),
            Pending::Bulk { action, records } => self.start_bulk(action, records),
            Pending::SaveAnyway => {
                if let Some(form) = &mut self.form {
                    form.doubt = None;
                }
                self.save_form()
            }
            Pending::Export(provider, query) => self.send_export(provider, query),
        }
    }

    /// A followed submission changed state: list it; on success show the provider's list again, on
    /// failure say why and reopen the form with what was sent.
    pub(super) fn submission_changed(&mut self, update: SubmissionUpdate) -> Vec<Command> {
        let provider = update.pending.provider;
        match self
            .submissions
            .iter_mut()
            .find(|s| s.pending.submission == update.pending.submission)
        {
            Some(known) => *known = update.clone(),
            None => self.submissions.push(update.clone()),
        }
        match update.state {
            SubmissionState::Succeeded => {
                let customer = update
                    .customer_id
                    .map(|id| format!(" (customer {id})"))
                    .unwrap_or_default();
                self.notice = Some(Notice {
                    text: format!("{provider}: submission succeeded{customer}"),
                    is_error: false,
                });
                let Some(index) = self.tabs.iter().position(|t| t.provider == provider) else {
                    return Vec::new();
                };
                let fetch = self.tabs[index].customers.refresh(&mut self.next_request);
                fetch
                    .and_then(|fetch| self.list_command(index, fetch))
                    .into_iter()
                    .collect()
            }
            SubmissionState::Failed => {
                let errors = if update.errors.is_empty() {
                    "no reason given".to_string()
                } else {
                    update.errors.join("; ")
                };
                self.notice = Some(Notice {
                    text: format!("{provider}: submission failed: {errors}"),
                    is_error: true,
                });
                if self.form.is_none() {
                    self.form = Some(Form::from_failed_submission(
                        crate::providers::spec(provider),
                        &update,
                    ));
                }
                Vec::new()
            }
            _ => Vec::new(),
        }
    }
}

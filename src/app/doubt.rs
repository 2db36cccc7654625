//! Writes whose outcome is unknown: the provider may or may not have carried them out (a timeout, a
//! dropped connection, a 5xx, an unreadable answer, or clientele stopped mid-call). Such a write is never
//! shown as refused and never sent again blindly: a check reads the provider's state first and shows it.

use super::form::FormKind;
use super::{App, Notice, Optimistic};
use crate::domain::{ApiError, ProviderId, Record};
use crate::store::Entry;
use crate::worker::check::Finding;
use crate::worker::journaling::{Expectation, expectation};
use crate::worker::{Command, RequestId, Work};

/// Where a form's last save stands when its outcome is unknown.
#[derive(Debug, Clone, PartialEq)]
pub enum Doubt {
    /// Nothing is sent again until it is checked.
    Unknown,
    /// The check is under way.
    Checking(RequestId),
    /// A create was checked: these customers look like the one it was for. Saving again asks first.
    Similar(Vec<Record>),
}

/// A one-key action whose outcome is unknown, being checked.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionCheck {
    pub id: RequestId,
    pub provider: ProviderId,
    pub label: String,
    /// The customer, and where its row stood.
    pub customer: String,
    pub position: usize,
}

impl App {
    /// The customer an action was about, by id and name.
    pub(super) fn who(&self, done: &Optimistic) -> String {
        match self.tabs.iter().find(|t| t.provider == done.provider) {
            Some(tab) => done.before.id_and_title(&tab.spec.schema),
            None => format!("#{}", done.before.id),
        }
    }

    /// A form's save ended with an unknown outcome: it stays open, and saving waits for a check.
    pub(super) fn save_unknown(&mut self, error: &ApiError) {
        let Some(form) = &mut self.form else {
            return;
        };
        form.doubt = Some(Doubt::Unknown);
        form.message = Some(format!(
            "Outcome unknown: {}. Nothing is sent again until it is checked: Ctrl-K checks at {}.",
            error.message, form.provider
        ));
    }

    /// Saving a form whose last save is in doubt: `Some(reason)` stops it.
    pub(super) fn doubt_blocks_save(&mut self) -> bool {
        let Some(form) = &mut self.form else {
            return false;
        };
        match &form.doubt {
            None => false,
            Some(Doubt::Unknown) => {
                form.message = Some(format!(
                    "The last save's outcome is unknown: Ctrl-K checks at {} before anything is sent again.",
                    form.provider
                ));
                true
            }
            Some(Doubt::Checking(_)) => {
                form.message = Some(format!("Checking at {}…", form.provider));
                true
            }
            Some(Doubt::Similar(similar)) => {
                let question = format!(
                    "{} customer{} like this already at {}. Create another anyway?",
                    similar.len(),
                    if similar.len() == 1 { " is" } else { "s are" },
                    form.provider
                );
                self.overlay = Some(super::Overlay::Confirm(super::Confirm {
                    question,
                    pending: super::Pending::SaveAnyway,
                    yes: false,
                }));
                true
            }
        }
    }

    /// Ctrl-K in a form: read the provider's state for the save in doubt.
    pub(super) fn check_form(&mut self) -> Vec<Command> {
        let Some(form) = &self.form else {
            return Vec::new();
        };
        if !matches!(form.doubt, Some(Doubt::Unknown | Doubt::Similar(_))) {
            return Vec::new();
        }
        let values = form.values();
        let work = match &form.kind {
            FormKind::Create => Work::Create { values },
            FormKind::Edit(original) => Work::Update {
                original: original.clone(),
                values,
            },
        };
        let Some(expected) = expectation(form.spec, &work) else {
            return Vec::new();
        };
        let provider = form.provider;
        let command = self.command(provider, Work::Check(expected));
        if let Some(form) = &mut self.form {
            form.doubt = Some(Doubt::Checking(command.id));
            form.message = Some(format!("Checking at {provider}…"));
        }
        vec![command]
    }

    /// A one-key action ended with an unknown outcome: the row keeps its change for now, and the
    /// customer is read back at once to show the truth.
    pub(super) fn act_unknown(&mut self, done: Optimistic, error: &ApiError) -> Vec<Command> {
        let Some(tab) = self.tabs.iter().find(|t| t.provider == done.provider) else {
            return Vec::new();
        };
        let action = tab.spec.action(done.action);
        let work = Work::Act {
            action: done.action,
            record: done.sent.clone(),
        };
        let Some(expected) = action.and_then(|_| expectation(tab.spec, &work)) else {
            return Vec::new();
        };
        let who = self.who(&done);
        self.notice = Some(Notice {
            // What happens next comes before the cause, which can be long: a narrow status line
            // cuts the end.
            text: format!(
                "{} {who}: outcome unknown, checking at {}… ({})",
                done.label, done.provider, error.message
            ),
            is_error: true,
        });
        let command = self.command(done.provider, Work::Check(expected));
        self.checks.push(ActionCheck {
            id: command.id,
            provider: done.provider,
            // What the check's finding names: the action, and the customer by id and name.
            label: format!("{} {who}", done.label),
            customer: done.before.id.clone(),
            position: done.position,
        });
        vec![command]
    }

    /// What a check found: for an action, the row shows the provider's state; for a form, it closes if
    /// its save was carried out, or may be sent again.
    pub(super) fn checked(
        &mut self,
        id: RequestId,
        result: Result<Finding, ApiError>,
    ) -> Vec<Command> {
        if self.bulk_owns(id) {
            return self.bulk_checked(id, result);
        }
        if let Some(index) = self.checks.iter().position(|c| c.id == id) {
            let check = self.checks.remove(index);
            self.action_checked(check, result);
            return Vec::new();
        }
        let Some(form) = self
            .form
            .as_mut()
            .filter(|f| f.doubt == Some(Doubt::Checking(id)))
        else {
            return Vec::new();
        };
        let provider = form.provider;
        let finding = match result {
            Ok(finding) => finding,
            Err(error) => {
                form.doubt = Some(Doubt::Unknown);
                form.message = Some(format!(
                    "The check failed ({error}); the outcome is still unknown. Ctrl-K tries again."
                ));
                return Vec::new();
            }
        };
        match finding.done {
            Some(true) => {
                // The save was carried out: the form is done, as after a plain save.
                let Some(form) = self.form.take() else {
                    return Vec::new();
                };
                self.notice = Some(Notice {
                    text: format!(
                        "The earlier save was carried out ({}); the form is closed",
                        finding.looked
                    ),
                    is_error: false,
                });
                let mut commands = vec![self.discard_draft(&form)];
                if let Some(current) = finding.current {
                    self.replace_row(provider, &current.id.clone(), Some(current), 0);
                } else {
                    commands.extend(self.refresh_tab(provider));
                }
                commands
            }
            Some(false) => {
                form.doubt = None;
                form.message = Some(format!(
                    "The earlier save was not carried out ({}): Ctrl-S sends it again.",
                    finding.looked
                ));
                Vec::new()
            }
            None if finding.similar.is_empty() => {
                form.doubt = None;
                form.message = Some(format!(
                    "No customer like this found at {provider} ({}). Ctrl-S sends it again.",
                    finding.looked
                ));
                Vec::new()
            }
            None => {
                let schema = &form.spec.schema;
                let found: Vec<String> = finding
                    .similar
                    .iter()
                    .take(3)
                    .map(|r| format!("#{} {}", r.id, r.title(schema)))
                    .collect();
                form.message = Some(format!(
                    "Found {} like this at {provider} ({}): {}. The earlier save probably created it: Esc leaves, Ctrl-S creates another (asks first).",
                    finding.similar.len(),
                    finding.looked,
                    found.join(", ")
                ));
                form.doubt = Some(Doubt::Similar(finding.similar));
                Vec::new()
            }
        }
    }

    fn action_checked(&mut self, check: ActionCheck, result: Result<Finding, ApiError>) {
        let finding = match result {
            Ok(finding) => finding,
            Err(error) => {
                self.notice = Some(Notice {
                    text: format!(
                        "{}: outcome still unknown, the check failed ({error}); r reloads the list from {}",
                        check.label, check.provider
                    ),
                    is_error: true,
                });
                return;
            }
        };
        if finding.done.is_none() {
            // A create from an earlier run: there is no row, only customers that look like it.
            self.notice = Some(Notice {
                text: format!(
                    "{}: {} customer{} like it ({})",
                    check.label,
                    finding.similar.len(),
                    if finding.similar.len() == 1 { "" } else { "s" },
                    finding.looked
                ),
                is_error: false,
            });
            return;
        }
        let done = finding.done == Some(true);
        self.replace_row(
            check.provider,
            &check.customer,
            finding.current,
            check.position,
        );
        self.notice = Some(Notice {
            text: if done {
                format!("{}: done (checked: {})", check.label, finding.looked)
            } else {
                format!(
                    "{}: not carried out (checked: {}); the row shows {}'s state",
                    check.label, finding.looked, check.provider
                )
            },
            is_error: !done,
        });
    }

    /// Put the provider's state of customer `id` in its row: replaced, put back, or removed if gone.
    fn replace_row(
        &mut self,
        provider: ProviderId,
        id: &str,
        current: Option<Record>,
        position: usize,
    ) {
        let Some(tab) = self.tabs.iter_mut().find(|t| t.provider == provider) else {
            return;
        };
        tab.customers.with_page_mut(|page| {
            let row = page.records.iter().position(|r| r.id == id);
            match (row, current) {
                (Some(row), Some(record)) => page.records[row] = record,
                (None, Some(record)) => page
                    .records
                    .insert(position.min(page.records.len()), record),
                (Some(row), None) => {
                    page.records.remove(row);
                }
                (None, None) => {}
            }
        });
        tab.refilter();
    }

    fn refresh_tab(&mut self, provider: ProviderId) -> Option<Command> {
        let index = self.tabs.iter().position(|t| t.provider == provider)?;
        let fetch = self.tabs[index].customers.refresh(&mut self.next_request)?;
        self.list_command(index, fetch)
    }

    /// Start-up: the journal's writes whose outcome is unknown. A restored form they belong to waits for
    /// a check; the others are announced, and listed in the journal view.
    pub fn restore_unknown(&mut self, entries: Vec<Entry>) {
        if entries.is_empty() {
            return;
        }
        let mut announced = 0;
        for entry in &entries {
            let belongs_to_form = self.form.as_mut().filter(|form| {
                let customer = match &form.kind {
                    FormKind::Create => None,
                    FormKind::Edit(original) => Some(&original.id),
                };
                form.provider.key() == entry.provider
                    && customer == entry.customer.as_ref()
                    && matches!(entry.operation.as_str(), "create" | "update")
            });
            match belongs_to_form {
                Some(form) => {
                    form.doubt = Some(Doubt::Unknown);
                    form.message = Some(format!(
                        "An earlier save of this form ({}) ended without an answer: its outcome is unknown. Ctrl-K checks at {} before anything is sent again.",
                        crate::providers::decode::format_unix(entry.started_ms / 1000),
                        form.provider
                    ));
                }
                None => announced += 1,
            }
        }
        self.unknown_writes = entries;
        if announced > 0 {
            self.notice = Some(Notice {
                text: format!(
                    "{announced} write{} of an earlier run ended without an answer: W lists the journal, c there checks one",
                    if announced == 1 { "" } else { "s" }
                ),
                is_error: true,
            });
        }
    }

    /// Check a journal entry whose outcome is unknown (from the journal view).
    pub(super) fn check_entry(&mut self, entry: &Entry) -> Vec<Command> {
        let Some(provider) = ProviderId::from_key(&entry.provider) else {
            return Vec::new();
        };
        if !self.tabs.iter().any(|t| t.provider == provider) {
            self.notice = Some(Notice {
                text: format!("{provider} is not configured now: it cannot be checked"),
                is_error: true,
            });
            return Vec::new();
        }
        let expected = Expectation {
            customer: entry.customer.clone(),
            title: entry.title.clone(),
            operation: entry.operation.clone(),
            fields: entry.after.clone(),
            removes: entry.after.is_empty()
                && !matches!(entry.operation.as_str(), "create" | "update"),
        };
        let command = self.command(provider, Work::Check(expected));
        self.checks.push(ActionCheck {
            id: command.id,
            provider,
            label: format!("{} of {}", entry.operation, entry.title),
            customer: entry.customer.clone().unwrap_or_default(),
            position: 0,
        });
        self.notice = Some(Notice {
            text: format!(
                "checking {} of {} at {provider}…",
                entry.operation, entry.title
            ),
            is_error: false,
        });
        vec![command]
    }
}

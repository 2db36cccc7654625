//! Marks and bulk actions: rows are marked by customer id (so a mark survives paging, filtering and
//! whatever the table's rows come from), a record action runs on all of them after ONE confirmation,
//! and each customer's write is its own command through the worker (paced, journaled, with its own
//! ending). A result whose outcome is unknown is checked at the provider, never resent blindly.

use std::collections::HashMap;

pub use super::bulk_export::EXPORT_ENTRY;
use super::marks::Selection;
use super::{Action, App, Confirm, Mode, Notice, Overlay, Pending};
use crate::domain::{ApiError, ErrorKind, ProviderId, Record};
use crate::providers::ops::Effect;
use crate::worker::check::Finding;
use crate::worker::journaling::expectation;
use crate::worker::{Command, RequestId, Work};

/// Writes of a bulk action in flight at once. The worker would pace any number to the provider's
/// budget, but each one waiting holds its place in the provider's queue: handing it a hundred at once
/// would leave the user's own page fetches of that provider behind them all.
pub const IN_FLIGHT: usize = 2;

/// Where one customer of a bulk action stands.
#[derive(Debug, Clone, PartialEq)]
pub enum ItemState {
    /// Waiting for its turn (see [`IN_FLIGHT`]).
    Queued,
    /// Sent (or waiting for its turn in the rate budget).
    Sending(RequestId),
    /// Carried out; the provider's words if it said any.
    Done(Option<String>),
    /// The provider said no, in these words.
    Refused(String),
    /// No answer that tells: being checked (`Some`), or the check failed too.
    Unknown {
        error: String,
        checking: Option<RequestId>,
    },
    /// Checked after an unknown outcome: it was not carried out (safe to send again).
    NotCarriedOut(String),
}

impl ItemState {
    /// May `r` send it again? Only what surely did not happen.
    pub fn retryable(&self) -> bool {
        matches!(self, ItemState::Refused(_) | ItemState::NotCarriedOut(_))
    }

    pub fn finished(&self) -> bool {
        !matches!(
            self,
            ItemState::Queued
                | ItemState::Sending(_)
                | ItemState::Unknown {
                    checking: Some(_),
                    ..
                }
        )
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct BulkItem {
    /// The customer as last known: sent with the action, and again with a retry.
    pub record: Record,
    pub title: String,
    pub state: ItemState,
}

/// One bulk action and a result per customer.
#[derive(Debug, Clone)]
pub struct BulkRun {
    pub provider: ProviderId,
    pub action: &'static str,
    pub label: &'static str,
    pub items: Vec<BulkItem>,
    /// The highlighted line of the results view.
    pub cursor: usize,
}

impl BulkRun {
    /// (done, refused or not carried out, unknown, still under way).
    pub fn counts(&self) -> (usize, usize, usize, usize) {
        let mut counts = (0, 0, 0, 0);
        for item in &self.items {
            match item.state {
                ItemState::Done(_) => counts.0 += 1,
                ItemState::Refused(_) | ItemState::NotCarriedOut(_) => counts.1 += 1,
                ItemState::Unknown { checking: None, .. } => counts.2 += 1,
                _ => counts.3 += 1,
            }
        }
        counts
    }

    fn item_of(&mut self, id: RequestId) -> Option<&mut BulkItem> {
        self.items.iter_mut().find(|item| match item.state {
            ItemState::Sending(sent) => sent == id,
            ItemState::Unknown {
                checking: Some(check),
                ..
            } => check == id,
            _ => false,
        })
    }
}

/// The marks of every tab and the last bulk action.
#[derive(Debug, Clone, Default)]
pub struct Bulk {
    pub selections: HashMap<ProviderId, Selection>,
    pub run: Option<BulkRun>,
}

/// The record actions menu for the marked customers.
#[derive(Debug, Clone)]
pub struct BulkMenu {
    pub count: usize,
    /// Each action offered, with how many of the marked customers it applies to.
    pub actions: Vec<(&'static crate::providers::ops::RecordAction, usize)>,
    pub selected: usize,
}

impl App {
    /// Keys that mean something for marks and bulk actions; `None` for the others.
    pub(super) fn bulk_act(&mut self, mode: Mode, action: Action) -> Option<Vec<Command>> {
        match (mode, action) {
            (Mode::Browse, Action::ToggleMark) => return Some(self.toggle_mark()),
            (Mode::Browse, Action::MarkRange) => return Some(self.mark_range()),
            (Mode::Browse, Action::MarkAll) => return Some(self.mark_all()),
            // Esc drops the marks first, then (next Esc) what it dropped before.
            (Mode::Browse, Action::Back) if self.selection().is_some_and(|s| !s.is_empty()) => {
                if let Some(tab) = self.active_tab() {
                    let provider = tab.provider;
                    self.bulk.selections.remove(&provider);
                }
            }
            (Mode::Browse, Action::OpenActions)
                if self.selection().is_some_and(|s| !s.is_empty()) =>
            {
                self.open_bulk_menu()
            }
            (Mode::Browse, Action::RequestExport)
                if self.selection().is_some_and(|s| !s.is_empty()) =>
            {
                return Some(self.export_marked());
            }
            (Mode::Actions, Action::Down | Action::Up)
                if matches!(self.overlay, Some(Overlay::BulkActions(_))) =>
            {
                if let Some(Overlay::BulkActions(menu)) = &mut self.overlay {
                    // The provider's actions, then the export.
                    let count = menu.actions.len() + 1;
                    menu.selected = if action == Action::Down {
                        (menu.selected + 1) % count
                    } else {
                        (menu.selected + count - 1) % count
                    };
                }
            }
            // The menu's last line, after the provider's actions.
            (Mode::Actions, Action::Choose) if self.export_highlighted() => {
                return Some(self.export_marked());
            }
            (Mode::Actions, Action::Choose)
                if matches!(self.overlay, Some(Overlay::BulkActions(_))) =>
            {
                self.choose_bulk_action()
            }
            (Mode::Browse | Mode::Detail | Mode::Related, Action::ToggleBulk) => {
                if self.bulk.run.is_some() {
                    self.overlay = Some(Overlay::Bulk);
                } else {
                    self.notice = Some(Notice {
                        text: "no bulk action yet: Space marks rows, a acts on the marked ones"
                            .into(),
                        is_error: false,
                    });
                }
            }
            (Mode::Bulk, Action::Down | Action::Up) => {
                if let Some(run) = &mut self.bulk.run {
                    let last = run.items.len().saturating_sub(1);
                    run.cursor = if action == Action::Down {
                        (run.cursor + 1).min(last)
                    } else {
                        run.cursor.saturating_sub(1)
                    };
                }
            }
            (Mode::Bulk, Action::Refresh) => return Some(self.retry_failures()),
            _ => return None,
        }
        Some(Vec::new())
    }

    pub(super) fn open_bulk_menu(&mut self) {
        if self.active_is_read_only() {
            // The single-customer path says why; it is the same refusal.
            self.open_actions();
            return;
        }
        if self
            .bulk
            .run
            .as_ref()
            .is_some_and(|run| run.items.iter().any(|i| !i.state.finished()))
        {
            // One at a time: the results view follows one run.
            self.notice = Some(Notice {
                text: "the last bulk action is still under way: B shows it".into(),
                is_error: false,
            });
            return;
        }
        let marked = self.marked_records();
        let Some(tab) = self.active_tab() else {
            return;
        };
        let actions: Vec<_> = tab
            .spec
            .actions
            .iter()
            .map(|a| {
                let applies = marked.iter().filter(|r| a.applies(r)).count();
                (a, applies)
            })
            .filter(|(_, applies)| *applies > 0)
            .collect();
        // Without actions that apply, the menu still offers the export.
        self.overlay = Some(Overlay::BulkActions(BulkMenu {
            count: marked.len(),
            actions,
            selected: 0,
        }));
    }

    /// One confirmation for the whole selection, naming the count (and who is left out).
    fn choose_bulk_action(&mut self) {
        let Some(Overlay::BulkActions(menu)) = self.overlay.take() else {
            return;
        };
        let marked = self.marked_records();
        let Some(tab) = self.active_tab() else {
            return;
        };
        let Some((action, _)) = menu.actions.get(menu.selected) else {
            return;
        };
        let total = marked.len();
        let records: Vec<Record> = marked
            .into_iter()
            .filter(|r| action.applies(r))
            .filter(|r| crate::providers::ops::unsafe_id(&r.id).is_none())
            .collect();
        let left_out = total - records.len();
        let count = records.len();
        let mut question = format!(
            "{} for {count} customer{} at {}?",
            action.label,
            if count == 1 { "" } else { "s" },
            tab.provider
        );
        if left_out > 0 {
            question.push_str(&format!(
                " ({left_out} marked left out: it does not apply to them)"
            ));
        }
        self.overlay = Some(Overlay::Confirm(Confirm {
            question,
            pending: Pending::Bulk {
                action: action.name,
                records,
            },
            yes: false,
        }));
    }

    /// Yes: one command per customer, a few at a time (the worker paces them to the provider's
    /// budget); the marks are used up and the results view opens.
    pub(super) fn start_bulk(&mut self, name: &'static str, records: Vec<Record>) -> Vec<Command> {
        if self.refuse_if_read_only() {
            return Vec::new();
        }
        let Some(tab) = self.active_tab() else {
            return Vec::new();
        };
        let (provider, spec) = (tab.provider, tab.spec);
        let Some(action) = spec.action(name) else {
            return Vec::new();
        };
        self.bulk.selections.remove(&provider);
        let items = records
            .into_iter()
            .map(|record| BulkItem {
                title: record.title(&spec.schema),
                record,
                state: ItemState::Queued,
            })
            .collect();
        self.bulk.run = Some(BulkRun {
            provider,
            action: name,
            label: action.label,
            items,
            cursor: 0,
        });
        self.overlay = Some(Overlay::Bulk);
        self.send_queued()
    }

    /// Send the next queued writes while fewer than [`IN_FLIGHT`] are under way.
    fn send_queued(&mut self) -> Vec<Command> {
        let Some(mut run) = self.bulk.run.take() else {
            return Vec::new();
        };
        let busy = |state: &ItemState| {
            matches!(
                state,
                ItemState::Sending(_)
                    | ItemState::Unknown {
                        checking: Some(_),
                        ..
                    }
            )
        };
        let mut in_flight = run.items.iter().filter(|i| busy(&i.state)).count();
        let mut commands = Vec::new();
        for item in &mut run.items {
            if in_flight >= IN_FLIGHT {
                break;
            }
            if item.state != ItemState::Queued {
                continue;
            }
            let work = Work::Act {
                action: run.action,
                record: item.record.clone(),
            };
            let command = self.command(run.provider, work);
            item.state = ItemState::Sending(command.id);
            commands.push(command);
            in_flight += 1;
        }
        self.bulk.run = Some(run);
        commands
    }

    /// Is `id` one customer's write (or check) of the bulk action?
    pub(super) fn bulk_owns(&self, id: RequestId) -> bool {
        self.bulk.run.as_ref().is_some_and(|run| {
            run.items.iter().any(|item| match item.state {
                ItemState::Sending(sent) => sent == id,
                ItemState::Unknown {
                    checking: Some(check),
                    ..
                } => check == id,
                _ => false,
            })
        })
    }

    /// One customer's answer: done (its row shows the change), refused (the provider's words), or
    /// unknown (checked at once, never sent again before that).
    pub(super) fn bulk_acted(
        &mut self,
        id: RequestId,
        result: Result<Option<String>, ApiError>,
    ) -> Vec<Command> {
        let mut commands = self.bulk_answer(id, result);
        commands.extend(self.send_queued());
        self.announce_if_finished();
        commands
    }

    /// A bulk run's last customer ended while its view was closed: say how it went.
    fn announce_if_finished(&mut self) {
        let Some(run) = &self.bulk.run else {
            return;
        };
        if matches!(self.overlay, Some(Overlay::Bulk))
            || !run.items.iter().all(|i| i.state.finished())
        {
            return;
        }
        let (done, failed, unknown, _) = run.counts();
        self.notice = Some(Notice {
            text: format!(
                "{}: {done} done · {failed} refused · {unknown} outcome unknown (B shows each)",
                run.label
            ),
            is_error: failed + unknown > 0,
        });
    }

    fn bulk_answer(
        &mut self,
        id: RequestId,
        result: Result<Option<String>, ApiError>,
    ) -> Vec<Command> {
        let Some(run) = &mut self.bulk.run else {
            return Vec::new();
        };
        let (provider, action) = (run.provider, run.action);
        let Some(item) = run.item_of(id) else {
            return Vec::new();
        };
        match result {
            Ok(message) => {
                item.state = ItemState::Done(message);
                let record = item.record.clone();
                self.show_effect(provider, action, &record);
                Vec::new()
            }
            Err(error) if error.kind == ErrorKind::OutcomeUnknown => {
                let record = item.record.clone();
                let work = Work::Act { action, record };
                let spec = crate::providers::spec(provider);
                let Some(expected) = expectation(spec, &work) else {
                    item.state = ItemState::Unknown {
                        error: error.message,
                        checking: None,
                    };
                    return Vec::new();
                };
                let command = self.command(provider, Work::Check(expected));
                if let Some(item) = self.bulk.run.as_mut().and_then(|r| r.item_of(id)) {
                    item.state = ItemState::Unknown {
                        error: error.message,
                        checking: Some(command.id),
                    };
                }
                vec![command]
            }
            Err(error) => {
                item.state = ItemState::Refused(error.message);
                Vec::new()
            }
        }
    }

    /// What the check of an unknown outcome found.
    pub(super) fn bulk_checked(
        &mut self,
        id: RequestId,
        result: Result<Finding, ApiError>,
    ) -> Vec<Command> {
        self.bulk_finding(id, result);
        let commands = self.send_queued();
        self.announce_if_finished();
        commands
    }

    fn bulk_finding(&mut self, id: RequestId, result: Result<Finding, ApiError>) {
        let Some(run) = &mut self.bulk.run else {
            return;
        };
        let provider = run.provider;
        let Some(item) = run.item_of(id) else {
            return;
        };
        let error = match &item.state {
            ItemState::Unknown { error, .. } => error.clone(),
            _ => String::new(),
        };
        let (finding, current) = match result {
            Ok(Finding {
                done: Some(done),
                current,
                looked,
                ..
            }) => ((done, looked), current),
            Ok(finding) => {
                item.state = ItemState::Unknown {
                    error: format!("{error}; the check could not tell ({})", finding.looked),
                    checking: None,
                };
                return;
            }
            Err(check) => {
                item.state = ItemState::Unknown {
                    error: format!("{error}; the check failed too ({})", check.message),
                    checking: None,
                };
                return;
            }
        };
        let (done, looked) = finding;
        item.state = if done {
            ItemState::Done(Some(format!("checked: {looked}")))
        } else {
            ItemState::NotCarriedOut(format!("checked: {looked}"))
        };
        if let Some(current) = current {
            // A retry sends the action to the customer as the provider has it now.
            item.record = current.clone();
            if let Some(tab) = self.tabs.iter_mut().find(|t| t.provider == provider) {
                tab.mirror
                    .with_record_mut(&current.id, |row| *row = current.clone());
                tab.customers.with_page_mut(|page| {
                    if let Some(row) = page.records.iter_mut().find(|r| r.id == current.id) {
                        *row = current;
                    }
                });
                tab.refilter();
            }
        }
    }

    /// `r` in the results: queue again what surely did not happen; check again what is still unknown.
    fn retry_failures(&mut self) -> Vec<Command> {
        if self.refuse_if_read_only() {
            return Vec::new();
        }
        let Some(run) = self.bulk.run.take() else {
            return Vec::new();
        };
        let mut run = run;
        let spec = crate::providers::spec(run.provider);
        let mut commands = Vec::new();
        let mut requeued = 0;
        for item in &mut run.items {
            let work = Work::Act {
                action: run.action,
                record: item.record.clone(),
            };
            match &item.state {
                state if state.retryable() => {
                    item.state = ItemState::Queued;
                    requeued += 1;
                }
                ItemState::Unknown {
                    error,
                    checking: None,
                } => {
                    let Some(expected) = expectation(spec, &work) else {
                        continue;
                    };
                    let command = self.command(run.provider, Work::Check(expected));
                    item.state = ItemState::Unknown {
                        error: error.clone(),
                        checking: Some(command.id),
                    };
                    commands.push(command);
                }
                _ => {}
            }
        }
        if commands.is_empty() && requeued == 0 {
            self.notice = Some(Notice {
                text: "nothing to retry: every customer is done or under way".into(),
                is_error: false,
            });
        }
        self.bulk.run = Some(run);
        commands.extend(self.send_queued());
        commands
    }

    /// A bulk write was carried out: the customer's row (if in hand) shows it.
    fn show_effect(&mut self, provider: ProviderId, action: &'static str, record: &Record) {
        let Some(tab) = self.tabs.iter_mut().find(|t| t.provider == provider) else {
            return;
        };
        let Some(action) = tab.spec.action(action) else {
            return;
        };
        let effect = (action.effect)(record);
        super::mirror_view::show_effect(&mut tab.mirror, &record.id, &effect);
        tab.customers.with_page_mut(|page| {
            let Some(row) = page.records.iter().position(|r| r.id == record.id) else {
                return;
            };
            match &effect {
                Effect::Remove => {
                    page.records.remove(row);
                }
                Effect::Set(changes) => apply_changes(&mut page.records[row], changes),
            }
        });
        tab.refilter();
    }
}

/// Set `changes` on `record`'s fields (adding those it lacks).
pub fn apply_changes(record: &mut Record, changes: &[(&'static str, crate::domain::Value)]) {
    for (key, value) in changes {
        match record.fields.iter_mut().find(|(k, _)| k == key) {
            Some((_, slot)) => *slot = value.clone(),
            None => record.fields.push((key.to_string(), value.clone())),
        }
    }
}

//! A customer's one-key actions: the menu (with what is not offered and why), the value an action
//! asks for, the row changed at once and put back if the provider refuses.

use super::{App, Confirm, FilterPanel, Notice, Overlay, Pending, Purpose};
use crate::domain::{ApiError, ProviderId, Record};
use crate::providers::ops::Effect;
use crate::worker::{Command, RequestId, Work};

/// An action sent, with what to put back if the provider refuses it.
#[derive(Debug, Clone, PartialEq)]
pub struct Optimistic {
    pub id: RequestId,
    pub provider: ProviderId,
    /// The action's name, to check it if its outcome is unknown.
    pub action: &'static str,
    pub label: &'static str,
    /// The row as it was, and where it stood on its page.
    pub before: Record,
    /// The record sent, with any value the action asked for (what a check expects).
    pub sent: Record,
    pub position: usize,
}

/// The record actions menu of the selected customer.
#[derive(Debug, Clone)]
pub struct ActionMenu {
    pub record: Record,
    pub actions: Vec<&'static crate::providers::ops::RecordAction>,
    /// The provider's other actions, `(label, why not)`: listed, not chosen.
    pub unavailable: Vec<(&'static str, &'static str)>,
    pub selected: usize,
}

impl App {
    pub(super) fn open_actions(&mut self) {
        if self.refuse_if_read_only() {
            return;
        }
        let Some(tab) = self.active_tab() else {
            return;
        };
        let Some(record) = tab.selected_record().cloned() else {
            return;
        };
        if self.refuse_unsafe_id(&record) {
            return;
        }
        let Some(tab) = self.active_tab() else {
            return;
        };
        let (actions, unavailable): (Vec<_>, Vec<_>) =
            tab.spec.actions.iter().partition(|a| a.applies(&record));
        // What is not offered is listed with the reason, so a missing action is never a mystery.
        let unavailable = unavailable
            .into_iter()
            .filter_map(|a| Some((a.label, (a.why_not)(&record)?)))
            .collect();
        if actions.is_empty() {
            self.notice = Some(Notice {
                text: format!("{} has no actions for this customer", tab.provider),
                is_error: false,
            });
            return;
        }
        self.overlay = Some(Overlay::Actions(ActionMenu {
            record,
            actions,
            unavailable,
            selected: 0,
        }));
    }

    /// Run the chosen action, asking first when it is destructive.
    pub(super) fn choose_action(&mut self) -> Vec<Command> {
        let Some(Overlay::Actions(menu)) = self.overlay.take() else {
            return Vec::new();
        };
        let Some(action) = menu.actions.get(menu.selected) else {
            return Vec::new();
        };
        if let Some(ask) = &action.asks {
            // The value it asks for first, starting from the row's.
            let current = vec![(ask.filter.param, menu.record.text(ask.key))];
            self.overlay = Some(Overlay::Filters(FilterPanel::asking(
                std::slice::from_ref(&ask.filter),
                &current,
                Purpose::Act {
                    action,
                    record: menu.record.clone(),
                },
            )));
            return Vec::new();
        }
        self.act_with(action, menu.record.clone(), &[])
    }

    /// Run `action` on `record` with the values it asked for (carried in the record sent, under the
    /// asked key; an empty answer removes it, so nothing is sent for it), asking first when it is
    /// destructive.
    pub(super) fn act_with(
        &mut self,
        action: &'static crate::providers::ops::RecordAction,
        mut record: Record,
        answers: &[(&'static str, String)],
    ) -> Vec<Command> {
        if let Some(ask) = &action.asks {
            let answer = answers
                .iter()
                .find(|(p, _)| *p == ask.filter.param)
                .map(|(_, v)| v.clone())
                .unwrap_or_default();
            record.fields.retain(|(k, _)| k != ask.key);
            if !answer.is_empty() {
                record
                    .fields
                    .push((ask.key.to_string(), crate::domain::Value::Text(answer)));
            }
        }
        if action.destructive {
            let title = self
                .active_tab()
                .map_or_else(String::new, |t| record.id_and_title(&t.spec.schema));
            self.overlay = Some(Overlay::Confirm(Confirm {
                question: format!("{} {title}?", action.label),
                pending: Pending::Act {
                    action: action.name,
                    record,
                },
                yes: false,
            }));
            return Vec::new();
        }
        self.run_action(action.name, record)
    }

    /// Change the row at once, send the action, and remember how to undo the change.
    pub(super) fn run_action(&mut self, name: &'static str, record: Record) -> Vec<Command> {
        if self.refuse_if_read_only() {
            return Vec::new();
        }
        let Some(tab) = self.tabs.get_mut(self.active) else {
            return Vec::new();
        };
        let Some(action) = tab.spec.action(name) else {
            return Vec::new();
        };
        let provider = tab.provider;
        let position = tab
            .customers
            .page()
            .and_then(|p| p.records.iter().position(|r| r.id == record.id));
        // A mirrored row shows the effect in place; the mirror is read again once the provider answers.
        let in_mirror = tab.source == super::Source::Mirror;
        let Some(position) = position.or(in_mirror.then_some(0)) else {
            return Vec::new();
        };
        // What to put back is the row as it stands, not the record sent (it carries asked values).
        let shown = if in_mirror {
            tab.mirror.find(&record.id)
        } else {
            tab.customers.page().and_then(|p| p.records.get(position))
        };
        let Some(before) = shown.cloned() else {
            return Vec::new();
        };
        let effect = (action.effect)(&record);
        if in_mirror {
            super::mirror_view::show_effect(&mut tab.mirror, &record.id, &effect);
        }
        tab.customers.with_page_mut(|page| match &effect {
            _ if in_mirror => {}
            Effect::Remove => {
                page.records.remove(position);
            }
            Effect::Set(changes) => {
                let row = &mut page.records[position];
                for (key, value) in changes {
                    match row.fields.iter_mut().find(|(k, _)| k == key) {
                        Some((_, slot)) => *slot = value.clone(),
                        None => row.fields.push((key.to_string(), value.clone())),
                    }
                }
            }
        });
        tab.refilter();
        let label = action.label;
        let command = self.command(
            provider,
            Work::Act {
                action: name,
                record: record.clone(),
            },
        );
        self.optimistic.push(Optimistic {
            id: command.id,
            provider,
            action: name,
            label,
            before,
            sent: record,
            position,
        });
        vec![command]
    }

    /// An action's answer: keep the row change, or put the row back and say why.
    pub(super) fn acted(
        &mut self,
        id: RequestId,
        result: Result<Option<String>, ApiError>,
    ) -> Vec<Command> {
        if self.bulk_owns(id) {
            return self.bulk_acted(id, result);
        }
        let Some(index) = self.optimistic.iter().position(|o| o.id == id) else {
            return Vec::new();
        };
        let done = self.optimistic.remove(index);
        let who = self.who(&done);
        match result {
            Ok(message) => {
                self.offer_undo(&done);
                let text = format!(
                    "{} {who}: {}",
                    done.label,
                    message.as_deref().unwrap_or("done")
                );
                self.notice = Some(Notice {
                    text,
                    is_error: false,
                });
            }
            Err(error) if error.kind == crate::domain::ErrorKind::OutcomeUnknown => {
                return self.act_unknown(done, &error);
            }
            Err(error) => {
                // A mirrored row is read again from the mirror, which the refusal left as it was.
                if let Some(tab) = self
                    .tabs
                    .iter_mut()
                    .find(|t| t.provider == done.provider && t.source != super::Source::Mirror)
                {
                    let before = done.before.clone();
                    tab.customers.with_page_mut(|page| {
                        match page.records.iter().position(|r| r.id == before.id) {
                            Some(row) => page.records[row] = before,
                            None => page
                                .records
                                .insert(done.position.min(page.records.len()), before),
                        }
                    });
                    tab.refilter();
                }
                self.notice = Some(Notice {
                    text: format!("{} {who} refused, row restored: {error}", done.label),
                    is_error: true,
                });
            }
        }
        Vec::new()
    }

    pub(super) fn move_menu(&mut self, down: bool) {
        if let Some(Overlay::Actions(menu)) = &mut self.overlay {
            let count = menu.actions.len().max(1);
            menu.selected = if down {
                (menu.selected + 1) % count
            } else {
                (menu.selected + count - 1) % count
            };
        }
    }
}

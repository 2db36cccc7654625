//! Undo of a one-key toggle: for a few seconds after the provider carried it out, `u` sends the
//! inverse action (activate ↔ deactivate, archive ↔ unarchive, paying ↔ not paying). Nothing is kept
//! locally to "roll back": the inverse is a write like any other, journaled, with its own ending.

use super::{App, Notice, Optimistic};
use crate::domain::{ProviderId, Record};
use crate::providers::ops::Effect;
use crate::worker::Command;

/// How long `u` can take back a toggle.
pub const UNDO_WINDOW_MS: i64 = 8_000;

#[derive(Debug, Clone, PartialEq)]
pub struct Undo {
    pub provider: ProviderId,
    /// The inverse action, and what the toggle it undoes was called.
    pub inverse: &'static str,
    pub undoes: &'static str,
    /// The customer as the toggle left it.
    pub record: Record,
    /// When the window opened (the first clock after the provider's answer: update has no clock of
    /// its own, and the event loop sends it often while a window is open).
    pub opened_ms: Option<i64>,
}

impl App {
    /// A toggle was carried out: offer its inverse for a few seconds, where the provider has one.
    pub(super) fn offer_undo(&mut self, done: &Optimistic) {
        self.undo = None;
        let Some(tab) = self.tabs.iter().find(|t| t.provider == done.provider) else {
            return;
        };
        let Some(Effect::Set(changes)) = tab
            .spec
            .action(done.action)
            .map(|a| (a.effect)(&done.before))
        else {
            // A delete has no inverse.
            return;
        };
        let mut after = done.before.clone();
        super::bulk::apply_changes(&mut after, &changes);
        // The inverse puts back exactly the fields the toggle changed.
        let inverse = tab.spec.actions.iter().find(|a| {
            a.name != done.action
                && a.applies(&after)
                && match (a.effect)(&after) {
                    Effect::Set(back) => {
                        back.len() == changes.len()
                            && back.iter().all(|(key, value)| {
                                done.before.get(key).is_some_and(|before| before == value)
                            })
                    }
                    Effect::Remove => false,
                }
        });
        if let Some(inverse) = inverse {
            self.undo = Some(Undo {
                provider: done.provider,
                inverse: inverse.name,
                undoes: done.label,
                record: after,
                opened_ms: None,
            });
        }
    }

    /// Milliseconds left to undo, if a window is open.
    pub fn undo_left_ms(&self) -> Option<i64> {
        let undo = self.undo.as_ref()?;
        Some(match undo.opened_ms {
            None => UNDO_WINDOW_MS,
            Some(opened) => (opened + UNDO_WINDOW_MS - self.clock_ms).max(0),
        })
    }

    /// Does the app need the clock often (an undo window counts down)?
    pub fn wants_clock(&self) -> bool {
        self.undo.is_some()
    }

    /// The clock moved: start or close the undo window.
    pub(super) fn undo_clock(&mut self) {
        let now = self.clock_ms;
        if let Some(undo) = &mut self.undo {
            match undo.opened_ms {
                None => undo.opened_ms = Some(now),
                Some(opened) if now >= opened + UNDO_WINDOW_MS => self.undo = None,
                Some(_) => {}
            }
        }
    }

    /// `u`: send the inverse of the last toggle while its window is open.
    pub(super) fn undo_last(&mut self) -> Vec<Command> {
        let open = self.undo_left_ms().is_some_and(|left| left > 0);
        let Some(undo) = self.undo.take().filter(|_| open) else {
            self.notice = Some(Notice {
                text: format!(
                    "nothing to undo: u takes back a toggle for {} s after it is done",
                    UNDO_WINDOW_MS / 1000
                ),
                is_error: false,
            });
            return Vec::new();
        };
        let Some(index) = self.tabs.iter().position(|t| t.provider == undo.provider) else {
            return Vec::new();
        };
        self.active = index;
        let commands = self.run_action(undo.inverse, undo.record.clone());
        if commands.is_empty() && self.notice.is_none() {
            self.notice = Some(Notice {
                text: format!(
                    "cannot undo {}: the customer is no longer on this page",
                    undo.undoes
                ),
                is_error: true,
            });
        } else if !commands.is_empty() {
            self.notice = Some(Notice {
                text: format!("undoing {}…", undo.undoes),
                is_error: false,
            });
        }
        commands
    }
}

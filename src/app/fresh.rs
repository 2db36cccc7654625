//! Staff act on fresh data: opening a customer (and moving to the next one in the detail view) reads
//! it again with the provider's get-one, where it has one, and the row takes the provider's answer.

use super::{App, Notice, TabView};
use crate::domain::{ApiError, ErrorKind, Record};
use crate::worker::{Command, RequestId, Work};

/// How current the customer in the detail view is.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Freshness {
    /// As the list showed it (the provider has no get-one, or nothing was read yet).
    #[default]
    Listed,
    /// Being read again.
    Reading { id: RequestId, customer: String },
    /// Read from the provider just now.
    Read { customer: String },
    /// The read failed: the row is as listed.
    Failed { customer: String, error: String },
}

impl App {
    /// Read the customer selected in the detail view again, where the provider can.
    pub(super) fn read_selected(&mut self) -> Vec<Command> {
        let Some(tab) = self.tabs.get_mut(self.active) else {
            return Vec::new();
        };
        if !matches!(tab.view, TabView::Detail) || tab.spec.get.is_none() {
            return Vec::new();
        }
        let Some(customer) = tab.selected_record().map(|r| r.id.clone()) else {
            return Vec::new();
        };
        if crate::providers::ops::unsafe_id(&customer).is_some() {
            return Vec::new();
        }
        let provider = tab.provider;
        let command = self.command(
            provider,
            Work::Get {
                id: customer.clone(),
            },
        );
        if let Some(tab) = self.tabs.get_mut(self.active) {
            tab.freshness = Freshness::Reading {
                id: command.id,
                customer,
            };
        }
        vec![command]
    }

    /// A customer read again: its row takes the provider's answer. `false` if nobody waited for it.
    pub(super) fn read_back(&mut self, id: RequestId, result: &Result<Record, ApiError>) -> bool {
        let Some(tab) = self.tabs.iter_mut().find(
            |t| matches!(&t.freshness, Freshness::Reading { id: waited, .. } if *waited == id),
        ) else {
            return false;
        };
        let Freshness::Reading { customer, .. } = std::mem::take(&mut tab.freshness) else {
            return false;
        };
        match result {
            Ok(record) if record.id == customer => {
                let record = record.clone();
                if let Some(opened) = tab.opened.as_mut().filter(|o| o.id == record.id) {
                    *opened = record.clone();
                }
                tab.customers.with_page_mut(|page| {
                    if let Some(row) = page.records.iter_mut().find(|r| r.id == record.id) {
                        *row = record;
                    }
                });
                tab.refilter();
                tab.freshness = Freshness::Read { customer };
            }
            Ok(other) => {
                tab.freshness = Freshness::Failed {
                    customer,
                    error: format!("the provider answered with customer {}", other.id),
                };
            }
            Err(error) => {
                let gone = error.kind == ErrorKind::NotFound;
                let provider = tab.provider;
                tab.freshness = Freshness::Failed {
                    customer,
                    error: error.to_string(),
                };
                if gone {
                    self.notice = Some(Notice {
                        text: format!("{provider} no longer has this customer: r reloads the list"),
                        is_error: true,
                    });
                }
            }
        }
        true
    }
}

//! After a create, the new customer is shown and selected where the user is. Re-reading the list
//! would not show it: providers append, so it sits on the last page (Ngorder's 61st) while the
//! view stays on the first.

use super::{App, Form, FormKind};
use crate::domain::{Record, Value};
use crate::providers::Saved;

impl App {
    /// After `form` created `saved`: put it first on tab `index`'s page on screen and select it.
    /// False when there is no page to put it on or nothing to show (an edit; a DK submission still
    /// being carried out): then the list is read again as before.
    pub(super) fn show_created(&mut self, index: usize, form: &Form, saved: &Saved) -> bool {
        if !matches!(form.kind, FormKind::Create) {
            return false;
        }
        self.put_first(index, form, saved).is_some()
    }

    fn put_first(&mut self, index: usize, form: &Form, saved: &Saved) -> Option<()> {
        let record = match saved {
            Saved::Record(record) => record.clone(),
            // Ngorder answers with the id only (and has no call to read one customer): the row is
            // what the user typed, under the provider's id.
            Saved::Id(id) => Record {
                id: id.clone(),
                fields: form
                    .values()
                    .into_iter()
                    .filter(|(_, value)| !matches!(value, Value::List(_)))
                    .collect(),
            },
            Saved::Submitted(_) => return None,
        };
        let tab = self.tabs.get_mut(index)?;
        tab.customers.page()?;
        let id = record.id.clone();
        tab.customers.with_page_mut(|page| {
            let before = page.records.len();
            page.records.retain(|r| r.id != id);
            page.records.insert(0, record);
            // One more customer than the provider counted when it sent the page: the range on
            // screen (`1–31 of 31`) stays possible until the list is read again.
            if page.records.len() > before
                && let Some(totals) = &mut page.totals
            {
                totals.records += 1;
            }
        });
        // A local filter could hide it: the user asked for this customer, so it shows.
        tab.local_filter = None;
        tab.customers.select(0);
        tab.detail_scroll = 0;
        self.active = index;
        Some(())
    }
}

//! What comes back into a form: the provider's refusal on the fields it names, the values of a failed
//! submission, and a draft left by an earlier run.

use tui_input::Input;

use super::{Form, FormField, FormKind, as_input};
use crate::domain::{ApiError, FieldSpec, Value};
use crate::providers::ProviderSpec;

impl Form {
    /// Put a refusal from the provider on the fields it names; the rest goes in the form's message.
    pub fn show_error(&mut self, error: &ApiError) {
        let mut unplaced = Vec::new();
        for (key, messages) in &error.fields {
            match self.field_named(key) {
                Some(field) => field.error = Some(messages.join("; ")),
                None => unplaced.push(format!("{}: {}", self.label_of(key), messages.join("; "))),
            }
        }
        if let Some(first) = self.fields.iter().position(|f| f.error.is_some()) {
            self.focus = first;
        }
        let mut message = error.to_string();
        if !unplaced.is_empty() {
            message.push_str(&format!(" — {}", unplaced.join(", ")));
        }
        self.message = Some(message);
    }

    /// The form a failed submission was sent from, with its values and the provider's errors, so it
    /// can be corrected and sent again.
    pub fn from_failed_submission(
        spec: &'static ProviderSpec,
        update: &crate::worker::submissions::SubmissionUpdate,
    ) -> Form {
        let pending = &update.pending;
        // The values come back as a draft would: list items by their form keys, so an address's
        // first name is never taken for the customer's.
        let draft = crate::drafts::Draft {
            provider: pending.provider,
            customer: pending.customer.clone(),
            original: pending.original.clone(),
            values: pending.values.clone(),
        };
        let mut form = Form::from_draft(spec, &draft);
        // DK's errors read "Property Email failed validation. Error: …" (or `Addresses[0].Zip`): put
        // them on their field.
        for error in &update.errors {
            let name = error
                .strip_prefix("Property ")
                .and_then(|rest| rest.split_whitespace().next());
            if let Some(field) = name.and_then(|name| form.field_named(name)) {
                field.error = Some(error.clone());
            }
        }
        form.message = Some(format!(
            "The provider refused this submission: {}",
            update.errors.join("; ")
        ));
        form
    }

    /// What was typed, to keep on disk until saved or discarded.
    pub fn draft(&self) -> crate::drafts::Draft {
        let (customer, original) = match &self.kind {
            FormKind::Create => (None, Vec::new()),
            FormKind::Edit(record) => (
                Some(record.id.clone()),
                record
                    .fields
                    .iter()
                    .filter(|(_, v)| !matches!(v, Value::List(_)))
                    .map(|(k, v)| (k.clone(), as_input(Some(v))))
                    .collect(),
            ),
        };
        crate::drafts::Draft {
            provider: self.provider,
            customer,
            original,
            values: self
                .fields
                .iter()
                .map(|f| (f.draft_key(), f.input.value().to_string()))
                .collect(),
        }
    }

    /// A form as a draft left it.
    pub fn from_draft(spec: &'static ProviderSpec, draft: &crate::drafts::Draft) -> Form {
        let mut form = match &draft.customer {
            Some(id) => Form::edit(spec, crate::drafts::original_record(id, &draft.original)),
            None => Form::create(spec),
        };
        // As many list items as the draft had.
        for (key, _) in &draft.values {
            let mut parts = key.splitn(3, '.');
            if let (Some(list), Some(index), Some(_)) = (parts.next(), parts.next(), parts.next())
                && let Ok(index) = index.parse::<usize>()
            {
                while form
                    .fields
                    .iter()
                    .filter(|f| f.item.is_some_and(|(l, _)| l.key == list))
                    .filter_map(|f| f.item.map(|(_, i)| i))
                    .max()
                    .is_some_and(|max| max < index)
                {
                    let focus = form
                        .fields
                        .iter()
                        .position(|f| f.item.is_some_and(|(l, _)| l.key == list));
                    if let Some(focus) = focus {
                        form.focus = focus;
                    }
                    form.add_item();
                }
            }
        }
        for field in &mut form.fields {
            if let Some((_, value)) = draft.values.iter().find(|(k, _)| *k == field.draft_key()) {
                field.input = Input::new(value.clone());
            }
        }
        form.focus = form.fields.iter().position(|f| f.editable).unwrap_or(0);
        form.message = Some("Restored from an unsaved draft: Ctrl-S saves, Esc discards.".into());
        form
    }

    /// How the form names a field an error names but the form does not show (DK's `CustomerId`, a
    /// field fixed after creation): the schema's label, `Id` for the id, else the key as it came.
    fn label_of(&self, key: &str) -> String {
        let name = normalize(key);
        let schema = &self.spec.schema;
        if normalize(schema.id_key) == name {
            return "Id".into();
        }
        schema
            .fields
            .iter()
            .find(|f| normalize(f.key) == name || normalize(f.request_key()) == name)
            .map_or_else(|| key.to_string(), |f| f.label.to_string())
    }

    /// The field an error names: `Email`, `email`, `customer_name`, or a list item's
    /// `Addresses[0].Zip` (DK's nested keys; `addresses[0]._zip` once made snake_case).
    fn field_named(&mut self, name: &str) -> Option<&mut FormField> {
        let name = normalize(name);
        let item = name.split_once('[').and_then(|(list, rest)| {
            let (index, key) = rest.split_once("].")?;
            Some((
                list.to_string(),
                index.parse::<usize>().ok()?,
                key.to_string(),
            ))
        });
        self.fields.iter_mut().find(|f| {
            let names = |spec: &FieldSpec, wanted: &str| {
                normalize(spec.key) == wanted || normalize(spec.request_key()) == wanted
            };
            match (&item, f.item) {
                (Some((list, index, key)), Some((in_list, at))) => {
                    at == *index && names(in_list, list) && names(f.spec, key)
                }
                (None, None) => names(f.spec, &name),
                _ => false,
            }
        })
    }
}

/// `CustomerName`, `customer_name`, `customerName` → `customername`.
fn normalize(key: &str) -> String {
    key.chars()
        .filter(|c| *c != '_')
        .flat_map(char::to_lowercase)
        .collect()
}

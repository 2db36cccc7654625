//! The create/edit form, generated from a provider's field specs: one text input per writable field,
//! checked against the documented constraints before anything is sent, never losing what was typed.

use crossterm::event::{Event, KeyCode, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::to_input_request;

use crate::domain::validate::check;
use crate::domain::{FieldKind, FieldSpec, ProviderId, Record, Value};
use crate::providers::ProviderSpec;
use crate::providers::encode::Values;
use crate::providers::ops::UpdateStyle;
use crate::worker::RequestId;

mod restore;

#[derive(Debug, Clone, PartialEq)]
pub enum FormKind {
    Create,
    /// Editing `original`, the record as it was read when the form opened.
    Edit(Record),
}

#[derive(Debug, Clone)]
pub struct FormField {
    pub spec: &'static FieldSpec,
    pub input: Input,
    /// The value when the form opened, to tell what changed.
    pub initial: String,
    /// Shown, not sent (read-only here, or not writable in this kind of form).
    pub editable: bool,
    /// Must be filled in in this kind of form (create and update can differ: see `Required`).
    pub required: bool,
    /// Codes and labels for enum fields: the documented ones plus those the provider listed.
    pub options: Vec<(String, String)>,
    pub error: Option<String>,
    /// For a field of a list item (a phone number, an address): the list's field and the item's
    /// number in it.
    pub item: Option<(&'static FieldSpec, usize)>,
    /// The last search of this field's options at the provider (regions).
    pub searched: Option<super::lookup::Searched>,
}

impl FormField {
    fn new(
        spec: &'static FieldSpec,
        initial: String,
        editable: bool,
        required: bool,
        item: Option<(&'static FieldSpec, usize)>,
    ) -> FormField {
        let options = match spec.kind {
            FieldKind::Enum(options) => options
                .iter()
                .map(|(c, l)| (c.to_string(), l.to_string()))
                .collect(),
            FieldKind::Bool => vec![("yes".into(), "yes".into()), ("no".into(), "no".into())],
            _ => Vec::new(),
        };
        FormField {
            spec,
            input: Input::new(initial.clone()),
            initial,
            editable,
            required: editable && required,
            options,
            error: None,
            item,
            searched: None,
        }
    }

    /// What the form calls the field: `Phone numbers 2 · number` for list items.
    pub fn label(&self) -> String {
        match self.item {
            Some((list, index)) => format!("{} {} · {}", list.label, index + 1, self.spec.label),
            None => self.spec.label.to_string(),
        }
    }

    /// The value differs from the one the form opened with (surrounding spaces are never sent, so
    /// they are no change).
    pub fn changed(&self) -> bool {
        self.input.value().trim() != self.initial.trim()
    }

    /// The field's key in drafts: list items as `list.index.key`.
    pub fn draft_key(&self) -> String {
        match self.item {
            Some((list, index)) => format!("{}.{index}.{}", list.key, self.spec.key),
            None => self.spec.key.to_string(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Form {
    pub provider: ProviderId,
    pub spec: &'static ProviderSpec,
    pub kind: FormKind,
    pub fields: Vec<FormField>,
    pub focus: usize,
    /// The save in flight, if any.
    pub saving: Option<RequestId>,
    /// A message about the whole form (the provider's, or ours).
    pub message: Option<String>,
    /// List items were added or removed.
    pub items_changed: bool,
    /// The last save's outcome is unknown: saving again waits for a check.
    pub doubt: Option<super::doubt::Doubt>,
}

/// The fields of one list item, filled from `item` where there is one.
fn list_item(
    list: &'static FieldSpec,
    items: &'static [FieldSpec],
    index: usize,
    item: Option<&Vec<(String, Value)>>,
    creating: bool,
) -> Vec<FormField> {
    items
        .iter()
        .map(|field| {
            let initial = item.map_or_else(String::new, |item| {
                as_input(item.iter().find(|(k, _)| k == field.key).map(|(_, v)| v))
            });
            let required = field.required.in_form(creating);
            FormField::new(field, initial, true, required, Some((list, index)))
        })
        .collect()
}

/// How a value shows in a text input.
fn as_input(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Empty) | Some(Value::List(_)) => String::new(),
        Some(other) => other.to_string(),
    }
}

impl Form {
    pub fn create(spec: &'static ProviderSpec) -> Form {
        Form::new(spec, FormKind::Create)
    }

    pub fn edit(spec: &'static ProviderSpec, record: Record) -> Form {
        Form::new(spec, FormKind::Edit(record))
    }

    fn new(spec: &'static ProviderSpec, kind: FormKind) -> Form {
        let creating = kind == FormKind::Create;
        let mut fields = Vec::new();
        for spec_field in spec.schema.fields {
            let editable = if creating {
                spec_field.writable.on_create()
            } else {
                spec_field.writable.on_update()
            };
            match spec_field.kind {
                // Writable lists get their items as fields; other lists show in the detail view only.
                FieldKind::List(items) if editable && !items.is_empty() => {
                    let existing = match &kind {
                        FormKind::Edit(record) => match record.get(spec_field.key) {
                            Some(Value::List(list)) => list.clone(),
                            _ => Vec::new(),
                        },
                        FormKind::Create => Vec::new(),
                    };
                    let count = existing.len().max(1);
                    for index in 0..count {
                        let item = existing.get(index);
                        fields.extend(list_item(spec_field, items, index, item, creating));
                    }
                }
                FieldKind::List(_) => {}
                // What is not writable in this kind of form is only shown when editing, for context.
                _ if creating && !editable => {}
                _ => {
                    // A value the provider composes on read is edited as the part a user wrote.
                    let initial = match &kind {
                        FormKind::Edit(record) => spec_field
                            .written_part(&as_input(record.get(spec_field.key)))
                            .to_string(),
                        FormKind::Create => String::new(),
                    };
                    let required = spec_field.required.in_form(creating);
                    fields.push(FormField::new(
                        spec_field, initial, editable, required, None,
                    ));
                }
            }
        }
        let mut form = Form {
            provider: spec.id,
            spec,
            kind,
            fields,
            focus: 0,
            saving: None,
            message: None,
            doubt: None,
            items_changed: false,
        };
        form.focus = form.fields.iter().position(|f| f.editable).unwrap_or(0);
        form
    }

    /// Something was typed: leaving asks first.
    pub fn is_dirty(&self) -> bool {
        self.items_changed || self.fields.iter().any(|f| f.input.value() != f.initial)
    }

    /// Something would be sent differently from what the form opened with: an edit without changes
    /// has nothing to save.
    pub fn has_changes(&self) -> bool {
        self.items_changed || self.fields.iter().any(FormField::changed)
    }

    /// An edit whose provider updates only the fields sent (Ngorder's PATCH): it sends only what the
    /// user changed. Full replacements send the whole record.
    fn sends_changes_only(&self) -> bool {
        matches!(self.kind, FormKind::Edit(_))
            && self
                .spec
                .update
                .as_ref()
                .is_some_and(|op| op.style == UpdateStyle::Partial)
    }

    /// Add an item to the list of the focused field (or the form's first list), focused.
    pub fn add_item(&mut self) {
        let focused_list = self
            .fields
            .get(self.focus)
            .and_then(|f| f.item)
            .map(|(list, _)| list);
        let list = focused_list.or_else(|| {
            self.fields
                .iter()
                .find_map(|f| f.item.map(|(list, _)| list))
        });
        let Some(list) = list else {
            self.message = Some("This form has no list to add to.".into());
            return;
        };
        let FieldKind::List(items) = list.kind else {
            return;
        };
        let same_list = |f: &FormField| f.item.is_some_and(|(l, _)| l.key == list.key);
        let index = self
            .fields
            .iter()
            .filter(|f| same_list(f))
            .filter_map(|f| f.item.map(|(_, i)| i + 1))
            .max()
            .unwrap_or(0);
        let at = self
            .fields
            .iter()
            .rposition(same_list)
            .map_or(self.fields.len(), |p| p + 1);
        let new = list_item(list, items, index, None, self.kind == FormKind::Create);
        self.fields.splice(at..at, new);
        self.focus = at;
        self.items_changed = true;
    }

    /// Remove the item the focused field belongs to.
    pub fn remove_item(&mut self) {
        let Some((list, index)) = self.fields.get(self.focus).and_then(|f| f.item) else {
            self.message = Some(
                "Move to a list item first (Ctrl-D removes the item under the cursor).".into(),
            );
            return;
        };
        let in_list = |f: &FormField| f.item.is_some_and(|(l, _)| l.key == list.key);
        self.fields
            .retain(|f| !(in_list(f) && f.item.is_some_and(|(_, i)| i == index)));
        for field in self.fields.iter_mut().filter(|f| in_list(f)) {
            if let Some((_, i)) = &mut field.item
                && *i > index
            {
                *i -= 1;
            }
        }
        self.focus = self.focus.min(self.fields.len().saturating_sub(1));
        self.items_changed = true;
    }

    pub fn focused(&self) -> Option<&FormField> {
        self.fields.get(self.focus)
    }

    /// Move to the next (or previous) editable field, wrapping around.
    pub fn move_focus(&mut self, forward: bool) {
        let count = self.fields.len();
        for step in 1..=count {
            let index = if forward {
                (self.focus + step) % count
            } else {
                (self.focus + count - step) % count
            };
            if self.fields[index].editable {
                self.focus = index;
                return;
            }
        }
    }

    /// A key typed into the focused field. Enum and yes/no fields cycle their options with ←/→.
    pub fn type_key(&mut self, key: KeyEvent) {
        let Some(field) = self.fields.get_mut(self.focus).filter(|f| f.editable) else {
            return;
        };
        // Fields with options (enums, yes/no, searched regions) pick them with ←/→.
        let cycles = !field.options.is_empty();
        match key.code {
            KeyCode::Left | KeyCode::Right if cycles => {
                let current = field
                    .options
                    .iter()
                    .position(|(code, _)| code == field.input.value());
                let count = field.options.len();
                let next = match (current, key.code) {
                    (None, _) => 0,
                    (Some(i), KeyCode::Right) => (i + 1) % count,
                    (Some(i), _) => (i + count - 1) % count,
                };
                field.input = Input::new(field.options[next].0.clone());
            }
            _ => {
                if let Some(request) = to_input_request(&Event::Key(key)) {
                    field.input.handle(request);
                }
            }
        }
        field.error = None;
    }

    /// A paste (already one line) into the focused field, as one edit.
    pub fn paste(&mut self, text: &str) {
        if let Some(field) = self.fields.get_mut(self.focus).filter(|f| f.editable) {
            field.input = super::input::insert(&field.input, text);
            field.error = None;
        }
    }

    /// Options the provider listed at run time for `field` (categories, customer types).
    pub fn add_options(&mut self, field: &str, options: Vec<(String, String)>) {
        if let Some(target) = self.fields.iter_mut().find(|f| f.spec.key == field) {
            for option in options {
                if !target.options.iter().any(|(code, _)| *code == option.0) {
                    target.options.push(option);
                }
            }
        }
    }

    /// Replace `field`'s options with a search's results.
    pub fn set_options(&mut self, field: &str, options: Vec<(String, String)>) {
        if let Some(target) = self.fields.iter_mut().find(|f| f.spec.key == field) {
            target.options = options;
        }
    }

    /// Check every editable field; true when all pass. Errors stay next to their fields.
    pub fn validate(&mut self) -> bool {
        // An empty list item is simply left out; a started one must be complete.
        let blank_items: Vec<(&'static str, usize)> = self
            .item_keys()
            .into_iter()
            .filter(|key| self.item_is_blank(*key))
            .collect();
        let mut ok = true;
        for field in self.fields.iter_mut().filter(|f| f.editable) {
            let blank_item = field
                .item
                .is_some_and(|(list, index)| blank_items.contains(&(list.key, index)));
            field.error = if blank_item {
                None
            } else {
                check(
                    field.spec,
                    field.required,
                    field.input.value(),
                    &field.options,
                )
                .err()
            };
            ok &= field.error.is_none();
        }
        if let Some(first) = self.fields.iter().position(|f| f.error.is_some()) {
            self.focus = first;
        }
        self.message = (!ok).then(|| "Some fields need attention; nothing was sent.".to_string());
        ok
    }

    /// Every list item in the form, as (list key, index).
    fn item_keys(&self) -> Vec<(&'static str, usize)> {
        let mut keys: Vec<(&'static str, usize)> = self
            .fields
            .iter()
            .filter_map(|f| f.item.map(|(l, i)| (l.key, i)))
            .collect();
        keys.dedup();
        keys
    }

    fn item_is_blank(&self, (list, index): (&'static str, usize)) -> bool {
        self.fields
            .iter()
            .filter(|f| f.item.is_some_and(|(l, i)| l.key == list && i == index))
            // A yes/no left at "no" is not a start.
            .all(|f| matches!(f.input.value().trim(), "" | "no"))
    }

    /// The values to send: every editable field, as typed, or for a partial update only the fields
    /// the user changed; list items gathered into their list, blank ones left out.
    pub fn values(&self) -> Values {
        let mut values = self.all_values();
        if self.sends_changes_only() {
            // A list counts as changed when one of its fields is, or items were added or removed.
            let changed = |key: &str| {
                self.fields.iter().any(|f| match f.item {
                    Some((list, _)) => list.key == key && (f.changed() || self.items_changed),
                    None => f.spec.key == key && f.changed(),
                })
            };
            values.retain(|(key, _)| changed(key));
        }
        values
    }

    fn all_values(&self) -> Values {
        let text = |f: &FormField| {
            let text = f.input.value().trim().to_string();
            if text.is_empty() {
                Value::Empty
            } else {
                Value::Text(text)
            }
        };
        let mut values: Values = Vec::new();
        for field in self.fields.iter().filter(|f| f.editable) {
            match field.item {
                None => values.push((field.spec.key.to_string(), text(field))),
                Some((list, _)) if values.iter().any(|(k, _)| k == list.key) => {}
                Some((list, _)) => {
                    let items = self
                        .item_keys()
                        .into_iter()
                        .filter(|(l, _)| *l == list.key)
                        .filter(|key| !self.item_is_blank(*key))
                        .map(|(_, index)| {
                            self.fields
                                .iter()
                                .filter(|f| {
                                    f.item.is_some_and(|(l, i)| l.key == list.key && i == index)
                                })
                                .map(|f| (f.spec.key.to_string(), text(f)))
                                .collect()
                        })
                        .collect();
                    values.push((list.key.to_string(), Value::List(items)));
                }
            }
        }
        values
    }

    /// What the title bar calls this form.
    pub fn title(&self) -> String {
        match &self.kind {
            FormKind::Create => format!("New {} customer", self.provider.display_name()),
            FormKind::Edit(record) => format!(
                "Edit {} · {}",
                record.title(&self.spec.schema),
                self.provider.display_name()
            ),
        }
    }
}

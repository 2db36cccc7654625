//! The create/edit form, generated from a provider's field specs: one text input per writable field,
//! checked against the documented constraints before anything is sent, never losing what was typed.

use crossterm::event::{Event, KeyCode, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::to_input_request;

use crate::domain::validate::check;
use crate::domain::{ApiError, FieldKind, FieldSpec, ProviderId, Record, Value};
use crate::providers::ProviderSpec;
use crate::providers::encode::Values;
use crate::worker::RequestId;

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
    /// Codes and labels for enum fields: the documented ones plus those the provider listed.
    pub options: Vec<(String, String)>,
    pub error: Option<String>,
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
        let fields = spec
            .schema
            .fields
            .iter()
            // Lists (phone numbers, addresses) are not edited here yet; what is not writable in this
            // kind of form is only shown when editing, for context.
            .filter(|f| f.kind != FieldKind::List)
            .filter(|f| {
                if creating {
                    f.writable.on_create()
                } else {
                    true
                }
            })
            .map(|spec_field| {
                let editable = if creating {
                    spec_field.writable.on_create()
                } else {
                    spec_field.writable.on_update()
                };
                let initial = match &kind {
                    FormKind::Edit(record) => as_input(record.get(spec_field.key)),
                    FormKind::Create => String::new(),
                };
                let options = match spec_field.kind {
                    FieldKind::Enum(options) => options
                        .iter()
                        .map(|(c, l)| (c.to_string(), l.to_string()))
                        .collect(),
                    FieldKind::Bool => {
                        vec![("yes".into(), "yes".into()), ("no".into(), "no".into())]
                    }
                    _ => Vec::new(),
                };
                FormField {
                    spec: spec_field,
                    input: Input::new(initial.clone()),
                    initial,
                    editable,
                    options,
                    error: None,
                }
            })
            .collect();
        let mut form = Form {
            provider: spec.id,
            spec,
            kind,
            fields,
            focus: 0,
            saving: None,
            message: None,
        };
        form.focus = form.fields.iter().position(|f| f.editable).unwrap_or(0);
        form
    }

    pub fn is_dirty(&self) -> bool {
        self.fields.iter().any(|f| f.input.value() != f.initial)
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
        let mut ok = true;
        for field in self.fields.iter_mut().filter(|f| f.editable) {
            field.error = check(field.spec, field.input.value(), &field.options).err();
            ok &= field.error.is_none();
        }
        if let Some(first) = self.fields.iter().position(|f| f.error.is_some()) {
            self.focus = first;
        }
        self.message = (!ok).then(|| "Some fields need attention; nothing was sent.".to_string());
        ok
    }

    /// The values to send: every editable field, as typed (the client decides what a partial
    /// update leaves out).
    pub fn values(&self) -> Values {
        self.fields
            .iter()
            .filter(|f| f.editable)
            .map(|f| {
                let text = f.input.value().trim().to_string();
                let value = if text.is_empty() {
                    Value::Empty
                } else {
                    Value::Text(text)
                };
                (f.spec.key.to_string(), value)
            })
            .collect()
    }

    /// Put a refusal from the provider on the fields it names; the rest goes in the form's message.
    pub fn show_error(&mut self, error: &ApiError) {
        let mut unplaced = Vec::new();
        for (key, messages) in &error.fields {
            let wanted = normalize(key);
            let field = self.fields.iter_mut().find(|f| {
                normalize(f.spec.key) == wanted || normalize(f.spec.request_key()) == wanted
            });
            match field {
                Some(field) => field.error = Some(messages.join("; ")),
                None => unplaced.push(format!("{key}: {}", messages.join("; "))),
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
        let mut form = match pending.original_record() {
            Some(original) => Form::edit(spec, original),
            None => Form::create(spec),
        };
        for field in &mut form.fields {
            if let Some((_, value)) = pending.values.iter().find(|(k, _)| k == field.spec.key) {
                field.input = Input::new(value.clone());
            }
            // DK's errors read "Property Email failed validation. Error: …": put them on their field.
            let wanted = normalize(field.spec.key);
            field.error = update
                .errors
                .iter()
                .find(|e| {
                    e.strip_prefix("Property ")
                        .and_then(|rest| rest.split_whitespace().next())
                        .is_some_and(|name| normalize(name) == wanted)
                })
                .cloned();
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
                .map(|f| (f.spec.key.to_string(), f.input.value().to_string()))
                .collect(),
        }
    }

    /// A form as a draft left it.
    pub fn from_draft(spec: &'static ProviderSpec, draft: &crate::drafts::Draft) -> Form {
        let mut form = match &draft.customer {
            Some(id) => {
                let fields = draft
                    .original
                    .iter()
                    .map(|(k, v)| {
                        (
                            k.clone(),
                            if v.is_empty() {
                                Value::Empty
                            } else {
                                Value::Text(v.clone())
                            },
                        )
                    })
                    .collect();
                Form::edit(
                    spec,
                    Record {
                        id: id.clone(),
                        fields,
                    },
                )
            }
            None => Form::create(spec),
        };
        for field in &mut form.fields {
            if let Some((_, value)) = draft.values.iter().find(|(k, _)| k == field.spec.key) {
                field.input = Input::new(value.clone());
            }
        }
        form.message = Some("Restored from an unsaved draft: Ctrl-S saves, Esc discards.".into());
        form
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

/// `CustomerName`, `customer_name`, `customerName` → `customername`.
fn normalize(key: &str) -> String {
    key.chars()
        .filter(|c| *c != '_')
        .flat_map(char::to_lowercase)
        .collect()
}

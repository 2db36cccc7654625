//! The panel of a provider's own filters: one text field per filter, checked before anything is sent.

use crossterm::event::{Event, KeyCode, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::to_input_request;

use crate::providers::ProviderSpec;
use crate::providers::ops::{Filter, FilterKind};

/// Whether a filter belongs to the list endpoint or to the separate search endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    List,
    Search,
}

#[derive(Debug, Clone)]
pub struct PanelField {
    pub filter: Filter,
    pub group: Group,
    pub input: Input,
    pub error: Option<String>,
    /// Values the provider lists for this filter, `(code, label)`: ←/→ picks one, and a value must be
    /// one of them (CycleSoftware's customer type ids).
    pub options: Vec<(String, String)>,
}

/// Where a tab's customers come from: the list with filters, or the search endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct ListSource {
    pub searching: bool,
    pub filters: Vec<(&'static str, String)>,
}

#[derive(Debug, Clone)]
pub struct FilterPanel {
    pub fields: Vec<PanelField>,
    pub focus: usize,
    /// What the values are for.
    pub purpose: Purpose,
}

/// What a panel's values are for: the same fields and checks serve filters and the few values a write
/// asks for.
#[derive(Debug, Clone)]
pub enum Purpose {
    /// The customer list's filters (or the search endpoint's).
    List,
    /// The related list's (orders) filters.
    Related,
    /// The parameters of the provider's export (Ngorder's month).
    Export(crate::domain::ProviderId),
    /// The value an action asks for (Ngorder's category on accept), for this record.
    Act {
        action: &'static crate::providers::ops::RecordAction,
        record: crate::domain::Record,
    },
}

impl FilterPanel {
    /// The provider's filters, filled with the values in force (`searching`: they are search values).
    pub fn new(
        spec: &ProviderSpec,
        current: &[(&'static str, String)],
        searching: bool,
    ) -> FilterPanel {
        let value_of = |group: Group, param: &str| {
            let in_force = (group == Group::Search) == searching;
            current
                .iter()
                .find(|(p, _)| in_force && *p == param)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        let list = spec.filters.iter().map(|f| (Group::List, *f));
        let search = spec
            .search
            .iter()
            .flat_map(|(_, filters)| filters.iter().map(|f| (Group::Search, *f)));
        let fields = list
            .chain(search)
            .map(|(group, filter)| PanelField {
                filter,
                group,
                input: Input::new(value_of(group, filter.param)),
                error: None,
                options: choices(&filter),
            })
            .collect();
        FilterPanel {
            fields,
            focus: 0,
            purpose: Purpose::List,
        }
    }

    /// `filters` alone (a related list's, or what a write asks for), filled with `current` values.
    pub fn asking(
        filters: &[Filter],
        current: &[(&'static str, String)],
        purpose: Purpose,
    ) -> FilterPanel {
        let fields = filters
            .iter()
            .map(|filter| PanelField {
                filter: *filter,
                group: Group::List,
                input: Input::new(
                    current
                        .iter()
                        .find(|(p, _)| *p == filter.param)
                        .map(|(_, v)| v.clone())
                        .unwrap_or_default(),
                ),
                error: None,
                options: choices(filter),
            })
            .collect();
        FilterPanel {
            fields,
            focus: 0,
            purpose,
        }
    }

    pub fn next_field(&mut self) {
        if !self.fields.is_empty() {
            self.focus = (self.focus + 1) % self.fields.len();
        }
    }

    pub fn prev_field(&mut self) {
        if !self.fields.is_empty() {
            self.focus = (self.focus + self.fields.len() - 1) % self.fields.len();
        }
    }

    /// Whether a filter of this panel is `param`.
    pub fn has(&self, param: &str) -> bool {
        self.fields.iter().any(|f| f.filter.param == param)
    }

    /// The provider's values for filter `param`.
    pub fn set_options(&mut self, param: &str, options: Vec<(String, String)>) {
        if let Some(field) = self.fields.iter_mut().find(|f| f.filter.param == param) {
            field.options = options;
        }
    }

    /// A key typed into the focused field; ←/→ pick among the field's options, where it has some.
    pub fn type_key(&mut self, key: KeyEvent) {
        if let Some(field) = self.fields.get_mut(self.focus)
            && !field.options.is_empty()
            && matches!(key.code, KeyCode::Left | KeyCode::Right)
        {
            let count = field.options.len();
            let at = field
                .options
                .iter()
                .position(|(code, _)| code == field.input.value().trim());
            let next = match (at, key.code) {
                (None, KeyCode::Left) => count - 1,
                (None, _) => 0,
                (Some(i), KeyCode::Left) => (i + count - 1) % count,
                (Some(i), _) => (i + 1) % count,
            };
            field.input = Input::new(field.options[next].0.clone());
            field.error = None;
            return;
        }
        if let (Some(field), Some(request)) = (
            self.fields.get_mut(self.focus),
            to_input_request(&Event::Key(key)),
        ) {
            field.input.handle(request);
            field.error = None;
        }
    }

    /// A paste (already one line) into the focused field, as one edit.
    pub fn paste(&mut self, text: &str) {
        if let Some(field) = self.fields.get_mut(self.focus) {
            field.input = super::input::insert(&field.input, text);
            field.error = None;
        }
    }

    pub fn clear(&mut self) {
        for field in &mut self.fields {
            field.input.reset();
            field.error = None;
        }
    }

    /// Check every field; if all are valid, where to send the values: the search endpoint if any
    /// search field is filled, else the list with its filters. `None` leaves the errors on the fields.
    pub fn validate(&mut self) -> Option<ListSource> {
        let mut ok = true;
        for field in &mut self.fields {
            // A documented choice typed in another case or by its label (`email`, `e-mail`) is the
            // code it names (`EMAIL`). Values the provider lists (CycleSoftware's type ids) must be
            // picked or typed as listed.
            let typed = field.input.value().trim().to_string();
            let documented = matches!(field.filter.kind, FilterKind::Choice(_));
            if let Some((code, _)) = field.options.iter().find(|(code, label)| {
                *code != typed
                    && documented
                    && (code.eq_ignore_ascii_case(&typed) || label.eq_ignore_ascii_case(&typed))
            }) {
                field.input = Input::new(code.clone());
            }
            field.error = field
                .filter
                .validate(field.input.value())
                .err()
                .or_else(|| {
                    let value = field.input.value().trim();
                    let known = field.options.is_empty()
                        || value.is_empty()
                        || field.options.iter().any(|(code, _)| code == value);
                    (!known).then(|| {
                        let listed: Vec<String> = field
                            .options
                            .iter()
                            .map(|(code, label)| format!("{code} {label}"))
                            .collect();
                        format!("one of {}", listed.join(", "))
                    })
                });
            ok &= field.error.is_none();
        }
        if !ok {
            if let Some(first) = self.fields.iter().position(|f| f.error.is_some()) {
                self.focus = first;
            }
            return None;
        }
        let filled = |group: Group| -> Vec<(&'static str, String)> {
            self.fields
                .iter()
                .filter(|f| f.group == group && !f.input.value().trim().is_empty())
                .map(|f| (f.filter.param, f.input.value().trim().to_string()))
                .collect()
        };
        let search = filled(Group::Search);
        Some(if search.is_empty() {
            ListSource {
                searching: false,
                filters: filled(Group::List),
            }
        } else {
            ListSource {
                searching: true,
                filters: search,
            }
        })
    }
}

/// The values a filter documents (`FilterKind::Choice`) as the panel's options: ←/→ cycles them.
fn choices(filter: &Filter) -> Vec<(String, String)> {
    match filter.kind {
        FilterKind::Choice(options) => options
            .iter()
            .map(|(code, label)| (code.to_string(), label.to_string()))
            .collect(),
        _ => Vec::new(),
    }
}

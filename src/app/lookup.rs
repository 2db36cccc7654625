//! Options a form field searches at the provider (Ngorder's regions): Ctrl-F asks for the matches of
//! what is typed, and Ctrl-F again for the next page of them, added to those found.

use super::{App, Notice};
use crate::worker::{Command, Work};

/// The last search of a field: its text, the page asked, and whether that page came back full.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Searched {
    pub text: String,
    pub page: u32,
    pub more: bool,
}

impl App {
    /// Ctrl-F in a form.
    pub(super) fn search_options(&mut self) -> Vec<Command> {
        let Some(form) = &mut self.form else {
            return Vec::new();
        };
        let provider = form.provider;
        let lookups = form.spec.lookups;
        let Some(field) = form.fields.get_mut(form.focus) else {
            return Vec::new();
        };
        let Some(lookup) = lookups
            .iter()
            .find(|l| l.field == field.spec.key && l.search.is_some())
        else {
            self.notice = Some(Notice {
                text: format!("{} has no search", field.spec.label),
                is_error: false,
            });
            return Vec::new();
        };
        let typed = field.input.value().trim().to_string();
        // The same search again (the text as typed, or one of its matches picked): its next page.
        let again = field
            .searched
            .as_ref()
            .filter(|s| s.text == typed || field.options.iter().any(|(code, _)| *code == typed));
        let (text, page) = match again {
            Some(last) if lookup.pages.is_some() && last.more => (last.text.clone(), last.page + 1),
            Some(last) if lookup.pages.is_some() => {
                self.notice = Some(Notice {
                    text: format!("no more matches of “{}”", last.text),
                    is_error: false,
                });
                return Vec::new();
            }
            _ => (typed, 1),
        };
        field.searched = Some(Searched {
            text: text.clone(),
            page,
            more: false,
        });
        let search = Some(text).filter(|s| !s.is_empty());
        vec![self.command(
            provider,
            Work::Lookup {
                field: lookup.field,
                search,
                page,
            },
        )]
    }

    /// A search's matches: the first page replaces the options, a later one adds to them.
    pub(super) fn searched_options(&mut self, field: &str, options: Vec<(String, String)>) {
        let Some(form) = &mut self.form else {
            return;
        };
        let size = form
            .spec
            .lookups
            .iter()
            .find(|l| l.field == field)
            .and_then(|l| l.pages)
            .map(|(_, size)| size);
        let Some(target) = form.fields.iter_mut().find(|f| f.spec.key == field) else {
            return;
        };
        let found = options.len();
        let page = target.searched.as_ref().map_or(1, |s| s.page);
        let more = size.is_some_and(|size| found >= size);
        if let Some(searched) = &mut target.searched {
            searched.more = more;
        }
        if page > 1 {
            for option in options {
                if !target.options.iter().any(|(code, _)| *code == option.0) {
                    target.options.push(option);
                }
            }
        } else {
            target.options = options;
        }
        let total = target.options.len();
        let text = match (found, more) {
            (0, _) if page > 1 => format!("no more matches: {total} found, ←/→ picks one"),
            (_, true) => format!("{total} found: ←/→ picks one, Ctrl-F again for more"),
            _ => format!("{total} found: ←/→ picks one"),
        };
        self.notice = Some(Notice {
            text,
            is_error: false,
        });
    }
}

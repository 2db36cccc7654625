//! Browsing: moving through rows and pages, filters and searches, detail and related lists.

use crossterm::event::{Event, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::to_input_request;

use super::pager::{Fetch, Pager};
use super::{Action, App, FilterPanel, LocalFilter, Mode, Notice, Overlay, RelatedView, TabView};
use crate::worker::{Command, Work};

impl App {
    pub(super) fn navigate(&mut self, action: Action) {
        let Some(tab) = self.tabs.get_mut(self.active) else {
            return;
        };
        if let TabView::Related(related) = &mut tab.view {
            let pager = &mut related.pager;
            match action {
                Action::Down => pager.select_next(),
                Action::Up => pager.select_prev(),
                Action::FirstRow => pager.select_first(),
                Action::LastRow => pager.select_last(),
                Action::SelectRow(row) => pager.select(row),
                _ => {}
            }
            return;
        }
        match action {
            Action::Down => tab.move_selection(1),
            Action::Up => tab.move_selection(-1),
            Action::FirstRow => tab.move_selection(isize::MIN / 2),
            Action::LastRow => tab.move_selection(isize::MAX / 2),
            Action::SelectRow(position) => {
                let rows = tab.visible_rows();
                if position < rows.len() {
                    let row = rows.get(position);
                    tab.customers.select(row);
                }
            }
            _ => {}
        }
    }

    pub(super) fn page(&mut self, action: Action) -> Vec<Command> {
        let active = self.active;
        let Some(tab) = self.tabs.get_mut(active) else {
            return Vec::new();
        };
        if tab.unavailable.is_some() {
            return Vec::new();
        }
        let next_id = &mut self.next_request;
        let (fetches, related) = match &mut tab.view {
            TabView::Related(related) => {
                let fetch = match action {
                    Action::NextPage => related.pager.next_page(next_id),
                    Action::PrevPage => related.pager.prev_page(next_id),
                    _ => related.pager.refresh(next_id),
                };
                (fetch, true)
            }
            _ => {
                let fetch = match action {
                    Action::NextPage => tab.customers.next_page(next_id),
                    Action::PrevPage => tab.customers.prev_page(next_id),
                    _ => tab.customers.refresh(next_id),
                };
                tab.refilter();
                (fetch, false)
            }
        };
        fetches
            .map(|fetch| {
                if related {
                    self.related_command(active, fetch)
                } else {
                    self.list_command(active, fetch)
                }
            })
            .into_iter()
            .flatten()
            .collect()
    }

    /// Fetch a tab's list from its first page (at start, and after its filters change).
    pub(super) fn restart_list(&mut self, index: usize) -> Option<Command> {
        let tab = self.tabs.get_mut(index)?;
        if tab.unavailable.is_some() {
            return None;
        }
        let first = crate::providers::first_page(tab.spec, tab.customers.page_size()).cursor;
        let fetch = tab.customers.restart(first, &mut self.next_request)?;
        self.list_command(index, fetch)
    }

    pub(super) fn list_command(&mut self, index: usize, fetch: Fetch) -> Option<Command> {
        let tab = self.tabs.get(index)?;
        let work = Work::FetchPage {
            request: fetch.request,
            filters: tab.filters.clone(),
            search: tab.searching,
        };
        Some(self.command_with_id(fetch.id, tab.provider, work))
    }

    pub(super) fn related_command(&mut self, index: usize, fetch: Fetch) -> Option<Command> {
        let tab = self.tabs.get(index)?;
        let TabView::Related(related) = &tab.view else {
            return None;
        };
        let work = Work::FetchRelated {
            list: related.list.name,
            customer: related.customer.id.clone(),
            request: fetch.request,
            filters: related.filters.clone(),
        };
        Some(self.command_with_id(fetch.id, tab.provider, work))
    }

    pub(super) fn open_related(&mut self) -> Option<Command> {
        let active = self.active;
        let tab = self.tabs.get_mut(active)?;
        let Some(list) = tab.spec.related.first() else {
            self.notice = Some(Notice {
                text: format!("{} has no related lists", tab.provider),
                is_error: false,
            });
            return None;
        };
        let customer = tab.selected_record()?.clone();
        let customer_name = customer.title(&tab.spec.schema);
        let from_detail = matches!(tab.view, TabView::Detail);
        let page_size = tab.customers.page_size().min(100);
        let first = match list.list.paging {
            crate::providers::Paging::PageNumber { .. } => crate::domain::Cursor::Page(1),
            _ => crate::domain::Cursor::Offset(0),
        };
        let mut pager = Pager::new(&list.list.paging, page_size, first);
        let fetch = pager.restart(first, &mut self.next_request)?;
        tab.view = TabView::Related(Box::new(RelatedView {
            list,
            customer,
            customer_name,
            pager,
            filters: Vec::new(),
            detail: false,
            from_detail,
        }));
        self.related_command(active, fetch)
    }

    pub(super) fn back(&mut self) {
        let Some(tab) = self.tab_mut() else {
            return;
        };
        match &mut tab.view {
            TabView::Related(related) if related.detail => related.detail = false,
            TabView::Related(related) => {
                tab.view = if related.from_detail {
                    TabView::Detail
                } else {
                    TabView::Table
                }
            }
            TabView::Detail => {
                tab.view = TabView::Table;
                tab.opened = None;
            }
            TabView::Table => {
                // Esc in the table drops the local filter (and the typing, if any).
                tab.local_filter = None;
                self.typing = None;
            }
        }
    }

    /// Esc on a table showing the provider's search or filters (and no local filter to drop first):
    /// back to its plain list, as peers' Esc clears a search. The panel's Ctrl-X stays for the same.
    pub(super) fn drop_server_search(&mut self) -> Option<Command> {
        let active = self.active;
        let tab = self.tabs.get_mut(active)?;
        let plain = !tab.searching && tab.filters.is_empty();
        if plain
            || self.typing.is_some()
            || tab.local_filter.is_some()
            || !matches!(tab.view, TabView::Table)
        {
            return None;
        }
        tab.set_source(false, Vec::new());
        self.restart_list(active)
    }

    pub(super) fn start_filter(&mut self) {
        let Some(tab) = self.tab_mut() else {
            return;
        };
        let text = tab
            .local_filter
            .as_ref()
            .map(|f| f.text.clone())
            .unwrap_or_default();
        tab.local_filter = Some(LocalFilter::default());
        tab.set_filter_text(text.clone());
        self.typing = Some(Input::new(text));
    }

    pub(super) fn type_key(&mut self, key: KeyEvent) {
        if let Some(form) = &mut self.form
            && self.overlay.is_none()
        {
            form.type_key(key);
            return;
        }
        if let Some(Overlay::Filters(panel)) = &mut self.overlay {
            panel.type_key(key);
            return;
        }
        let Some(input) = &mut self.typing else {
            return;
        };
        if let Some(request) = to_input_request(&Event::Key(key)) {
            input.handle(request);
        }
        let text = input.value().to_string();
        if let Some(tab) = self.tabs.get_mut(self.active) {
            tab.set_filter_text(text);
        }
    }

    /// Send the local filter's text to the provider's own search, where it has one.
    pub(super) fn server_search(&mut self) -> Option<Command> {
        let key = |action| self.key_for(Mode::Browse, action).unwrap_or_default();
        let no_text = format!(
            "type a filter with {} first; {} sends it to the provider",
            key(Action::StartFilter),
            key(Action::ServerSearch)
        );
        let active = self.active;
        let tab = self.tabs.get_mut(active)?;
        let text = tab
            .local_filter
            .as_ref()
            .map(|f| f.text.trim().to_string())
            .unwrap_or_default();
        if text.is_empty() {
            self.notice = Some(Notice {
                text: no_text,
                is_error: false,
            });
            return None;
        }
        let Some(param) = tab.spec.text_search else {
            self.notice = Some(Notice {
                text: format!("{} has no search: the filter stays local", tab.provider),
                is_error: false,
            });
            return None;
        };
        let via_search = tab
            .spec
            .search
            .as_ref()
            .is_some_and(|(_, f)| f.iter().any(|f| f.param == param));
        tab.set_source(via_search, vec![(param, text)]);
        self.typing = None;
        self.restart_list(active)
    }

    /// Open the filter panel of the list on screen; fetches the options of filters the provider lists
    /// (CycleSoftware's customer types).
    pub(super) fn open_filters(&mut self) -> Vec<Command> {
        let Some(tab) = self.active_tab() else {
            return Vec::new();
        };
        if let TabView::Related(related) = &tab.view {
            // The related list's own filters (order dates, status, order).
            if related.list.filters.is_empty() {
                self.notice = Some(Notice {
                    text: format!("{} has no filters", related.list.label),
                    is_error: false,
                });
                return Vec::new();
            }
            let panel = FilterPanel::asking(
                related.list.filters,
                &related.filters,
                super::Purpose::Related,
            );
            self.overlay = Some(Overlay::Filters(panel));
            return Vec::new();
        }
        if tab.spec.filters.is_empty() && tab.spec.search.is_none() {
            self.notice = Some(Notice {
                text: format!(
                    "{} has no list filters: use / to filter the loaded rows",
                    tab.provider
                ),
                is_error: false,
            });
            return Vec::new();
        }
        let panel = FilterPanel::new(tab.spec, &tab.filters, tab.searching);
        let (provider, spec) = (tab.provider, tab.spec);
        let lookups: Vec<&'static str> = spec
            .lookups
            .iter()
            .filter(|l| panel.fields.iter().any(|f| f.filter.param == l.field))
            .map(|l| l.field)
            .collect();
        self.overlay = Some(Overlay::Filters(panel));
        lookups
            .into_iter()
            .map(|field| {
                self.command(
                    provider,
                    Work::Lookup {
                        field,
                        search: None,
                        page: 1,
                    },
                )
            })
            .collect()
    }

    pub(super) fn apply_filters(&mut self) -> Option<Command> {
        let Some(Overlay::Filters(panel)) = &mut self.overlay else {
            return None;
        };
        // Invalid input stays in the panel with its message next to the field.
        let source = panel.validate()?;
        let purpose = panel.purpose.clone();
        self.overlay = None;
        let active = self.active;
        match purpose {
            super::Purpose::List | super::Purpose::Related => {}
            super::Purpose::Export(provider) => {
                self.confirm_export(provider, source.filters);
                return None;
            }
            super::Purpose::Act { action, record } => {
                return self.act_with(action, record, &source.filters).pop();
            }
        }
        if matches!(purpose, super::Purpose::Related) {
            let tab = self.tabs.get_mut(active)?;
            let TabView::Related(related) = &mut tab.view else {
                return None;
            };
            related.filters = source.filters;
            related.detail = false;
            let first = match related.list.list.paging {
                crate::providers::Paging::PageNumber { .. } => crate::domain::Cursor::Page(1),
                _ => crate::domain::Cursor::Offset(0),
            };
            let fetch = related.pager.restart(first, &mut self.next_request)?;
            return self.related_command(active, fetch);
        }
        self.tabs
            .get_mut(active)?
            .set_source(source.searching, source.filters);
        self.restart_list(active)
    }
}

//! Application state and the one place it changes: [`App::update`]. Pure: no I/O, no awaiting, no clock.
//! Work for the network leaves as [`Command`]s; results come back as [`WorkerEvent`]s.

mod action;
pub mod filter_panel;
pub mod jobs;
pub mod keymap;
pub mod pager;
mod tab;

use crossterm::event::{Event, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::to_input_request;

pub use action::Action;
pub use filter_panel::FilterPanel;
pub use jobs::{Job, JobLog, JobState};
pub use keymap::{Keymap, Mode};
pub use pager::Pager;
pub use tab::{LocalFilter, RelatedView, Tab, TabView, VisibleRows};

use crate::config::Settings;
use crate::domain::{ApiError, ProviderId};
use crate::worker::{Command, Outcome, RequestId, Work, WorkerEvent};
use pager::Fetch;

/// Everything that can change the state.
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    Action(Action),
    /// A key that is text in the current mode (typing a filter).
    Key(KeyEvent),
    Worker(WorkerEvent),
    /// Time passed (drives the loading spinner; only sent while something is loading).
    Tick,
}

/// What is drawn over the tabs.
#[derive(Debug, Clone)]
pub enum Overlay {
    /// The keys of the mode help was opened from.
    Help(Mode),
    Jobs,
    Status,
    Filters(FilterPanel),
}

/// A one-line message for the status bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub text: String,
    pub is_error: bool,
}

/// Ngorder's customers per month, for the status view's chart.
#[derive(Debug, Clone, PartialEq)]
pub enum Chart {
    Loading(RequestId),
    Ready(Vec<(String, u64)>),
    Failed(ApiError),
}

#[derive(Debug)]
pub struct App {
    pub tabs: Vec<Tab>,
    pub active: usize,
    pub overlay: Option<Overlay>,
    /// The local filter being typed, if any (its text is live in the tab's `local_filter`).
    pub typing: Option<Input>,
    pub keymap: Keymap,
    pub jobs: JobLog,
    pub chart: Option<Chart>,
    pub notice: Option<Notice>,
    /// Advances on every tick while work is in flight; the spinner frame is derived from it.
    pub ticks: u64,
    pub should_quit: bool,
    /// Where the configuration came from, for the help screen.
    pub config_origin: String,
    next_request: u64,
}

impl App {
    /// The app for `settings`, and the commands that load every tab's first page.
    pub fn new(settings: &Settings) -> (App, Vec<Command>) {
        let tabs = settings
            .providers
            .iter()
            .map(|p| {
                let mut tab = Tab::new(p.id, p.page_size, p.credentials.as_ref().err().cloned());
                if let Some((_, columns)) = settings.ui.columns.iter().find(|(id, _)| *id == p.id) {
                    tab.set_columns(columns);
                }
                tab
            })
            .collect();
        let mut keymap = Keymap::default();
        for (mode, action, keys) in &settings.ui.keys {
            keymap.rebind(*mode, *action, keys);
        }
        let mut app = App {
            tabs,
            active: 0,
            overlay: None,
            typing: None,
            keymap,
            jobs: JobLog::default(),
            chart: None,
            notice: None,
            ticks: 0,
            should_quit: false,
            config_origin: settings.origin.clone(),
            next_request: 0,
        };
        let commands = (0..app.tabs.len())
            .filter_map(|tab| app.restart_list(tab))
            .collect();
        (app, commands)
    }

    pub fn active_tab(&self) -> Option<&Tab> {
        self.tabs.get(self.active)
    }

    fn tab_mut(&mut self) -> Option<&mut Tab> {
        self.tabs.get_mut(self.active)
    }

    pub fn is_busy(&self) -> bool {
        self.tabs.iter().any(Tab::is_loading) || matches!(self.chart, Some(Chart::Loading(_)))
    }

    /// The mode keys are read in: the overlay's, else the active tab's view.
    pub fn mode(&self) -> Mode {
        match &self.overlay {
            Some(Overlay::Help(_)) => Mode::Help,
            Some(Overlay::Jobs) => Mode::Jobs,
            Some(Overlay::Status) => Mode::Status,
            Some(Overlay::Filters(_)) => Mode::Panel,
            None if self.typing.is_some() => Mode::Typing,
            None => match self.active_tab().map(|t| &t.view) {
                Some(TabView::Detail) => Mode::Detail,
                Some(TabView::Related(_)) => Mode::Related,
                _ => Mode::Browse,
            },
        }
    }

    pub fn update(&mut self, msg: Msg) -> Vec<Command> {
        match msg {
            Msg::Action(action) => self.act(action),
            Msg::Key(key) => {
                self.type_key(key);
                Vec::new()
            }
            Msg::Worker(event) => self.receive(event),
            Msg::Tick => {
                self.ticks += 1;
                Vec::new()
            }
        }
    }

    fn act(&mut self, action: Action) -> Vec<Command> {
        let tab_count = self.tabs.len();
        let mode = self.mode();
        match action {
            Action::Quit => self.should_quit = true,
            Action::ToggleHelp => self.toggle(Overlay::Help(mode)),
            Action::ToggleJobs => self.toggle(Overlay::Jobs),
            Action::ToggleStatus => return self.toggle_status(),
            Action::Close => self.overlay = None,
            Action::NextTab if tab_count > 0 => self.active = (self.active + 1) % tab_count,
            Action::PrevTab if tab_count > 0 => {
                self.active = (self.active + tab_count - 1) % tab_count
            }
            Action::SelectTab(index) if index < tab_count => self.active = index,
            Action::NextTab | Action::PrevTab | Action::SelectTab(_) => {}
            Action::Down
            | Action::Up
            | Action::FirstRow
            | Action::LastRow
            | Action::SelectRow(_) => self.navigate(action),
            Action::NextPage | Action::PrevPage | Action::Refresh => return self.page(action),
            Action::OpenDetail => {
                if let Some(tab) = self.tab_mut()
                    && tab.selected_record().is_some()
                {
                    tab.view = TabView::Detail;
                    tab.detail_scroll = 0;
                }
            }
            Action::ScrollDown | Action::ScrollUp => {
                if let Some(tab) = self.tab_mut() {
                    tab.detail_scroll = if action == Action::ScrollDown {
                        tab.detail_scroll.saturating_add(3)
                    } else {
                        tab.detail_scroll.saturating_sub(3)
                    };
                }
            }
            Action::OpenRelated => return self.open_related().into_iter().collect(),
            Action::Back => self.back(),
            Action::StartFilter => self.start_filter(),
            Action::ConfirmFilter => self.typing = None,
            Action::ServerSearch => return self.server_search().into_iter().collect(),
            Action::OpenFilters => self.open_filters(),
            Action::ApplyFilters => return self.apply_filters().into_iter().collect(),
            Action::ClearFilters => {
                if let Some(Overlay::Filters(panel)) = &mut self.overlay {
                    panel.clear();
                }
            }
            Action::NextField | Action::PrevField => {
                if let Some(Overlay::Filters(panel)) = &mut self.overlay {
                    if action == Action::NextField {
                        panel.next_field();
                    } else {
                        panel.prev_field();
                    }
                }
            }
        }
        Vec::new()
    }

    fn toggle(&mut self, overlay: Overlay) {
        let same = std::mem::discriminant(&overlay);
        self.overlay = match &self.overlay {
            Some(open) if std::mem::discriminant(open) == same => None,
            _ => Some(overlay),
        };
    }

    /// The status view; opening it fetches the chart where the provider has one.
    fn toggle_status(&mut self) -> Vec<Command> {
        self.toggle(Overlay::Status);
        let wants_chart = matches!(self.overlay, Some(Overlay::Status))
            && !matches!(self.chart, Some(Chart::Loading(_)))
            && self
                .tabs
                .iter()
                .any(|t| t.spec.per_month.is_some() && t.unavailable.is_none());
        if !wants_chart {
            return Vec::new();
        }
        let provider = self
            .tabs
            .iter()
            .find(|t| t.spec.per_month.is_some())
            .map(|t| t.provider);
        let Some(provider) = provider else {
            return Vec::new();
        };
        let command = self.command(provider, Work::PerMonth);
        self.chart = Some(Chart::Loading(command.id));
        vec![command]
    }

    fn navigate(&mut self, action: Action) {
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

    fn page(&mut self, action: Action) -> Vec<Command> {
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
    fn restart_list(&mut self, index: usize) -> Option<Command> {
        let tab = self.tabs.get_mut(index)?;
        if tab.unavailable.is_some() {
            return None;
        }
        let first = crate::providers::first_page(tab.spec, tab.customers.page_size()).cursor;
        let fetch = tab.customers.restart(first, &mut self.next_request)?;
        self.list_command(index, fetch)
    }

    fn list_command(&mut self, index: usize, fetch: Fetch) -> Option<Command> {
        let tab = self.tabs.get(index)?;
        let work = Work::FetchPage {
            request: fetch.request,
            filters: tab.filters.clone(),
            search: tab.searching,
        };
        Some(self.command_with_id(fetch.id, tab.provider, work))
    }

    fn related_command(&mut self, index: usize, fetch: Fetch) -> Option<Command> {
        let tab = self.tabs.get(index)?;
        let TabView::Related(related) = &tab.view else {
            return None;
        };
        let work = Work::FetchRelated {
            list: related.list.name,
            customer: related.customer.id.clone(),
            request: fetch.request,
            filters: Vec::new(),
        };
        Some(self.command_with_id(fetch.id, tab.provider, work))
    }

    /// A command with a fresh request id, logged as a job.
    fn command(&mut self, provider: ProviderId, work: Work) -> Command {
        let id = RequestId(self.next_request);
        self.next_request += 1;
        self.command_with_id(id, provider, work)
    }

    fn command_with_id(&mut self, id: RequestId, provider: ProviderId, work: Work) -> Command {
        self.jobs.start(id, provider, work.describe(), work.slot());
        Command { id, provider, work }
    }

    fn open_related(&mut self) -> Option<Command> {
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
        }));
        self.related_command(active, fetch)
    }

    fn back(&mut self) {
        let Some(tab) = self.tab_mut() else {
            return;
        };
        match &tab.view {
            TabView::Related(_) => tab.view = TabView::Detail,
            TabView::Detail => tab.view = TabView::Table,
            TabView::Table => {
                // Esc in the table drops the local filter (and the typing, if any).
                tab.local_filter = None;
                self.typing = None;
            }
        }
    }

    fn start_filter(&mut self) {
        let Some(tab) = self.tab_mut() else {
            return;
        };
        let text = tab
            .local_filter
            .as_ref()
            .map(|f| f.text.clone())
            .unwrap_or_default();
        tab.local_filter = Some(LocalFilter {
            text: text.clone(),
            matches: Vec::new(),
        });
        tab.refilter();
        self.typing = Some(Input::new(text));
    }

    fn type_key(&mut self, key: KeyEvent) {
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
            tab.local_filter = Some(LocalFilter {
                text,
                matches: Vec::new(),
            });
            tab.refilter();
        }
    }

    /// Send the local filter's text to the provider's own search, where it has one.
    fn server_search(&mut self) -> Option<Command> {
        let active = self.active;
        let tab = self.tabs.get_mut(active)?;
        let text = tab
            .local_filter
            .as_ref()
            .map(|f| f.text.trim().to_string())
            .unwrap_or_default();
        if text.is_empty() {
            self.notice = Some(Notice {
                text: "type a filter with / first; s sends it to the provider".into(),
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

    fn open_filters(&mut self) {
        let Some(tab) = self.active_tab() else {
            return;
        };
        if tab.spec.filters.is_empty() && tab.spec.search.is_none() {
            self.notice = Some(Notice {
                text: format!(
                    "{} has no list filters: use / to filter the loaded rows",
                    tab.provider
                ),
                is_error: false,
            });
            return;
        }
        self.overlay = Some(Overlay::Filters(FilterPanel::new(
            tab.spec,
            &tab.filters,
            tab.searching,
        )));
    }

    fn apply_filters(&mut self) -> Option<Command> {
        let Some(Overlay::Filters(panel)) = &mut self.overlay else {
            return None;
        };
        // Invalid input stays in the panel with its message next to the field.
        let source = panel.validate()?;
        self.overlay = None;
        let active = self.active;
        self.tabs
            .get_mut(active)?
            .set_source(source.searching, source.filters);
        self.restart_list(active)
    }

    fn receive(&mut self, event: WorkerEvent) -> Vec<Command> {
        let WorkerEvent {
            id,
            provider,
            elapsed,
            outcome,
        } = event;
        if !matches!(outcome, Outcome::Quota(_)) {
            self.jobs.finish(id, elapsed, outcome_error(&outcome));
        }
        let Some(index) = self.tabs.iter().position(|t| t.provider == provider) else {
            return Vec::new();
        };
        let next_id = &mut self.next_request;
        let tab = &mut self.tabs[index];
        match outcome {
            Outcome::Page(_, result) => {
                if let TabView::Related(related) = &mut tab.view
                    && related.pager.awaits(id)
                {
                    let follow_up = related.pager.receive(id, result, next_id).flatten();
                    return follow_up
                        .and_then(|fetch| self.related_command(index, fetch))
                        .into_iter()
                        .collect();
                }
                match tab.customers.receive(id, result, next_id) {
                    Some(follow_up) => {
                        tab.refilter();
                        return follow_up
                            .and_then(|fetch| self.list_command(index, fetch))
                            .into_iter()
                            .collect();
                    }
                    None => tracing::debug!(?id, %provider, "dropped a stale page"),
                }
            }
            Outcome::Quota(quota) => tab.quota = Some(quota),
            Outcome::PerMonth(result) => {
                if self.chart == Some(Chart::Loading(id)) {
                    self.chart = Some(match result {
                        Ok(months) => Chart::Ready(months),
                        Err(error) => Chart::Failed(error),
                    });
                }
            }
            // Reads of one record, saves and actions come with the forms.
            Outcome::Record(_) | Outcome::Saved(_) | Outcome::Acted(_) | Outcome::Submission(_) => {
            }
        }
        Vec::new()
    }
}

fn outcome_error(outcome: &Outcome) -> Option<String> {
    match outcome {
        Outcome::Page(_, Err(e))
        | Outcome::Record(Err(e))
        | Outcome::Saved(Err(e))
        | Outcome::Acted(Err(e))
        | Outcome::Submission(Err(e))
        | Outcome::PerMonth(Err(e)) => Some(e.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests;

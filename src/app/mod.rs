//! Application state and the one place it changes: [`App::update`]. Pure: no I/O, no awaiting, no clock.
//! Work for the network leaves as [`Command`]s; results come back as [`WorkerEvent`]s.

mod action;
pub mod keymap;
mod tab;

pub use action::Action;
pub use keymap::{Keymap, Mode};
pub use tab::Tab;

use crate::config::Settings;
use crate::worker::{Command, Outcome, RequestId, Work, WorkerEvent};

/// Everything that can change the state.
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    Action(Action),
    Worker(WorkerEvent),
    /// Time passed (drives the loading spinner; only sent while something is loading).
    Tick,
}

#[derive(Debug)]
pub struct App {
    pub tabs: Vec<Tab>,
    pub active: usize,
    pub mode: Mode,
    pub keymap: Keymap,
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
            .map(|p| Tab::new(p.id, p.page_size, p.credentials.as_ref().err().cloned()))
            .collect();
        let mut app = App {
            tabs,
            active: 0,
            mode: Mode::Browse,
            keymap: Keymap::default(),
            ticks: 0,
            should_quit: false,
            config_origin: settings.origin.clone(),
            next_request: 0,
        };
        let commands = (0..app.tabs.len())
            .filter_map(|tab| app.fetch(tab, 0))
            .collect();
        (app, commands)
    }

    pub fn active_tab(&self) -> Option<&Tab> {
        self.tabs.get(self.active)
    }

    pub fn is_busy(&self) -> bool {
        self.tabs.iter().any(Tab::is_loading)
    }

    pub fn update(&mut self, msg: Msg) -> Vec<Command> {
        match msg {
            Msg::Action(action) => self.act(action),
            Msg::Worker(event) => {
                self.receive(event);
                Vec::new()
            }
            Msg::Tick => {
                self.ticks += 1;
                Vec::new()
            }
        }
    }

    fn act(&mut self, action: Action) -> Vec<Command> {
        let tab_count = self.tabs.len();
        match action {
            Action::Quit => self.should_quit = true,
            Action::ToggleHelp => {
                self.mode = match self.mode {
                    Mode::Help => Mode::Browse,
                    Mode::Browse => Mode::Help,
                }
            }
            Action::Close => self.mode = Mode::Browse,
            Action::NextTab if tab_count > 0 => self.active = (self.active + 1) % tab_count,
            Action::PrevTab if tab_count > 0 => {
                self.active = (self.active + tab_count - 1) % tab_count
            }
            Action::SelectTab(index) if index < tab_count => self.active = index,
            Action::Down => self.with_tab(Tab::select_next),
            Action::Up => self.with_tab(Tab::select_prev),
            Action::FirstRow => self.with_tab(|tab| tab.selected = 0),
            Action::LastRow => self.with_tab(Tab::select_last),
            Action::NextPage => {
                let next = self.active_tab().and_then(Tab::next_page_index);
                return next
                    .and_then(|index| self.fetch(self.active, index))
                    .into_iter()
                    .collect();
            }
            Action::PrevPage => {
                let prev = self.active_tab().and_then(Tab::prev_page_index);
                return prev
                    .and_then(|index| self.fetch(self.active, index))
                    .into_iter()
                    .collect();
            }
            Action::Refresh => {
                let index = self.active_tab().map(Tab::page_index);
                return index
                    .and_then(|index| self.fetch(self.active, index))
                    .into_iter()
                    .collect();
            }
            Action::NextTab | Action::PrevTab | Action::SelectTab(_) => {}
        }
        Vec::new()
    }

    fn with_tab(&mut self, change: impl FnOnce(&mut Tab)) {
        if let Some(tab) = self.tabs.get_mut(self.active) {
            change(tab);
        }
    }

    fn fetch(&mut self, tab: usize, page: usize) -> Option<Command> {
        let id = RequestId(self.next_request);
        let tab = self.tabs.get_mut(tab)?;
        let request = tab.fetch(page, id)?;
        self.next_request += 1;
        Some(Command {
            id,
            provider: tab.provider,
            work: Work::FetchPage(request),
        })
    }

    fn receive(&mut self, event: WorkerEvent) {
        let WorkerEvent {
            id,
            provider,
            outcome,
        } = event;
        let Some(tab) = self.tabs.iter_mut().find(|t| t.provider == provider) else {
            return;
        };
        match outcome {
            Outcome::Page(_, result) => {
                if !tab.receive(id, result) {
                    tracing::debug!(?id, %provider, "dropped a stale page");
                }
            }
            Outcome::Quota(quota) => tab.quota = Some(quota),
            // Reads of one record, saves and actions come with the forms and status views.
            Outcome::Record(_) | Outcome::Saved(_) | Outcome::Acted(_) | Outcome::Submission(_) => {
            }
        }
    }

    /// The request ids currently awaited (for tests and the jobs view).
    pub fn pending_requests(&self) -> Vec<RequestId> {
        self.tabs
            .iter()
            .filter_map(|t| t.loading.map(|(_, id)| id))
            .collect()
    }
}

#[cfg(test)]
mod tests;

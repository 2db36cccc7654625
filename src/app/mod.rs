//! Application state and the one place it changes: [`App::update`]. Pure: no I/O, no awaiting, no clock.
//! Work for the network leaves as [`Command`]s; results come back as [`WorkerEvent`]s.

mod action;
mod actions;
mod browse;
pub mod bulk;
mod bulk_export;
mod columns;
mod copy;
mod created;
mod doubt;
mod drafts;
mod edit;
pub mod filter_panel;
pub mod form;
mod fresh;
mod global_search;
pub mod input;
pub mod jobs;
mod journal;
pub mod keymap;
mod lookup;
pub mod marks;
mod marks_mirror;
mod mirror_keys;
pub mod mirror_view;
mod mouse;
mod offered;
pub mod pager;
pub mod palette;
pub mod palette_mirror;
mod receive;
mod status_view;
mod tab;
pub mod undo;

use crossterm::event::KeyEvent;
use tui_input::Input;

pub use action::Action;
pub use actions::{ActionMenu, Optimistic};
pub use bulk::{Bulk, BulkMenu, BulkRun, ItemState};
pub use columns::{ColumnPicker, pickable, picker_fields};
pub use copy::CopyMenu;
pub use doubt::{ActionCheck, Doubt};
pub use edit::{Confirm, Pending};
pub use filter_panel::{FilterPanel, Purpose};
pub use form::{Form, FormField, FormKind};
pub use fresh::Freshness;
pub use global_search::{Found, GlobalSearch};
pub use jobs::{Job, JobLog, JobState};
pub use journal::JournalView;
pub use keymap::{Keymap, Mode};
pub use marks::Selection;
pub use mirror_view::{MirrorView, Source};
pub use pager::Pager;
pub use palette::Palette;
pub use tab::{LocalFilter, RelatedView, Tab, TabView, VisibleRows};

use crate::config::Settings;
use crate::domain::{ApiError, ProviderId};
use crate::worker::{Command, Outcome, RequestId, Work, WorkerEvent};

/// Everything that can change the state.
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    Action(Action),
    /// A key that is text in the current mode (typing a filter).
    Key(KeyEvent),
    /// Pasted text (bracketed paste), for the focused input: one edit however long.
    Paste(String),
    /// A form's draft may be written now (sent by the event loop at most every ~500 ms while one is
    /// due), so a burst of typing is one write.
    DraftTick,
    Worker(WorkerEvent),
    /// Time passed (drives the loading spinner; only sent while something is loading).
    Tick,
    /// The wall clock (Unix ms), now and then: how old the mirror is is counted from it.
    Clock(i64),
    /// The terminal's size (columns, rows), at start and on every resize: a screen of rows is this.
    Viewport(u16, u16),
}

/// What is drawn over the tabs.
#[derive(Debug, Clone)]
pub enum Overlay {
    /// The keys of the mode help was opened from.
    Help(Mode),
    Jobs,
    Status,
    Filters(FilterPanel),
    Confirm(Confirm),
    Actions(ActionMenu),
    /// What of the selected customer to copy (`y`).
    Copy(CopyMenu),
    /// The journal of writes, newest first.
    Journal(JournalView),
    /// The global search over every provider's mirror (`Ctrl-F`).
    Find(Box<GlobalSearch>),
    /// A one-time token that could not be kept: shown once, in full, to be saved by hand.
    Token {
        customer: String,
        token: crate::config::Secret,
        error: String,
    },
    /// The record actions for the marked customers.
    BulkActions(BulkMenu),
    /// The last bulk action's progress and results.
    Bulk,
    Palette(Palette),
    /// Which fields the table shows.
    Columns(ColumnPicker),
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
    /// Asynchronous submissions followed this session (DK Hardware), newest last.
    pub submissions: Vec<crate::worker::submissions::SubmissionUpdate>,
    /// Settings of the customers whose token is kept (Reportei), for the status view.
    pub kept_settings: Option<Vec<(String, Result<crate::domain::Record, ApiError>)>>,
    /// The create/edit form, over the active tab.
    pub form: Option<Form>,
    /// Record actions sent and shown already, until the provider answers.
    pub optimistic: Vec<Optimistic>,
    /// Writes whose outcome is unknown, being checked at the provider.
    pub checks: Vec<ActionCheck>,
    /// Writes of earlier runs whose outcome is unknown (from the journal at start-up).
    pub unknown_writes: Vec<crate::store::Entry>,
    /// What may not be changed (everything, or some providers): write keys are refused with a
    /// message and left out of help, and the worker refuses writes too.
    pub read_only: crate::config::UiSettings,
    /// Advances on every tick while work is in flight; the spinner frame is derived from it.
    pub ticks: u64,
    /// The wall clock as last told (Unix ms; 0 before it is): update has no clock of its own.
    pub clock_ms: i64,
    /// The terminal's size as last told (0×0 before).
    pub viewport: (u16, u16),
    /// `--offline`: no provider is called; tabs browse the mirror.
    pub offline: bool,
    pub should_quit: bool,
    /// Marked customers per tab, and the last bulk action.
    pub bulk: Bulk,
    /// The last toggle, while `u` can take it back.
    pub undo: Option<undo::Undo>,
    /// The form changed since its draft was last written (see [`input`]).
    draft_due: bool,
    /// Where the configuration came from, for the help screen.
    pub config_origin: String,
    /// The colours the screen is drawn in.
    pub theme: crate::config::Theme,
    /// Does the app take the mouse (wheel, clicks)? Off, the terminal's own selection works.
    pub mouse_captured: bool,
    /// The global search as it was left by opening a customer: `Ctrl-F` brings it back.
    last_global_search: Option<GlobalSearch>,
    next_request: u64,
    /// The last update changed nothing on screen (see [`App::needs_redraw`]).
    unseen: bool,
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
            form: None,
            kept_settings: None,
            submissions: Vec::new(),
            optimistic: Vec::new(),
            checks: Vec::new(),
            unknown_writes: Vec::new(),
            read_only: settings.ui.clone(),
            ticks: 0,
            clock_ms: 0,
            viewport: (0, 0),
            offline: false,
            should_quit: false,
            bulk: Bulk::default(),
            undo: None,
            draft_due: false,
            config_origin: settings.origin.clone(),
            theme: settings.ui.theme,
            mouse_captured: true,
            last_global_search: None,
            next_request: 0,
            unseen: false,
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

    /// May the active tab's provider be changed from here?
    pub fn active_is_read_only(&self) -> bool {
        self.active_tab()
            .is_some_and(|t| self.read_only.is_read_only(t.provider))
    }

    /// The mode keys are read in: the overlay's, else the active tab's view.
    pub fn mode(&self) -> Mode {
        match &self.overlay {
            Some(Overlay::Help(_)) => Mode::Help,
            Some(Overlay::Jobs) => Mode::Jobs,
            Some(Overlay::Status) => Mode::Status,
            Some(Overlay::Filters(_)) => Mode::Panel,
            Some(Overlay::Confirm(_)) => Mode::Confirm,
            // A menu like the actions one: the same keys move and choose.
            Some(Overlay::Actions(_) | Overlay::Copy(_)) => Mode::Actions,
            Some(Overlay::Token { .. }) => Mode::Alert,
            Some(Overlay::Journal(_)) => Mode::Journal,
            Some(Overlay::BulkActions(_)) => Mode::Actions,
            // A menu too: j/k move, Enter shows or hides the highlighted field.
            Some(Overlay::Columns(_)) => Mode::Actions,
            Some(Overlay::Bulk) => Mode::Bulk,
            Some(Overlay::Palette(_)) => Mode::Palette,
            Some(Overlay::Find(_)) => Mode::Find,
            None if self.form.is_some() => Mode::Form,
            None if self.typing.is_some() => Mode::Typing,
            None => match self.active_tab().map(|t| &t.view) {
                Some(TabView::Detail) => Mode::Detail,
                Some(TabView::Related(_)) => Mode::Related,
                _ => Mode::Browse,
            },
        }
    }

    /// Did the last [`App::update`] change what is drawn? Not for a prefetched page or a quota the
    /// screen does not show: the event loop skips the frame.
    pub fn needs_redraw(&self) -> bool {
        !self.unseen
    }

    pub fn update(&mut self, msg: Msg) -> Vec<Command> {
        self.unseen = false;
        match msg {
            Msg::Action(action) => {
                // A notice answers the last thing done; the next thing done replaces it.
                self.notice = None;
                let mut commands = self.act(action);
                commands.extend(self.auto_mirror());
                commands
            }
            Msg::Key(key) if self.global_search().is_some() => self.type_in_global_search(key),
            Msg::Key(key) if self.palette_is_open() => self.palette_key(key),
            Msg::Paste(text) if self.palette_is_open() => {
                self.palette_paste(&input::one_line(&text))
            }
            Msg::Paste(text) if self.global_search().is_some() => {
                self.paste_in_global_search(&input::one_line(&text))
            }
            Msg::Key(key) => {
                self.type_key(key);
                // What is typed in a form is kept on disk: at the next draft tick, not per key.
                self.note_form_edit();
                self.mirror_typed()
            }
            Msg::Paste(text) => {
                self.paste(&text);
                self.mirror_typed()
            }
            Msg::DraftTick => self.flush_draft(),
            Msg::Worker(event) => self.receive_event(event),
            Msg::Tick => {
                self.ticks += 1;
                Vec::new()
            }
            Msg::Clock(now_ms) => {
                self.clock_ms = self.clock_ms.max(now_ms);
                self.undo_clock();
                Vec::new()
            }
            Msg::Viewport(columns, rows) => {
                self.viewport = (columns, rows);
                // A taller screen may show rows not in hand yet.
                self.mirror_commands(self.active)
            }
        }
    }

    fn act(&mut self, action: Action) -> Vec<Command> {
        let tab_count = self.tabs.len();
        let mode = self.mode();
        // Quit always quits, whatever is open (a question too), keeping what was typed.
        if action == Action::Quit {
            self.should_quit = true;
            let mut commands = self.flush_draft();
            // Columns chosen in a picker left open are saved as closing it would.
            if matches!(self.overlay, Some(Overlay::Columns(_))) {
                commands.extend(self.picker_act(Action::Close));
            }
            return commands;
        }
        // Marks, bulk actions, the palette and undo live in their own files.
        if mode == Mode::Palette {
            return self.palette_act(action).unwrap_or_default();
        }
        if matches!(self.overlay, Some(Overlay::Columns(_))) {
            return self.picker_act(action);
        }
        if let Some(commands) = self.bulk_act(mode, action) {
            return commands;
        }
        match action {
            Action::OpenPalette => {
                self.open_palette(mode);
                return Vec::new();
            }
            Action::Undo => return self.undo_last(),
            _ => {}
        }
        // The same actions mean other things in the form, the confirmation and the actions menu.
        match (mode, action) {
            (Mode::Confirm, _) => return self.answer_confirm(action),
            (Mode::Actions, Action::Down | Action::Up | Action::Choose)
                if matches!(self.overlay, Some(Overlay::Copy(_))) =>
            {
                return self.in_copy_menu(action);
            }
            (Mode::Actions, Action::Down | Action::Up) => {
                self.move_menu(action == Action::Down);
                return Vec::new();
            }
            (Mode::Actions, Action::Choose) => return self.choose_action(),
            (Mode::Form, Action::Back) => return self.leave_form(),
            (Mode::Form, Action::CheckWrite) => return self.check_form(),
            (Mode::Find, Action::Down | Action::Up) => {
                self.move_in_global_search(action == Action::Down);
                return Vec::new();
            }
            (Mode::Find, Action::Choose) => return self.open_found(),
            (Mode::Journal, Action::Down | Action::Up | Action::CheckWrite | Action::Refresh) => {
                return self.in_journal(action);
            }
            (Mode::Form, Action::AddItem | Action::RemoveItem) => {
                if let Some(form) = &mut self.form {
                    if action == Action::AddItem {
                        form.add_item();
                    } else {
                        form.remove_item();
                    }
                }
                return Vec::new();
            }
            (Mode::Form, Action::NextField | Action::PrevField) => {
                if let Some(form) = &mut self.form {
                    form.move_focus(action == Action::NextField);
                }
                // Leaving a field keeps what was typed in it.
                return self.flush_draft();
            }
            _ => {}
        }
        match action {
            Action::Quit => {}
            Action::ToggleHelp => self.toggle(Overlay::Help(mode)),
            Action::ToggleJobs => self.toggle(Overlay::Jobs),
            Action::ToggleStatus => return self.toggle_status(),
            Action::ToggleJournal => return self.toggle_journal(),
            Action::GlobalSearch => self.toggle_global_search(),
            Action::Close => self.overlay = None,
            Action::NextTab if tab_count > 0 => {
                self.active = (self.active + 1) % tab_count;
                return self.mirror_commands(self.active);
            }
            Action::PrevTab if tab_count > 0 => {
                self.active = (self.active + tab_count - 1) % tab_count;
                return self.mirror_commands(self.active);
            }
            Action::SelectTab(index) if index < tab_count => {
                self.active = index;
                return self.mirror_commands(self.active);
            }
            Action::NextTab | Action::PrevTab | Action::SelectTab(_) => {}
            // Under an overlay the table is hidden: its selection must not move unseen.
            Action::Down
            | Action::Up
            | Action::FirstRow
            | Action::LastRow
            | Action::SelectRow(_)
                if self.overlay.is_some() => {}
            Action::Down
            | Action::Up
            | Action::FirstRow
            | Action::LastRow
            | Action::SelectRow(_) => {
                // Moving leaves a customer opened from the global search for the list's rows.
                if let Some(tab) = self.tab_mut() {
                    tab.opened = None;
                }
                if self.active_shows_mirror() {
                    let mut commands = self.navigate_mirror(action);
                    commands.extend(self.read_selected());
                    return commands;
                }
                self.navigate(action);
                return self.read_selected();
            }
            Action::NextPage | Action::PrevPage | Action::Refresh if self.active_shows_mirror() => {
                return self.navigate_mirror(action);
            }
            Action::NextPage | Action::PrevPage | Action::Refresh => return self.page(action),
            Action::ToggleSource => return self.toggle_source(),
            Action::SortNext | Action::SortPrev | Action::SortReverse => {
                return self.sort_mirror(action);
            }
            Action::OpenDetail => {
                // In a related list, Enter shows every field of the selected row (an order).
                if let Some(tab) = self.tab_mut()
                    && let TabView::Related(related) = &mut tab.view
                {
                    related.detail = related.pager.page().is_some_and(|p| !p.records.is_empty());
                    return Vec::new();
                }
                if let Some(tab) = self.tab_mut()
                    && tab.selected_record().is_some()
                {
                    tab.view = TabView::Detail;
                    tab.detail_scroll = 0;
                    return self.read_selected();
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
            Action::PickColumns => self.open_column_picker(),
            // The column picker's own keys (`picker_act`); elsewhere nothing to move.
            Action::MoveUp | Action::MoveDown => {}
            Action::ColumnsLeft | Action::ColumnsRight => {
                if let Some(tab) = self.tab_mut() {
                    tab.scroll_columns(action == Action::ColumnsRight);
                }
            }
            Action::OpenRelated => return self.open_related().into_iter().collect(),
            Action::Back => {
                if let Some(command) = self.drop_server_search() {
                    return vec![command];
                }
                self.back();
                return self.mirror_filter_dropped();
            }
            Action::StartFilter => self.start_filter(),
            Action::ConfirmFilter => self.typing = None,
            Action::ServerSearch => return self.server_search().into_iter().collect(),
            Action::OpenFilters => return self.open_filters(),
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
            Action::NewCustomer => return self.open_form(false),
            Action::EditCustomer => return self.open_form(true),
            Action::SaveForm => return self.save_form(),
            Action::OpenActions => self.open_actions(),
            Action::Yes | Action::No | Action::ToggleChoice | Action::Choose => {}
            Action::AddItem | Action::RemoveItem | Action::CheckWrite => {}
            Action::LookupField => return self.search_options(),
            Action::RequestExport => self.request_export(),
            // Handled before this match (bulk.rs, palette.rs, undo.rs).
            Action::ToggleMark
            | Action::MarkRange
            | Action::MarkAll
            | Action::ToggleBulk
            | Action::OpenPalette
            | Action::Undo => {}
            Action::Copy => self.open_copy(),
            Action::ToggleMouse => return self.toggle_mouse(),
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

    /// A command that is not a call to the provider and not shown as a job (drafts).
    fn quiet_command(&mut self, provider: ProviderId, work: Work) -> Command {
        let id = RequestId(self.next_request);
        self.next_request += 1;
        Command { id, provider, work }
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
}

#[cfg(test)]
mod tests;

//! The command palette (`:`): type to narrow, Tab completes, Enter goes. It goes to a customer by id,
//! a page or a tab, and runs any action by name, showing the key bound to it.

use crossterm::event::{Event, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::to_input_request;

use super::{Action, ActionMenu, App, Mode, Notice, Overlay, TabView};
use crate::worker::Command;

/// Customers listed at most for one text (the rest: type more of the id).
const MAX_CUSTOMERS: usize = 5;

/// Actions the palette offers by name: what makes sense on its own (not answers inside a dialog).
const ACTIONS: &[Action] = &[
    Action::NextPage,
    Action::PrevPage,
    Action::Refresh,
    Action::FirstRow,
    Action::LastRow,
    Action::OpenDetail,
    Action::OpenRelated,
    Action::Back,
    Action::StartFilter,
    Action::ServerSearch,
    Action::OpenFilters,
    Action::NewCustomer,
    Action::EditCustomer,
    Action::OpenActions,
    Action::RequestExport,
    Action::ToggleMark,
    Action::MarkRange,
    Action::MarkAll,
    Action::ToggleBulk,
    Action::Undo,
    Action::ColumnsLeft,
    Action::ColumnsRight,
    Action::PickColumns,
    Action::NextTab,
    Action::PrevTab,
    Action::ToggleHelp,
    Action::ToggleJobs,
    Action::ToggleStatus,
    Action::ToggleJournal,
    Action::Quit,
];

/// Where an entry goes.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// A customer on the tab's live page in hand.
    Customer {
        tab: usize,
        id: String,
    },
    /// A customer of the tab's mirror (found by the store, anywhere in it).
    Mirrored {
        tab: usize,
        id: String,
    },
    /// `find QUERY`: the global search with the query typed.
    Find(String),
    /// 1-based, in the active tab's list.
    Page(usize),
    Tab(usize),
    Action(Action),
    /// A record action of the active tab's provider, by name.
    Record(&'static str),
}

#[derive(Debug, Clone, PartialEq)]
pub struct PaletteEntry {
    pub label: String,
    /// The key bound to it where the palette was opened ("" if none).
    pub key: String,
    /// What Tab puts in the input.
    pub completion: String,
    pub target: Target,
}

#[derive(Debug, Clone)]
pub struct Palette {
    pub input: Input,
    /// The mode it was opened from: its keys are the ones shown, and actions run there.
    pub from: Mode,
    pub entries: Vec<PaletteEntry>,
    pub selected: usize,
    /// Customers the mirror holds for the id typed (see `palette_mirror`).
    pub mirror: super::palette_mirror::MirrorIds,
}

/// A palette entry for a customer.
fn customer_entry(id: &str, title: &str, tab: &super::Tab, target: Target) -> PaletteEntry {
    PaletteEntry {
        label: format!("customer #{id} {title} · {}", tab.provider.display_name()),
        key: String::new(),
        completion: format!("#{id}"),
        target,
    }
}

/// The query of `find QUERY` (`:find` as the issue names it), if that is what is typed.
fn find_query(text: &str) -> Option<String> {
    let text = text.trim_start();
    let rest = text.strip_prefix("find")?;
    if !rest.is_empty() && !rest.starts_with(' ') {
        return None;
    }
    Some(rest.trim().to_string())
}

/// An action's name as the config writes it (`next_page`).
pub fn action_name(action: Action) -> String {
    serde_json::to_value(action)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

impl App {
    pub(super) fn open_palette(&mut self, from: Mode) {
        let mut palette = Palette {
            input: Input::default(),
            from,
            entries: Vec::new(),
            selected: 0,
            mirror: Default::default(),
        };
        palette.entries = self.palette_entries(&palette);
        self.overlay = Some(Overlay::Palette(palette));
    }

    /// What the palette lists for its text: customers whose id starts with it, a page, tabs and
    /// actions whose words contain every word typed.
    fn palette_entries(&self, palette: &Palette) -> Vec<PaletteEntry> {
        let text = palette.input.value().trim().to_lowercase();
        let words: Vec<&str> = text.split_whitespace().collect();
        let matches = |label: &str| {
            let label = label.to_lowercase();
            words.iter().all(|w| label.contains(w))
        };
        let mut entries = Vec::new();
        let id = text.trim_start_matches('#');
        if !id.is_empty() && !id.contains(' ') {
            // The active tab first, exact ids before prefixes.
            let order = (0..self.tabs.len()).map(|i| (self.active + i) % self.tabs.len());
            let mut found: Vec<(bool, PaletteEntry)> = Vec::new();
            for index in order {
                let tab = &self.tabs[index];
                if self.mirror_searched(index) {
                    // The whole mirror, as the store answered for this text (or a shorter one).
                    for hit in palette
                        .mirror
                        .hits
                        .iter()
                        .filter(|h| h.provider == tab.provider)
                    {
                        let lower = hit.record.id.to_lowercase();
                        if lower.starts_with(id) {
                            found.push((
                                lower == id,
                                customer_entry(
                                    &hit.record.id,
                                    &hit.title,
                                    tab,
                                    Target::Mirrored {
                                        tab: index,
                                        id: hit.record.id.clone(),
                                    },
                                ),
                            ));
                        }
                    }
                    continue;
                }
                let Some(page) = tab.customers.page() else {
                    continue;
                };
                for record in &page.records {
                    let lower = record.id.to_lowercase();
                    if lower.starts_with(id) {
                        found.push((
                            lower == id,
                            customer_entry(
                                &record.id,
                                &record.title(&tab.spec.schema),
                                tab,
                                Target::Customer {
                                    tab: index,
                                    id: record.id.clone(),
                                },
                            ),
                        ));
                    }
                }
            }
            found.sort_by_key(|(exact, _)| !exact);
            entries.extend(found.into_iter().take(MAX_CUSTOMERS).map(|(_, e)| e));
        }
        if let Some(query) = find_query(palette.input.value()) {
            entries.push(PaletteEntry {
                label: if query.is_empty() {
                    "find …: search every provider's mirror".to_string()
                } else {
                    format!("find “{query}” in every provider's mirror")
                },
                key: self.key_of(palette.from, Action::GlobalSearch),
                completion: format!("find {query}"),
                target: Target::Find(query),
            });
        }
        let number = text
            .strip_prefix("page")
            .unwrap_or(&text)
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|n| *n > 0);
        if let Some(n) = number {
            entries.push(PaletteEntry {
                label: format!("page {n}"),
                key: String::new(),
                completion: format!("page {n}"),
                target: Target::Page(n),
            });
        }
        for (index, tab) in self.tabs.iter().enumerate() {
            let label = format!("tab {}", tab.provider.display_name());
            if matches(&label) {
                entries.push(PaletteEntry {
                    completion: label.clone(),
                    label,
                    key: (index + 1).to_string(),
                    target: Target::Tab(index),
                });
            }
        }
        // Read-only mode offers no writes, as help does not.
        let writes = !self.active_is_read_only();
        if let Some(tab) = self.active_tab().filter(|_| writes) {
            for action in tab.spec.actions {
                let label = format!("{} ({})", action.label, action.name);
                if matches(&label) {
                    entries.push(PaletteEntry {
                        label,
                        key: self.key_of(palette.from, Action::OpenActions),
                        completion: action.name.to_string(),
                        target: Target::Record(action.name),
                    });
                }
            }
        }
        for &action in ACTIONS.iter().filter(|a| writes || !a.is_write()) {
            let name = action_name(action);
            let label = format!("{name}: {}", self.describe(action));
            if matches(&label) {
                entries.push(PaletteEntry {
                    label,
                    key: self.key_of(palette.from, action),
                    completion: name,
                    target: Target::Action(action),
                });
            }
        }
        entries
    }

    /// The first key bound to `action` in `mode`, as help writes it.
    fn key_of(&self, mode: Mode, action: Action) -> String {
        self.keymap
            .bindings(mode)
            .find(|(_, a)| *a == action)
            .map(|(key, _)| key.label())
            .unwrap_or_default()
    }

    /// Keys while the palette is open; `None` for the others.
    pub(super) fn palette_act(&mut self, action: Action) -> Option<Vec<Command>> {
        let Some(Overlay::Palette(palette)) = &mut self.overlay else {
            return None;
        };
        let count = palette.entries.len().max(1);
        match action {
            Action::Down => palette.selected = (palette.selected + 1) % count,
            Action::Up => palette.selected = (palette.selected + count - 1) % count,
            Action::NextField => {
                if let Some(entry) = palette.entries.get(palette.selected) {
                    let completion = entry.completion.clone();
                    palette.input = Input::new(completion);
                    return Some(self.refresh_palette());
                }
            }
            Action::Choose if palette.mirror.waiting.is_some() && palette.selected == 0 => {
                // Typed and Enter before the mirror answered: go once it has (to the customer).
                palette.mirror.go_when_answered = true;
            }
            Action::Choose => return Some(self.run_palette()),
            Action::Close => self.overlay = None,
            _ => return None,
        }
        Some(Vec::new())
    }

    pub(super) fn palette_is_open(&self) -> bool {
        matches!(self.overlay, Some(Overlay::Palette(_)))
    }

    /// A key typed into the palette's input.
    pub(super) fn palette_key(&mut self, key: KeyEvent) -> Vec<Command> {
        let Some(Overlay::Palette(palette)) = &mut self.overlay else {
            return Vec::new();
        };
        if let Some(request) = to_input_request(&Event::Key(key)) {
            palette.input.handle(request);
        }
        self.refresh_palette()
    }

    /// Pasted text into the palette's input.
    pub(super) fn palette_paste(&mut self, text: &str) -> Vec<Command> {
        let Some(Overlay::Palette(palette)) = &mut self.overlay else {
            return Vec::new();
        };
        palette.input = super::input::insert(&palette.input, text);
        self.refresh_palette()
    }

    /// The text changed: the entries for it, and the mirror asked for the customers it may name.
    fn refresh_palette(&mut self) -> Vec<Command> {
        self.relist_palette(false);
        self.ask_mirror_ids()
    }

    /// List the entries again (the text changed, or the mirror answered). `keep`: an entry the user
    /// moved the highlight to stays highlighted if it is still there (an answer must not move it
    /// under them); else the first is.
    pub(super) fn relist_palette(&mut self, keep: bool) {
        let Some(Overlay::Palette(palette)) = &self.overlay else {
            return;
        };
        let entries = self.palette_entries(palette);
        if let Some(Overlay::Palette(palette)) = &mut self.overlay {
            let was = palette.entries.get(palette.selected).map(|e| &e.target);
            let selected = was
                .filter(|_| keep && palette.selected > 0)
                .and_then(|target| entries.iter().position(|e| &e.target == target));
            palette.entries = entries;
            palette.selected = selected.unwrap_or(0);
        }
    }

    pub(super) fn run_palette(&mut self) -> Vec<Command> {
        let Some(Overlay::Palette(palette)) = self.overlay.take() else {
            return Vec::new();
        };
        let Some(entry) = palette.entries.get(palette.selected) else {
            let mirrored = (0..self.tabs.len()).any(|index| self.mirror_searched(index));
            let why = if mirrored {
                "no customer id in the mirror starts with it (Ctrl-F searches names, e-mails, phones)"
            } else {
                "a customer id must be on a loaded page (/ filters, s searches the provider)"
            };
            self.notice = Some(Notice {
                text: format!("nothing matches {:?}: {why}", palette.input.value()),
                is_error: false,
            });
            return Vec::new();
        };
        match entry.target.clone() {
            Target::Customer { tab, id } => self.go_to_customer(tab, &id),
            Target::Mirrored { tab, id } => {
                let record = palette
                    .mirror
                    .hits
                    .iter()
                    .find(|h| h.record.id == id && Some(h.provider) == self.tab_provider(tab))
                    .map(|h| h.record.clone());
                record.map_or_else(Vec::new, |record| self.jump_to_mirrored(tab, record))
            }
            Target::Find(query) => self.find_text(&query),
            Target::Page(n) => self.go_to_page(n),
            Target::Tab(index) => {
                self.active = index.min(self.tabs.len().saturating_sub(1));
                Vec::new()
            }
            Target::Action(action) => self.act(action),
            Target::Record(name) => self.palette_record_action(name),
        }
    }

    /// Show customer `id` of tab `index` in the detail view (it is on the page in hand).
    fn go_to_customer(&mut self, index: usize, id: &str) -> Vec<Command> {
        let Some(tab) = self.tabs.get_mut(index) else {
            return Vec::new();
        };
        let Some(row) = tab
            .customers
            .page()
            .and_then(|p| p.records.iter().position(|r| r.id == id))
        else {
            return Vec::new();
        };
        self.active = index;
        // A local filter that hides the customer is dropped: the jump must land on it.
        if tab.visible_rows().position_of(row).is_none() {
            tab.local_filter = None;
            self.typing = None;
        }
        tab.customers.select(row);
        tab.view = TabView::Detail;
        tab.detail_scroll = 0;
        self.read_selected()
    }

    fn go_to_page(&mut self, number: usize) -> Vec<Command> {
        let active = self.active;
        let Some(tab) = self.tabs.get_mut(active) else {
            return Vec::new();
        };
        tab.view = TabView::Table;
        let fetch = tab.customers.go_to(number - 1, &mut self.next_request);
        tab.refilter();
        if tab.customers.page_index() != number - 1
            && fetch.is_none()
            && !tab.customers.is_loading()
        {
            self.notice = Some(Notice {
                text: format!(
                    "page {number} cannot be reached from here: this list pages with a cursor (n goes on)"
                ),
                is_error: false,
            });
            return Vec::new();
        }
        fetch
            .and_then(|fetch| self.list_command(active, fetch))
            .into_iter()
            .collect()
    }

    /// A record action by name: on the marked customers if there are some, else the one selected.
    fn palette_record_action(&mut self, name: &'static str) -> Vec<Command> {
        let marked = self.selection().is_some_and(|s| !s.is_empty());
        let Some(tab) = self.active_tab() else {
            return Vec::new();
        };
        if marked && matches!(tab.view, TabView::Table) {
            self.open_bulk_menu();
            if let Some(Overlay::BulkActions(menu)) = &mut self.overlay {
                match menu.actions.iter().position(|(a, _)| a.name == name) {
                    Some(index) => menu.selected = index,
                    None => {
                        self.overlay = None;
                        self.notice = Some(Notice {
                            text: format!("{name} applies to none of the marked customers"),
                            is_error: false,
                        });
                        return Vec::new();
                    }
                }
                return self
                    .bulk_act(Mode::Actions, Action::Choose)
                    .unwrap_or_default();
            }
            return Vec::new();
        }
        self.open_actions();
        if let Some(Overlay::Actions(ActionMenu {
            actions, selected, ..
        })) = &mut self.overlay
        {
            match actions.iter().position(|a| a.name == name) {
                Some(index) => *selected = index,
                None => {
                    self.overlay = None;
                    self.notice = Some(Notice {
                        text: format!("{name} does not apply to this customer"),
                        is_error: false,
                    });
                    return Vec::new();
                }
            }
            return self.choose_action();
        }
        Vec::new()
    }
}

//! The keys and answers of the table over the mirror: scrolling, sorting, `/` searching the whole
//! mirror, `L` between mirror and live, and the rows read again after a write or a finished sync.
//! The state itself is [`MirrorView`](super::mirror_view::MirrorView); this is how the app drives it.

use super::mirror_view::Source;
use super::{Action, App, Notice, Overlay, TabView};
use crate::domain::Record;
use crate::store::{MirrorSort, SortDirection};
use crate::worker::{Command, Outcome, Work, WorkerEvent};

/// What the screen shows that a message about the mirror can change (see [`App::face`]).
#[derive(Debug, PartialEq)]
struct Face {
    bars: String,
    table: Option<TableFace>,
}

#[derive(Debug, PartialEq)]
struct TableFace {
    first: u64,
    selected: u64,
    total: Option<u64>,
    error: Option<String>,
    has_rows: bool,
    rows: Vec<Option<Record>>,
}

/// Table rows when the terminal's size is not known yet.
const DEFAULT_ROWS: u64 = 20;

impl App {
    /// Does the active tab show the mirror (in its table, or a mirrored customer's detail)?
    pub(super) fn active_shows_mirror(&self) -> bool {
        self.active_tab()
            .is_some_and(|t| t.source == Source::Mirror && !matches!(t.view, TabView::Related(_)))
    }

    /// Rows the active tab's table has on screen: the terminal less the tab bar, status bar, the
    /// table's top border and header, and the filter line when there is one (as `ui::table` lays out).
    pub(super) fn table_rows(&self, index: usize) -> u64 {
        let Some(tab) = self.tabs.get(index) else {
            return DEFAULT_ROWS;
        };
        if self.viewport.1 == 0 {
            return DEFAULT_ROWS;
        }
        let filter_line = u16::from(!tab.filters.is_empty() || tab.local_filter.is_some());
        u64::from(self.viewport.1.saturating_sub(4 + filter_line).max(1))
    }

    /// The window requests tab `index` needs now, as commands (quiet: not provider calls). Only the
    /// tab on screen reads: another reads when it is switched to.
    pub(super) fn mirror_commands(&mut self, index: usize) -> Vec<Command> {
        if index != self.active {
            return Vec::new();
        }
        let rows = self.table_rows(index);
        let Some(tab) = self.tabs.get_mut(index) else {
            return Vec::new();
        };
        if tab.source != Source::Mirror {
            return Vec::new();
        }
        let provider = tab.provider;
        tab.mirror
            .wanted(rows, &mut self.next_request)
            .into_iter()
            .map(|fetch| {
                let mut query = fetch.query;
                query.provider = Some(provider.key().to_string());
                Command {
                    id: fetch.id,
                    provider,
                    work: Work::Window {
                        query,
                        ahead: fetch.ahead,
                        debounce: fetch.debounce,
                    },
                }
            })
            .collect()
    }

    /// Moving through the mirror's rows.
    pub(super) fn navigate_mirror(&mut self, action: Action) -> Vec<Command> {
        let index = self.active;
        let rows = self.table_rows(index);
        let Some(tab) = self.tabs.get_mut(index) else {
            return Vec::new();
        };
        let before = tab.mirror.selected;
        let view = &mut tab.mirror;
        match action {
            Action::Down => view.move_by(1, rows),
            Action::Up => view.move_by(-1, rows),
            Action::NextPage => view.page_by(1, rows),
            Action::PrevPage => view.page_by(-1, rows),
            Action::FirstRow => view.first(),
            Action::LastRow => view.end(rows),
            Action::SelectRow(position) => view.select_on_screen(position as u64, rows),
            Action::Refresh => view.restart(false),
            _ => {}
        }
        if tab.mirror.selected != before {
            tab.detail_scroll = 0;
        }
        self.mirror_commands(index)
    }

    /// `L`: the mirror or the provider's live pages.
    pub(super) fn toggle_source(&mut self) -> Vec<Command> {
        let index = self.active;
        let offline = self.offline;
        let Some(tab) = self.tabs.get_mut(index) else {
            return Vec::new();
        };
        tab.source_chosen = true;
        tab.view = TabView::Table;
        match tab.source {
            Source::Mirror => {
                if offline {
                    self.notice = Some(Notice {
                        text: "offline: the live pages need the network; the mirror stays".into(),
                        is_error: false,
                    });
                    return Vec::new();
                }
                tab.source = Source::Live;
                if tab.customers.page().is_none() && !tab.customers.is_loading() {
                    return self.restart_list(index).into_iter().collect();
                }
                Vec::new()
            }
            Source::Live => {
                if !tab.mirror_ready(offline) {
                    let name = tab.provider.display_name();
                    let why = match &tab.sync {
                        None => format!("{name} is not mirrored"),
                        Some(status) => match &status.phase {
                            crate::worker::mirror::SyncPhase::Failed { .. } => format!(
                                "the mirror of {name} is not ready: its first sync failed (S tells why)"
                            ),
                            _ => format!(
                                "the mirror of {name} is not ready: its first sync is under way"
                            ),
                        },
                    };
                    self.notice = Some(Notice {
                        text: why,
                        is_error: false,
                    });
                    return Vec::new();
                }
                self.show_mirror(index)
            }
        }
    }

    /// Switch tab `index` to the mirror, reading its rows.
    pub(super) fn show_mirror(&mut self, index: usize) -> Vec<Command> {
        let Some(tab) = self.tabs.get_mut(index) else {
            return Vec::new();
        };
        tab.source = Source::Mirror;
        // A live page's failure (offline, unreachable) is not this view's.
        tab.customers.error = None;
        // The search typed over the live rows searches the mirror now.
        let text = tab
            .local_filter
            .as_ref()
            .map(|f| f.text.clone())
            .unwrap_or_default();
        tab.mirror.text = text;
        tab.mirror.restart(false);
        self.mirror_commands(index)
    }

    /// Sort keys: the next or previous shown column (by id before the first), or the other direction.
    pub(super) fn sort_mirror(&mut self, action: Action) -> Vec<Command> {
        let index = self.active;
        let offline = self.offline;
        let Some(tab) = self.tabs.get_mut(index) else {
            return Vec::new();
        };
        if tab.source != Source::Mirror {
            if !tab.mirror_ready(offline) {
                self.notice = Some(Notice {
                    text: format!(
                        "sorting needs the mirror of {}, not synced yet: the API's pages have no sort",
                        tab.provider.display_name()
                    ),
                    is_error: false,
                });
                return Vec::new();
            }
            tab.source_chosen = true;
            let mut commands = self.show_mirror(index);
            commands.extend(self.sort_mirror(action));
            return commands;
        }
        let keys: Vec<&'static str> = tab.columns.iter().map(|c| c.key).collect();
        let current = tab
            .mirror
            .sort
            .as_ref()
            .and_then(|s| keys.iter().position(|k| *k == s.column));
        if action == Action::SortReverse {
            if tab.mirror.sort.is_none() {
                // By id, reversed: start a sort by the first column, descending.
                tab.mirror.set_sort(keys.first().map(|k| MirrorSort {
                    column: (*k).to_string(),
                    direction: SortDirection::Descending,
                }));
            } else {
                tab.mirror.reverse();
            }
            return self.mirror_commands(index);
        }
        // Positions: None is "by id", then each column.
        let count = keys.len() as isize + 1;
        let at = current.map_or(0, |p| p as isize + 1);
        let step = if action == Action::SortNext { 1 } else { -1 };
        let next = (at + step).rem_euclid(count);
        let sort = (next > 0).then(|| MirrorSort {
            column: keys[(next - 1) as usize].to_string(),
            direction: SortDirection::Ascending,
        });
        tab.mirror.set_sort(sort);
        self.mirror_commands(index)
    }

    /// The search text changed while the tab shows the mirror: search the mirror (debounced).
    pub(super) fn mirror_typed(&mut self) -> Vec<Command> {
        let index = self.active;
        let Some(tab) = self.tabs.get_mut(index) else {
            return Vec::new();
        };
        if tab.source != Source::Mirror || self.typing.is_none() {
            return Vec::new();
        }
        let text = tab
            .local_filter
            .as_ref()
            .map(|f| f.text.clone())
            .unwrap_or_default();
        if text == tab.mirror.text {
            return Vec::new();
        }
        tab.mirror.set_text(&text);
        self.mirror_commands(index)
    }

    /// Esc dropped the filter: the mirror shows every customer again.
    pub(super) fn mirror_filter_dropped(&mut self) -> Vec<Command> {
        let index = self.active;
        let Some(tab) = self.tabs.get_mut(index) else {
            return Vec::new();
        };
        if tab.source != Source::Mirror || tab.local_filter.is_some() || tab.mirror.text.is_empty()
        {
            return Vec::new();
        }
        tab.mirror.text.clear();
        tab.mirror.restart(true);
        self.mirror_commands(index)
    }

    /// Results from the worker, with what the mirror view makes of them.
    pub(super) fn receive_event(&mut self, event: WorkerEvent) -> Vec<Command> {
        let provider = event.provider;
        let Some(index) = self.tabs.iter().position(|t| t.provider == provider) else {
            return self.receive(event);
        };
        match &event.outcome {
            Outcome::Window(_) => {
                let Outcome::Window(result) = event.outcome else {
                    return Vec::new();
                };
                let face = self.face();
                let tab = &mut self.tabs[index];
                if !tab
                    .mirror
                    .receive(event.id, result.map_err(|e| e.to_string()))
                {
                    tracing::debug!(id = ?event.id, %provider, "dropped a stale window");
                    self.unseen = true;
                    return Vec::new();
                }
                let commands = self.mirror_commands(index);
                self.judge(&face);
                commands
            }
            Outcome::Sync(status) => {
                let face = self.face();
                let before = self.tabs[index].sync.as_ref().and_then(|s| s.synced_ms);
                let after = status.synced_ms;
                let mut commands = self.receive(event);
                commands.extend(self.auto_mirror());
                let tab = &mut self.tabs[index];
                if tab.source == Source::Mirror && after > before && before.is_some() {
                    // A pass finished: the rows on screen are read again (the total too).
                    tab.mirror.restart(false);
                    commands.extend(self.mirror_commands(index));
                }
                self.judge(&face);
                commands
            }
            // The worker wrote the provider's answer to the mirror before telling: read the rows again.
            Outcome::Saved(..)
            | Outcome::Acted(_)
            | Outcome::Record(Ok(_))
            | Outcome::Submission(_) => {
                let mut commands = self.receive(event);
                let tab = &mut self.tabs[index];
                if tab.source == Source::Mirror {
                    tab.mirror.restart(false);
                    commands.extend(self.mirror_commands(index));
                }
                commands
            }
            _ => self.receive(event),
        }
    }

    /// What a window answer or a sync's progress can change on screen: the tab bar, the status line,
    /// and the active tab's mirror rows on screen with what stands in for them (error, total).
    fn face(&self) -> Face {
        let rows = self.table_rows(self.active);
        let table = self
            .active_tab()
            .filter(|tab| tab.source == Source::Mirror)
            .map(|tab| {
                let view = &tab.mirror;
                let first = view.first_on_screen(rows);
                TableFace {
                    first,
                    selected: view.selected,
                    total: view.total,
                    error: view.error.clone(),
                    has_rows: view.has_rows(),
                    rows: (first..first + rows)
                        .map(|i| view.record(i).cloned())
                        .collect(),
                }
            });
        Face {
            bars: crate::ui::bars_text(self),
            table,
        }
    }

    /// After a window answer or a sync's progress: a frame only when the screen changed from `before`.
    /// The views that show every request or sync figure (jobs, status, the global search's counts)
    /// and an undo counting down are drawn anyway.
    fn judge(&mut self, before: &Face) {
        let overlay_shows = matches!(
            self.overlay,
            Some(Overlay::Jobs | Overlay::Status | Overlay::Find(_))
        );
        self.unseen = !overlay_shows && self.undo.is_none() && self.face() == *before;
    }

    /// Once a tab's first sync has finished, its table browses the mirror, unless the user chose live
    /// pages or is busy with them: paged on, filtering, searching the provider, a form or a panel
    /// open. Then it waits for a quiet moment (checked after each key), rather than switch under them.
    pub(super) fn auto_mirror(&mut self) -> Vec<Command> {
        let offline = self.offline;
        let busy = self.overlay.is_some() || self.form.is_some() || self.typing.is_some();
        let Some(tab) = self.tabs.get(self.active) else {
            return Vec::new();
        };
        let quiet = matches!(tab.view, TabView::Table)
            && tab.filters.is_empty()
            && !tab.searching
            && tab.local_filter.is_none()
            && tab.customers.page_index() == 0;
        let switch = tab.source == Source::Live
            && !tab.source_chosen
            && tab.mirror_ready(offline)
            && (offline || (quiet && !busy));
        if switch {
            self.show_mirror(self.active)
        } else {
            Vec::new()
        }
    }

    /// Start without any network (`--offline`): nothing is fetched live; each tab shows its mirror
    /// when the worker tells where it stands.
    pub fn go_offline(&mut self) {
        self.offline = true;
        for tab in &mut self.tabs {
            tab.reset_live();
            // Said in place of rows until the tab's mirror shows (if it has one).
            tab.customers.error = Some(crate::domain::ApiError::new(
                crate::domain::ErrorKind::Network,
                "offline (--offline): no live pages, and no mirror of this provider to browse",
            ));
        }
    }
}

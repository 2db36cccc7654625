//! The global search (`Ctrl-F`): one box, every provider's mirrored customers, as you type. Each key
//! sends the whole text to the worker, which waits a moment (a burst of keys is one search) and asks
//! the store on the "global" lane, where a newer search interrupts the older; results of anything but
//! the latest request are dropped here. `Enter` opens the chosen customer in its provider's tab, in
//! the detail view, decoded from the mirror's copy through the provider's schema.

use crossterm::event::KeyEvent;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::{App, Notice, Overlay, TabView};
use crate::domain::{ApiError, ProviderId};
use crate::store::{MirrorQuery, MirrorWindow};
use crate::worker::{Command, RequestId, Work};

/// Results asked for: more than fit on a tall screen, few enough to arrive at once.
pub const RESULTS: u32 = 100;

/// One customer found.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub provider: ProviderId,
    pub id: String,
    pub title: String,
    /// The field that matched (its key) and its text, where one field holds the whole query.
    pub matched: Option<(String, String)>,
    /// The customer as the provider sent it: opened through the schema's decoder on `Enter`.
    pub raw_json: String,
}

#[derive(Debug, Clone, Default)]
pub struct GlobalSearch {
    pub input: Input,
    pub results: Vec<Found>,
    pub selected: usize,
    /// The text the results are for, and how many customers match it (capped: "10,000+").
    pub shown_for: String,
    pub total: u64,
    pub capped: bool,
    /// How long the store took for the results shown.
    pub took_ms: u64,
    /// The search in flight (the only one whose answer is taken).
    pub waiting: Option<RequestId>,
    pub error: Option<String>,
}

impl GlobalSearch {
    pub fn selected(&self) -> Option<&Found> {
        self.results.get(self.selected)
    }

    /// Take the answer to the latest search.
    fn show(&mut self, query: &MirrorQuery, window: MirrorWindow, took_ms: u64) {
        let text = query.text.clone().unwrap_or_default();
        self.capped = query.total_is_capped(window.total);
        self.total = if self.capped {
            crate::store::TOTAL_CAP
        } else {
            window.total
        };
        let mut results: Vec<Found> = window
            .rows
            .into_iter()
            .filter_map(|hit| {
                Some(Found {
                    provider: ProviderId::from_key(&hit.provider)?,
                    matched: crate::store::fts::matched_field(&hit.row.raw_json, &text),
                    id: hit.row.id,
                    title: hit.row.title,
                    raw_json: hit.row.raw_json,
                })
            })
            .collect::<Vec<_>>();
        // The store reads in mirror order; of what it found, customers whose name holds the text come
        // first (a person searches by name most often), in that order otherwise.
        let lower = text.to_lowercase();
        results.sort_by_key(|found| {
            let title = found.title.to_lowercase();
            !lower.split_whitespace().all(|w| title.contains(w))
        });
        self.results = results;
        self.selected = 0;
        self.shown_for = text;
        self.took_ms = took_ms;
        self.error = None;
    }
}

impl App {
    pub fn global_search(&self) -> Option<&GlobalSearch> {
        match &self.overlay {
            Some(Overlay::Find(search)) => Some(search),
            _ => None,
        }
    }

    fn global_search_mut(&mut self) -> Option<&mut GlobalSearch> {
        match &mut self.overlay {
            Some(Overlay::Find(search)) => Some(search),
            _ => None,
        }
    }

    /// `Ctrl-F`: open the search (with the last text, if it was open before), or close it.
    pub(super) fn toggle_global_search(&mut self) {
        if self.global_search().is_some() {
            self.overlay = None;
        } else {
            let last = self.last_global_search.take().unwrap_or_default();
            self.overlay = Some(Overlay::Find(Box::new(last)));
        }
    }

    /// `:find QUERY` in the palette: the search open with `query` typed, and searched.
    pub(super) fn find_text(&mut self, query: &str) -> Vec<Command> {
        let input = Input::new(query.to_string());
        self.overlay = Some(Overlay::Find(Box::new(GlobalSearch {
            input,
            ..GlobalSearch::default()
        })));
        self.search_globally()
    }

    /// A key typed into the search box: the text changed, so a new search goes out.
    pub(super) fn type_in_global_search(&mut self, key: KeyEvent) -> Vec<Command> {
        let Some(search) = self.global_search_mut() else {
            return Vec::new();
        };
        let before = search.input.value().to_string();
        search
            .input
            .handle_event(&crossterm::event::Event::Key(key));
        if search.input.value() == before {
            return Vec::new();
        }
        self.search_globally()
    }

    pub(super) fn paste_in_global_search(&mut self, text: &str) -> Vec<Command> {
        let Some(search) = self.global_search_mut() else {
            return Vec::new();
        };
        search.input = super::input::insert(&search.input, text);
        self.search_globally()
    }

    /// Send the box's text as the newest search (an empty box shows nothing and asks nothing).
    fn search_globally(&mut self) -> Vec<Command> {
        let Some(provider) = self.tabs.first().map(|t| t.provider) else {
            return Vec::new();
        };
        let id = RequestId(self.next_request);
        self.next_request += 1;
        let Some(search) = self.global_search_mut() else {
            return Vec::new();
        };
        let text = search.input.value().trim().to_string();
        if text.is_empty() {
            let input = search.input.clone();
            *search = GlobalSearch {
                input,
                ..GlobalSearch::default()
            };
            return Vec::new();
        }
        search.waiting = Some(id);
        // Not a job: a search per key would flood the jobs view; the box shows its own state.
        vec![Command {
            id,
            // The global search is no provider's: the event comes back under the first tab's.
            provider,
            work: Work::GlobalSearch {
                query: MirrorQuery {
                    provider: None,
                    text: Some(text),
                    limit: RESULTS,
                    ..MirrorQuery::default()
                },
            },
        }]
    }

    /// The worker's answer to a search; anything but the latest is dropped.
    pub(super) fn global_search_answered(
        &mut self,
        id: RequestId,
        query: &MirrorQuery,
        result: Result<MirrorWindow, ApiError>,
        took_ms: u64,
    ) {
        let Some(search) = self.global_search_mut() else {
            return;
        };
        if search.waiting != Some(id) {
            return;
        }
        search.waiting = None;
        match result {
            Ok(window) => search.show(query, window, took_ms),
            Err(error) => search.error = Some(error.to_string()),
        }
    }

    pub(super) fn move_in_global_search(&mut self, down: bool) {
        if let Some(search) = self.global_search_mut() {
            let last = search.results.len().saturating_sub(1);
            search.selected = if down {
                (search.selected + 1).min(last)
            } else {
                search.selected.saturating_sub(1)
            };
        }
    }

    /// `Enter`: the chosen customer in its provider's tab, detail view. The search is kept for the
    /// next `Ctrl-F`.
    pub(super) fn open_found(&mut self) -> Vec<Command> {
        let Some(found) = self
            .global_search()
            .and_then(GlobalSearch::selected)
            .cloned()
        else {
            return Vec::new();
        };
        let Some(index) = self.tabs.iter().position(|t| t.provider == found.provider) else {
            self.notice = Some(Notice {
                text: format!("{} has no tab in this configuration", found.provider),
                is_error: true,
            });
            return Vec::new();
        };
        let schema = &self.tabs[index].spec.schema;
        let record = serde_json::from_str(&found.raw_json)
            .ok()
            .and_then(|json| crate::providers::decode::decode_record(schema, &json));
        let Some(record) = record else {
            self.notice = Some(Notice {
                text: format!(
                    "the mirror's copy of {} could not be read; r reloads the list",
                    found.title
                ),
                is_error: true,
            });
            return Vec::new();
        };
        if let Some(Overlay::Find(search)) = self.overlay.take() {
            self.last_global_search = Some(*search);
        }
        self.active = index;
        let tab = &mut self.tabs[index];
        tab.opened = Some(record);
        tab.view = TabView::Detail;
        tab.detail_scroll = 0;
        // The mirror's copy shows at once; the provider's current one is read as for any detail.
        self.read_selected()
    }
}

//! `:` then a customer id over the mirror: a tab that browses its mirror is searched in all of it,
//! not only in the rows in hand. Each change of the text asks the store (through the worker) for the
//! customers whose id starts with it, in every such tab's provider; only the answer to the latest ask
//! is taken, and until it comes the last answer's customers that still match stay listed.
//!
//! `Enter` on one switches to its tab and opens its detail at once (the mirror's copy, read fresh from
//! the provider as any detail is), while the store counts the rows before it in the tab's current
//! sort and search: the table is then put on it, so `Esc` leaves the user on that customer's row. A
//! search that does not find the customer is dropped, as a filter hiding a customer is for a live jump.

use super::mirror_view::Source;
use super::{App, Notice, Overlay, TabView};
use crate::domain::{ProviderId, Record};
use crate::worker::locate::{Answer, Ask, IdHit};
use crate::worker::{Command, RequestId, Work};

/// Customers asked of the mirror per provider (as many as the palette lists at most).
const IDS_PER_PROVIDER: u32 = 5;

/// The palette's customers from the mirror.
#[derive(Debug, Clone, Default)]
pub struct MirrorIds {
    /// The id text asked for last, and that ask (the only answer taken).
    pub asked: String,
    pub waiting: Option<RequestId>,
    /// What the mirror answered (for `asked` or a text before it).
    pub hits: Vec<IdHit>,
    pub error: Option<String>,
    /// Enter came while the ask was out: the palette goes once the answer is listed.
    pub go_when_answered: bool,
}

/// The id a palette text may be: no spaces, `#` aside, lower-case.
pub(super) fn id_text(text: &str) -> Option<String> {
    let id = text.trim().to_lowercase();
    let id = id.trim_start_matches('#');
    (!id.is_empty() && !id.contains(' ')).then(|| id.to_string())
}

impl App {
    /// Is tab `index` searched in its whole mirror? When it browses it, or (another tab, not set to
    /// live pages by the user) it would as soon as it is shown. The active tab on live pages keeps
    /// the live page's customers, as before the mirror.
    pub(super) fn mirror_searched(&self, index: usize) -> bool {
        self.tabs.get(index).is_some_and(|tab| {
            tab.source == Source::Mirror
                || (index != self.active && !tab.source_chosen && tab.mirror_ready(self.offline))
        })
    }

    pub(super) fn tab_provider(&self, index: usize) -> Option<ProviderId> {
        self.tabs.get(index).map(|t| t.provider)
    }

    /// Ask the mirror for the customers the palette's text may name, if it changed (quiet: not a job).
    pub(super) fn ask_mirror_ids(&mut self) -> Vec<Command> {
        let providers: Vec<ProviderId> = (0..self.tabs.len())
            .filter(|&index| self.mirror_searched(index))
            .filter_map(|index| self.tab_provider(index))
            .collect();
        let Some(Overlay::Palette(palette)) = &mut self.overlay else {
            return Vec::new();
        };
        let (Some(first), Some(prefix)) =
            (providers.first().copied(), id_text(palette.input.value()))
        else {
            // No id typed (any more): no answer is awaited.
            palette.mirror.asked.clear();
            palette.mirror.waiting = None;
            return Vec::new();
        };
        if prefix == palette.mirror.asked {
            return Vec::new();
        }
        let command = self.quiet_command(
            first,
            Work::Locate(Ask::Ids {
                providers,
                prefix: prefix.clone(),
                limit: IDS_PER_PROVIDER,
            }),
        );
        if let Some(Overlay::Palette(palette)) = &mut self.overlay {
            palette.mirror.asked = prefix;
            palette.mirror.waiting = Some(command.id);
        }
        vec![command]
    }

    /// The worker's answer to a look-up in the mirror; anything but the latest is dropped.
    pub(super) fn located(
        &mut self,
        id: RequestId,
        provider: ProviderId,
        answer: Answer,
    ) -> Vec<Command> {
        match answer {
            Answer::Ids { result, .. } => {
                let Some(Overlay::Palette(palette)) = &mut self.overlay else {
                    return Vec::new();
                };
                if palette.mirror.waiting != Some(id) {
                    return Vec::new();
                }
                palette.mirror.waiting = None;
                match result {
                    Ok(hits) => {
                        palette.mirror.hits = hits;
                        palette.mirror.error = None;
                    }
                    Err(error) => palette.mirror.error = Some(error.to_string()),
                }
                let go = std::mem::take(&mut palette.mirror.go_when_answered);
                self.relist_palette(true);
                if go {
                    return self.run_palette();
                }
                Vec::new()
            }
            Answer::Row {
                id: customer,
                query,
                result,
            } => self.row_located(id, provider, &customer, query, result),
            Answer::Rows { query, result } => self.rows_to_mark(id, provider, &query, result),
        }
    }

    /// `Enter` on a customer of tab `index`'s mirror: the tab, the detail at once, and the row asked.
    pub(super) fn jump_to_mirrored(&mut self, index: usize, record: Record) -> Vec<Command> {
        if index >= self.tabs.len() {
            return Vec::new();
        }
        self.active = index;
        let mut commands = Vec::new();
        if self.tabs[index].source != Source::Mirror {
            commands.extend(self.show_mirror(index));
        }
        let tab = &mut self.tabs[index];
        let provider = tab.provider;
        let query = tab.mirror.current_query(provider);
        let customer = record.id.clone();
        tab.opened = Some(record);
        tab.view = TabView::Detail;
        tab.detail_scroll = 0;
        let command = self.quiet_command(
            provider,
            Work::Locate(Ask::Row {
                query,
                id: customer,
            }),
        );
        self.tabs[index].mirror.locating = Some(command.id);
        commands.push(command);
        commands.extend(self.read_selected());
        commands
    }

    /// Where the customer jumped to stands: the table is put on that row (the search dropped if it
    /// does not find the customer), so the table shows it when the detail is left.
    fn row_located(
        &mut self,
        id: RequestId,
        provider: ProviderId,
        customer: &str,
        query: crate::store::MirrorQuery,
        result: Result<Option<u64>, crate::domain::ApiError>,
    ) -> Vec<Command> {
        let Some(index) = self.tabs.iter().position(|t| t.provider == provider) else {
            return Vec::new();
        };
        let rows = self.table_rows(index);
        let active = index == self.active;
        let tab = &mut self.tabs[index];
        if tab.mirror.locating != Some(id) {
            return Vec::new();
        }
        tab.mirror.locating = None;
        let row = match result {
            Ok(Some(row)) => row,
            Ok(None) => {
                self.notice = Some(Notice {
                    text: format!(
                        "customer #{customer} is no longer in the mirror of {}",
                        provider.display_name()
                    ),
                    is_error: false,
                });
                return Vec::new();
            }
            Err(error) => {
                self.notice = Some(Notice {
                    text: error.to_string(),
                    is_error: true,
                });
                return Vec::new();
            }
        };
        let text = query.text.unwrap_or_default();
        if text != tab.mirror.text.trim() {
            // The search did not find the customer: dropped, so the row is among every customer.
            tab.local_filter = None;
            tab.mirror.text = text;
            tab.mirror.restart(false);
            if active {
                self.typing = None;
            }
        }
        self.tabs[index].mirror.put_on(row, rows);
        self.mirror_commands(index)
    }
}

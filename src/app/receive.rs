//! Results from the worker: each outcome goes to the state it answers, and stale ones are dropped
//! (the newest request wins).

use super::*;

impl App {
    pub(super) fn receive(&mut self, event: WorkerEvent) -> Vec<Command> {
        let WorkerEvent {
            id,
            provider,
            elapsed,
            outcome,
        } = event;
        if let Outcome::Sync(status) = outcome {
            self.clock_ms = self.clock_ms.max(status.at_ms);
            if let Some(tab) = self.tabs.iter_mut().find(|t| t.provider == provider) {
                tab.sync = Some(status);
            }
            return Vec::new();
        }
        if let Outcome::Found {
            query,
            result,
            took,
        } = outcome
        {
            // Not a job (one per key typed): the search box shows its own state.
            self.global_search_answered(id, &query, result, took.as_millis() as u64);
            return Vec::new();
        }
        if let Outcome::Located(answer) = outcome {
            // Not a job either: the palette and the table show their own state.
            return self.located(id, provider, answer);
        }
        if !matches!(outcome, Outcome::Quota(_) | Outcome::Submission(_)) {
            self.jobs
                .finish(id, elapsed, outcome.error().map(ToString::to_string));
        }
        if let Outcome::Journal(result) = outcome {
            self.journal_read(id, result);
            return Vec::new();
        }
        let Some(index) = self.tabs.iter().position(|t| t.provider == provider) else {
            return Vec::new();
        };
        let next_id = &mut self.next_request;
        let tab = &mut self.tabs[index];
        // Only the jobs view shows that a request ended; a prefetched or stale page shows nowhere else.
        let jobs_shown = matches!(self.overlay, Some(Overlay::Jobs));
        match outcome {
            Outcome::Page(_, result) => {
                let related = match &tab.view {
                    TabView::Related(related) => Some(&related.pager),
                    _ => None,
                };
                let pager = related.filter(|p| p.awaits(id)).unwrap_or(&tab.customers);
                self.unseen = !jobs_shown && (pager.prefetches(id) || !pager.awaits(id));
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
            Outcome::Quota(quota) => {
                let before = tab.pacing_note();
                tab.quota = Some(quota);
                let shown = matches!(self.overlay, Some(Overlay::Status))
                    || (index == self.active && tab.pacing_note() != before);
                self.unseen = !shown;
            }
            Outcome::PerMonth(result) => {
                if self.chart == Some(Chart::Loading(id)) {
                    self.chart = Some(match result {
                        Ok(months) => Chart::Ready(months),
                        Err(error) => Chart::Failed(error),
                    });
                }
            }
            Outcome::Saved(result, kept) => return self.saved(id, result, kept),
            Outcome::Settings(settings) => self.kept_settings = Some(settings),
            Outcome::Acted(result) => return self.acted(id, result),
            Outcome::Checked(result) => return self.checked(id, result),
            // A filter's options (the panel is open over the list).
            Outcome::Options(field, Ok(options)) if matches!(&self.overlay, Some(Overlay::Filters(panel)) if panel.has(field)) => {
                if let Some(Overlay::Filters(panel)) = &mut self.overlay {
                    panel.set_options(field, options);
                }
            }
            Outcome::Options(field, result) => match (result, &mut self.form) {
                (Ok(options), Some(form)) if form.provider == provider => {
                    let searchable = form
                        .spec
                        .lookups
                        .iter()
                        .any(|l| l.field == field && l.search.is_some());
                    if searchable {
                        self.searched_options(field, options);
                    } else {
                        form.add_options(field, options);
                    }
                }
                (Ok(_), _) => {}
                (Err(error), _) => {
                    tracing::info!(field, error = %crate::logging::brief(&error), "options not loaded; documented ones remain");
                    tracing::debug!(field, %error, "options not loaded");
                }
            },
            Outcome::Submission(update) => return self.submission_changed(*update),
            Outcome::Message(result) => {
                self.notice = Some(match result {
                    Ok(text) => Notice {
                        text: format!("{provider}: {text}"),
                        is_error: false,
                    },
                    Err(error) => Notice {
                        text: format!("{provider}: {error}"),
                        is_error: true,
                    },
                });
            }
            // A customer read again for the detail view (other reads, settings, are not waited on here).
            Outcome::Record(result) => {
                self.read_back(id, &result);
            }
            // Handled before the tab is looked up.
            Outcome::Journal(_)
            | Outcome::Sync(_)
            | Outcome::Window(_)
            | Outcome::Found { .. }
            | Outcome::Located(_) => {}
        }
        Vec::new()
    }
}

//! The mouse wheel means what the view in front means by down and up, and nothing where that view
//! has no list: over help, jobs, status or the filter panel it used to move the hidden table's
//! selection, so the next `a` or `e` acted on a customer the user had not seen selected.

use super::{Action, App, Mode};

impl App {
    /// What a turn of the wheel does here, if anything.
    pub fn wheel(&self, down: bool) -> Option<Action> {
        let (forward, back) = match self.mode() {
            Mode::Browse
            | Mode::Related
            | Mode::Actions
            | Mode::Journal
            | Mode::Palette
            | Mode::Find
            | Mode::Bulk => (Action::Down, Action::Up),
            Mode::Detail => (Action::ScrollDown, Action::ScrollUp),
            Mode::Typing
            | Mode::Panel
            | Mode::Help
            | Mode::Jobs
            | Mode::Status
            | Mode::Form
            | Mode::Confirm
            | Mode::Alert => return None,
        };
        Some(if down { forward } else { back })
    }
}

#[cfg(test)]
mod tests {
    use crate::app::tests::{answer, settings};
    use crate::app::{Action, App, Msg};
    use crate::domain::{Page, ProviderId, Record};

    fn app_with_rows() -> App {
        let (mut app, commands) = App::new(&settings(&[ProviderId::Ngorder]));
        let records = (1..=5)
            .map(|n| Record {
                id: n.to_string(),
                fields: Vec::new(),
            })
            .collect();
        let page = Page {
            records,
            next: None,
            totals: None,
            summary: Vec::new(),
        };
        answer(&mut app, &commands[0], Ok(page));
        app
    }

    #[test]
    fn the_wheel_over_an_overlay_leaves_the_table_s_selection_alone() {
        for open in [Action::ToggleHelp, Action::ToggleJobs, Action::ToggleStatus] {
            let mut app = app_with_rows();
            app.update(Msg::Action(open));
            assert_eq!(app.wheel(true), None, "{open:?}");
            // And a Down that reaches the app anyway moves nothing under the overlay.
            app.update(Msg::Action(Action::Down));
            assert_eq!(app.tabs[0].customers.selected, 0, "{open:?}");
        }
        let mut app = app_with_rows();
        app.update(Msg::Action(Action::OpenFilters));
        assert_eq!(app.wheel(true), None, "filter panel");
    }

    #[test]
    fn the_wheel_moves_the_table_and_scrolls_the_detail() {
        let mut app = app_with_rows();
        assert_eq!(app.wheel(true), Some(Action::Down));
        assert_eq!(app.wheel(false), Some(Action::Up));
        app.update(Msg::Action(Action::OpenDetail));
        assert_eq!(app.wheel(true), Some(Action::ScrollDown));
    }
}

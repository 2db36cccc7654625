//! Which actions do something here, and under which key: help and the status line's hints offer only
//! those, under the keys bound now (a rebound `quit` is hinted under its new key, CycleSoftware's help
//! does not list orders, an export or actions it does not have).

use super::{Action, App, Mode};

impl App {
    /// Does `action` do anything for the provider in front of the user (and may it, read-only aside)?
    pub fn offers(&self, action: Action) -> bool {
        if self.active_is_read_only() && action.is_write() {
            return false;
        }
        let spec = match (&self.form, self.active_tab()) {
            (Some(form), _) => form.spec,
            (None, Some(tab)) => tab.spec,
            (None, None) => return true,
        };
        match action {
            Action::OpenRelated => !spec.related.is_empty(),
            // With marks, x writes them as CSV on every provider; without, the provider e-mails one.
            Action::RequestExport => spec.export.is_some() || self.has_marks(),
            Action::OpenActions => !spec.actions.is_empty(),
            Action::NewCustomer => spec.create.is_some(),
            Action::EditCustomer => spec.update.is_some(),
            Action::ServerSearch => spec.text_search.is_some(),
            Action::OpenFilters => !spec.filters.is_empty() || spec.search.is_some(),
            Action::LookupField => spec.lookups.iter().any(|l| l.search.is_some()),
            Action::MoveUp | Action::MoveDown => {
                matches!(self.overlay, Some(super::Overlay::Columns(_)))
            }
            _ => true,
        }
    }

    /// What `action` does here, as help and the palette say it: `x` with marks exports them.
    pub fn describe(&self, action: Action) -> &'static str {
        match action {
            Action::RequestExport if self.has_marks() => "export marks as CSV",
            other => other.describe(),
        }
    }

    fn has_marks(&self) -> bool {
        self.selection().is_some_and(|s| !s.is_empty())
    }

    /// How the first key bound to `action` in `mode` is written, if one is.
    pub fn key_for(&self, mode: Mode, action: Action) -> Option<String> {
        self.keymap
            .bindings(mode)
            .find(|(_, bound)| *bound == action)
            .map(|(key, _)| key.label())
    }
}

#[cfg(test)]
mod tests {
    use crate::app::keymap::Key;
    use crate::app::tests::settings;
    use crate::app::{Action, App, Mode};
    use crate::domain::ProviderId;

    fn app_for(provider: ProviderId) -> App {
        App::new(&settings(&[provider])).0
    }

    #[test]
    fn cyclesoftware_offers_no_orders_export_or_actions_and_ngorder_does() {
        let app = app_for(ProviderId::CycleSoftware);
        for action in [
            Action::OpenRelated,
            Action::RequestExport,
            Action::OpenActions,
        ] {
            assert!(!app.offers(action), "{action:?}");
        }
        assert!(app.offers(Action::NewCustomer));
        let app = app_for(ProviderId::Ngorder);
        assert!(app.offers(Action::OpenRelated) && app.offers(Action::RequestExport));
    }

    #[test]
    fn the_key_is_the_one_bound_now() {
        let mut settings = settings(&[ProviderId::Ngorder]);
        settings.ui.keys = vec![(Mode::Browse, Action::Quit, vec![Key::ctrl('q')])];
        let (app, _) = App::new(&settings);
        assert_eq!(
            app.key_for(Mode::Browse, Action::Quit).as_deref(),
            Some("Ctrl-Q")
        );
        assert_eq!(
            app.key_for(Mode::Browse, Action::ToggleHelp).as_deref(),
            Some("?")
        );
        assert_eq!(app.key_for(Mode::Browse, Action::SaveForm), None);
    }
}

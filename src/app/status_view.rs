//! The status view (`S`): request budgets, sync progress, Ngorder's per-month chart and the settings
//! of customers whose one-time token is kept. Opening it asks for what it shows that is not in hand.

use super::{App, Chart, Overlay};
use crate::worker::{Command, Work};

impl App {
    /// The status view; opening it fetches the chart where the provider has one.
    pub(super) fn toggle_status(&mut self) -> Vec<Command> {
        self.toggle(Overlay::Status);
        let wants_chart = matches!(self.overlay, Some(Overlay::Status))
            && !matches!(self.chart, Some(Chart::Loading(_)))
            && self
                .tabs
                .iter()
                .any(|t| t.spec.per_month.is_some() && t.unavailable.is_none());
        if !wants_chart {
            return if matches!(self.overlay, Some(Overlay::Status)) {
                self.kept_settings_command().into_iter().collect()
            } else {
                Vec::new()
            };
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
        let mut commands = vec![command];
        commands.extend(self.kept_settings_command());
        commands
    }

    /// Read the settings of the customers whose token is kept, where a provider has them.
    pub(super) fn kept_settings_command(&mut self) -> Option<Command> {
        let provider = self
            .tabs
            .iter()
            .find(|t| t.spec.customer_settings.is_some() && t.unavailable.is_none())?
            .provider;
        Some(self.command(provider, Work::KeptSettings))
    }
}

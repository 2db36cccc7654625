use std::fmt;

use serde::{Deserialize, Serialize};

/// The five provider APIs clientele speaks to. The order here is the tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProviderId {
    Ngorder,
    CycleSoftware,
    Guardant,
    DkHardware,
    Reportei,
}

impl ProviderId {
    pub const ALL: [ProviderId; 5] = [
        ProviderId::Ngorder,
        ProviderId::CycleSoftware,
        ProviderId::Guardant,
        ProviderId::DkHardware,
        ProviderId::Reportei,
    ];

    /// The key used in config files, URLs of the sandbox and log lines.
    pub fn key(self) -> &'static str {
        match self {
            ProviderId::Ngorder => "ngorder",
            ProviderId::CycleSoftware => "cyclesoftware",
            ProviderId::Guardant => "guardant",
            ProviderId::DkHardware => "dkhardware",
            ProviderId::Reportei => "reportei",
        }
    }

    /// The name a person reads in the tab bar.
    pub fn display_name(self) -> &'static str {
        match self {
            ProviderId::Ngorder => "Ngorder",
            ProviderId::CycleSoftware => "CycleSoftware",
            ProviderId::Guardant => "Guardant Station",
            ProviderId::DkHardware => "DK Hardware",
            ProviderId::Reportei => "Reportei Connect",
        }
    }

    /// A shorter name for narrow terminals.
    pub fn short_name(self) -> &'static str {
        match self {
            ProviderId::Ngorder => "Ngorder",
            ProviderId::CycleSoftware => "Cycle",
            ProviderId::Guardant => "Guardant",
            ProviderId::DkHardware => "DK",
            ProviderId::Reportei => "Reportei",
        }
    }

    pub fn from_key(key: &str) -> Option<ProviderId> {
        ProviderId::ALL.into_iter().find(|p| p.key() == key)
    }
}

impl fmt::Display for ProviderId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.display_name())
    }
}

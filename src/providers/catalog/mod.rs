//! The five providers as data: schema, list endpoint and paging style of each.

mod cyclesoftware;
mod dkhardware;
mod guardant;
mod ngorder;
mod reportei;

use super::ProviderSpec;
use crate::domain::ProviderId;

pub fn spec(id: ProviderId) -> &'static ProviderSpec {
    match id {
        ProviderId::Ngorder => &ngorder::SPEC,
        ProviderId::CycleSoftware => &cyclesoftware::SPEC,
        ProviderId::Guardant => &guardant::SPEC,
        ProviderId::DkHardware => &dkhardware::SPEC,
        ProviderId::Reportei => &reportei::SPEC,
    }
}

use crate::domain::{FieldKind::*, FieldSpec as F, ProviderId, Schema};
use crate::providers::{ListEndpoint, Paging, ProviderSpec};

pub static SPEC: ProviderSpec = ProviderSpec {
    id: ProviderId::Guardant,
    schema: Schema {
        id_key: "_id",
        fields: &[
            F::new("name", "First name", Text).column(14),
            F::new("lastname", "Last name", Text).column(16),
            F::new("companyname", "Company", Text).column(24),
            F::new("email", "E-mail", Email).column(26),
            F::new("phone", "Phone", Phone).column(16),
            F::new("description", "Description", Text),
            F::new("status", "Status", Integer),
            F::new("archived", "Archived", Bool).column(8),
            F::new("archivationdate", "Archived on", UnixTime),
            F::new("crmid", "CRM id", Text),
            F::new("refid", "Ref id", Text),
        ],
    },
    budgets: &[],
    list: ListEndpoint {
        path: "/customers",
        items: "/customers",
        paging: Paging::OffsetLimit {
            offset_param: "offset",
            limit_param: "limit",
        },
    },
};

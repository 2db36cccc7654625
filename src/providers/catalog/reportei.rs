use crate::domain::{FieldKind::*, FieldSpec as F, ProviderId, Schema};
use crate::providers::{ListEndpoint, Paging, ProviderSpec};

pub static SPEC: ProviderSpec = ProviderSpec {
    id: ProviderId::Reportei,
    schema: Schema {
        id_key: "uuid",
        fields: &[
            F::new("name", "Name", Text).column(34),
            F::new("is_paying", "Paying", Bool).column(7),
            F::new("trial_ends_at", "Trial ends", Time).column(19),
            F::new("created_at", "Created", Time).column(19),
            F::new("updated_at", "Updated", Time),
            F::new("merchant", "Merchant", Text),
        ],
    },
    budgets: &[],
    list: ListEndpoint {
        path: "/customers",
        items: "/data",
        paging: Paging::PageNumber {
            page_param: "page",
            size_param: "per_page",
            current_page: "/meta/current_page",
            last_page: "/meta/last_page",
            total: "/meta/total",
        },
    },
};

use crate::domain::{FieldKind::*, FieldSpec as F, ProviderId, Schema};
use std::time::Duration;

use crate::providers::rate_limit::{Budget, Class};
use crate::providers::{ListEndpoint, Paging, ProviderSpec};

pub const CUSTOMER_TYPES: &[(&str, &str)] = &[
    ("business", "Business"),
    ("government", "Government"),
    ("military", "Military"),
];

pub static SPEC: ProviderSpec = ProviderSpec {
    id: ProviderId::DkHardware,
    schema: Schema {
        id_key: "customerId",
        fields: &[
            F::new("firstName", "First name", Text).column(12),
            F::new("lastName", "Last name", Text).column(14),
            F::new("company", "Company", Text).column(20),
            F::new("email", "E-mail", Email).column(28),
            F::new("phone", "Phone", Phone).column(14),
            F::new("altPhone", "Alt. phone", Phone),
            F::new("fax", "Fax", Phone),
            F::new("customerType", "Type", Enum(CUSTOMER_TYPES)),
            F::new("createdAt", "Created (UTC)", Time),
            F::new("updatedAt", "Updated (UTC)", Time).column(19),
            F::new("addresses", "Addresses", List),
        ],
    },
    // Fixed windows per client: 200 reads and 100 writes a minute.
    budgets: &[
        Budget {
            class: Some(Class::Read),
            limit: 200,
            period: Duration::from_secs(60),
        },
        Budget {
            class: Some(Class::Write),
            limit: 100,
            period: Duration::from_secs(60),
        },
    ],
    list: ListEndpoint {
        path: "/v1/customer/",
        items: "/payload",
        paging: Paging::OffsetLimit {
            offset_param: "offset",
            limit_param: "limit",
        },
    },
};

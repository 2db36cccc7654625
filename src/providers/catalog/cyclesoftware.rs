use crate::domain::{FieldKind::*, FieldSpec as F, ProviderId, Schema};
use std::time::Duration;

use crate::providers::rate_limit::Budget;
use crate::providers::{ListEndpoint, Paging, ProviderSpec};

pub static SPEC: ProviderSpec = ProviderSpec {
    id: ProviderId::CycleSoftware,
    schema: Schema {
        id_key: "customer_id",
        fields: &[
            F::new("title", "Title", Text),
            F::new("initials", "Initials", Text),
            F::new("first_name", "First name", Text).column(12),
            F::new("insertion", "Ins.", Text).column(6),
            F::new("name", "Last name", Text).column(18),
            F::new("company_name", "Company", Text).column(20),
            F::new("customer_type_name", "Type", Text).column(11),
            F::new("customer_reference", "Reference", Text),
            F::new("street", "Street", Text),
            F::new("house_number", "No.", Text),
            F::new("house_number_postfix", "Postfix", Text),
            F::new("postcode", "Postcode", Text).column(8),
            F::new("city", "City", Text).column(16),
            F::new("country_code_iso_3166", "Country", Text),
            F::new("attn", "Attn", Text),
            F::new("email", "E-mail", Email),
            F::new("vat_number", "VAT number", Text),
            F::new("coc_number", "CoC number", Text),
            F::new("discount_percentage", "Discount %", Decimal),
            F::new("datetime_created", "Created", Time),
            F::new("phone_numbers", "Phone numbers", List),
        ],
    },
    // The minute limit is learned from X-RateLimit-* headers; 360 is the documented example.
    budgets: &[Budget {
        class: None,
        limit: 360,
        period: Duration::from_secs(60),
    }],
    list: ListEndpoint {
        path: "/api/v1/customers/list.json",
        items: "/customers",
        paging: Paging::NextOffset {
            offset_param: "offset",
            next_offset: "/pagination/next_offset",
        },
    },
};

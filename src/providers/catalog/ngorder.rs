use crate::domain::{FieldKind::*, FieldSpec as F, ProviderId, Schema};
use crate::providers::{ListEndpoint, Paging, ProviderSpec};

pub const CATEGORIES: &[(&str, &str)] =
    &[("N", "Customer"), ("Y", "Reseller"), ("D", "Dropshipper")];
pub const ACTIVATION: &[(&str, &str)] = &[
    ("Y", "active"),
    ("N", "non-active"),
    ("R", "requested"),
    ("T", "storefront unactivated"),
];

pub static SPEC: ProviderSpec = ProviderSpec {
    id: ProviderId::Ngorder,
    schema: Schema {
        id_key: "id",
        fields: &[
            F::new("name", "Name", Text).column(22),
            F::new("phone", "Phone", Phone).column(14),
            F::new("email", "E-mail", Email).column(24),
            F::new("address", "Address", Text),
            F::new("postal_code", "Postal code", Text),
            F::new("district", "District", Text),
            F::new("city", "City", Text).column(16),
            F::new("province", "Province", Text),
            F::new("category_code", "Category code", Enum(CATEGORIES)),
            F::new("category", "Category", Text).column(12),
            F::new("is_active", "Active", Enum(ACTIVATION)).column(10),
            F::new("line", "LINE", Text),
            F::new("other", "Other contacts", Text),
            F::new("created_at", "Created", Time),
        ],
    },
    budgets: &[],
    list: ListEndpoint {
        path: "/customer",
        items: "/data",
        paging: Paging::PageNumber {
            page_param: "pagination_offset",
            size_param: "per_page",
            current_page: "/meta/pagination/current_page",
            last_page: "/meta/pagination/total_pages",
            total: "/meta/pagination/total",
        },
    },
};

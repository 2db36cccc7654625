//! CycleSoftware: server-paged list with `next_offset`, full-replacement PUT (conflict-checked),
//! Basic auth, budgets learned from `X-RateLimit-*` headers.

use std::time::Duration;

use crate::domain::{FieldKind::*, FieldSpec as F, ProviderId, Schema};
use crate::providers::mirror::{DAILY, Incremental, MirrorSpec, SinceFormat};
use crate::providers::ops::{
    Filter, FilterKind, GetOne, Lookup, UpdateStyle, Verb, WriteOp, WriteResult,
};
use crate::providers::rate_limit::{Budget, Counting};
use crate::providers::{ListEndpoint, Paging, ProviderSpec};

/// The documented customer types (`common/enum/customer_types`); the live list can add more.
pub const CUSTOMER_TYPES: &[(&str, &str)] = &[
    ("Klant", "Klant (customer)"),
    ("Leverancier", "Leverancier (supplier)"),
    ("E-commerce", "E-commerce"),
    ("Zakelijk", "Zakelijk (business)"),
    ("Lease-rijder", "Lease-rijder (lease rider)"),
    ("Lease-maatschappij", "Lease-maatschappij (lease company)"),
    ("Werkgever", "Werkgever (employer)"),
];

/// One of a customer's phone numbers: `mob`, `tel` or the id of an extra number.
const PHONE_NUMBER: &[F] = &[
    F::new("phone_number_id", "kind (mob/tel)", Text)
        .editable()
        .required(),
    F::new("phone_number", "number", Phone).editable(),
    F::new("name", "name", Text).editable(),
];

pub static SPEC: ProviderSpec = ProviderSpec {
    id: ProviderId::CycleSoftware,
    schema: Schema {
        id_key: "customer_id",
        title: &["first_name", "insertion", "name"],
        fields: &[
            F::new("title", "Title", Text).editable(),
            F::new("initials", "Initials", Text).editable(),
            F::new("first_name", "First name", Text)
                .column(12)
                .editable(),
            F::new("insertion", "Ins.", Text).column(6).editable(),
            F::new("name", "Last name", Text)
                .column(18)
                .editable()
                .required(),
            F::new("company_name", "Company", Text)
                .column(20)
                .editable(),
            F::new("customer_type_name", "Type", Enum(CUSTOMER_TYPES))
                .column(11)
                .editable()
                .required(),
            F::new("customer_reference", "Reference", Text).editable(),
            F::new("street", "Street", Text).editable(),
            F::new("house_number", "No.", Text).editable(),
            F::new("house_number_postfix", "Postfix", Text).editable(),
            F::new("postcode", "Postcode", Text).column(8).editable(),
            F::new("city", "City", Text).column(16).editable(),
            F::new("country_code_iso_3166", "Country", CountryCode)
                .editable()
                .max(2),
            F::new("attn", "Attn", Text).editable(),
            F::new("email", "E-mail", Email).editable(),
            F::new("vat_number", "VAT number", Text).editable(),
            F::new("coc_number", "CoC number", Text).editable(),
            F::new("discount_percentage", "Discount %", Decimal).editable(),
            F::new("datetime_created", "Created", Time),
            F::new("phone_numbers", "Phone numbers", List(PHONE_NUMBER)).editable(),
        ],
    },
    list: ListEndpoint {
        path: "/api/v1/customers/list.json",
        items: "/customers",
        paging: Paging::NextOffset {
            offset_param: "offset",
            next_offset: "/pagination/next_offset",
        },
    },
    // The minute limit is learned from X-RateLimit-* headers; 360 is the documented example.
    budgets: &[Budget {
        class: None,
        limit: 360,
        period: Duration::from_secs(60),
        counting: Counting::Sliding,
    }],
    get: Some(GetOne {
        path: "/api/v1/customers/{id}.json",
        record: "",
    }),
    create: Some(WriteOp {
        verb: Verb::Post,
        path: "/api/v1/customers.json",
        id_in_body: None,
        id_as_number: false,
        wrap: None,
        style: UpdateStyle::Replace,
        result: WriteResult::Record(""),
        token: None,
    }),
    update: Some(WriteOp {
        verb: Verb::Put,
        path: "/api/v1/customers/{id}.json",
        id_in_body: Some("customer_id"),
        id_as_number: true,
        wrap: None,
        style: UpdateStyle::Replace,
        result: WriteResult::Record(""),
        token: None,
    }),
    actions: &[],
    submission_status: None,
    customer_settings: None,
    text_search: Some("query"),
    filters: &[Filter {
        param: "modified_since",
        label: "Modified since",
        kind: FilterKind::DateTime,
    }],
    search: Some((
        ListEndpoint {
            path: "/api/v1/customers/find.json",
            items: "",
            paging: Paging::Single,
        },
        &[
            Filter {
                param: "phone_number",
                label: "Phone number",
                kind: FilterKind::Text,
            },
            Filter {
                param: "postal_code",
                label: "Postcode",
                kind: FilterKind::Text,
            },
            Filter {
                param: "housenumber",
                label: "House number",
                kind: FilterKind::Text,
            },
            Filter {
                param: "housenumber_postfix",
                label: "House number postfix",
                kind: FilterKind::Text,
            },
            Filter {
                param: "email",
                label: "E-mail",
                kind: FilterKind::Text,
            },
            Filter {
                param: "query",
                label: "Query (name…)",
                kind: FilterKind::Text,
            },
            Filter {
                param: "country_code",
                label: "Country code",
                kind: FilterKind::Text,
            },
            // Doc: `customer_type_id` | `?integer` | "Customer type e.g. `2` see common enum
            // `customer_types`": the enum's `id`, not its name.
            Filter {
                param: "customer_type_id",
                label: "Customer type id",
                kind: FilterKind::Integer,
            },
        ],
    )),
    related: &[],
    // The common enum `customer_types` backs both the object's `customer_type_name` (by name) and
    // find's `customer_type_id` (by id): the docs name no other enum for customers.
    lookups: &[
        Lookup {
            field: "customer_type_name",
            path: "/api/v1/common/enum/customer_types.json",
            query: &[],
            items: "",
            code: "description",
            label: "description_en",
            search: None,
            pages: None,
        },
        Lookup {
            field: "customer_type_id",
            path: "/api/v1/common/enum/customer_types.json",
            query: &[],
            items: "",
            code: "id",
            label: "description",
            search: None,
            pages: None,
        },
    ],
    per_month: None,
    export: None,
    // The server chooses the page size. Customers carry no modification time, so the mark is when the
    // pass began; `modified_since` has no documented zone: written in UTC, which for a server in
    // Europe only reaches further back.
    mirror: MirrorSpec {
        page_size: None,
        full_query: &[],
        incremental: Some(Incremental {
            param: "modified_since",
            format: SinceFormat::DateTime,
            query: &[],
            mark: None,
            full_every: DAILY,
        }),
        created_first: None,
    },
};

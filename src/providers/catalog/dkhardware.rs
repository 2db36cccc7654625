//! DK Hardware: OAuth2 client credentials, offset/limit list wrapped in `payload`, writes as
//! asynchronous submissions polled at `/v1/customer/status`, fixed-window budgets.

use std::time::Duration;

use crate::domain::{FieldKind::*, FieldSpec as F, ProviderId, Schema, Writable};
use crate::providers::mirror::{DAILY, Incremental, MirrorSpec, SinceFormat};
use crate::providers::ops::{Filter, FilterKind, GetOne, UpdateStyle, Verb, WriteOp, WriteResult};
use crate::providers::rate_limit::{Budget, Class, Counting};
use crate::providers::{ListEndpoint, Paging, ProviderSpec};

pub const CUSTOMER_TYPES: &[(&str, &str)] = &[
    ("business", "Business"),
    ("government", "Government"),
    ("military", "Military"),
];

/// An address of the contract's Address table (ids and dates are the provider's to set).
const ADDRESS: &[F] = &[
    F::new("firstName", "first name", Text)
        .editable()
        .required()
        .max(150),
    F::new("lastName", "last name", Text)
        .editable()
        .required()
        .max(150),
    F::new("company", "company", Text).editable().max(250),
    F::new("address1", "address", Text)
        .editable()
        .required()
        .max(255),
    F::new("address2", "address 2", Text).editable().max(255),
    F::new("city", "city", Text).editable().required().max(255),
    F::new("state", "state", Text).editable().required().max(50),
    F::new("zip", "zip", Text).editable().required().max(50),
    F::new("country", "country", Text)
        .editable()
        .required()
        .max(150),
    F::new("phone", "phone", Phone).editable().max(50),
    F::new("altPhone", "alt. phone", Phone).editable().max(50),
    F::new("fax", "fax", Phone).editable().max(50),
    F::new("isDefaultBilling", "default billing", Bool).editable(),
    F::new("isDefaultShipping", "default shipping", Bool).editable(),
];

pub static SPEC: ProviderSpec = ProviderSpec {
    id: ProviderId::DkHardware,
    schema: Schema {
        id_key: "customerId",
        title: &["firstName", "lastName"],
        fields: &[
            F::new("firstName", "First name", Text)
                .column(12)
                .editable()
                .required()
                .max(150),
            F::new("lastName", "Last name", Text)
                .column(14)
                .editable()
                .required()
                .max(150),
            F::new("company", "Company", Text)
                .column(20)
                .editable()
                .max(250),
            // The update contract refuses an e-mail ("'Email' must be empty"): it is fixed at creation.
            F::new("email", "E-mail", Email)
                .column(28)
                .writable(Writable::OnCreate)
                .required()
                .max(100),
            F::new("phone", "Phone", Phone)
                .column(14)
                .editable()
                .max(50),
            F::new("altPhone", "Alt. phone", Phone).editable().max(50),
            F::new("fax", "Fax", Phone).editable().max(50),
            F::new("customerType", "Type", Enum(CUSTOMER_TYPES))
                .editable()
                .max(20),
            F::new("createdAt", "Created (UTC)", Time),
            F::new("updatedAt", "Updated (UTC)", Time).column(19),
            // Addresses go with a create only ("except addresses" on update).
            F::new("addresses", "Addresses", List(ADDRESS)).writable(Writable::OnCreate),
        ],
    },
    list: ListEndpoint {
        path: "/v1/customer/",
        items: "/payload",
        paging: Paging::OffsetLimit {
            offset_param: "offset",
            limit_param: "limit",
        },
    },
    // Fixed windows per client: 200 reads and 100 writes a minute. The docs do not say where a window
    // starts; we take the usual meaning, on the minute (UTC).
    budgets: &[
        Budget {
            class: Some(Class::Read),
            limit: 200,
            period: Duration::from_secs(60),
            counting: Counting::Fixed,
        },
        Budget {
            class: Some(Class::Write),
            limit: 100,
            period: Duration::from_secs(60),
            counting: Counting::Fixed,
        },
    ],
    get: Some(GetOne {
        path: "/v1/customer/{id}",
        record: "/payload",
    }),
    create: Some(WriteOp {
        verb: Verb::Post,
        path: "/v1/customer/create",
        id_in_body: None,
        id_as_number: false,
        wrap: Some("customer"),
        style: UpdateStyle::Replace,
        result: WriteResult::Submission("/submissionId"),
        token: None,
    }),
    update: Some(WriteOp {
        verb: Verb::Post,
        path: "/v1/customer/update",
        id_in_body: Some("customerId"),
        id_as_number: false,
        wrap: Some("customer"),
        style: UpdateStyle::Replace,
        result: WriteResult::Submission("/submissionId"),
        token: None,
    }),
    actions: &[],
    submission_status: Some("/v1/customer/status"),
    customer_settings: None,
    text_search: None,
    filters: &[
        Filter {
            param: "from",
            label: "From (UTC)",
            kind: FilterKind::IsoDateTime,
        },
        Filter {
            param: "to",
            label: "To (UTC)",
            kind: FilterKind::IsoDateTime,
        },
        Filter {
            param: "newest",
            label: "Newest first",
            kind: FilterKind::Choice(YES_NO),
        },
        Filter {
            param: "basedOnCreatedDate",
            label: "Dates are",
            kind: FilterKind::Choice(&[("true", "created"), ("false", "updated")]),
        },
    ],
    search: None,
    related: &[],
    lookups: &[],
    per_month: None,
    export: None,
    // limit <= 1000. A full pass reads oldest created first, so new customers only add pages at the
    // end; an incremental one reads by last update (`basedOnCreatedDate=false`), oldest first.
    mirror: MirrorSpec {
        page_size: Some(1000),
        full_query: &[("basedOnCreatedDate", "true"), ("newest", "false")],
        incremental: Some(Incremental {
            param: "from",
            format: SinceFormat::IsoDateTime,
            query: &[("basedOnCreatedDate", "false"), ("newest", "false")],
            mark: Some("updatedAt"),
            full_every: DAILY,
        }),
        created_first: None,
    },
};

const YES_NO: &[(&str, &str)] = &[("true", "yes"), ("false", "no")];

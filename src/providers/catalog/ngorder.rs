//! Ngorder: page-numbered list, partial PATCH updates, no get-one, status changes through
//! `activation-status` (delete is status 5) and storefront (privor) activation.

use serde_json::json;

use crate::domain::{Composed, FieldKind::*, FieldSpec as F, ProviderId, Record, Schema, Value};
use crate::providers::mirror::{DAILY, Incremental, MirrorSpec, SinceFormat};
use crate::providers::ops::{
    ActionRequest, Ask, Effect, EffectFn, Export, Filter, FilterKind, Lookup, RecordAction,
    RelatedList, RequestFn, UpdateStyle, Verb, WhyNotFn, WriteOp, WriteResult,
};
use crate::providers::{ListEndpoint, Paging, ProviderSpec};

pub const CATEGORIES: &[(&str, &str)] =
    &[("N", "Customer"), ("Y", "Reseller"), ("D", "Dropshipper")];
pub const ACTIVATION: &[(&str, &str)] = &[
    ("Y", "active"),
    ("N", "non-active"),
    ("R", "requested"),
    ("T", "storefront unactivated"),
];
pub const REGISTRATION: &[(&str, &str)] = &[
    ("0", "unregistered"),
    ("1", "registered"),
    ("4", "blocked"),
    ("T", "inactive"),
    ("R", "requested"),
];

/// The address is written as the street alone and read back as
/// `street ,CITY, DISTRICT, PROVINCE, ID, postcode` (the postcode may be empty).
const ADDRESS: Composed = Composed {
    separator: " ,",
    suffix_parts: 5,
    part_separator: ',',
};

pub static SPEC: ProviderSpec = ProviderSpec {
    id: ProviderId::Ngorder,
    schema: Schema {
        id_key: "id",
        title: &["name"],
        // Required on create only: the update doc marks every field optional, and a PATCH must not
        // send what the user did not change.
        fields: &[
            // No length limit: the docs give none ("name | string | Customer's name").
            F::new("name", "Name", Text)
                .column(22)
                .editable()
                .required_on_create(),
            F::new("phone", "Phone", Digits)
                .column(14)
                .editable()
                .required_on_create(),
            F::new("email", "E-mail", Email).column(24).editable(),
            F::new("address", "Address", Text)
                .editable()
                .required_on_create()
                .composed(ADDRESS),
            F::new("district_id", "District (region id)", Integer)
                .editable()
                .required_on_create(),
            F::new("postal_code", "Postal code", Digits).editable(),
            F::new("district", "District", Text),
            F::new("city", "City", Text).column(16),
            F::new("province", "Province", Text),
            F::new("category_code", "Category code", Enum(CATEGORIES))
                .editable()
                .required_on_create()
                .sent_as("category"),
            F::new("category", "Category", Text).column(12),
            // Not in the documented list item (only its filter and the writes name it): no column.
            F::new("is_active", "Active", Enum(ACTIVATION))
                .editable()
                .required_on_create(),
            F::new("registration_status", "Registration", Enum(REGISTRATION)),
            F::new("line", "LINE", Text).editable(),
            F::new("other", "Other contacts", Text).editable(),
            F::new("created_at", "Created", Time),
        ],
    },
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
    budgets: &[],
    get: None,
    create: Some(WriteOp {
        verb: Verb::Post,
        path: "/customer/create",
        id_in_body: None,
        id_as_number: false,
        wrap: None,
        style: UpdateStyle::Partial,
        result: WriteResult::Id("/data/customer_id"),
        token: None,
    }),
    update: Some(WriteOp {
        verb: Verb::Patch,
        path: "/customer/update",
        id_in_body: Some("customer_id"),
        id_as_number: true,
        wrap: None,
        style: UpdateStyle::Partial,
        result: WriteResult::Id("/data/customer_id"),
        token: None,
    }),
    // The documented list item has neither `registration_status` nor `is_active` (the sandbox adds
    // them): where a row lacks one, its state is unknown and the action stays offered (the provider
    // refuses what does not apply, in its own words). Where the row has it, it decides.
    actions: &[
        status_action("accept", "Accept", "1", false, |r| {
            known_other(r, "registration_status", "R")
                .then_some("only for a requested customer (registration R)")
        }),
        status_action("refuse", "Refuse", "0", true, |r| {
            known_other(r, "registration_status", "R")
                .then_some("only for a requested customer (registration R)")
        }),
        status_action("activate", "Activate", "2", false, |r| {
            (r.text("is_active") == "Y").then_some("already active")
        }),
        status_action("block", "Block", "4", true, |r| {
            (r.text("registration_status") == "4").then_some("already blocked")
        }),
        status_action("unblock", "Unblock", "6", false, |r| {
            known_other(r, "registration_status", "4")
                .then_some("only for a blocked customer (registration 4)")
        }),
        status_action("delete", "Delete", "5", true, RecordAction::always),
        RecordAction {
            name: "storefront_on",
            label: "Activate storefront account",
            destructive: false,
            // Storefront accounts log in by e-mail; the API requires it ("email | string").
            why_not: |r| {
                no_email(r).or_else(|| (r.text("is_active") == "Y").then_some("already active"))
            },
            request: |r| storefront(r, true),
            effect: |_| set_status("Y", "1"),
            asks: None,
        },
        RecordAction {
            name: "storefront_off",
            label: "Deactivate storefront account",
            destructive: true,
            why_not: |r| {
                no_email(r).or_else(|| known_other(r, "is_active", "Y").then_some("not active"))
            },
            request: |r| storefront(r, false),
            effect: |_| set_status("T", "T"),
            asks: None,
        },
    ],
    submission_status: None,
    customer_settings: None,
    text_search: Some("keyword"),
    filters: &[
        // Doc: "keyword `(optional)` | string | Customer name to look for. Max 50".
        Filter {
            param: "keyword",
            label: "Keyword (max 50)",
            kind: FilterKind::TextUpTo(50),
        },
        Filter {
            param: "type",
            label: "Keyword is a",
            kind: FilterKind::Choice(KEYWORD_TYPES),
        },
        Filter {
            param: "category",
            label: "Category code",
            kind: FilterKind::Text,
        },
        Filter {
            param: "registration_status",
            label: "Registration",
            kind: FilterKind::Choice(REGISTRATION),
        },
        Filter {
            param: "create_from",
            label: "Created from",
            kind: FilterKind::Date,
        },
        Filter {
            param: "create_to",
            label: "Created to",
            kind: FilterKind::Date,
        },
        Filter {
            param: "order_by",
            label: "Order by",
            kind: FilterKind::Choice(ORDER_BY),
        },
    ],
    search: None,
    related: &[RelatedList {
        name: "orders",
        label: "Order history",
        list: ListEndpoint {
            path: "/customer/order-history",
            items: "/data",
            paging: Paging::PageNumber {
                page_param: "pagination_offset",
                size_param: "per_page",
                current_page: "/meta/pagination/current_page",
                last_page: "/meta/pagination/total_pages",
                total: "/meta/pagination/total",
            },
        },
        id_param: Some("id"),
        schema: Schema {
            id_key: "order_id",
            title: &["po_number"],
            fields: &[
                F::new("po_number", "PO", Text).column(8),
                F::new("date", "Date", Time).column(19),
                F::new("total_price", "Total (Rp)", Integer)
                    .column(12)
                    .amount(),
                F::new("product_status", "Status", Enum(ORDER_STATUS)).column(14),
                F::new("items", "Items", Integer).column(5).amount(),
                F::new("order_detail", "Products", List(ORDER_LINE)),
            ],
        },
        filters: &[
            Filter {
                param: "start_date",
                label: "From",
                kind: FilterKind::Date,
            },
            Filter {
                param: "end_date",
                label: "To",
                kind: FilterKind::Date,
            },
        ],
        // The seed's example: `"total": {"items": 120, "orders": 47}`, over every page.
        summary: &[("/total/orders", "orders"), ("/total/items", "items")],
    }],
    lookups: &[
        Lookup {
            field: "category_code",
            path: "/customer-category",
            query: &[("status", "Y")],
            items: "/data",
            code: "code",
            label: "name",
            search: None,
            pages: None,
        },
        Lookup {
            field: "district_id",
            path: "/region",
            query: &[("per_page", "20")],
            items: "/data",
            code: "id",
            label: "fullname",
            search: Some("keyword"),
            // PROVIDERS.md: `/region?keyword=&per_page=&pagination_offset=` (a page number from 1).
            pages: Some(("pagination_offset", 20)),
        },
    ],
    per_month: Some("/customer/per-month"),
    // Doc (Download Customers Data): "date `(optional)` | string | Filter the data by created date.
    // Format `yyyy-mm`", listed under "Body" of a GET, so sent in the query as the list's filters are.
    // A month is chosen per export, not once: it is asked each time, empty for every customer.
    export: Some(Export {
        path: "/customer/download",
        asks: &[Filter {
            param: "date",
            label: "Created in (yyyy-mm; empty: all)",
            kind: FilterKind::Month,
        }],
    }),
    // per_page max 100. `create_from` (a date) finds new customers; edits and deletions only a full pass.
    mirror: MirrorSpec {
        page_size: Some(100),
        full_query: &[],
        incremental: Some(Incremental {
            param: "create_from",
            format: SinceFormat::Date,
            query: &[],
            mark: Some("created_at"),
            full_every: DAILY,
        }),
        // No get-one, and a create answers only `customer_id`: newest first, the new one is on page 1.
        created_first: Some(&[("order_by", "LATEST_CUSTOMER")]),
    },
};

/// `PATCH /customer/activation-status` with one of the six documented codes.
const fn status_action(
    name: &'static str,
    label: &'static str,
    code: &'static str,
    destructive: bool,
    why_not: WhyNotFn,
) -> RecordAction {
    // Each code's request and effect as plain fns: a const fn cannot build closures over `code`.
    let (request, effect): (RequestFn, EffectFn) = match code.as_bytes() {
        b"0" => (|r| activation(r, "0"), |_| set_status("N", "0")),
        b"1" => (|r| activation(r, "1"), accepted),
        b"2" => (|r| activation(r, "2"), |_| set_status("Y", "1")),
        b"4" => (|r| activation(r, "4"), |_| set_status("N", "4")),
        b"6" => (|r| activation(r, "6"), |_| set_status("Y", "1")),
        _ => (|r| activation(r, "5"), |_| Effect::Remove),
    };
    // Doc: activation-status takes "category `(optional)`": which kind of customer the status change
    // makes them. It matters when a requested registration is accepted (as customer, reseller or
    // dropshipper), so Accept asks, starting from the row's category; the others leave it out.
    let asks = match code.as_bytes() {
        b"1" => Some(Ask {
            filter: Filter {
                param: "category",
                label: "Accept as category (N, Y, D or a custom code)",
                kind: FilterKind::TextUpTo(50),
            },
            key: "category_code",
        }),
        _ => None,
    };
    RecordAction {
        name,
        label,
        destructive,
        why_not,
        request,
        effect,
        asks,
    }
}

/// The row has `key` and it is not `code` (an absent key is an unknown state, not another one).
fn known_other(record: &Record, key: &str, code: &str) -> bool {
    record
        .get(key)
        .is_some_and(|v| !v.is_empty() && v.to_string() != code)
}

fn no_email(record: &Record) -> Option<&'static str> {
    record
        .text("email")
        .trim()
        .is_empty()
        .then_some("needs an e-mail (the API requires one)")
}

fn id_json(record: &Record) -> serde_json::Value {
    record
        .id
        .parse::<i64>()
        .map_or_else(|_| json!(record.id), |n| json!(n))
}

fn activation(record: &Record, status: &str) -> ActionRequest {
    let mut body = json!({ "id": id_json(record), "status": status });
    // Accept carries the category asked for (the record sent holds the answer); empty: left out.
    let category = record.text("category_code");
    if status == "1" && !category.trim().is_empty() {
        body["category"] = json!(category.trim());
    }
    ActionRequest {
        verb: Verb::Patch,
        path: "/customer/activation-status".into(),
        body: Some(body),
    }
}

/// Accepted: registered and active, in the category it was accepted as.
fn accepted(record: &Record) -> Effect {
    let Effect::Set(mut changes) = set_status("Y", "1") else {
        unreachable!("set_status sets")
    };
    let category = record.text("category_code");
    if !category.trim().is_empty() {
        changes.push(("category_code", Value::Text(category.trim().into())));
    }
    Effect::Set(changes)
}

fn storefront(record: &Record, active: bool) -> ActionRequest {
    ActionRequest {
        verb: Verb::Post,
        path: "/customer/privor-activation".into(),
        body: Some(
            json!({ "id": id_json(record), "active": active, "email": record.text("email") }),
        ),
    }
}

fn set_status(is_active: &str, registration: &str) -> Effect {
    Effect::Set(vec![
        ("is_active", Value::Text(is_active.into())),
        ("registration_status", Value::Text(registration.into())),
    ])
}

/// `product_status` codes. The seed shows only `S` and never explains the codes; these labels are
/// unverified (Ngorder's back office: selesai, proses, dibatalkan), so the code stays visible.
const ORDER_STATUS: &[(&str, &str)] = &[
    ("S", "S · done"),
    ("P", "P · in process"),
    ("D", "D · cancelled"),
];

/// One product line of an order (`order_detail`): shown only.
const ORDER_LINE: &[F] = &[
    F::new("product_name", "product", Text),
    F::new("total", "quantity", Text),
];

const KEYWORD_TYPES: &[(&str, &str)] = &[
    ("NAME", "name"),
    ("EMAIL", "e-mail"),
    ("PHONE", "phone"),
    ("ADDRESS", "address"),
];
const ORDER_BY: &[(&str, &str)] = &[
    ("LATEST_CUSTOMER", "newest customers"),
    ("LAST_ORDER", "latest order"),
];

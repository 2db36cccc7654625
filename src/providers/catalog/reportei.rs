//! Reportei Connect: page-numbered list with `meta`, a create that returns the customer's
//! `api_token` once, payment status, delete, settings read with the customer's token.

use serde_json::json;

use crate::domain::{FieldKind::*, FieldSpec as F, ProviderId, Record, Schema, Value};
use crate::providers::mirror::MirrorSpec;
use crate::providers::ops::{
    ActionRequest, Effect, GetOne, RecordAction, UpdateStyle, Verb, WriteOp, WriteResult, with_id,
};
use crate::providers::{ListEndpoint, Paging, ProviderSpec};

pub static SPEC: ProviderSpec = ProviderSpec {
    id: ProviderId::Reportei,
    schema: Schema {
        id_key: "uuid",
        title: &["name"],
        fields: &[
            F::new("name", "Name", Text)
                .column(34)
                .editable()
                .required(),
            F::new("is_paying", "Paying", Bool).column(7),
            F::new("trial_ends_at", "Trial ends", Time).column(19),
            F::new("created_at", "Created", Time).column(19),
            F::new("updated_at", "Updated", Time),
            F::new("merchant", "Merchant", Text),
            F::new("integrations", "Integrations", List(&[])),
        ],
    },
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
    budgets: &[],
    get: Some(GetOne {
        path: "/customers/{id}",
        record: "/customer",
    }),
    create: Some(WriteOp {
        verb: Verb::Post,
        path: "/customers",
        id_in_body: None,
        id_as_number: false,
        wrap: None,
        style: UpdateStyle::Replace,
        result: WriteResult::Record("/customer"),
        token: Some("/customer/api_token"),
    }),
    update: Some(WriteOp {
        verb: Verb::Put,
        path: "/customers/{id}",
        id_in_body: None,
        id_as_number: false,
        wrap: None,
        style: UpdateStyle::Replace,
        result: WriteResult::Record("/customer"),
        token: None,
    }),
    actions: &[
        RecordAction {
            name: "paying",
            label: "Mark as paying",
            destructive: false,
            why_not: |r| is_paying(r).then_some("already paying"),
            request: |r| payment(r, true),
            asks: None,
            effect: |_| Effect::Set(vec![("is_paying", Value::Bool(true))]),
        },
        RecordAction {
            name: "not_paying",
            label: "Mark as not paying",
            destructive: true,
            why_not: |r| (!is_paying(r)).then_some("not paying now"),
            request: |r| payment(r, false),
            asks: None,
            effect: |_| Effect::Set(vec![("is_paying", Value::Bool(false))]),
        },
        RecordAction::delete(|r| ActionRequest {
            verb: Verb::Delete,
            path: with_id("/customers/{id}", &r.id),
            body: None,
        }),
    ],
    submission_status: None,
    customer_settings: Some("/customers/settings"),
    text_search: None,
    filters: &[],
    search: None,
    related: &[],
    lookups: &[],
    per_month: None,
    export: None,
    // per_page max 100; no filter on change: full passes only.
    mirror: MirrorSpec {
        page_size: Some(100),
        full_query: &[],
        incremental: None,
        created_first: None,
    },
};

fn is_paying(record: &Record) -> bool {
    record.get("is_paying") == Some(&Value::Bool(true))
}

fn payment(record: &Record, paying: bool) -> ActionRequest {
    ActionRequest {
        verb: Verb::Post,
        path: with_id("/customers/{id}/update-payment-status", &record.id),
        body: Some(json!({ "is_paying": paying })),
    }
}

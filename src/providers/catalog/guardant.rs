//! Guardant Station: offset/limit list, camelCase requests and lowercase responses, full PUT
//! (conflict-checked), archive as a field of that PUT, DELETE.

use serde_json::Value as Json;

use crate::domain::{FieldKind::*, FieldSpec as F, ProviderId, Record, Schema, Value};
use crate::providers::encode::replacement_body;
use crate::providers::mirror::MirrorSpec;
use crate::providers::ops::{
    ActionRequest, Effect, Filter, FilterKind, GetOne, RecordAction, RelatedList, UpdateStyle,
    Verb, WriteOp, WriteResult, with_id,
};
use crate::providers::{ListEndpoint, Paging, ProviderSpec};

pub static SPEC: ProviderSpec = ProviderSpec {
    id: ProviderId::Guardant,
    schema: Schema {
        id_key: "_id",
        title: &["name", "lastname"],
        fields: &[
            F::new("name", "First name", Text)
                .column(14)
                .editable()
                .required()
                .sent_as("customerName"),
            F::new("lastname", "Last name", Text)
                .column(16)
                .editable()
                .sent_as("customerLastName"),
            F::new("companyname", "Company", Text)
                .column(24)
                .editable()
                .sent_as("customerCompanyName"),
            F::new("email", "E-mail", Email)
                .column(26)
                .editable()
                .sent_as("customerEmail"),
            F::new("phone", "Phone", Phone)
                .column(16)
                .editable()
                .sent_as("customerPhone"),
            F::new("description", "Description", Text)
                .editable()
                .sent_as("customerDescription"),
            F::new("status", "Status", Integer)
                .editable()
                .sent_as("customerStatus"),
            F::new("archived", "Archived", Bool).column(8).editable(),
            F::new("archivationdate", "Archived on", UnixTime),
            F::new("crmid", "CRM id", Text).editable().sent_as("crmId"),
            F::new("refid", "Ref id", Text).editable().sent_as("refId"),
        ],
    },
    list: ListEndpoint {
        path: "/customers",
        items: "/customers",
        paging: Paging::OffsetLimit {
            offset_param: "offset",
            limit_param: "limit",
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
        token: None,
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
            name: "archive",
            label: "Archive",
            destructive: false,
            why_not: |r| is_archived(r).then_some("already archived"),
            request: |r| set_archived(r, true),
            asks: None,
            effect: |_| Effect::Set(vec![("archived", Value::Bool(true))]),
        },
        RecordAction {
            name: "unarchive",
            label: "Unarchive",
            destructive: false,
            why_not: |r| (!is_archived(r)).then_some("not archived"),
            request: |r| set_archived(r, false),
            asks: None,
            effect: |_| {
                Effect::Set(vec![
                    ("archived", Value::Bool(false)),
                    ("archivationdate", Value::Empty),
                ])
            },
        },
        RecordAction::delete(|r| ActionRequest {
            verb: Verb::Delete,
            path: with_id("/customers/{id}", &r.id),
            body: None,
        }),
    ],
    submission_status: None,
    customer_settings: None,
    text_search: None,
    filters: &[
        Filter {
            param: "type",
            label: "Type",
            kind: FilterKind::Choice(&[("company", "companies"), ("person", "people")]),
        },
        Filter {
            param: "archived",
            label: "Archived",
            kind: FilterKind::Choice(&[("true", "archived only"), ("false", "active only")]),
        },
        Filter {
            param: "sortby",
            label: "Sort by",
            kind: FilterKind::Choice(&[
                ("default", "company, name"),
                ("name", "name"),
                ("company", "company"),
            ]),
        },
        Filter {
            param: "direction",
            label: "Direction",
            kind: FilterKind::Choice(DIRECTIONS),
        },
    ],
    search: None,
    related: &[RelatedList {
        name: "orders",
        label: "Orders",
        list: ListEndpoint {
            path: "/customers/{id}/orders",
            items: "/orders",
            paging: Paging::OffsetLimit {
                offset_param: "offset",
                limit_param: "limit",
            },
        },
        id_param: None,
        schema: Schema {
            id_key: "_id",
            title: &["number"],
            fields: &[
                F::new("number", "Number", Integer).column(8),
                F::new("status", "Status", Enum(ORDER_STATUS)).column(8),
                F::new("date", "Date", UnixTime).column(19),
                F::new("submitdate", "Submitted", UnixTime).column(19),
                F::new("quantity", "Qty", Integer).column(5).amount(),
                F::new("type", "Type", Integer),
                F::new("activationlimit", "Act. limit", Integer),
                F::new("activationbirthdate", "Activation from", UnixTime),
                F::new("activationdeathdate", "Activation until", UnixTime),
                F::new("isdemo", "Demo", Bool).column(5),
                F::new("customerrequired", "Customer required", Bool),
                F::new("canoverwritecontainer", "Can overwrite container", Bool),
                F::new("archived", "Archived", Bool),
                F::new("archivationdate", "Archived on", UnixTime),
                F::new("crmid", "CRM id", Text),
                F::new("refid", "Ref id", Text),
                F::new("description", "Description", Text).column(30),
            ],
        },
        filters: &[
            Filter {
                param: "status",
                label: "Status (0 draft, 1 submit, 2 revoked; e.g. 0,1)",
                kind: FilterKind::Text,
            },
            Filter {
                param: "sortby",
                label: "Sort by",
                kind: FilterKind::Choice(&[("number", "number"), ("submitdate", "submit date")]),
            },
            Filter {
                param: "direction",
                label: "Direction",
                kind: FilterKind::Choice(DIRECTIONS),
            },
        ],
        summary: &[],
    }],
    lookups: &[],
    per_month: None,
    export: None,
    // limit 1..100; no filter on change: full passes only.
    mirror: MirrorSpec {
        page_size: Some(100),
        full_query: &[],
        incremental: None,
        created_first: None,
    },
};

fn is_archived(record: &Record) -> bool {
    record.get("archived") == Some(&Value::Bool(true))
}

/// Archiving is a field of the full PUT: send the record as read with `archived` changed.
fn set_archived(record: &Record, archived: bool) -> ActionRequest {
    let values = vec![("archived".to_string(), Value::Bool(archived))];
    ActionRequest {
        verb: Verb::Put,
        path: with_id("/customers/{id}", &record.id),
        body: Some(Json::Object(replacement_body(
            &SPEC.schema,
            record,
            &values,
        ))),
    }
}

const DIRECTIONS: &[(&str, &str)] = &[("asc", "ascending"), ("desc", "descending")];
const ORDER_STATUS: &[(&str, &str)] = &[("0", "draft"), ("1", "submit"), ("2", "revoked")];

//! The shape of what the client sends where the docs constrain it, request by request, against a
//! recording fake answering with the seeds' own examples: optional parameters the docs offer (Ngorder's
//! export month, accept's category, order dates; Guardant's order status and sort), look-ups (the
//! CycleSoftware enum, Ngorder regions) and the figures a related list's answer gives.
//! (`client_requests.rs` holds the main list, create, update and action requests.)

mod fake;

use std::time::Duration;

use clientele::domain::{Cursor, PageRequest, ProviderId, Record, Value};
use clientele::providers::{Client, spec};
use fake::*;
use serde_json::{Value as Json, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TIMEOUT: Duration = Duration::from_secs(10);

async fn ngorder(server: &MockServer) -> Client {
    Client::new(&settings(
        ProviderId::Ngorder,
        format!("{}/api/open", server.uri()),
        bearer("ng"),
        TIMEOUT,
    ))
    .unwrap()
}

fn ngorder_row(registration: &str, category: Option<&str>) -> Record {
    let mut fields = vec![
        ("name".to_string(), Value::Text("Budi".into())),
        (
            "registration_status".to_string(),
            Value::Text(registration.into()),
        ),
    ];
    if let Some(category) = category {
        fields.push(("category_code".into(), Value::Text(category.into())));
    }
    Record {
        id: "123".into(),
        fields,
    }
}

#[tokio::test]
async fn ngorder_accept_sends_the_category_asked_and_other_changes_none() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path("/api/open/customer/activation-status"))
        .respond_with(answer("ngorder_activation_status.json"))
        .mount(&server)
        .await;
    let client = ngorder(&server).await;
    client
        .act("accept", &ngorder_row("R", Some("Y")))
        .await
        .unwrap();
    client
        .act("block", &ngorder_row("1", Some("N")))
        .await
        .unwrap();
    client.act("accept", &ngorder_row("R", None)).await.unwrap();
    let sent = requests(&server).await;
    // Doc: "id | integer", "status | string", "category `(optional)` | string".
    assert_eq!(
        body(&sent[0]),
        json!({"id": 123, "status": "1", "category": "Y"})
    );
    assert_eq!(body(&sent[1]), json!({"id": 123, "status": "4"}));
    assert_eq!(
        body(&sent[2]),
        json!({"id": 123, "status": "1"}),
        "no category asked: none sent, never null"
    );
}

#[tokio::test]
async fn ngorder_export_sends_the_month_asked_in_the_query() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/open/customer/download"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"response": "Success, your customer data will be sent to juragan@ngorder.id soon"}),
        ))
        .mount(&server)
        .await;
    let client = ngorder(&server).await;
    let message = client
        .export(&[("date", "2024-05".to_string())])
        .await
        .unwrap();
    assert!(message.contains("juragan@ngorder.id"));
    client.export(&[("date", " ".to_string())]).await.unwrap();
    let sent = requests(&server).await;
    // Doc: "date `(optional)` | string | … Format `yyyy-mm`".
    assert_eq!(query(&sent[0]), pairs(&[("date", "2024-05")]));
    assert_eq!(query(&sent[1]), pairs(&[]), "empty: left out");
    assert_eq!(sent[0].body.len(), 0, "a GET carries no body");
}

#[tokio::test]
async fn ngorder_order_history_sends_dates_and_gives_the_totals() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/open/customer/order-history"))
        .respond_with(answer("ngorder_order_history.json"))
        .mount(&server)
        .await;
    let client = ngorder(&server).await;
    let request = PageRequest {
        cursor: Cursor::Page(1),
        size: 2,
    };
    let page = client
        .related(
            "orders",
            "123",
            request,
            &[
                ("start_date", "2021-03-01".into()),
                ("end_date", "2021-03-31".into()),
            ],
        )
        .await
        .unwrap();
    // The seed's `total{items, orders}` covers every page.
    assert_eq!(page.summary, [("orders", 47), ("items", 120)]);
    assert_eq!(page.records.len(), 2);
    assert_eq!(page.next, Some(Cursor::Page(2)));
    let sent = requests(&server).await;
    // Doc: "id | integer", dates "Format `yyyy-mm-dd`", "per_page … Max `100`", page numbers from 1.
    let mut sent_query = query(&sent[0]);
    sent_query.sort();
    assert_eq!(
        sent_query,
        pairs(&[
            ("end_date", "2021-03-31"),
            ("id", "123"),
            ("pagination_offset", "1"),
            ("per_page", "2"),
            ("start_date", "2021-03-01"),
        ])
    );
}

#[tokio::test]
async fn guardant_orders_send_status_sort_and_direction() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1.0/customers/8/orders"))
        .respond_with(answer("guardant_orders.json"))
        .mount(&server)
        .await;
    let client = Client::new(&settings(
        ProviderId::Guardant,
        format!("{}/v1.0", server.uri()),
        bearer("g"),
        TIMEOUT,
    ))
    .unwrap();
    let request = PageRequest {
        cursor: Cursor::Offset(0),
        size: 100,
    };
    let page = client
        .related(
            "orders",
            "8",
            request,
            &[
                ("status", "0,1".into()),
                ("sortby", "submitdate".into()),
                ("direction", "desc".into()),
            ],
        )
        .await
        .unwrap();
    assert_eq!(page.records.len(), 2);
    let order = &page.records[1];
    // The doc's order fields are all kept: type, activation dates, crmid, refid.
    for key in ["type", "activationbirthdate", "crmid", "refid"] {
        assert!(order.get(key).is_some(), "{key}");
    }
    let mut sent_query = query(&requests(&server).await[0]);
    sent_query.sort();
    // Doc: "status=0,1", "sortby=number|submitdate", "direction", "offset=0&limit=100".
    assert_eq!(
        sent_query,
        pairs(&[
            ("direction", "desc"),
            ("limit", "100"),
            ("offset", "0"),
            ("sortby", "submitdate"),
            ("status", "0,1"),
        ])
    );
}

#[tokio::test]
async fn cyclesoftware_customer_type_ids_come_from_the_common_enum() {
    let server = MockServer::start().await;
    let types: Json = json!([
        {"id": 1, "description": "Klant", "description_en": "Customer"},
        {"id": 2, "description": "Leverancier", "description_en": "Supplier"}
    ]);
    Mock::given(method("GET"))
        .and(path("/api/v1/common/enum/customer_types.json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(types))
        .mount(&server)
        .await;
    let client = Client::new(&settings(
        ProviderId::CycleSoftware,
        server.uri(),
        clientele::config::Credentials::Basic {
            username: "u".into(),
            password: clientele::config::Secret::new("p"),
        },
        TIMEOUT,
    ))
    .unwrap();
    // find's `customer_type_id` is the enum's integer `id` ...
    let ids = client.lookup("customer_type_id", None, 1).await.unwrap();
    assert_eq!(
        ids,
        [
            ("1".to_string(), "Klant".to_string()),
            ("2".into(), "Leverancier".into())
        ]
    );
    // ... and the object's `customer_type_name` its name.
    let names = client.lookup("customer_type_name", None, 1).await.unwrap();
    assert_eq!(names[0], ("Klant".to_string(), "Customer".to_string()));
}

#[tokio::test]
async fn ngorder_region_search_asks_for_later_pages_by_number() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/open/region"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": [
            {"id": 3328, "subdistrict": "Dukuhturi", "district": {"id": 3328, "name": "Kabupaten Tegal"},
             "province": {"id": 33, "name": "Jawa Tengah"},
             "fullname": "Dukuhturi, Kabupaten Tegal, Jawa Tengah", "postal_code": ["52192"]}
        ]})))
        .mount(&server)
        .await;
    let client = ngorder(&server).await;
    client
        .lookup("district_id", Some("Tegal"), 1)
        .await
        .unwrap();
    let found = client
        .lookup("district_id", Some("Tegal"), 2)
        .await
        .unwrap();
    assert_eq!(found[0].0, "3328", "the region's integer id");
    let sent = requests(&server).await;
    let sorted = |i: usize| {
        let mut q = query(&sent[i]);
        q.sort();
        q
    };
    assert_eq!(
        sorted(0),
        pairs(&[("keyword", "Tegal"), ("per_page", "20")])
    );
    assert_eq!(
        sorted(1),
        pairs(&[
            ("keyword", "Tegal"),
            ("pagination_offset", "2"),
            ("per_page", "20")
        ])
    );
}

/// No `null` anywhere in `json` (the docs give a value, `""` or `false`, for every field they show).
fn nulls(json: &Json, at: &str, found: &mut Vec<String>) {
    match json {
        Json::Null => found.push(at.to_string()),
        Json::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                nulls(item, &format!("{at}[{i}]"), found);
            }
        }
        Json::Object(map) => {
            for (key, value) in map {
                nulls(value, &format!("{at}.{key}"), found);
            }
        }
        _ => {}
    }
}

/// Each field of `provider`'s schema in `body` has the JSON type its kind documents, and no longer
/// text than its documented maximum.
fn typed_as_documented(provider: ProviderId, body: &Json) {
    use clientele::domain::FieldKind;
    for field in spec(provider).schema.fields {
        let key = field.request_key.unwrap_or(field.key);
        let Some(value) = body.get(key) else {
            continue;
        };
        let ok = match field.kind {
            FieldKind::Integer | FieldKind::UnixTime => value.is_i64() || value.is_u64(),
            FieldKind::Decimal => value.is_number(),
            FieldKind::Bool => value.is_boolean(),
            FieldKind::List(_) => value.is_array(),
            _ => value.is_string(),
        };
        assert!(
            ok,
            "{provider}: {key} is {value} for a {:?} field",
            field.kind
        );
        if let (Some(max), Some(text)) = (field.max_len, value.as_str()) {
            assert!(
                text.chars().count() <= usize::from(max),
                "{provider}: {key}"
            );
        }
    }
}

/// Edit `key` of the seed's customer in the form and send the update, answering the re-read with the
/// same example; returns the body sent.
async fn full_update(
    provider: ProviderId,
    client: &Client,
    server: &MockServer,
    item: &Json,
    key: &str,
) -> Json {
    let customer = record(provider, item);
    let mut form = clientele::app::Form::edit(spec(provider), customer.clone());
    let field = form.fields.iter_mut().find(|f| f.spec.key == key).unwrap();
    field.input = tui_input::Input::new(format!("{} B", field.input.value()));
    assert!(form.validate(), "{provider}: {:?}", form.message);
    client.update(&customer, &form.values()).await.unwrap();
    let sent = requests(server).await;
    let written = sent
        .iter()
        .rev()
        .find(|r| r.method.as_str() != "GET")
        .expect("a write");
    body(written)
}

#[tokio::test]
async fn full_replacements_carry_every_field_typed_as_documented_and_no_null() {
    // CycleSoftware: the seed's get-one example, edited and PUT back.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/customers/1006.json"))
        .respond_with(answer("cyclesoftware_get.json"))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/api/v1/customers/1006.json"))
        .respond_with(answer("cyclesoftware_update.json"))
        .mount(&server)
        .await;
    let client = Client::new(&settings(
        ProviderId::CycleSoftware,
        server.uri(),
        clientele::config::Credentials::Basic {
            username: "u".into(),
            password: clientele::config::Secret::new("p"),
        },
        TIMEOUT,
    ))
    .unwrap();
    let item = fixture("cyclesoftware_get.json");
    let sent = full_update(ProviderId::CycleSoftware, &client, &server, &item, "name").await;
    let mut found = Vec::new();
    nulls(&sent, "", &mut found);
    assert!(found.is_empty(), "CycleSoftware sent null at {found:?}");
    typed_as_documented(ProviderId::CycleSoftware, &sent);
    // Doc: "customer_id | integer", "discount_percentage | decimal", phone numbers' ids as strings.
    assert_eq!(sent["customer_id"], json!(1006));
    assert!(sent["discount_percentage"].is_number());
    assert_eq!(sent["phone_numbers"][0]["phone_number_id"], json!("mob"));

    // Guardant: camelCase, `customerStatus` an integer, `archived` a boolean.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1.0/customers/4"))
        .respond_with(answer("guardant_get.json"))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/v1.0/customers/4"))
        .respond_with(answer("guardant_put.json"))
        .mount(&server)
        .await;
    let client = Client::new(&settings(
        ProviderId::Guardant,
        format!("{}/v1.0", server.uri()),
        bearer("g"),
        TIMEOUT,
    ))
    .unwrap();
    let item = fixture("guardant_get.json")["customer"].clone();
    let sent = full_update(ProviderId::Guardant, &client, &server, &item, "name").await;
    let mut found = Vec::new();
    nulls(&sent, "", &mut found);
    assert!(found.is_empty(), "Guardant sent null at {found:?}");
    typed_as_documented(ProviderId::Guardant, &sent);
    assert_eq!(sent["customerName"], json!("Peter B"));
    assert!(sent["customerStatus"].is_i64(), "{sent}");
    assert_eq!(sent["archived"], json!(false));

    // Reportei: `name` is the only field the docs give.
    let server = MockServer::start().await;
    let uuid = "caedbbbe-7d93-476f-b965-bf97cd7ce874";
    Mock::given(method("GET"))
        .and(path(format!("/api/customers/{uuid}")))
        .respond_with(answer("reportei_get.json"))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path(format!("/api/customers/{uuid}")))
        .respond_with(answer("reportei_get.json"))
        .mount(&server)
        .await;
    let client = Client::new(&settings(
        ProviderId::Reportei,
        format!("{}/api", server.uri()),
        bearer("r"),
        TIMEOUT,
    ))
    .unwrap();
    let item = fixture("reportei_get.json")["customer"].clone();
    let sent = full_update(ProviderId::Reportei, &client, &server, &item, "name").await;
    assert_eq!(sent, json!({"name": "Reportei Customer 1 B"}));
}

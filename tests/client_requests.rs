//! Every request each provider client sends, against a recording fake (wiremock) that answers with the
//! seeds' own examples: method, path, auth header, query parameter names and body field names, as the
//! vendors' docs and PROVIDERS.md give them.

mod fake;

use std::time::Duration;

use base64::Engine as _;
use clientele::app::Form;
use clientele::config::{Credentials, Secret};
use clientele::domain::{Cursor, ErrorKind, PageRequest, ProviderId, Record, Value};
use clientele::providers::{Client, Saved, SubmissionState, spec};
use fake::*;
use serde_json::{Value as Json, json};
use wiremock::matchers::{header as has_header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockBuilder, MockServer, ResponseTemplate};

const TIMEOUT: Duration = Duration::from_secs(10);

/// A mock for `verb path` that only answers requests carrying `authorization` exactly.
fn on(verb: &str, at: &str, authorization: &str) -> MockBuilder {
    Mock::given(method(verb))
        .and(path(at))
        .and(has_header("authorization", authorization))
}

fn text(pairs: &[(&str, &str)]) -> Vec<(String, Value)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), Value::Text(v.to_string())))
        .collect()
}

fn page(cursor: Cursor) -> PageRequest {
    PageRequest { cursor, size: 25 }
}

/// A JSON number or string as text, for fields the docs call "numeric" but that hold digits.
fn digits(json: &Json) -> String {
    match json {
        Json::String(s) => s.clone(),
        Json::Number(n) => n.to_string(),
        other => panic!("not digits: {other}"),
    }
}

// ---------------------------------------------------------------- Ngorder

#[tokio::test]
async fn ngorder_keyword_over_50_characters_is_refused_unsent() {
    let server = MockServer::start().await;
    let client = Client::new(&settings(
        ProviderId::Ngorder,
        server.uri(),
        bearer("ng-token"),
        TIMEOUT,
    ))
    .unwrap();
    // Doc: "keyword `(optional)` | string | Customer name to look for. Max 50".
    let error = client
        .list_with(client.first_page(), &[("keyword", "k".repeat(60))])
        .await
        .unwrap_err();
    assert_eq!(error.kind, ErrorKind::Validation);
    assert!(error.message.contains("at most 50"), "{}", error.message);
    assert!(calls(&server).await.is_empty(), "nothing was sent");
}

#[tokio::test]
async fn ngorder_requests_follow_the_docs() {
    let server = MockServer::start().await;
    let auth = "Bearer ngorder-key";
    on("GET", "/api/open/customer", auth)
        .respond_with(answer("ngorder_list.json"))
        .expect(2)
        .mount(&server)
        .await;
    on("POST", "/api/open/customer/create", auth)
        .respond_with(answer("ngorder_create.json"))
        .expect(1)
        .mount(&server)
        .await;
    on("PATCH", "/api/open/customer/update", auth)
        .respond_with(answer("ngorder_update.json"))
        .expect(1)
        .mount(&server)
        .await;
    on("PATCH", "/api/open/customer/activation-status", auth)
        .respond_with(answer("ngorder_activation_status.json"))
        .expect(6)
        .mount(&server)
        .await;
    on("POST", "/api/open/customer/privor-activation", auth)
        .respond_with(answer("ngorder_privor_activation.json"))
        .expect(2)
        .mount(&server)
        .await;
    let client = Client::new(&settings(
        ProviderId::Ngorder,
        format!("{}/api/open", server.uri()),
        bearer("ngorder-key"),
        TIMEOUT,
    ))
    .unwrap();

    // Paging: `pagination_offset` is a 1-based page number, `per_page` the size.
    let first = client.list(client.first_page()).await.unwrap();
    assert_eq!(first.records.len(), 2);
    client.list(page(Cursor::Page(2))).await.unwrap();
    let sent = requests(&server).await;
    assert_eq!(
        query(&sent[0]),
        pairs(&[("pagination_offset", "1"), ("per_page", "25")])
    );
    assert_eq!(
        query(&sent[1]),
        pairs(&[("pagination_offset", "2"), ("per_page", "25")])
    );

    // Create: flat snake_case, the category code sent as `category`, the id answered as an integer.
    let created = client
        .create(&text(&[
            ("name", "Agus Salim"),
            ("phone", "6281234567890"),
            ("email", "agus@example.co.id"),
            ("address", "Jl. Merdeka 1"),
            ("district_id", "3201"),
            ("postal_code", "53473"),
            ("category_code", "Y"),
            ("is_active", "Y"),
            ("line", "agus.line"),
            ("other", "wa 0812"),
        ]))
        .await
        .unwrap();
    assert_eq!(created.saved, Saved::Id("123".into()));
    let create = requests(&server).await.pop().unwrap();
    let sent_body = body(&create);
    assert_eq!(
        keys(&sent_body),
        key_set(&[
            "name",
            "phone",
            "email",
            "address",
            "district_id",
            "postal_code",
            "category",
            "is_active",
            "line",
            "other"
        ])
    );
    assert_eq!(sent_body["name"], "Agus Salim");
    assert_eq!(
        sent_body["district_id"],
        json!(3201),
        "a region id is numeric"
    );
    assert_eq!(sent_body["category"], "Y");
    assert_eq!(sent_body["is_active"], "Y");
    assert_eq!(digits(&sent_body["phone"]), "6281234567890");
    assert_eq!(digits(&sent_body["postal_code"]), "53473");

    // Update: PATCH with the integer `customer_id` and only what changed.
    let budi = record(
        ProviderId::Ngorder,
        &fixture("ngorder_list.json")["data"][1],
    );
    let unchanged = text(&[("phone", "628212345678"), ("category_code", "N")]);
    let saved = client.update(&budi, &unchanged).await.unwrap();
    assert_eq!(saved.saved, Saved::Record(budi.clone()));
    assert_eq!(
        requests(&server).await.len(),
        3,
        "nothing changed: no request"
    );
    let mut changed = unchanged.clone();
    changed.push(("name".into(), Value::Text("Budi Santoso".into())));
    let saved = client.update(&budi, &changed).await.unwrap();
    assert_eq!(saved.saved, Saved::Id("123".into()));
    let update = requests(&server).await.pop().unwrap();
    assert_eq!(
        body(&update),
        json!({"customer_id": 123, "name": "Budi Santoso"})
    );

    // Status changes: `{"id": <int>, "status": "<code>"}`; delete is status 5.
    for (action, code) in [
        ("refuse", "0"),
        ("accept", "1"),
        ("activate", "2"),
        ("block", "4"),
        ("delete", "5"),
        ("unblock", "6"),
    ] {
        let message = client.act(action, &budi).await.unwrap();
        assert_eq!(message.as_deref(), Some("Budi has been blocked"));
        let sent = requests(&server).await.pop().unwrap();
        assert_eq!(sent.url.path(), "/api/open/customer/activation-status");
        // Accept carries the category it accepts as (asked in the app, from the row's; doc: optional).
        let expected = if action == "accept" {
            json!({"id": 123, "status": code, "category": "N"})
        } else {
            json!({"id": 123, "status": code})
        };
        assert_eq!(body(&sent), expected, "{action}");
    }

    // Storefront (privor) activation: id, active and the e-mail the account logs in with.
    let mut with_email = fixture("ngorder_list.json")["data"][1].clone();
    with_email["email"] = json!("budi@example.co.id");
    let with_email = record(ProviderId::Ngorder, &with_email);
    for (action, active) in [("storefront_on", true), ("storefront_off", false)] {
        let message = client.act(action, &with_email).await.unwrap();
        assert_eq!(message.as_deref(), Some("Successful run"));
        let sent = requests(&server).await.pop().unwrap();
        assert_eq!(sent.method.as_str(), "POST");
        assert_eq!(
            body(&sent),
            json!({"id": 123, "active": active, "email": "budi@example.co.id"})
        );
    }

    // There is no get-one endpoint: refused without a request.
    let before = requests(&server).await.len();
    assert_eq!(
        client.get("123").await.unwrap_err().kind,
        ErrorKind::Unsupported
    );
    let sent = requests(&server).await;
    assert_eq!(sent.len(), before);
    for request in &sent {
        assert_eq!(header(request, "accept"), Some("application/json"));
    }
    server.verify().await;
}

/// The edit form on a customer as the list reads it, with `edit` applied to field `key` as a user
/// would type it: what `Ctrl-S` hands the client.
fn edited(
    provider: ProviderId,
    record: &Record,
    key: &str,
    edit: impl Fn(&str) -> String,
) -> Vec<(String, Value)> {
    let mut form = Form::edit(spec(provider), record.clone());
    let field = form.fields.iter_mut().find(|f| f.spec.key == key).unwrap();
    field.input = tui_input::Input::new(edit(field.input.value()));
    assert!(form.validate(), "the form accepts it: {:?}", form.message);
    form.values()
}

#[tokio::test]
async fn an_ngorder_edit_sends_the_id_and_only_what_the_user_changed() {
    let server = MockServer::start().await;
    let auth = "Bearer ngorder-key";
    on("PATCH", "/api/open/customer/update", auth)
        .respond_with(answer("ngorder_update.json"))
        .expect(3)
        .mount(&server)
        .await;
    let client = Client::new(&settings(
        ProviderId::Ngorder,
        format!("{}/api/open", server.uri()),
        bearer("ngorder-key"),
        TIMEOUT,
    ))
    .unwrap();
    let budi = record(
        ProviderId::Ngorder,
        &fixture("ngorder_list.json")["data"][1],
    );

    // A house number added to the street: the street goes back, not the server's composed address.
    let values = edited(ProviderId::Ngorder, &budi, "address", |street| {
        format!("{street} No. 5")
    });
    client.update(&budi, &values).await.unwrap();
    assert_eq!(
        body(&requests(&server).await.pop().unwrap()),
        json!({"customer_id": 123, "address": "Jln. ABC No. 5"})
    );

    // Only the phone changed: the district, the activation and the address are not sent back.
    let values = edited(ProviderId::Ngorder, &budi, "phone", |_| "6281999".into());
    client.update(&budi, &values).await.unwrap();
    let sent = body(&requests(&server).await.pop().unwrap());
    assert_eq!(sent["customer_id"], json!(123));
    assert_eq!(keys(&sent), key_set(&["customer_id", "phone"]));

    // A customer without a postcode: the composed address ends in ", ID, " and is still no change.
    let mut no_postcode = fixture("ngorder_list.json")["data"][1].clone();
    no_postcode["address"] = json!("Jln. ABC ,KAB. BANJARNEGARA, MANDIRAJA, JAWA TENGAH, ID, ");
    no_postcode["postal_code"] = json!(null);
    let no_postcode = record(ProviderId::Ngorder, &no_postcode);
    let values = edited(ProviderId::Ngorder, &no_postcode, "name", |_| {
        "Budi S".into()
    });
    client.update(&no_postcode, &values).await.unwrap();
    let sent = body(&requests(&server).await.pop().unwrap());
    assert_eq!(keys(&sent), key_set(&["customer_id", "name"]));
    server.verify().await;
}

// ---------------------------------------------------------------- CycleSoftware

fn basic(username: &str, password: &str) -> String {
    let pair = format!("{username}:{password}");
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(pair)
    )
}

fn cyclesoftware_client(server: &MockServer) -> Client {
    Client::new(&settings(
        ProviderId::CycleSoftware,
        server.uri(),
        Credentials::Basic {
            username: "shop".into(),
            password: Secret::new("p@ss:word"),
        },
        TIMEOUT,
    ))
    .unwrap()
}

#[tokio::test]
async fn cyclesoftware_requests_follow_the_docs() {
    let server = MockServer::start().await;
    let auth = basic("shop", "p@ss:word");
    let mut more = fixture("cyclesoftware_list.json");
    more["pagination"]["next_offset"] = json!(2);
    on("GET", "/api/v1/customers/list.json", &auth)
        .and(query_param_is_missing("offset"))
        .respond_with(ResponseTemplate::new(200).set_body_json(more))
        .expect(1)
        .mount(&server)
        .await;
    on("GET", "/api/v1/customers/list.json", &auth)
        .and(query_param("offset", "2"))
        .respond_with(answer("cyclesoftware_list.json"))
        .expect(1)
        .mount(&server)
        .await;
    on("GET", "/api/v1/customers/1006.json", &auth)
        .respond_with(answer("cyclesoftware_get.json"))
        .expect(2)
        .mount(&server)
        .await;
    on("POST", "/api/v1/customers.json", &auth)
        .respond_with(answer("cyclesoftware_create.json"))
        .expect(1)
        .mount(&server)
        .await;
    on("PUT", "/api/v1/customers/1006.json", &auth)
        .respond_with(answer("cyclesoftware_get.json"))
        .expect(1)
        .mount(&server)
        .await;
    let client = cyclesoftware_client(&server);

    // The first page is asked for without `offset`; the next with the server's `next_offset`.
    let first = client.list(client.first_page()).await.unwrap();
    assert_eq!(first.next, Some(Cursor::Offset(2)));
    let last = client.list(page(first.next.unwrap())).await.unwrap();
    assert_eq!(last.next, None);
    let sent = requests(&server).await;
    assert_eq!(query(&sent[0]), pairs(&[]));
    assert_eq!(query(&sent[1]), pairs(&[("offset", "2")]));

    let read = client.get("1006").await.unwrap();
    assert_eq!(read.text("company_name"), "Company name");

    // Create: the seed's example request, from the same values (empty strings and read-only fields
    // are not sent).
    let example = fixture("cyclesoftware_create.json");
    let values: Vec<(String, Value)> = record(ProviderId::CycleSoftware, &example)
        .fields
        .into_iter()
        .collect();
    let created = client.create(&values).await.unwrap();
    let Saved::Record(created) = created.saved else {
        panic!("CycleSoftware answers the saved customer");
    };
    assert_eq!(created.id, "26196");
    let create = requests(&server).await.pop().unwrap();
    let body_sent = body(&create);
    let mut expected = example.as_object().unwrap().clone();
    expected.remove("customer_id");
    expected.remove("datetime_created");
    expected.remove("customer_reference"); // "" in the example: nothing to send
    assert_eq!(
        keys(&body_sent),
        expected.keys().cloned().collect(),
        "snake_case field names"
    );
    for (key, value) in &expected {
        match value {
            Json::Number(n) => assert_eq!(body_sent[key].as_f64(), n.as_f64(), "{key}"),
            _ => assert_eq!(&body_sent[key], value, "{key}"),
        }
    }

    // Update: a fresh read, then a PUT of the whole record with the one change.
    let updated = client
        .update(&read, &text(&[("city", "Utrecht")]))
        .await
        .unwrap();
    assert!(matches!(updated.saved, Saved::Record(_)));
    let sent = requests(&server).await;
    let (reread, put) = (&sent[sent.len() - 2], &sent[sent.len() - 1]);
    assert_eq!(
        (reread.method.as_str(), reread.url.path()),
        ("GET", "/api/v1/customers/1006.json"),
        "a full replacement re-reads first"
    );
    let put_body = body(put);
    let original = fixture("cyclesoftware_get.json");
    let mut whole: std::collections::BTreeSet<String> = keys(&original);
    whole.remove("datetime_created");
    assert_eq!(keys(&put_body), whole, "the PUT carries the whole record");
    assert_eq!(put_body["customer_id"], json!(1006));
    assert_eq!(put_body["city"], "Utrecht");
    for (key, value) in original.as_object().unwrap() {
        if ["city", "datetime_created"].contains(&key.as_str()) {
            continue;
        }
        match value {
            Json::Number(n) => assert_eq!(put_body[key].as_f64(), n.as_f64(), "{key}"),
            _ => assert_eq!(&put_body[key], value, "{key} kept as read"),
        }
    }

    for request in requests(&server).await {
        assert_eq!(header(&request, "authorization"), Some(auth.as_str()));
        assert_eq!(header(&request, "accept"), Some("application/json"));
        assert!(
            header(&request, "accept-encoding").is_some_and(|v| v.contains("gzip")),
            "gzip is asked for"
        );
    }
    server.verify().await;
}

#[tokio::test]
async fn cyclesoftware_put_sends_a_decimal_discount_and_blank_numbers_as_empty_strings() {
    let server = MockServer::start().await;
    let auth = basic("shop", "p@ss:word");
    on("GET", "/api/v1/customers/1006.json", &auth)
        .respond_with(answer("cyclesoftware_get.json"))
        .mount(&server)
        .await;
    on("PUT", "/api/v1/customers/1006.json", &auth)
        .respond_with(answer("cyclesoftware_update.json"))
        .expect(1)
        .mount(&server)
        .await;
    let client = cyclesoftware_client(&server);
    let read = record(
        ProviderId::CycleSoftware,
        &fixture("cyclesoftware_get.json"),
    );
    let number = |id: &str, phone: Value| {
        vec![
            ("phone_number_id".to_string(), Value::Text(id.into())),
            ("phone_number".to_string(), phone),
            ("name".to_string(), Value::Empty),
        ]
    };
    let values = vec![
        (
            "discount_percentage".to_string(),
            Value::Text("10,5".into()),
        ),
        (
            "phone_numbers".to_string(),
            Value::List(vec![
                number("mob", Value::Text("0612345678".into())),
                number("tel", Value::Empty),
            ]),
        ),
    ];
    client.update(&read, &values).await.unwrap();
    let put = body(&requests(&server).await.pop().unwrap());
    // Doc: `discount_percentage` | `decimal`.
    assert_eq!(put["discount_percentage"], json!(10.5));
    // The doc's own update example sends a blank number as `"phone_number": ""`.
    assert_eq!(put["phone_numbers"][1]["phone_number"], json!(""));
    assert_eq!(put["phone_numbers"][1]["name"], json!(""));
    server.verify().await;
}

#[tokio::test]
async fn cyclesoftware_error_true_in_a_200_is_shown_once_not_retried() {
    let server = MockServer::start().await;
    on(
        "GET",
        "/api/v1/customers/find.json",
        &basic("shop", "p@ss:word"),
    )
    .respond_with(
        ResponseTemplate::new(200)
            .set_body_json(json!({"error": true, "error_message": "No search parameters given"})),
    )
    .expect(1)
    .mount(&server)
    .await;
    let client = cyclesoftware_client(&server);
    let error = client
        .search(&[("email", "x".to_string())])
        .await
        .unwrap_err();
    assert_eq!(error.message, "No search parameters given");
    assert_eq!(error.kind, ErrorKind::Validation);
    server.verify().await;
}

#[tokio::test]
async fn cyclesoftware_put_over_a_changed_customer_is_refused_unsent() {
    let server = MockServer::start().await;
    let auth = basic("shop", "p@ss:word");
    on("GET", "/api/v1/customers/1006.json", &auth)
        .respond_with(answer("cyclesoftware_get.json"))
        .expect(1)
        .mount(&server)
        .await;
    let client = cyclesoftware_client(&server);
    // The form was opened on an older read, when the city was different.
    let mut stale = fixture("cyclesoftware_get.json");
    stale["city"] = json!("Oss");
    let stale = record(ProviderId::CycleSoftware, &stale);
    let error = client
        .update(&stale, &text(&[("email", "new@domain.nl")]))
        .await
        .unwrap_err();
    assert_eq!(error.kind, ErrorKind::Conflict);
    assert_eq!(
        calls(&server).await,
        vec![("GET".into(), "/api/v1/customers/1006.json".into())],
        "no PUT"
    );
    server.verify().await;
}

// ---------------------------------------------------------------- Guardant Station

/// The fields of the seed's create and PUT examples (the create's stray space removed).
const GUARDANT_REQUEST_KEYS: [&str; 10] = [
    "customerName",
    "customerLastName",
    "customerEmail",
    "customerCompanyName",
    "customerPhone",
    "customerDescription",
    "customerStatus",
    "archived",
    "crmId",
    "refId",
];

#[tokio::test]
async fn guardant_requests_follow_the_docs() {
    let server = MockServer::start().await;
    let auth = "Bearer guardant-key";
    on("GET", "/v1.0/customers", auth)
        .respond_with(answer("guardant_list.json"))
        .expect(2)
        .mount(&server)
        .await;
    on("GET", "/v1.0/customers/4", auth)
        .respond_with(answer("guardant_get.json"))
        // The read, the edit's re-read and the archive's re-read.
        .expect(3)
        .mount(&server)
        .await;
    on("POST", "/v1.0/customers", auth)
        .respond_with(answer("guardant_create.json"))
        .expect(1)
        .mount(&server)
        .await;
    on("PUT", "/v1.0/customers/4", auth)
        .respond_with(answer("guardant_put.json"))
        .expect(2)
        .mount(&server)
        .await;
    on("DELETE", "/v1.0/customers/4", auth)
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::new(&settings(
        ProviderId::Guardant,
        format!("{}/v1.0", server.uri()),
        bearer("guardant-key"),
        TIMEOUT,
    ))
    .unwrap();

    client.list(client.first_page()).await.unwrap();
    client.list(page(Cursor::Offset(25))).await.unwrap();
    let sent = requests(&server).await;
    assert_eq!(query(&sent[0]), pairs(&[("limit", "25"), ("offset", "0")]));
    assert_eq!(query(&sent[1]), pairs(&[("limit", "25"), ("offset", "25")]));

    let read = client.get("4").await.unwrap();
    assert_eq!(read.text("name"), "Peter");

    // Create: camelCase request names, typed values, no stray space.
    let created = client
        .create(&vec![
            ("name".into(), Value::Text("My first name".into())),
            ("lastname".into(), Value::Text("My last name".into())),
            ("email".into(), Value::Text("postman@gmail.com".into())),
            ("companyname".into(), Value::Text("Google".into())),
            ("phone".into(), Value::Text("123-11-11".into())),
            (
                "description".into(),
                Value::Text("Created by postman".into()),
            ),
            ("status".into(), Value::Text("0".into())),
            ("archived".into(), Value::Bool(false)),
            ("crmid".into(), Value::Text("crm-7".into())),
            ("refid".into(), Value::Text("ref-7".into())),
        ])
        .await
        .unwrap();
    let Saved::Record(created) = created.saved else {
        panic!("Guardant answers the saved customer");
    };
    assert_eq!(created.id, "9");
    let create = requests(&server).await.pop().unwrap();
    assert_eq!(
        body(&create),
        json!({
            "customerName": "My first name",
            "customerLastName": "My last name",
            "customerEmail": "postman@gmail.com",
            "customerCompanyName": "Google",
            "customerPhone": "123-11-11",
            "customerDescription": "Created by postman",
            "customerStatus": 0,
            "archived": false,
            "crmId": "crm-7",
            "refId": "ref-7"
        })
    );

    // Update: a fresh read, then the whole record as the seed's PUT example has it.
    client
        .update(
            &read,
            &text(&[("name", "PostManPut"), ("phone", "111-11-11")]),
        )
        .await
        .unwrap();
    let sent = requests(&server).await;
    assert_eq!(sent[sent.len() - 2].url.path(), "/v1.0/customers/4");
    assert_eq!(sent[sent.len() - 2].method.as_str(), "GET");
    let put = body(&sent[sent.len() - 1]);
    assert_eq!(keys(&put), key_set(&GUARDANT_REQUEST_KEYS));
    assert_eq!(put["customerName"], "PostManPut");
    assert_eq!(put["customerPhone"], "111-11-11");
    assert_eq!(put["customerEmail"], "mail@gmail.com", "kept as read");
    assert_eq!(put["customerStatus"], json!(1));
    assert_eq!(put["archived"], json!(false));

    // Archive is a field of the full PUT; delete is a DELETE without a body.
    client.act("archive", &read).await.unwrap();
    let archive = requests(&server).await.pop().unwrap();
    assert_eq!(archive.method.as_str(), "PUT");
    let archive = body(&archive);
    assert_eq!(keys(&archive), key_set(&GUARDANT_REQUEST_KEYS));
    assert_eq!(archive["archived"], json!(true));
    assert_eq!(archive["customerName"], "Peter");
    client.act("delete", &read).await.unwrap();
    let delete = requests(&server).await.pop().unwrap();
    assert_eq!(delete.method.as_str(), "DELETE");
    assert!(delete.body.is_empty());
    server.verify().await;
}

#[tokio::test]
async fn guardant_archive_over_a_changed_customer_is_refused_unsent() {
    let server = MockServer::start().await;
    let auth = "Bearer guardant-key";
    on("GET", "/v1.0/customers/4", auth)
        .respond_with(answer("guardant_get.json"))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::new(&settings(
        ProviderId::Guardant,
        format!("{}/v1.0", server.uri()),
        bearer("guardant-key"),
        TIMEOUT,
    ))
    .unwrap();
    // The row the archive starts from was read before someone renamed the customer.
    let mut stale = fixture("guardant_get.json")["customer"].clone();
    stale["name"] = json!("Pete");
    let stale = record(ProviderId::Guardant, &stale);
    let error = client.act("archive", &stale).await.unwrap_err();
    assert_eq!(error.kind, ErrorKind::Conflict);
    assert_eq!(
        calls(&server).await,
        vec![("GET".into(), "/v1.0/customers/4".into())],
        "re-read, and no PUT"
    );
    server.verify().await;
}

#[tokio::test]
async fn guardant_basic_auth_when_configured() {
    let server = MockServer::start().await;
    let auth = basic("station", "pw");
    on("GET", "/v1.0/customers", &auth)
        .respond_with(answer("guardant_list.json"))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::new(&settings(
        ProviderId::Guardant,
        format!("{}/v1.0", server.uri()),
        Credentials::Basic {
            username: "station".into(),
            password: Secret::new("pw"),
        },
        TIMEOUT,
    ))
    .unwrap();
    let page = client.list(client.first_page()).await.unwrap();
    assert_eq!(page.records[0].id, "8");
    server.verify().await;
}

// ---------------------------------------------------------------- DK Hardware

const DK_TOKEN_PATH: &str = "/auth/realms/dkh/protocol/openid-connect/token";

fn dk_client(server: &MockServer) -> Client {
    Client::new(&settings(
        ProviderId::DkHardware,
        format!("{}/dk", server.uri()),
        Credentials::ClientCredentials {
            client_id: "partner-7".into(),
            client_secret: Secret::new("s3cret &=+%"),
            token_url: format!("{}{DK_TOKEN_PATH}", server.uri()),
            scope: "customers customers:create customers:update customers:status".into(),
        },
        TIMEOUT,
    ))
    .unwrap()
}

async fn mount_dk_token(server: &MockServer, token: &str, times: u64) {
    Mock::given(method("POST"))
        .and(path(DK_TOKEN_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": token, "token_type": "Bearer", "expires_in": 300,
            "refresh_expires_in": 0, "scope": "customers"
        })))
        .expect(times)
        .mount(server)
        .await;
}

#[tokio::test]
async fn dkhardware_create_sends_blank_address_strings_and_flags_as_values_not_null() {
    let server = MockServer::start().await;
    mount_dk_token(&server, "dk-access-1", 1).await;
    on("POST", "/dk/v1/customer/create", "Bearer dk-access-1")
        .respond_with(answer("dkhardware_create.json"))
        .expect(1)
        .mount(&server)
        .await;
    let client = dk_client(&server);
    let address = [
        ("firstName", "Some"),
        ("lastName", "Person"),
        ("zip", "80911"),
        ("country", "United States"),
        ("state", "CO"),
        ("city", "Colorado Springs"),
        ("address1", "55 Some St"),
        ("address2", ""),
        ("company", ""),
        ("phone", ""),
        ("altPhone", ""),
        ("fax", "24562456"),
        ("isDefaultBilling", ""),
        ("isDefaultShipping", "yes"),
    ];
    // As a form gives them: blank inputs are empty values.
    let address: Vec<(String, Value)> = address
        .iter()
        .map(|(k, v)| {
            let value = if v.is_empty() {
                Value::Empty
            } else {
                Value::Text(v.to_string())
            };
            (k.to_string(), value)
        })
        .collect();
    let mut values = text(&[
        ("firstName", "Some"),
        ("lastName", "Person"),
        ("email", "some.email@some.site"),
    ]);
    values.push(("addresses".into(), Value::List(vec![address])));
    client.create(&values).await.unwrap();
    let sent = body(&requests(&server).await.pop().unwrap());
    let address = &sent["customer"]["addresses"][0];
    // Contract: address2, company, phone, altPhone, fax are `string`; the flags `boolean default(false)`.
    for key in ["address2", "company", "phone", "altPhone"] {
        assert_eq!(address[key], json!(""), "{key}");
    }
    assert_eq!(address["fax"], json!("24562456"));
    assert_eq!(address["isDefaultBilling"], json!(false));
    assert_eq!(address["isDefaultShipping"], json!(true));
    server.verify().await;
}

#[tokio::test]
async fn dkhardware_requests_follow_the_docs() {
    let server = MockServer::start().await;
    mount_dk_token(&server, "dk-access-1", 1).await;
    let auth = "Bearer dk-access-1";
    on("GET", "/dk/v1/customer/", auth)
        .respond_with(answer("dkhardware_list.json"))
        .expect(1)
        .mount(&server)
        .await;
    on("GET", "/dk/v1/customer/21762", auth)
        .respond_with(answer("dkhardware_get.json"))
        .expect(2)
        .mount(&server)
        .await;
    on("POST", "/dk/v1/customer/create", auth)
        .respond_with(answer("dkhardware_create.json"))
        .expect(1)
        .mount(&server)
        .await;
    on("POST", "/dk/v1/customer/update", auth)
        .respond_with(answer("dkhardware_update.json"))
        .expect(1)
        .mount(&server)
        .await;
    on("POST", "/dk/v1/customer/status", auth)
        .respond_with(answer("dkhardware_status_succeeded.json"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    on("POST", "/dk/v1/customer/status", auth)
        .respond_with(answer("dkhardware_status_failed.json"))
        .expect(1)
        .mount(&server)
        .await;
    let client = dk_client(&server);

    let page = client.list(client.first_page()).await.unwrap();
    assert_eq!(page.records[0].id, "874410");

    // The token: one form POST with the client credentials, then Bearer on every API call.
    let sent = requests(&server).await;
    let token = &sent[0];
    assert_eq!(
        (token.method.as_str(), token.url.path()),
        ("POST", DK_TOKEN_PATH)
    );
    assert!(
        header(token, "content-type")
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded")),
        "{:?}",
        header(token, "content-type")
    );
    assert_eq!(
        form(&token.body),
        pairs(&[
            ("client_id", "partner-7"),
            ("client_secret", "s3cret &=+%"),
            ("grant_type", "client_credentials"),
            (
                "scope",
                "customers customers:create customers:update customers:status"
            ),
        ])
    );
    assert!(header(token, "authorization").is_none());
    assert_eq!(query(&sent[1]), pairs(&[("limit", "25"), ("offset", "0")]));

    let read = client.get("21762").await.unwrap();
    assert_eq!(read.text("lastName"), "Person");

    // Create: the current API's `{"customer": {…}}`, answered with a submission.
    let created = client
        .create(&text(&[
            ("firstName", "Some"),
            ("lastName", "Person"),
            ("email", "some.email@some.site"),
            ("company", "Horns and hooves"),
            ("phone", "14562356"),
            ("customerType", "business"),
        ]))
        .await
        .unwrap();
    assert_eq!(
        created.saved,
        Saved::Submitted("77921d3a-7838-40bf-a2d2-e30424d15520".into())
    );
    let create = body(&requests(&server).await.pop().unwrap());
    assert_eq!(
        create,
        json!({"customer": {
            "firstName": "Some", "lastName": "Person", "email": "some.email@some.site",
            "company": "Horns and hooves", "phone": "14562356", "customerType": "business"
        }})
    );

    // Update: a fresh read, then the contract "except addresses" (and the e-mail, fixed at creation),
    // with the id as a string.
    let updated = client
        .update(
            &read,
            &text(&[("lastName", "Big Person"), ("fax", "24562456")]),
        )
        .await
        .unwrap();
    assert_eq!(
        updated.saved,
        Saved::Submitted("ddf7db40-5d43-45f0-a260-8015320ed828".into())
    );
    let sent = requests(&server).await;
    assert_eq!(sent[sent.len() - 2].url.path(), "/dk/v1/customer/21762");
    let update = body(&sent[sent.len() - 1]);
    assert_eq!(keys(&update), key_set(&["customer"]));
    let customer = &update["customer"];
    assert_eq!(
        keys(customer),
        key_set(&[
            "customerId",
            "firstName",
            "lastName",
            "company",
            "phone",
            "altPhone",
            "fax",
        ])
    );
    // No type was set: `customerType` is left out (as in the doc's update example), never `null`.
    assert_eq!(customer["customerId"], json!("21762"), "a string id");
    assert_eq!(customer["lastName"], "Big Person");
    assert_eq!(customer["fax"], "24562456");
    assert_eq!(customer["firstName"], "Some", "kept as read");
    assert_eq!(customer["phone"], "713-254-1161", "kept as read");

    // Polling: `{"submissionId"}`; the numeric customerId of the answer becomes text.
    let done = client
        .submission("77921d3a-7838-40bf-a2d2-e30424d15520")
        .await
        .unwrap();
    assert_eq!(done.state, SubmissionState::Succeeded);
    assert_eq!(done.customer_id.as_deref(), Some("463118"));
    assert!(done.errors.is_empty());
    let poll = body(&requests(&server).await.pop().unwrap());
    assert_eq!(
        poll,
        json!({"submissionId": "77921d3a-7838-40bf-a2d2-e30424d15520"})
    );
    let failed = client
        .submission("ddf7db40-5d43-45f0-a260-8015320ed828")
        .await
        .unwrap();
    assert_eq!(failed.state, SubmissionState::Failed);
    assert_eq!(failed.customer_id, None);
    assert_eq!(
        failed.errors,
        vec!["Property Email failed validation. Error: 'Email' must not be empty.".to_string()]
    );
    // One token served every call (the mount expects exactly one).
    server.verify().await;
}

// ---------------------------------------------------------------- Reportei Connect

const UUID: &str = "caedbbbe-7d93-476f-b965-bf97cd7ce874";

#[tokio::test]
async fn reportei_requests_follow_the_docs() {
    let server = MockServer::start().await;
    let auth = "Bearer merchant-key";
    let one = format!("/api/customers/{UUID}");
    on("GET", "/api/customers", auth)
        .respond_with(answer("reportei_list.json"))
        .expect(2)
        .mount(&server)
        .await;
    on("GET", &one, auth)
        .respond_with(answer("reportei_get.json"))
        .expect(2)
        .mount(&server)
        .await;
    on("POST", "/api/customers", auth)
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_raw(fixture_text("reportei_create.json"), "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let mut renamed = fixture("reportei_get.json");
    renamed["customer"]["name"] = json!("Reportei Customer 1.1");
    on("PUT", &one, auth)
        .respond_with(ResponseTemplate::new(200).set_body_json(renamed))
        .expect(1)
        .mount(&server)
        .await;
    on("POST", &format!("{one}/update-payment-status"), auth)
        .respond_with(answer("reportei_payment.json"))
        .expect(2)
        .mount(&server)
        .await;
    on("DELETE", &one, auth)
        .respond_with(answer("reportei_delete.json"))
        .expect(1)
        .mount(&server)
        .await;
    on("GET", "/api/customers/settings", auth)
        .and(has_header("x-customer-token", "customer-token-1"))
        .respond_with(answer("reportei_settings.json"))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::new(&settings(
        ProviderId::Reportei,
        format!("{}/api", server.uri()),
        bearer("merchant-key"),
        TIMEOUT,
    ))
    .unwrap();

    client.list(client.first_page()).await.unwrap();
    client.list(page(Cursor::Page(2))).await.unwrap();
    let sent = requests(&server).await;
    assert_eq!(query(&sent[0]), pairs(&[("page", "1"), ("per_page", "25")]));
    assert_eq!(query(&sent[1]), pairs(&[("page", "2"), ("per_page", "25")]));

    let read = client.get(UUID).await.unwrap();

    // Create: `name` only; the one-time token comes back apart from the record.
    let created = client
        .create(&text(&[("name", "Reportei Customer 3")]))
        .await
        .unwrap();
    assert_eq!(
        body(&requests(&server).await.pop().unwrap()),
        json!({"name": "Reportei Customer 3"})
    );
    assert_eq!(
        created.token.as_ref().map(Secret::expose),
        Some("6d37ffcc936ffa1d2bf4f99dbea973b760988e6fe755a22c328d3d3f908f5f87")
    );
    let Saved::Record(created) = created.saved else {
        panic!("Reportei answers the saved customer");
    };
    assert_eq!(created.id, "9cdc0998-cd1c-406c-98b2-a40448486657");
    assert_eq!(created.get("api_token"), None);

    // Update: a fresh read, then a PUT of the writable fields (the name).
    let updated = client
        .update(&read, &text(&[("name", "Reportei Customer 1.1")]))
        .await
        .unwrap();
    let Saved::Record(updated) = updated.saved else {
        panic!("Reportei answers the saved customer");
    };
    assert_eq!(updated.text("name"), "Reportei Customer 1.1");
    let sent = requests(&server).await;
    assert_eq!(sent[sent.len() - 2].method.as_str(), "GET");
    assert_eq!(
        body(&sent[sent.len() - 1]),
        json!({"name": "Reportei Customer 1.1"})
    );

    // Payment status and delete answer with messages.
    for (action, paying) in [("paying", true), ("not_paying", false)] {
        let message = client.act(action, &read).await.unwrap();
        assert_eq!(
            message.as_deref(),
            Some("Customer is now marked as a paying customer")
        );
        assert_eq!(
            body(&requests(&server).await.pop().unwrap()),
            json!({"is_paying": paying})
        );
    }
    let message = client.act("delete", &read).await.unwrap();
    assert_eq!(message.as_deref(), Some("Record successfully removed"));

    // Settings: read with the customer's own token beside the merchant's.
    let settings = client
        .customer_settings(&Secret::new("customer-token-1"))
        .await
        .unwrap();
    assert_eq!(settings.id, "073c1e15-94d0-49b3-9861-a0e9b7ffb06c");

    for request in requests(&server).await {
        assert_eq!(header(&request, "accept"), Some("application/json"));
        if request.url.path() != "/api/customers/settings" {
            assert!(
                header(&request, "x-customer-token").is_none(),
                "the customer token goes only where it is needed"
            );
        }
    }
    server.verify().await;
}

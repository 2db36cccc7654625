//! Guardant Station's requests.

use super::*;

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

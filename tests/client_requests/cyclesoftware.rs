//! CycleSoftware's requests.

use super::*;

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

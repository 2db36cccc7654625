//! Ngorder's requests.

use super::*;

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

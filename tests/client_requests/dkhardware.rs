//! DK Hardware's requests.

use super::*;

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

//! Reportei Connect's requests.

use super::*;

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

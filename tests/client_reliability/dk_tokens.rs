//! DK Hardware's OAuth tokens: renewed when they expire or are refused.

use super::*;

#[tokio::test]
async fn dk_token_expiry_is_renewed_transparently() {
    let sandbox = sandbox::start(SandboxOptions {
        customers_per_provider: 40,
        dk_token_ttl: Duration::from_secs(1),
        ..SandboxOptions::default()
    })
    .await
    .unwrap();
    let client = Client::new(&sandbox_settings(&sandbox, ProviderId::DkHardware)).unwrap();
    let first = client.list(client.first_page()).await.unwrap();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let again = client.list(client.first_page()).await.unwrap();
    assert_eq!(first.records, again.records);
    sandbox.shutdown().await;
}

const DK_TOKEN_PATH: &str = "/token";

fn dk_client(server: &MockServer) -> Client {
    Client::new(&settings(
        ProviderId::DkHardware,
        server.uri(),
        Credentials::ClientCredentials {
            client_id: "partner-7".into(),
            client_secret: Secret::new("secret"),
            token_url: format!("{}{DK_TOKEN_PATH}", server.uri()),
            scope: "customers".into(),
        },
        TIMEOUT,
    ))
    .unwrap()
}

/// The token endpoint hands out `tok-1` first, then `tok-2`, each valid for an hour.
async fn mount_tokens(server: &MockServer) {
    for (token, times) in [("tok-1", Some(1)), ("tok-2", None)] {
        let mock = Mock::given(method("POST"))
            .and(path(DK_TOKEN_PATH))
            .respond_with(ResponseTemplate::new(200).set_body_json(
                json!({"access_token": token, "token_type": "Bearer", "expires_in": 3600}),
            ));
        match times {
            Some(n) => mock.up_to_n_times(n).mount(server).await,
            None => mock.mount(server).await,
        }
    }
}

fn dk_unauthorized() -> ResponseTemplate {
    ResponseTemplate::new(401).set_body_json(json!({"status": 401, "title": "Unauthorized"}))
}

fn count(calls: &[(String, String)], at: &str) -> usize {
    calls.iter().filter(|(_, p)| p == at).count()
}

#[tokio::test]
async fn dk_a_401_fetches_a_new_token_once_and_succeeds() {
    let server = MockServer::start().await;
    mount_tokens(&server).await;
    Mock::given(method("GET"))
        .and(path("/v1/customer/"))
        .and(has_header("authorization", "Bearer tok-1"))
        .respond_with(dk_unauthorized())
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/customer/"))
        .and(has_header("authorization", "Bearer tok-2"))
        .respond_with(answer("dkhardware_list.json"))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/customer/create"))
        .and(has_header("authorization", "Bearer tok-2"))
        .respond_with(answer("dkhardware_create.json"))
        .mount(&server)
        .await;
    let client = dk_client(&server);
    let page = client.list(client.first_page()).await.unwrap();
    assert_eq!(page.records[0].id, "874410");
    let calls = calls(&server).await;
    assert_eq!(count(&calls, DK_TOKEN_PATH), 2, "{calls:?}");
    assert_eq!(count(&calls, "/v1/customer/"), 2, "{calls:?}");

    // The renewed token is kept for the calls that follow.
    let created = client
        .create(&vec![(
            "email".into(),
            clientele::domain::Value::Text("a@b.example".into()),
        )])
        .await
        .unwrap();
    assert!(matches!(created.saved, Saved::Submitted(_)));
    assert_eq!(count(&fake::calls(&server).await, DK_TOKEN_PATH), 2);
}

#[tokio::test]
async fn dk_a_second_401_in_a_row_is_an_auth_error() {
    let server = MockServer::start().await;
    mount_tokens(&server).await;
    Mock::given(method("GET"))
        .and(path("/v1/customer/"))
        .respond_with(dk_unauthorized())
        .mount(&server)
        .await;
    let client = dk_client(&server);
    let error = client.list(client.first_page()).await.unwrap_err();
    assert_eq!(error.kind, ErrorKind::Auth, "{error}");
    assert_eq!(error.status, Some(401));
    let calls = calls(&server).await;
    assert_eq!(count(&calls, DK_TOKEN_PATH), 2, "renewed once: {calls:?}");
    assert_eq!(count(&calls, "/v1/customer/"), 2, "{calls:?}");
}

#[tokio::test]
async fn dk_a_create_refused_401_is_resent_once_with_a_new_token() {
    // A 401 means the request was not carried out, so even a create may go again once.
    let server = MockServer::start().await;
    mount_tokens(&server).await;
    Mock::given(method("POST"))
        .and(path("/v1/customer/create"))
        .and(has_header("authorization", "Bearer tok-1"))
        .respond_with(dk_unauthorized())
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/customer/create"))
        .and(has_header("authorization", "Bearer tok-2"))
        .respond_with(answer("dkhardware_create.json"))
        .expect(1)
        .mount(&server)
        .await;
    let client = dk_client(&server);
    let created = client
        .create(&vec![(
            "email".into(),
            clientele::domain::Value::Text("a@b.example".into()),
        )])
        .await
        .unwrap();
    assert_eq!(
        created.saved,
        Saved::Submitted("77921d3a-7838-40bf-a2d2-e30424d15520".into())
    );
    server.verify().await;
}

#[tokio::test]
async fn dk_refused_client_credentials_are_an_auth_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(DK_TOKEN_PATH))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({
            "error": "invalid_client",
            "error_description": "Invalid client or Invalid client credentials"
        })))
        .mount(&server)
        .await;
    let client = dk_client(&server);
    let error = client.list(client.first_page()).await.unwrap_err();
    assert_eq!(error.kind, ErrorKind::Auth);
    assert!(
        error
            .message
            .contains("Invalid client or Invalid client credentials"),
        "{error}"
    );
    assert_eq!(
        count(&fake::calls(&server).await, "/v1/customer/"),
        0,
        "no API call without a token"
    );
}

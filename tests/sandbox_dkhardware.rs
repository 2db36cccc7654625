//! Contract tests of the DK Hardware fake, over plain HTTP.

use std::collections::HashSet;
use std::time::Duration;

use clientele::domain::ProviderId;
use clientele::sandbox::{self, RunningSandbox, SandboxOptions, demo};
use serde_json::{Value, json};

async fn start_with(options: SandboxOptions) -> (RunningSandbox, String, reqwest::Client, String) {
    let sb = sandbox::start(options).await.expect("sandbox starts");
    let base = sb.base_url(ProviderId::DkHardware);
    let client = reqwest::Client::new();
    let token = token(&client, &sb.dk_token_url()).await;
    (sb, base, client, token)
}

async fn start() -> (RunningSandbox, String, reqwest::Client, String) {
    start_with(SandboxOptions {
        customers_per_provider: 250,
        seed: 7,
        dk_step: Duration::from_millis(50),
        ..Default::default()
    })
    .await
}

async fn token(client: &reqwest::Client, url: &str) -> String {
    let r = client
        .post(url)
        .form(&[
            ("client_id", demo::DK_CLIENT_ID),
            ("client_secret", demo::DK_CLIENT_SECRET),
            ("grant_type", "client_credentials"),
            ("scope", "customers"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["token_type"], "Bearer");
    assert!(body["expires_in"].as_u64().unwrap() > 0);
    body["access_token"].as_str().unwrap().to_string()
}

async fn call(
    client: &reqwest::Client,
    token: &str,
    method: reqwest::Method,
    url: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut rb = client.request(method, url).bearer_auth(token);
    if let Some(body) = body {
        rb = rb.json(&body);
    }
    let r = rb.send().await.unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

async fn poll(client: &reqwest::Client, token: &str, base: &str, submission: &str) -> Value {
    let mut seen = Vec::new();
    for _ in 0..100 {
        let (status, body) = call(
            client,
            token,
            reqwest::Method::POST,
            &format!("{base}/v1/customer/status"),
            Some(json!({"submissionId": submission})),
        )
        .await;
        assert_eq!(status, 200);
        let state = body["status"].as_str().unwrap().to_string();
        if seen.last() != Some(&state) {
            seen.push(state.clone());
        }
        if state == "Succeeded" || state == "Failed" {
            assert_eq!(seen[0], "Accepted", "{seen:?}");
            assert!(seen.contains(&"Processing".to_string()), "{seen:?}");
            return body;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("submission never settled: {seen:?}");
}

#[tokio::test]
async fn offset_paging_visits_every_customer_once() {
    let (sb, base, client, token) = start().await;
    let mut ids = HashSet::new();
    let mut last = String::from("9999");
    for offset in (0..300).step_by(70) {
        let (status, body) = call(
            &client,
            &token,
            reqwest::Method::GET,
            &format!("{base}/v1/customer/?limit=70&offset={offset}"),
            None,
        )
        .await;
        assert_eq!(status, 200);
        for c in body["payload"].as_array().unwrap() {
            assert!(ids.insert(c["customerId"].as_str().expect("string id").to_string()));
            let updated = c["updatedAt"].as_str().unwrap().to_string();
            assert!(!updated.ends_with('Z') && updated.len() == 19);
            assert!(updated <= last, "newest first");
            last = updated;
        }
    }
    assert_eq!(ids.len(), 250);
    let (status, body) = call(
        &client,
        &token,
        reqwest::Method::GET,
        &format!("{base}/v1/customer/?limit=1001"),
        None,
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(body["title"], "One or more validation errors occurred.");
    let (_, some) = call(
        &client,
        &token,
        reqwest::Method::GET,
        &format!("{base}/v1/customer/21001"),
        None,
    )
    .await;
    assert_eq!(some["payload"]["lastName"], "Person");
    assert!(some["payload"]["addresses"][0]["isDefaultBilling"].is_boolean());
    sb.shutdown().await;
}

#[tokio::test]
async fn create_succeeds_then_reads_and_duplicate_email_fails() {
    let (sb, base, client, token) = start().await;
    let customer = json!({"firstName": "Test", "lastName": "Buyer", "email": "test.buyer@example.org", "company": "",
        "phone": "14562356", "altPhone": null, "fax": null, "customerType": "business",
        "addresses": [{"firstName": "Test", "lastName": "Buyer", "zip": "80911", "country": "United States", "state": "CO",
            "city": "Colorado Springs", "address1": "55 Some St", "address2": null, "company": null, "phone": "56235776",
            "altPhone": null, "fax": null, "isDefaultBilling": true, "isDefaultShipping": true}]});
    let (status, sub) = call(
        &client,
        &token,
        reqwest::Method::POST,
        &format!("{base}/v1/customer/create"),
        Some(json!({"customer": customer})),
    )
    .await;
    assert_eq!(status, 200, "{sub}");
    let done = poll(
        &client,
        &token,
        &base,
        sub["submissionId"].as_str().unwrap(),
    )
    .await;
    assert_eq!(done["status"], "Succeeded", "{done}");
    let id = done["customerId"].as_u64().expect("numeric customerId");
    let (status, got) = call(
        &client,
        &token,
        reqwest::Method::GET,
        &format!("{base}/v1/customer/{id}"),
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(got["payload"]["customerId"], id.to_string());
    assert_eq!(got["payload"]["email"], "test.buyer@example.org");
    assert_eq!(got["payload"]["addresses"][0]["city"], "Colorado Springs");
    // The unwrapped seed form, reusing an email: accepted, then Failed.
    let (_, sub) = call(
        &client,
        &token,
        reqwest::Method::POST,
        &format!("{base}/v1/customer/create"),
        Some(customer),
    )
    .await;
    let failed = poll(
        &client,
        &token,
        &base,
        sub["submissionId"].as_str().unwrap(),
    )
    .await;
    assert_eq!(failed["status"], "Failed");
    assert!(failed["customerId"].is_null());
    assert!(
        failed["errors"][0]
            .as_str()
            .unwrap()
            .contains("already in use")
    );
    // An update of an unknown id fails asynchronously too.
    let (_, sub) = call(
        &client,
        &token,
        reqwest::Method::POST,
        &format!("{base}/v1/customer/update"),
        Some(json!({"customer": {"customerId": "1", "firstName": "A", "lastName": "B"}})),
    )
    .await;
    let failed = poll(
        &client,
        &token,
        &base,
        sub["submissionId"].as_str().unwrap(),
    )
    .await;
    assert_eq!(failed["status"], "Failed");
    let (status, _) = call(
        &client,
        &token,
        reqwest::Method::POST,
        &format!("{base}/v1/customer/status"),
        Some(json!({"submissionId": "nope"})),
    )
    .await;
    assert_eq!(status, 404);
    sb.shutdown().await;
}

#[tokio::test]
async fn validation_is_pascal_case_problem_details() {
    let (sb, base, client, token) = start().await;
    let (status, body) = call(&client, &token, reqwest::Method::POST, &format!("{base}/v1/customer/create"),
        Some(json!({"customerId": "5", "firstName": "x".repeat(151), "lastName": "Y", "customerType": "alien"}))).await;
    assert_eq!(status, 400);
    assert_eq!(body["status"], 400);
    let errors = &body["errors"];
    assert_eq!(errors["Email"][0], "'Email' must not be empty.");
    assert_eq!(errors["CustomerId"][0], "'Customer Id' must be empty.");
    assert!(
        errors["FirstName"].is_array() && errors["CustomerType"].is_array(),
        "{errors}"
    );
    let (status, body) = call(
        &client,
        &token,
        reqwest::Method::POST,
        &format!("{base}/v1/customer/update"),
        Some(json!({"firstName": "A", "lastName": "B"})),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        body["errors"]["CustomerId"][0],
        "'Customer Id' must not be empty."
    );
    sb.shutdown().await;
}

#[tokio::test]
async fn bad_client_expired_token_and_rate_limit() {
    let (sb, base, client, token) = start_with(SandboxOptions {
        customers_per_provider: 20,
        seed: 7,
        dk_token_ttl: Duration::from_millis(300),
        dk_reads_per_minute: 3,
        ..Default::default()
    })
    .await;
    let r = client
        .post(sb.dk_token_url())
        .form(&[
            ("client_id", "x"),
            ("client_secret", "y"),
            ("grant_type", "client_credentials"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 401);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"], "invalid_client");
    for _ in 0..3 {
        let (status, _) = call(
            &client,
            &token,
            reqwest::Method::GET,
            &format!("{base}/v1/customer/21001"),
            None,
        )
        .await;
        assert_eq!(status, 200);
    }
    let (status, _) = call(
        &client,
        &token,
        reqwest::Method::GET,
        &format!("{base}/v1/customer/21001"),
        None,
    )
    .await;
    assert_eq!(status, 429);
    tokio::time::sleep(Duration::from_millis(400)).await;
    let (status, body) = call(
        &client,
        &token,
        reqwest::Method::GET,
        &format!("{base}/v1/customer/21001"),
        None,
    )
    .await;
    assert_eq!(status, 401, "expired token");
    assert_eq!(body["status"], 401);
    sb.shutdown().await;
}

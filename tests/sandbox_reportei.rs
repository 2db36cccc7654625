//! Contract tests of the Reportei Connect fake, over plain HTTP.

use std::collections::HashSet;

use clientele::domain::ProviderId;
use clientele::sandbox::{self, SandboxOptions, demo};
use serde_json::{Value, json};

async fn call(
    client: &reqwest::Client,
    method: reqwest::Method,
    url: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut rb = client
        .request(method, url)
        .bearer_auth(demo::REPORTEI_TOKEN);
    if let Some(body) = body {
        rb = rb.json(&body);
    }
    let r = rb.send().await.unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

#[tokio::test]
async fn reportei_contract() {
    let sb = sandbox::start(SandboxOptions {
        customers_per_provider: 250,
        seed: 7,
        ..Default::default()
    })
    .await
    .unwrap();
    let base = sb.base_url(ProviderId::Reportei);
    let client = reqwest::Client::new();
    // Paging visits every customer once.
    let mut ids = HashSet::new();
    for page in 1..=3 {
        let (status, body) = call(
            &client,
            reqwest::Method::GET,
            &format!("{base}/customers?page={page}&per_page=100"),
            None,
        )
        .await;
        assert_eq!(status, 200);
        assert_eq!(body["meta"]["total"], 250);
        assert_eq!(body["meta"]["last_page"], 3);
        for c in body["data"].as_array().unwrap() {
            assert!(c.get("api_token").is_none());
            assert!(ids.insert(c["uuid"].as_str().unwrap().to_string()));
        }
    }
    assert_eq!(ids.len(), 250);
    let (_, first) = call(
        &client,
        reqwest::Method::GET,
        &format!("{base}/customers"),
        None,
    )
    .await;
    assert_eq!(first["meta"]["per_page"], 15);
    assert_eq!(first["data"][0]["name"], "Agência Aurora");
    let fixed = first["data"][0]["uuid"].as_str().unwrap().to_string();
    let (status, got) = call(
        &client,
        reqwest::Method::GET,
        &format!("{base}/customers/{fixed}"),
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(got["customer"]["name"], "Agência Aurora");
    // Create returns the token once.
    let (status, created) = call(
        &client,
        reqwest::Method::POST,
        &format!("{base}/customers"),
        Some(json!({"name": "Agência Teste"})),
    )
    .await;
    assert_eq!(status, 201);
    let token = created["customer"]["api_token"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(token.len() == 64 && token.chars().all(|c| c.is_ascii_hexdigit()));
    let uuid = created["customer"]["uuid"].as_str().unwrap().to_string();
    let (_, got) = call(
        &client,
        reqwest::Method::GET,
        &format!("{base}/customers/{uuid}"),
        None,
    )
    .await;
    assert!(got["customer"].get("api_token").is_none());
    assert_eq!(got["customer"]["name"], "Agência Teste");
    // Settings with the token, and refused with a wrong one.
    let r = client
        .get(format!("{base}/customers/settings"))
        .bearer_auth(demo::REPORTEI_TOKEN)
        .header("x-customer-token", &token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let s: Value = r.json().await.unwrap();
    assert_eq!(s["customer"]["uuid"], uuid.as_str());
    assert!(!s["customer"]["integrations"].as_array().unwrap().is_empty());
    let r = client
        .get(format!("{base}/customers/settings"))
        .bearer_auth(demo::REPORTEI_TOKEN)
        .header("x-customer-token", "0".repeat(64))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 401);
    assert_eq!(
        r.json::<Value>().await.unwrap()["message"],
        "Unauthenticated."
    );
    // Payment status, update, validation, delete, auth.
    let (status, paid) = call(
        &client,
        reqwest::Method::POST,
        &format!("{base}/customers/{uuid}/update-payment-status"),
        Some(json!({"is_paying": true})),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        paid["message"],
        "Customer is now marked as a paying customer"
    );
    let (_, got) = call(
        &client,
        reqwest::Method::GET,
        &format!("{base}/customers/{uuid}"),
        None,
    )
    .await;
    assert_eq!(got["customer"]["is_paying"], true);
    let (status, bad) = call(
        &client,
        reqwest::Method::PUT,
        &format!("{base}/customers/{uuid}"),
        Some(json!({"name": ""})),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(bad["error"]["code"], "validation_error");
    assert_eq!(
        bad["error"]["details"]["name"][0],
        "The name field is required."
    );
    let (status, del) = call(
        &client,
        reqwest::Method::DELETE,
        &format!("{base}/customers/{uuid}"),
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(del["message"], "Record successfully removed");
    let (status, missing) = call(
        &client,
        reqwest::Method::GET,
        &format!("{base}/customers/{uuid}"),
        None,
    )
    .await;
    assert_eq!(status, 404);
    assert!(missing["message"].is_string());
    let r = client
        .get(format!("{base}/customers"))
        .bearer_auth("wrong")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 401);
    assert_eq!(
        r.json::<Value>().await.unwrap(),
        json!({"message": "Unauthenticated."})
    );
    sb.shutdown().await;
}

//! Contract tests of the Guardant Station fake, over plain HTTP.

use std::collections::HashSet;

use clientele::domain::ProviderId;
use clientele::sandbox::{self, RunningSandbox, SandboxOptions, demo};
use serde_json::{Value, json};

async fn start() -> (RunningSandbox, String, reqwest::Client) {
    let sb = sandbox::start(SandboxOptions {
        customers_per_provider: 250,
        seed: 7,
        ..Default::default()
    })
    .await
    .expect("sandbox starts");
    let base = sb.base_url(ProviderId::Guardant);
    (sb, base, reqwest::Client::new())
}

async fn call(
    client: &reqwest::Client,
    method: reqwest::Method,
    url: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut rb = client
        .request(method, url)
        .bearer_auth(demo::GUARDANT_TOKEN);
    if let Some(body) = body {
        rb = rb.json(&body);
    }
    let r = rb.send().await.unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

async fn get(client: &reqwest::Client, url: &str) -> (u16, Value) {
    call(client, reqwest::Method::GET, url, None).await
}

#[tokio::test]
async fn offset_paging_visits_every_customer_once_in_order() {
    let (sb, base, client) = start().await;
    let mut ids = HashSet::new();
    let mut keys = Vec::new();
    let mut offset = 0;
    loop {
        let (status, body) = get(
            &client,
            &format!("{base}/customers?sortby=name&limit=60&offset={offset}"),
        )
        .await;
        assert_eq!(status, 200);
        let page = body["customers"].as_array().unwrap();
        for c in page {
            assert!(ids.insert(c["_id"].as_u64().unwrap()));
            keys.push((
                c["lastname"].as_str().unwrap().to_string(),
                c["name"].as_str().unwrap().to_string(),
            ));
        }
        if page.len() < 60 {
            break;
        }
        offset += 60;
    }
    assert_eq!(ids.len(), 250);
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "sortby=name orders by last name, first name");
    let (_, desc) = get(
        &client,
        &format!("{base}/customers?sortby=name&direction=desc&limit=1"),
    )
    .await;
    assert_eq!(
        desc["customers"][0]["lastname"].as_str().unwrap(),
        sorted.last().unwrap().0
    );
    let (_, companies) = get(&client, &format!("{base}/customers?type=company")).await;
    let companies = companies["customers"].as_array().unwrap();
    assert!(!companies.is_empty() && companies.iter().all(|c| c["companyname"] != ""));
    assert!(
        companies
            .iter()
            .any(|c| c["companyname"] == "ООО «Ромашка»")
    );
    let (_, archived) = get(&client, &format!("{base}/customers?archived=true")).await;
    assert!(
        archived["customers"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["archived"] == true && c["archivationdate"].as_i64().unwrap() > 0)
    );
    let (_, one) = get(&client, &format!("{base}/customers/1")).await;
    assert_eq!(one["customer"]["lastname"], "Петров");
    sb.shutdown().await;
}

#[tokio::test]
async fn create_get_archive_delete() {
    let (sb, base, client) = start().await;
    let (status, created) = call(&client, reqwest::Method::POST, &format!("{base}/customers"), Some(json!({
        "customerName": "Пётр", "customerLastName": "Сидоров", "customerEmail": "petr@example.ru",
        "customerCompanyName": "", "customerPhone": "+7 (912) 000-00-00", "customerDescription": "Создан тестом",
        "customerStatus": 1, "archived": false, "crmId": "CRM-1", "refId": "R-1"}))).await;
    assert_eq!(status, 200, "{created}");
    let id = created["customer"]["_id"].as_u64().unwrap();
    let (_, got) = get(&client, &format!("{base}/customers/{id}")).await;
    assert_eq!(got, created);
    assert_eq!(got["customer"]["lastname"], "Сидоров");
    assert_eq!(got["customer"]["crmid"], "CRM-1");
    assert_eq!(got["customer"]["archivationdate"], 0);
    let (_, archived) = call(
        &client,
        reqwest::Method::PUT,
        &format!("{base}/customers/{id}"),
        Some(json!({"archived": true})),
    )
    .await;
    assert_eq!(archived["customer"]["archived"], true);
    assert!(archived["customer"]["archivationdate"].as_i64().unwrap() > 1_700_000_000);
    assert_eq!(
        archived["customer"]["name"], "Пётр",
        "fields not sent are kept"
    );
    let (_, back) = call(
        &client,
        reqwest::Method::PUT,
        &format!("{base}/customers/{id}"),
        Some(json!({"archived": false})),
    )
    .await;
    assert_eq!(back["customer"]["archivationdate"], 0);
    let (status, _) = call(
        &client,
        reqwest::Method::DELETE,
        &format!("{base}/customers/{id}"),
        None,
    )
    .await;
    assert_eq!(status, 200);
    let (status, gone) = get(&client, &format!("{base}/customers/{id}")).await;
    assert_eq!(status, 404);
    assert!(gone["code"].is_u64() && gone["message"].is_string());
    sb.shutdown().await;
}

#[tokio::test]
async fn basic_auth_works_and_bad_auth_is_401() {
    let (sb, base, client) = start().await;
    let r = client
        .get(format!("{base}/customers?limit=1"))
        .basic_auth(demo::GUARDANT_USERNAME, Some(demo::GUARDANT_PASSWORD))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let r = client
        .get(format!("{base}/customers"))
        .bearer_auth("wrong")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 401);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["code"], 1001);
    sb.shutdown().await;
}

#[tokio::test]
async fn validation_errors_are_400_with_a_code() {
    let (sb, base, client) = start().await;
    let (status, body) = call(
        &client,
        reqwest::Method::POST,
        &format!("{base}/customers"),
        Some(json!({"customerLastName": "X"})),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(body["code"], 1003);
    assert!(body["message"].as_str().unwrap().contains("customerName"));
    let (status, body) = call(
        &client,
        reqwest::Method::POST,
        &format!("{base}/customers"),
        Some(json!({"customerName": "X", "customerEmail": "nope"})),
    )
    .await;
    assert_eq!(status, 400);
    assert!(body["message"].as_str().unwrap().contains("customerEmail"));
    for q in ["limit=0", "limit=101", "direction=up", "sortby=email"] {
        let (status, _) = get(&client, &format!("{base}/customers?{q}")).await;
        assert_eq!(status, 400, "{q}");
    }
    sb.shutdown().await;
}

#[tokio::test]
async fn orders_filter_and_sort() {
    let (sb, base, client) = start().await;
    let mut checked = false;
    for id in 1..60 {
        let (status, all) = get(&client, &format!("{base}/customers/{id}/orders")).await;
        assert_eq!(status, 200);
        let all = all["orders"].as_array().unwrap().clone();
        if all.len() < 3 {
            continue;
        }
        let (_, some) = get(
            &client,
            &format!("{base}/customers/{id}/orders?status=0,1&sortby=submitdate&direction=desc"),
        )
        .await;
        let some = some["orders"].as_array().unwrap();
        assert_eq!(some.len(), all.iter().filter(|o| o["status"] != 2).count());
        let dates: Vec<i64> = some
            .iter()
            .map(|o| o["submitdate"].as_i64().unwrap())
            .collect();
        assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
        assert!(
            some.iter()
                .all(|o| o.get("activationlimit").is_some() && o.get("isdemo").is_some())
        );
        checked = true;
        break;
    }
    assert!(checked);
    let (status, _) = get(&client, &format!("{base}/customers/99999/orders")).await;
    assert_eq!(status, 404);
    sb.shutdown().await;
}

//! Contract tests of the Ngorder fake, over plain HTTP.

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
    let base = sb.base_url(ProviderId::Ngorder);
    (sb, base, reqwest::Client::new())
}

async fn get(client: &reqwest::Client, url: &str) -> (u16, Value) {
    let r = client
        .get(url)
        .bearer_auth(demo::NGORDER_TOKEN)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

async fn send(
    client: &reqwest::Client,
    method: reqwest::Method,
    url: &str,
    body: Value,
) -> (u16, Value) {
    let r = client
        .request(method, url)
        .bearer_auth(demo::NGORDER_TOKEN)
        .json(&body)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

#[tokio::test]
async fn paging_visits_every_customer_once() {
    let (sb, base, client) = start().await;
    let mut ids = HashSet::new();
    let mut page = 1;
    loop {
        let (status, body) = get(
            &client,
            &format!("{base}/customer?per_page=40&pagination_offset={page}"),
        )
        .await;
        assert_eq!(status, 200);
        assert!(body.get("response").is_none(), "list omits response");
        let p = &body["meta"]["pagination"];
        assert_eq!(p["total"], 250);
        assert_eq!(p["per_page"], 40);
        assert_eq!(p["current_page"], page);
        assert_eq!(p["total_pages"], 7);
        let items = body["data"].as_array().unwrap();
        assert_eq!(p["count"], items.len());
        for item in items {
            assert!(item["phone"].is_string() && item["postal_code"].is_string());
            assert!(ids.insert(item["id"].as_u64().unwrap()), "duplicate {item}");
        }
        if page == 7 {
            assert!(p["links"].get("next").is_none());
            break;
        }
        let next = p["links"]["next"].as_str().unwrap();
        assert!(
            next.contains("/api/open/customer?")
                && next.contains(&format!("pagination_offset={}", page + 1))
        );
        page += 1;
    }
    assert_eq!(ids.len(), 250);
    sb.shutdown().await;
}

#[tokio::test]
async fn fixed_customer_and_filters() {
    let (sb, base, client) = start().await;
    let (_, body) = get(
        &client,
        &format!("{base}/customer?keyword=budi%20santoso&type=NAME"),
    )
    .await;
    let names: Vec<&str> = body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"Budi Santoso"), "{names:?}");
    let (_, body) = get(&client, &format!("{base}/customer?category=Y&per_page=100")).await;
    let items = body["data"].as_array().unwrap();
    assert!(!items.is_empty());
    assert!(
        items
            .iter()
            .all(|c| c["category_code"] == "Y" && c["category"] == "Reseller")
    );
    let (_, body) = get(&client, &format!("{base}/customer?create_from=2030-01-01")).await;
    assert_eq!(body["meta"]["pagination"]["total"], 0);
    let (_, latest) = get(
        &client,
        &format!("{base}/customer?order_by=LATEST_CUSTOMER&per_page=2"),
    )
    .await;
    let a = latest["data"][0]["created_at"]
        .as_str()
        .unwrap()
        .to_string();
    let b = latest["data"][1]["created_at"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(a >= b, "{a} {b}");
    let (_, body) = get(
        &client,
        &format!("{base}/customer?order_by=LAST_ORDER&per_page=100&pagination_offset=3"),
    )
    .await;
    assert_eq!(body["data"].as_array().unwrap().len(), 50);
    sb.shutdown().await;
}

#[tokio::test]
async fn create_then_find_by_keyword() {
    let (sb, base, client) = start().await;
    let (status, created) = send(
        &client,
        reqwest::Method::POST,
        &format!("{base}/customer/create"),
        json!({"name": "Testina Kurniasari", "phone": 6281234567890u64, "district_id": 3201,
               "address": "Jln. Uji No. 1", "postal_code": "52192", "category": "D",
               "email": "testina@example.com", "is_active": "Y"}),
    )
    .await;
    assert_eq!(status, 200, "{created}");
    assert_eq!(created["response"], "Success");
    let id = created["data"]["customer_id"].as_u64().expect("integer id");
    let (_, body) = get(&client, &format!("{base}/customer?keyword=Testina")).await;
    let item = &body["data"][0];
    assert_eq!(item["id"], id);
    assert_eq!(item["phone"], "6281234567890");
    assert_eq!(item["district"], "Dukuhturi");
    assert_eq!(item["city"], "Kabupaten Tegal");
    assert_eq!(item["category"], "Dropshipper");
    assert_eq!(body["meta"]["pagination"]["total"], 1);
    let (status, updated) = send(
        &client,
        reqwest::Method::PATCH,
        &format!("{base}/customer/update"),
        json!({"customer_id": id, "line": "testina_line"}),
    )
    .await;
    assert_eq!(status, 200, "{updated}");
    let (_, body) = get(
        &client,
        &format!("{base}/customer?keyword=testina@example&type=EMAIL"),
    )
    .await;
    assert_eq!(body["data"][0]["line"], "testina_line");
    assert_eq!(
        body["data"][0]["name"], "Testina Kurniasari",
        "partial update keeps name"
    );
    sb.shutdown().await;
}

#[tokio::test]
async fn wrong_token_is_401_failed() {
    let (sb, base, client) = start().await;
    let r = client
        .get(format!("{base}/customer"))
        .bearer_auth("nope")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 401);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["response"], "Failed");
    assert!(body["message"].is_string());
    let r = client.get(format!("{base}/region")).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 401);
    sb.shutdown().await;
}

#[tokio::test]
async fn validation_errors_name_fields() {
    let (sb, base, client) = start().await;
    let (status, body) = send(
        &client,
        reqwest::Method::POST,
        &format!("{base}/customer/create"),
        json!({"phone": "08-12", "district_id": 99999, "address": "x", "category": "Z",
               "email": "bad", "is_active": "Y"}),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(body["response"], "Failed");
    assert!(body["data"].is_null() && body["request_id"].is_string());
    let m = &body["message"];
    for field in ["name", "phone", "district_id", "category", "email"] {
        assert!(
            m[field].as_array().is_some_and(|l| !l.is_empty()),
            "{field}: {m}"
        );
    }
    assert!(m.get("address").is_none());
    let (status, body) = get(
        &client,
        &format!("{base}/customer?keyword={}", "x".repeat(51)),
    )
    .await;
    assert_eq!(status, 422);
    assert!(body["message"]["keyword"].is_array());
    let (status, body) = get(&client, &format!("{base}/customer?per_page=101")).await;
    assert_eq!(status, 422, "{body}");
    sb.shutdown().await;
}

#[tokio::test]
async fn activation_status_blocks_unblocks_and_deletes() {
    let (sb, base, client) = start().await;
    let url = format!("{base}/customer/activation-status");
    let (status, body) = send(
        &client,
        reqwest::Method::PATCH,
        &url,
        json!({"id": 101, "status": "4"}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["message"], "Budi has been blocked");
    assert_eq!(body["data"]["customer_id"], "101", "id is a string here");
    let (_, list) = get(
        &client,
        &format!("{base}/customer?registration_status=4&per_page=100"),
    )
    .await;
    assert!(
        list["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == 101)
    );
    let (_, body) = send(
        &client,
        reqwest::Method::PATCH,
        &url,
        json!({"id": 101, "status": 6}),
    )
    .await;
    assert_eq!(body["message"], "Budi has been unblocked");
    let (_, list) = get(&client, &format!("{base}/customer?keyword=Budi%20Santoso")).await;
    let budi = list["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == 101)
        .unwrap()
        .clone();
    assert_eq!(budi["registration_status"], "1");
    let (_, body) = send(
        &client,
        reqwest::Method::PATCH,
        &url,
        json!({"id": 101, "status": "5"}),
    )
    .await;
    assert_eq!(body["response"], "Success");
    let (_, list) = get(&client, &format!("{base}/customer?per_page=1")).await;
    assert_eq!(list["meta"]["pagination"]["total"], 249);
    let (status, body) = send(
        &client,
        reqwest::Method::PATCH,
        &url,
        json!({"id": 101, "status": "4"}),
    )
    .await;
    assert_eq!(status, 422, "deleted customer is unknown: {body}");
    assert!(body["message"]["id"].is_array());
    sb.shutdown().await;
}

#[tokio::test]
async fn lookups_orders_and_reports() {
    let (sb, base, client) = start().await;
    let (_, regions) = get(&client, &format!("{base}/region?keyword=tegal")).await;
    let region = &regions["data"][0];
    assert_eq!(
        regions["data"].as_array().unwrap().len(),
        1,
        "per_page defaults to 1"
    );
    assert!(region["id"].is_u64() && region["postal_code"].is_array());
    assert_eq!(region["district"]["name"], "Kabupaten Tegal");
    let (_, cats) = get(&client, &format!("{base}/customer-category?status=Y")).await;
    let codes: Vec<&str> = cats["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"N") && codes.contains(&"D") && codes.contains(&"1"),
        "{codes:?}"
    );
    // Find a customer with several orders and page through them.
    let mut found = false;
    for id in 101..140 {
        let (status, h) = get(
            &client,
            &format!("{base}/customer/order-history?id={id}&per_page=2"),
        )
        .await;
        assert_eq!(status, 200);
        let total = h["meta"]["pagination"]["total"].as_u64().unwrap();
        assert_eq!(h["total"]["orders"], total);
        if total >= 3 {
            let next = h["meta"]["pagination"]["links"]["next"].as_str().unwrap();
            assert!(
                next.contains("/api/open/customer/order-history?")
                    && next.contains(&format!("id={id}"))
            );
            let (_, again) = get(
                &client,
                &format!("{base}/customer/order-history?id={id}&per_page=2"),
            )
            .await;
            assert_eq!(h, again, "orders are deterministic");
            assert!(h["data"][0]["order_detail"][0]["product_name"].is_string());
            found = true;
            break;
        }
    }
    assert!(found);
    let (_, months) = get(&client, &format!("{base}/customer/per-month")).await;
    let sum: u64 = months["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["total"].as_u64().unwrap())
        .sum();
    assert_eq!(sum, 250);
    let (_, dl) = get(&client, &format!("{base}/customer/download")).await;
    assert!(dl["response"].as_str().unwrap().contains('@'));
    sb.shutdown().await;
}

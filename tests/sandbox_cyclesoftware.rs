//! Contract tests of the CycleSoftware fake, over plain HTTP.

use std::collections::HashSet;

use clientele::domain::ProviderId;
use clientele::sandbox::{self, RunningSandbox, SandboxOptions, demo};
use serde_json::{Value, json};

async fn start_with(options: SandboxOptions) -> (RunningSandbox, String, reqwest::Client) {
    let sb = sandbox::start(options).await.expect("sandbox starts");
    let base = sb.base_url(ProviderId::CycleSoftware);
    (sb, base, reqwest::Client::new())
}

async fn start() -> (RunningSandbox, String, reqwest::Client) {
    start_with(SandboxOptions {
        customers_per_provider: 250,
        seed: 7,
        ..Default::default()
    })
    .await
}

fn auth(rb: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
    rb.basic_auth(
        demo::CYCLESOFTWARE_USERNAME,
        Some(demo::CYCLESOFTWARE_PASSWORD),
    )
}

async fn get(client: &reqwest::Client, url: &str) -> (u16, Value) {
    let r = auth(client.get(url)).send().await.unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

#[tokio::test]
async fn list_pages_visit_every_customer_once() {
    let (sb, base, client) = start().await;
    let mut ids = HashSet::new();
    let mut offset = 0u64;
    let mut pages = 0;
    loop {
        let (status, body) = get(
            &client,
            &format!("{base}/api/v1/customers/list.json?offset={offset}"),
        )
        .await;
        assert_eq!(status, 200);
        assert_eq!(body["error"], false);
        let customers = body["customers"].as_array().unwrap();
        assert_eq!(body["pagination"]["count"], customers.len());
        for c in customers {
            assert!(ids.insert(c["customer_id"].as_u64().unwrap()));
        }
        pages += 1;
        match body["pagination"]["next_offset"].as_u64() {
            Some(next) => offset = next,
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(ids.len(), 250);
    sb.shutdown().await;
}

#[tokio::test]
async fn fixed_records_and_find_quirks() {
    let (sb, base, client) = start().await;
    let (status, body) = get(&client, &format!("{base}/api/v1/customers/find.json")).await;
    assert_eq!(status, 200, "no parameters still answers 200");
    assert_eq!(body["error"], true);
    assert!(body["error_message"].is_string());
    let (status, found) = get(
        &client,
        &format!("{base}/api/v1/customers/find.json?query=Wijgergangs"),
    )
    .await;
    assert_eq!(status, 200);
    let found = found.as_array().expect("bare array");
    let giel = found
        .iter()
        .find(|c| c["customer_id"] == 1001)
        .expect("the fixed record");
    assert!(
        giel.get("company_name").is_none(),
        "company_name absent: {giel}"
    );
    assert_eq!(giel["country_code_iso_3166"], "BE");
    assert_eq!(giel["phone_numbers"][0]["phone_number_id"], "mob");
    let (_, by_pc) = get(
        &client,
        &format!(
            "{base}/api/v1/customers/find.json?postal_code=1000&housenumber=2&housenumber_postfix=b"
        ),
    )
    .await;
    assert!(
        by_pc
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["customer_id"] == 1001)
    );
    let (_, typed) = get(
        &client,
        &format!("{base}/api/v1/customers/find.json?customer_type_id=4"),
    )
    .await;
    let typed = typed.as_array().unwrap();
    assert!(!typed.is_empty() && typed.len() <= 100);
    assert!(typed.iter().all(|c| c["customer_type_name"] == "Zakelijk"));
    let (_, all) = get(
        &client,
        &format!("{base}/api/v1/customers/find.json?country_code=NL"),
    )
    .await;
    assert_eq!(all.as_array().unwrap().len(), 100, "find caps at 100");
    let (_, types) = get(
        &client,
        &format!("{base}/api/v1/common/enum/customer_types.json"),
    )
    .await;
    let names: Vec<&str> = types
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["description"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Klant",
            "Leverancier",
            "E-commerce",
            "Zakelijk",
            "Lease-rijder",
            "Lease-maatschappij",
            "Werkgever"
        ]
    );
    let (_, all_enums) = get(&client, &format!("{base}/api/v1/common/enum.json")).await;
    assert_eq!(all_enums["customer_types"][1]["description_en"], "Supplier");
    sb.shutdown().await;
}

#[tokio::test]
async fn create_get_and_full_replacement() {
    let (sb, base, client) = start().await;
    let body = json!({"customer_type_name": "Zakelijk", "company_name": "Testfietsen BV", "first_name": "Tim",
        "insertion": "van", "name": "Testen", "postcode": "5388GM", "house_number": "1", "city": "Nistelrode",
        "country_code_iso_3166": "NL", "email": "tim@example.nl", "discount_percentage": 10,
        "phone_numbers": [{"phone_number_id": "mob", "phone_number": "06-12345678", "name": "Tim"}]});
    let r = auth(client.post(format!("{base}/api/v1/customers.json")))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let created: Value = r.json().await.unwrap();
    let id = created["customer_id"].as_u64().unwrap();
    assert!(created["datetime_created"].is_string());
    let (status, got) = get(&client, &format!("{base}/api/v1/customers/{id}.json")).await;
    assert_eq!(status, 200);
    assert_eq!(got, created);
    assert_eq!(got["phone_numbers"][0]["customer_id"], id);
    let before = chrono_now_minus(5);
    let r = auth(client.put(format!("{base}/api/v1/customers/{id}.json")))
        .json(&json!({"name": "Testen", "city": "Oss"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let (_, got) = get(&client, &format!("{base}/api/v1/customers/{id}.json")).await;
    assert_eq!(got["city"], "Oss");
    assert_eq!(got["company_name"], "", "fields not sent become empty");
    assert_eq!(got["email"], "");
    assert_eq!(got["phone_numbers"], json!([]));
    let (_, changed) = get(
        &client,
        &format!("{base}/api/v1/customers/list.json?modified_since={before}"),
    )
    .await;
    let ids: Vec<u64> = changed["customers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["customer_id"].as_u64().unwrap())
        .collect();
    assert_eq!(ids, [id]);
    let (status, missing) = get(&client, &format!("{base}/api/v1/customers/999999.json")).await;
    assert_eq!(status, 404);
    assert_eq!(missing["error"], true);
    sb.shutdown().await;
}

/// `yyyy-mm-dd hh:mm:ss` (URL-encoded) for now minus `secs`, computed without a date library.
fn chrono_now_minus(secs: u64) -> String {
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        - secs;
    let days = (t / 86_400) as i64;
    let (y, m, d) = {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        (yoe + era * 400 + i64::from(m <= 2), m, d)
    };
    let s = t % 86_400;
    format!(
        "{y:04}-{m:02}-{d:02}%20{:02}:{:02}:{:02}",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

#[tokio::test]
async fn errors_come_in_the_cyclesoftware_shape() {
    let (sb, base, client) = start().await;
    let r = client
        .get(format!("{base}/api/v1/customers/list.json"))
        .basic_auth("demo", Some("wrong"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 401);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"], true);
    assert!(body["error_message"].is_string());
    let r = auth(client.post(format!("{base}/api/v1/customers.json")))
        .json(&json!({"email": "broken", "country_code_iso_3166": "NLD", "customer_type_name": "Nope"}))
        .send().await.unwrap();
    assert_eq!(r.status().as_u16(), 400);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"], true);
    let msg = body["error_message"].as_str().unwrap();
    assert!(
        msg.contains("name")
            && msg.contains("e-mail")
            && msg.contains("country")
            && msg.contains("customer_type_name"),
        "{msg}"
    );
    let (status, body) = get(
        &client,
        &format!("{base}/api/v1/customers/list.json?modified_since=2024-01-01T00:00:00Z"),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(body["error"], true);
    sb.shutdown().await;
}

#[tokio::test]
async fn rate_limit_counts_down_then_429() {
    let (sb, base, client) = start_with(SandboxOptions {
        customers_per_provider: 10,
        seed: 7,
        cs_minute_limit: 4,
        cs_daily_limit: 100,
        ..Default::default()
    })
    .await;
    let url = format!("{base}/api/v1/common/enum.json");
    for expected in (0..4).rev() {
        let r = auth(client.get(&url)).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 200);
        let h = r.headers();
        assert_eq!(h["x-ratelimit-minutely-limit"], "4");
        assert_eq!(
            h["x-ratelimit-minutely-remaining"],
            expected.to_string().as_str()
        );
        assert_eq!(h["x-ratelimit-daily-limit"], "100");
        let reset: i64 = h["x-ratelimit-daily-reset"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(reset % 86_400, 0);
    }
    let r = auth(client.get(&url)).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 429);
    assert_eq!(r.headers()["x-ratelimit-minutely-remaining"], "0");
    assert_eq!(r.headers()["x-ratelimit-daily-remaining"], "96");
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"], true);
    sb.shutdown().await;
}

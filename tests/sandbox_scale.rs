//! Large data sets start fast and serve first and last pages from every provider, in each default
//! order, a documented sort and the incremental filters a sync uses. Debug builds use 200,000
//! customers per provider; release builds (`cargo test --release --test sandbox_scale -- --nocapture`)
//! use 1,000,000 and print the timings. The figures to compare are in `cargo bench --bench sandbox`.

use std::time::Instant;

use clientele::domain::ProviderId;
use clientele::sandbox::{self, SandboxOptions, demo};
use serde_json::Value;

#[tokio::test]
async fn large_data_set_starts_and_serves_first_and_last_pages() {
    let n = if cfg!(debug_assertions) {
        200_000
    } else {
        1_000_000
    };
    let t = Instant::now();
    let sb = sandbox::start(SandboxOptions {
        customers_per_provider: n,
        ..Default::default()
    })
    .await
    .unwrap();
    let started = t.elapsed();
    let client = reqwest::Client::new();
    let dk_token = sb.dk_demo_token(&client).await.unwrap();
    let (last_page, last_offset) = (n / 100, n - 100);
    let requests = [
        (ProviderId::Ngorder, "/customer?per_page=100".to_string()),
        (
            ProviderId::Ngorder,
            format!("/customer?per_page=100&order_by=LAST_ORDER&pagination_offset={last_page}"),
        ),
        (
            ProviderId::CycleSoftware,
            "/api/v1/customers/list.json".to_string(),
        ),
        (
            ProviderId::CycleSoftware,
            format!(
                "/api/v1/customers/list.json?modified_since=2000-01-01%2000:00:00&offset={last_offset}"
            ),
        ),
        (ProviderId::Guardant, "/customers?limit=100".to_string()),
        (
            ProviderId::Guardant,
            format!("/customers?limit=100&sortby=name&direction=desc&offset={last_offset}"),
        ),
        (
            ProviderId::DkHardware,
            "/v1/customer/?limit=100".to_string(),
        ),
        (
            ProviderId::DkHardware,
            format!(
                "/v1/customer/?limit=100&basedOnCreatedDate=false&from=2015-01-01T00:00:00&offset={last_offset}"
            ),
        ),
        (ProviderId::Reportei, "/customers?per_page=100".to_string()),
        (
            ProviderId::Reportei,
            format!("/customers?per_page=100&page={last_page}"),
        ),
    ];
    let mut report = format!("{n} per provider: start {started:?}");
    for (provider, path) in requests {
        let t = Instant::now();
        let rb = client.get(format!("{}{path}", sb.base_url(provider)));
        let rb = match provider {
            ProviderId::Ngorder => rb.bearer_auth(demo::NGORDER_TOKEN),
            ProviderId::CycleSoftware => rb.basic_auth(
                demo::CYCLESOFTWARE_USERNAME,
                Some(demo::CYCLESOFTWARE_PASSWORD),
            ),
            ProviderId::Guardant => rb.bearer_auth(demo::GUARDANT_TOKEN),
            ProviderId::DkHardware => rb.bearer_auth(&dk_token),
            ProviderId::Reportei => rb.bearer_auth(demo::REPORTEI_TOKEN),
        };
        let r = rb.send().await.unwrap();
        assert_eq!(r.status().as_u16(), 200, "{provider}");
        let body: Value = r.json().await.unwrap();
        let count = match provider {
            ProviderId::Ngorder | ProviderId::Reportei => body["data"].as_array().unwrap().len(),
            ProviderId::CycleSoftware => body["customers"].as_array().unwrap().len(),
            ProviderId::Guardant => body["customers"].as_array().unwrap().len(),
            ProviderId::DkHardware => body["payload"].as_array().unwrap().len(),
        };
        assert_eq!(count, 100, "{provider} {path}");
        report.push_str(&format!("\n  {} {path}: {:?}", provider.key(), t.elapsed()));
    }
    let (_, body) = (
        0,
        client
            .get(format!(
                "{}/customer?per_page=1",
                sb.base_url(ProviderId::Ngorder)
            ))
            .bearer_auth(demo::NGORDER_TOKEN)
            .send()
            .await
            .unwrap()
            .json::<Value>()
            .await
            .unwrap(),
    );
    assert_eq!(body["meta"]["pagination"]["total"], n);
    println!("{report}");
    sb.shutdown().await;
}

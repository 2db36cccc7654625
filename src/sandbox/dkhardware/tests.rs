//! The list page as a client reads it: a 1,000-record page is written and compressed in two slices on
//! two threads; it must read back as one gzip body, the same JSON as without gzip, showing edits.

use std::io::Read;
use std::time::Duration;

use serde_json::{Value, json};

use crate::domain::ProviderId;
use crate::sandbox::{self, SandboxOptions};

#[tokio::test]
async fn a_page_made_in_slices_reads_back_whole_with_and_without_gzip_and_shows_an_edit() {
    let sb = sandbox::start(SandboxOptions {
        customers_per_provider: 1_200,
        dk_step: Duration::from_millis(20),
        ..Default::default()
    })
    .await
    .unwrap();
    let base = sb.base_url(ProviderId::DkHardware);
    // No automatic decoding: the test reads what is on the wire.
    let raw = reqwest::Client::builder().no_gzip().build().unwrap();
    let token = sb.dk_demo_token(&raw).await.unwrap();
    let post = |path: &str, body: Value| {
        raw.post(format!("{base}{path}"))
            .bearer_auth(&token)
            .json(&body)
            .send()
    };
    // Record 700 (id 21701) sits in the second slice of the first 1,000 in creation order.
    let submitted: Value = post(
        "/v1/customer/update",
        json!({"customer": {"customerId": "21701", "firstName": "Sliced", "lastName": "Edit"}}),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    for _ in 0..200 {
        let status: Value = post(
            "/v1/customer/status",
            json!({"submissionId": submitted["submissionId"]}),
        )
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
        if status["status"] == "Succeeded" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let url = format!("{base}/v1/customer/?basedOnCreatedDate=true&newest=false&limit=1000");
    let get = |gzip: bool| {
        let rb = raw.get(&url).bearer_auth(&token);
        let rb = if gzip {
            rb.header("accept-encoding", "gzip")
        } else {
            rb
        };
        rb.send()
    };
    let zipped = get(true).await.unwrap();
    assert_eq!(zipped.headers()["content-encoding"], "gzip");
    let zipped = zipped.bytes().await.unwrap();
    let mut unzipped = Vec::new();
    flate2::read::GzDecoder::new(&zipped[..])
        .read_to_end(&mut unzipped)
        .expect("one valid gzip body (CRC and length checked)");
    let plain = get(false).await.unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    let plain = plain.bytes().await.unwrap();
    assert!(unzipped == plain, "the same JSON with and without gzip");

    let page: Value = serde_json::from_slice(&plain).unwrap();
    let records = page["payload"].as_array().unwrap();
    assert_eq!(records.len(), 1000);
    let ids: Vec<u64> = records
        .iter()
        .map(|c| c["customerId"].as_str().unwrap().parse().unwrap())
        .collect();
    assert_eq!(ids, (21_001..22_001).collect::<Vec<u64>>());
    assert_eq!(records[700]["firstName"], "Sliced", "the edit shows");
    assert_eq!(records[700]["addresses"][0]["customerId"], "21701");
    sb.shutdown().await;
}

/// The generated customers stay the same data (a demo user's customers, the seed fixtures' ids and
/// emails) whatever the generator's inner workings: the CRC-32 of 3,000 records' JSON at two sizes,
/// taken from the generator as it was before it wrote into reused buffers. Each record is made both
/// afresh and over the one before (as a page makes them), so nothing of a record is left in the next.
#[test]
fn generated_customers_are_the_same_data_as_before() {
    for (seed, n, want) in [(42, 1_000_000, 3_252_422_982), (7, 3_000, 2_828_852_016)] {
        let (mut fresh, mut reused) = (flate2::Crc::new(), flate2::Crc::new());
        let mut scratch = super::data::Customer::default();
        for idx in (0..3_000).map(|k| k * (n / 3_000)) {
            let id = 21_001 + idx as u64;
            let mut out = Vec::new();
            super::json::write(&mut out, id, &super::data::generate(seed, idx, n));
            fresh.update(&out);
            out.clear();
            super::data::generate_into(&mut scratch, seed, idx, n);
            super::json::write(&mut out, id, &scratch);
            reused.update(&out);
        }
        assert_eq!(fresh.sum(), want, "seed {seed}, {n} customers");
        assert_eq!(reused.sum(), want, "seed {seed}, {n} customers, reused");
    }
}

//! Fault injection, over plain HTTP.

use std::time::{Duration, Instant};

use clientele::domain::ProviderId;
use clientele::sandbox::{self, Faults, SandboxOptions, demo};
use serde_json::Value;

#[tokio::test]
async fn errors_malformed_latency_and_drops() {
    let sb = sandbox::start(SandboxOptions {
        customers_per_provider: 50,
        seed: 7,
        ..Default::default()
    })
    .await
    .unwrap();
    let client = reqwest::Client::new();
    let url = format!("{}/customers", sb.base_url(ProviderId::Reportei));
    let get = || client.get(&url).bearer_auth(demo::REPORTEI_TOKEN).send();

    sb.set_faults(Faults {
        error_rate: 1.0,
        ..Default::default()
    });
    let r = get().await.unwrap();
    assert!(r.status().is_server_error(), "{}", r.status());
    assert!(
        r.json::<Value>().await.unwrap()["message"].is_string(),
        "provider shape"
    );

    sb.set_faults(Faults {
        malformed_rate: 1.0,
        ..Default::default()
    });
    for _ in 0..4 {
        let r = get().await.unwrap();
        assert_eq!(r.status().as_u16(), 200);
        let text = r.text().await.unwrap();
        assert!(serde_json::from_str::<Value>(&text).is_err(), "{text}");
    }

    sb.set_faults(Faults {
        rate_limit_rate: 1.0,
        only: Some(ProviderId::Reportei),
        ..Default::default()
    });
    let r = get().await.unwrap();
    assert_eq!(r.status().as_u16(), 429);
    assert_eq!(r.headers()["retry-after"], "1");
    let other = client
        .get(format!("{}/customers", sb.base_url(ProviderId::Guardant)))
        .bearer_auth(demo::GUARDANT_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(
        other.status().as_u16(),
        200,
        "only limits faults to one provider"
    );

    sb.set_faults(Faults {
        latency_ms: 300,
        ..Default::default()
    });
    let t = Instant::now();
    assert_eq!(get().await.unwrap().status().as_u16(), 200);
    assert!(t.elapsed() >= Duration::from_millis(300));

    sb.set_faults(Faults {
        drop_rate: 1.0,
        ..Default::default()
    });
    assert!(get().await.is_err(), "connection closed without a response");

    sb.set_faults(Faults {
        hang_rate: 1.0,
        ..Default::default()
    });
    let hung = tokio::time::timeout(Duration::from_millis(300), get()).await;
    assert!(hung.is_err(), "hangs");

    sb.set_faults(Faults::default());
    assert_eq!(get().await.unwrap().status().as_u16(), 200);
    sb.shutdown().await;
}

#[tokio::test]
async fn writes_only_breaks_the_answers_of_writes_and_carries_them_out() {
    let sb = sandbox::start(SandboxOptions {
        customers_per_provider: 5,
        seed: 7,
        faults: Faults {
            malformed_rate: 1.0,
            writes_only: true,
            ..Default::default()
        },
        ..Default::default()
    })
    .await
    .unwrap();
    let client = reqwest::Client::new();
    let base = sb.base_url(ProviderId::Reportei);
    let list = || async {
        let r = client
            .get(format!("{base}/customers"))
            .bearer_auth(demo::REPORTEI_TOKEN)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 200);
        r.json::<Value>().await.expect("a read's answer is whole")
    };
    let first = list().await["data"][0].clone();
    let uuid = first["uuid"].as_str().unwrap().to_string();
    let paying = first["is_paying"].as_bool().unwrap();

    let r = client
        .post(format!("{base}/customers/{uuid}/update-payment-status"))
        .bearer_auth(demo::REPORTEI_TOKEN)
        .json(&serde_json::json!({ "is_paying": !paying }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let text = r.text().await.unwrap();
    assert!(
        serde_json::from_str::<Value>(&text).is_err(),
        "a write's answer is unreadable: {text}"
    );
    assert_eq!(
        list().await["data"][0]["is_paying"].as_bool(),
        Some(!paying),
        "the write was carried out all the same"
    );
    sb.shutdown().await;
}

//! A provider whose paging goes round in a circle: the sync ends the pass and says why, never loops,
//! and marks nobody gone on the strength of an incomplete pass.

mod fake;

use std::time::Duration;

use clientele::domain::ProviderId;
use clientele::providers::Client;
use clientele::store::Store;
use clientele::sync::{self, Progress, SyncError, SyncOptions};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn a_provider_repeating_page_one_for_page_two_ends_the_pass() {
    let server = MockServer::start().await;
    // Whatever page is asked for, page 1 of 5 comes back.
    let customers: Vec<_> = (1..=100)
        .map(|i| json!({"uuid": format!("uuid-{i}"), "name": format!("Customer {i}")}))
        .collect();
    Mock::given(method("GET"))
        .and(path("/customers"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": customers,
            "meta": {"current_page": 1, "last_page": 5, "per_page": 100, "total": 500}
        })))
        .mount(&server)
        .await;
    let settings = fake::settings(
        ProviderId::Reportei,
        server.uri(),
        fake::bearer("t"),
        Duration::from_secs(5),
    );
    let client = Client::new(&settings).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let error = sync::run(
        &client,
        &store,
        &SyncOptions::default(),
        &mut |_: &Progress| {},
    )
    .await
    .unwrap_err();
    assert!(matches!(error, SyncError::Loop(_)), "{error}");
    assert!(
        error
            .to_string()
            .contains("the same 100 customers for page 2"),
        "{error}"
    );
    assert_eq!(
        fake::requests(&server).await.len(),
        2,
        "page 1, page 2, stop"
    );
    let state = store.call(|b| b.sync_state("reportei")).await.unwrap();
    assert!(
        state.running.is_none(),
        "the pass is over, not to be resumed"
    );
    assert!(state.last_error.unwrap().contains("same 100 customers"));
    assert!(
        state.full_finished_ms.is_none(),
        "an incomplete pass is not a full pass"
    );
}

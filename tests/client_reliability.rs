//! The shared transport under faults: which failures are retried (and how often), which are never
//! repeated, timeouts, unreadable bodies, OAuth token renewal and the quota the provider reports.
//! Scripted faults use a recording fake (wiremock) or a raw TCP listener; random ones the sandbox.

mod fake;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use clientele::config::{Credentials, ProviderSettings, Secret};
use clientele::domain::{ErrorKind, ProviderId};
use clientele::providers::{Client, Saved};
use clientele::sandbox::{self, Faults, RunningSandbox, SandboxOptions};
use fake::*;
use serde_json::json;
use tokio::io::AsyncReadExt;
use tokio::net::TcpListener;
use wiremock::matchers::{header as has_header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TIMEOUT: Duration = Duration::from_secs(10);

fn reportei(base: &str, timeout: Duration) -> Client {
    Client::new(&settings(
        ProviderId::Reportei,
        format!("{base}/api"),
        bearer("merchant-key"),
        timeout,
    ))
    .unwrap()
}

fn name(value: &str) -> Vec<(String, clientele::domain::Value)> {
    vec![("name".into(), clientele::domain::Value::Text(value.into()))]
}

fn reportei_error(status: u16, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({ "message": message }))
}

async fn sandbox_with(faults: Faults) -> RunningSandbox {
    sandbox::start(SandboxOptions {
        customers_per_provider: 40,
        seed: 5,
        faults,
        ..SandboxOptions::default()
    })
    .await
    .unwrap()
}

fn sandbox_settings(sandbox: &RunningSandbox, provider: ProviderId) -> ProviderSettings {
    clientele::demo::settings(sandbox)
        .unwrap()
        .provider(provider)
        .unwrap()
        .clone()
}

// ---------------------------------------------------------------- retries of reads

#[tokio::test]
async fn a_read_answered_5xx_twice_is_retried_and_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/customers"))
        .respond_with(reportei_error(503, "Service Unavailable"))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/customers"))
        .respond_with(answer("reportei_list.json"))
        .mount(&server)
        .await;
    let client = reportei(&server.uri(), TIMEOUT);
    let page = client.list(client.first_page()).await.unwrap();
    assert_eq!(page.records.len(), 2);
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test]
async fn a_read_answered_429_waits_for_retry_after_then_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/customers"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "1")
                .set_body_json(
                    json!({"error": {"code": "rate_limited", "message": "Too Many Attempts."}}),
                ),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/customers"))
        .respond_with(answer("reportei_list.json"))
        .mount(&server)
        .await;
    let client = reportei(&server.uri(), TIMEOUT);
    let started = Instant::now();
    let page = client.list(client.first_page()).await.unwrap();
    let took = started.elapsed();
    assert_eq!(page.records.len(), 2);
    assert_eq!(requests(&server).await.len(), 2);
    assert!(
        took >= Duration::from_secs(1),
        "Retry-After honoured: {took:?}"
    );
    assert!(took < Duration::from_secs(3), "{took:?}");
}

#[tokio::test]
async fn a_read_that_keeps_failing_gives_up_after_three_attempts() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/customers"))
        .respond_with(reportei_error(500, "Server Error"))
        .expect(3)
        .mount(&server)
        .await;
    let client = reportei(&server.uri(), TIMEOUT);
    let error = client.list(client.first_page()).await.unwrap_err();
    assert_eq!(
        (error.kind, error.status, error.message.as_str()),
        (ErrorKind::Server, Some(500), "Server Error")
    );
    server.verify().await;
}

#[tokio::test]
async fn sandbox_errors_on_every_read_end_as_a_server_error() {
    let sandbox = sandbox_with(Faults {
        error_rate: 1.0,
        only: Some(ProviderId::Guardant),
        ..Faults::default()
    })
    .await;
    let client = Client::new(&sandbox_settings(&sandbox, ProviderId::Guardant)).unwrap();
    let error = client.list(client.first_page()).await.unwrap_err();
    assert_eq!(error.kind, ErrorKind::Server, "{error}");
    assert!(matches!(error.status, Some(500 | 502 | 503)), "{error}");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/customers/nobody"))
        .respond_with(reportei_error(404, "Customer not found."))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/customers"))
        .respond_with(reportei_error(401, "Unauthenticated."))
        .expect(1)
        .mount(&server)
        .await;
    let client = reportei(&server.uri(), TIMEOUT);
    let missing = client.get("nobody").await.unwrap_err();
    assert_eq!(missing.kind, ErrorKind::NotFound);
    let refused = client.list(client.first_page()).await.unwrap_err();
    assert_eq!(
        (refused.kind, refused.message.as_str()),
        (ErrorKind::Auth, "Unauthenticated.")
    );
    server.verify().await;
}

// ---------------------------------------------------------------- writes are not repeated

#[tokio::test]
async fn a_create_answered_5xx_is_sent_once_and_its_outcome_is_unknown() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/customers"))
        .respond_with(reportei_error(503, "Service Unavailable"))
        .expect(1)
        .mount(&server)
        .await;
    let client = reportei(&server.uri(), TIMEOUT);
    let error = client.create(&name("Once Only")).await.unwrap_err();
    // The server failed while handling it: it may have created the customer before failing.
    assert_eq!(error.kind, ErrorKind::OutcomeUnknown, "{error}");
    assert!(error.message.contains("Service Unavailable"), "{error}");
    server.verify().await;
}

#[tokio::test]
async fn a_refused_write_is_refused_not_unknown() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/customers/c-1/update-payment-status"))
        .respond_with(reportei_error(422, "The customer has no plan."))
        .expect(1)
        .mount(&server)
        .await;
    let client = reportei(&server.uri(), TIMEOUT);
    let error = client.act("paying", &customer("c-1")).await.unwrap_err();
    assert_eq!(error.kind, ErrorKind::Validation, "{error}");
    assert_eq!(error.message, "The customer has no plan.");
    server.verify().await;
}

fn customer(id: &str) -> clientele::domain::Record {
    clientele::domain::Record {
        id: id.into(),
        fields: vec![("is_paying".into(), clientele::domain::Value::Bool(false))],
    }
}

#[tokio::test]
async fn a_toggle_whose_2xx_answer_is_unreadable_is_sent_once_and_unknown() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/customers/c-1/update-payment-status"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw("{\"customer\": {\"is_pa", "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = reportei(&server.uri(), TIMEOUT);
    let error = client.act("paying", &customer("c-1")).await.unwrap_err();
    // It was taken (2xx) but what was done cannot be read: never "refused", never sent again.
    assert_eq!(error.kind, ErrorKind::OutcomeUnknown, "{error}");
    assert!(error.message.contains("answered 200"), "{error}");
    server.verify().await;
}

#[tokio::test]
async fn a_repeated_delete_that_finds_the_customer_gone_is_done() {
    let server = MockServer::start().await;
    // The first DELETE is carried out but its answer never arrives in time; the repeat finds nothing.
    Mock::given(method("DELETE"))
        .and(path("/api/customers/c-1"))
        .respond_with(ResponseTemplate::new(204).set_delay(Duration::from_secs(3)))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/api/customers/c-1"))
        .respond_with(reportei_error(404, "Customer not found."))
        .expect(1)
        .mount(&server)
        .await;
    let client = reportei(&server.uri(), Duration::from_millis(500));
    let answer = client.act("delete", &customer("c-1")).await;
    assert_eq!(answer, Ok(None), "the first attempt deleted it");
    server.verify().await;
}

#[tokio::test]
async fn a_delete_that_keeps_timing_out_is_unknown_not_a_timeout() {
    let server = MockServer::start().await;
    // A delete may be repeated, but each attempt may have been carried out before the time ran out.
    Mock::given(method("DELETE"))
        .and(path("/api/customers/c-1"))
        .respond_with(ResponseTemplate::new(204).set_delay(Duration::from_secs(3)))
        .expect(3)
        .mount(&server)
        .await;
    let client = reportei(&server.uri(), Duration::from_millis(300));
    let error = client.act("delete", &customer("c-1")).await.unwrap_err();
    assert_eq!(error.kind, ErrorKind::OutcomeUnknown, "{error}");
    server.verify().await;
}

/// A server that reads each request in full, counts it and closes the connection without answering.
async fn dropping_server() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let count = Arc::new(AtomicUsize::new(0));
    let counted = count.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let counted = counted.clone();
            tokio::spawn(async move {
                let mut received = Vec::new();
                let mut chunk = [0u8; 4096];
                while !request_complete(&received) {
                    match tokio::time::timeout(Duration::from_secs(5), socket.read(&mut chunk))
                        .await
                    {
                        Ok(Ok(n)) if n > 0 => received.extend_from_slice(&chunk[..n]),
                        _ => break,
                    }
                }
                if request_complete(&received) {
                    counted.fetch_add(1, Ordering::SeqCst);
                }
                drop(socket);
            });
        }
    });
    (format!("http://{address}"), count)
}

/// Head and `Content-Length` body both read.
fn request_complete(received: &[u8]) -> bool {
    let Some(head_end) = received.windows(4).position(|w| w == b"\r\n\r\n") else {
        return false;
    };
    let head = String::from_utf8_lossy(&received[..head_end]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    received.len() >= head_end + 4 + length
}

#[tokio::test]
async fn a_create_whose_connection_drops_is_sent_once_and_reported_unknown() {
    let (base, count) = dropping_server().await;
    let client = reportei(&base, TIMEOUT);
    let error = client.create(&name("Maybe Created")).await.unwrap_err();
    assert_eq!(error.kind, ErrorKind::OutcomeUnknown, "{error}");
    // Give a wrongful repeat time to arrive.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        count.load(Ordering::SeqCst),
        1,
        "the create was not repeated"
    );

    // The same broken connection on a read is retried: the difference is the method, not the fault.
    let error = client.list(client.first_page()).await.unwrap_err();
    assert_eq!(error.kind, ErrorKind::Network, "{error}");
    assert_eq!(count.load(Ordering::SeqCst), 1 + 3);
}

#[tokio::test]
async fn sandbox_dropped_connection_on_a_create_is_outcome_unknown() {
    let sandbox = sandbox_with(Faults {
        drop_rate: 1.0,
        only: Some(ProviderId::Guardant),
        ..Faults::default()
    })
    .await;
    let client = Client::new(&sandbox_settings(&sandbox, ProviderId::Guardant)).unwrap();
    let error = client.create(&name("Dropped Probe")).await.unwrap_err();
    assert_eq!(error.kind, ErrorKind::OutcomeUnknown, "{error}");
    sandbox.set_faults(Faults::default());
    let mut everyone = client.first_page();
    everyone.size = 100;
    let page = client.list(everyone).await.unwrap();
    assert_eq!(page.records.len(), 40);
    assert!(
        page.records
            .iter()
            .all(|r| r.text("name") != "Dropped Probe"),
        "the dropped create never reached the fake's handler"
    );
    sandbox.shutdown().await;
}

// ---------------------------------------------------------------- timeouts

#[tokio::test]
async fn a_hanging_read_ends_at_the_configured_timeout() {
    let sandbox = sandbox_with(Faults {
        hang_rate: 1.0,
        only: Some(ProviderId::Reportei),
        ..Faults::default()
    })
    .await;
    let timeout = Duration::from_millis(900);
    let mut settings = sandbox_settings(&sandbox, ProviderId::Reportei);
    settings.timeout = timeout;
    let client = Client::new(&settings).unwrap();

    let started = Instant::now();
    let error = client.list(client.first_page()).await.unwrap_err();
    let took = started.elapsed();
    assert_eq!(error.kind, ErrorKind::Timeout, "{error}");
    // Three attempts, each cut at the timeout, with short back-offs between them.
    assert!(took >= timeout * 3, "{took:?}");
    assert!(took < Duration::from_secs(4), "{took:?}");

    // A create that hangs is not repeated: one timeout, then "outcome unknown".
    let started = Instant::now();
    let error = client.create(&name("Hanging")).await.unwrap_err();
    let took = started.elapsed();
    assert_eq!(error.kind, ErrorKind::OutcomeUnknown, "{error}");
    assert!(took >= timeout && took < timeout * 2, "{took:?}");
    sandbox.shutdown().await;
}

// ---------------------------------------------------------------- unreadable bodies

#[tokio::test]
async fn sandbox_malformed_bodies_are_undecodable_with_their_first_line() {
    let sandbox = sandbox_with(Faults {
        malformed_rate: 1.0,
        only: Some(ProviderId::Ngorder),
        ..Faults::default()
    })
    .await;
    let client = Client::new(&sandbox_settings(&sandbox, ProviderId::Ngorder)).unwrap();
    for _ in 0..3 {
        let error = client.list(client.first_page()).await.unwrap_err();
        assert_eq!(error.kind, ErrorKind::Undecodable, "{error}");
        let line = error
            .message
            .strip_prefix("not JSON: ")
            .unwrap_or_else(|| panic!("{error}"));
        // Either the HTML error page's first line or the start of the cut-off JSON.
        assert!(
            line == "<!DOCTYPE html>" || line.starts_with("{\""),
            "{error}"
        );
    }
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_malformed_body_names_its_first_line_and_a_read_is_retried() {
    let server = MockServer::start().await;
    let page = "\n<html>\n<body><h1>502 Bad Gateway</h1></body>\n</html>\n";
    Mock::given(method("GET"))
        .and(path("/api/customers"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(page, "text/html"))
        .expect(3)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/customers"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw("{\"customer\": {\"uu", "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = reportei(&server.uri(), TIMEOUT);
    let error = client.list(client.first_page()).await.unwrap_err();
    assert_eq!(error.kind, ErrorKind::Undecodable);
    assert_eq!(error.message, "not JSON: <html>");
    // The create was taken (200) but its answer is cut off: sent once, and its outcome is unknown.
    let error = client.create(&name("Cut Off")).await.unwrap_err();
    assert_eq!(error.kind, ErrorKind::OutcomeUnknown);
    assert!(
        error.message.contains("not JSON: {\"customer\": {\"uu"),
        "{error}"
    );
    server.verify().await;
}

// ---------------------------------------------------------------- DK Hardware tokens

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

// ---------------------------------------------------------------- CycleSoftware quota

#[tokio::test]
async fn cyclesoftware_quota_follows_the_rate_limit_headers() {
    let sandbox = sandbox::start(SandboxOptions {
        customers_per_provider: 40,
        cs_minute_limit: 50,
        cs_daily_limit: 1000,
        ..SandboxOptions::default()
    })
    .await
    .unwrap();
    let client = Client::new(&sandbox_settings(&sandbox, ProviderId::CycleSoftware)).unwrap();
    client.list(client.first_page()).await.unwrap();
    let quota = client.quota();
    let minute = &quota.lines[0];
    assert_eq!(
        (minute.limit, minute.remaining),
        (50, 49),
        "the server's figures, not the documented 360: {quota:?}"
    );
    let day = &quota.lines[1];
    assert_eq!((day.limit, day.remaining), (1000, 999));
    assert!(day.resets_at.is_some());

    client.get("1001").await.unwrap();
    let quota = client.quota();
    assert_eq!(quota.lines[0].remaining, 48, "per minute remaining falls");
    assert_eq!(quota.lines[1].remaining, 998);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn cyclesoftware_quota_shows_the_seed_headers_exactly() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/customers/1006.json"))
        .respond_with(
            answer("cyclesoftware_get.json")
                .insert_header("X-RateLimit-Minutely-Limit", "360")
                .insert_header("X-RateLimit-Minutely-Remaining", "59")
                .insert_header("X-RateLimit-Daily-Limit", "15000")
                .insert_header("X-RateLimit-Daily-Remaining", "14999")
                .insert_header("X-RateLimit-Daily-Reset", "1678230000"),
        )
        .mount(&server)
        .await;
    let client = Client::new(&settings(
        ProviderId::CycleSoftware,
        server.uri(),
        Credentials::Basic {
            username: "shop".into(),
            password: Secret::new("pw"),
        },
        TIMEOUT,
    ))
    .unwrap();
    client.get("1006").await.unwrap();
    let lines: Vec<_> = client
        .quota()
        .lines
        .into_iter()
        .map(|l| (l.limit, l.remaining, l.resets_at))
        .collect();
    assert_eq!(
        lines,
        vec![(360, 59, None), (15000, 14999, Some(1678230000))]
    );
}

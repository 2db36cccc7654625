//! Reads under faults: which are retried and how often, timeouts, unreadable bodies.

use super::*;

// retries of reads

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

// timeouts

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

// unreadable bodies

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

//! Writes are never repeated blindly: a write whose outcome is unknown says so.

use super::*;

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

//! What the transport must never do, whatever a provider (or someone posing as one) answers: follow a
//! redirect to another origin with credentials, read an answer without bound, put a dot-segment id into
//! a path, ask for write scopes in a read-only run, or copy a response body into the log.

mod fake;

use std::io::Write as _;
use std::time::{Duration, Instant};

use clientele::config::{Credentials, Secret, Settings};
use clientele::domain::{ErrorKind, ProviderId, Record, Value};
use clientele::providers::Client;
use clientele::worker::{self, Command, Policy, RequestId, Work};
use fake::*;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TIMEOUT: Duration = Duration::from_secs(10);

fn reportei(server: &MockServer) -> Client {
    Client::new(&settings(
        ProviderId::Reportei,
        format!("{}/api", server.uri()),
        bearer("merchant-token"),
        TIMEOUT,
    ))
    .unwrap()
}

fn dk_credentials(token_url: String) -> Credentials {
    Credentials::ClientCredentials {
        client_id: "dk-client".into(),
        client_secret: Secret::new("dk-client-secret"),
        token_url,
        scope: "customers customers:create customers:update customers:status".into(),
    }
}

/// A redirect to `to`, with the status given.
fn redirect(status: u16, to: String) -> ResponseTemplate {
    ResponseTemplate::new(status).insert_header("location", to.as_str())
}

// ---------------------------------------------------------------- 6. redirects

#[tokio::test]
async fn no_redirect_to_another_origin_is_followed_so_no_credential_leaves() {
    let provider = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    // Every path of the provider sends the client to the other server.
    Mock::given(method("GET"))
        .and(path("/api/customers/settings"))
        .respond_with(redirect(302, format!("{}/steal", elsewhere.uri())))
        .mount(&provider)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/api/customers/u1"))
        .respond_with(redirect(307, format!("{}/steal", elsewhere.uri())))
        .mount(&provider)
        .await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(redirect(307, format!("{}/steal", elsewhere.uri())))
        .mount(&provider)
        .await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"customer": {"id": "x"}})))
        .mount(&elsewhere)
        .await;

    let client = reportei(&provider);
    let error = client
        .customer_settings(&Secret::new("customer-token"))
        .await
        .unwrap_err();
    assert_eq!(error.kind, ErrorKind::Config, "{error}");
    assert!(
        error.message.contains("redirected") && error.message.contains(&elsewhere.uri()),
        "{error}"
    );
    let customer = Record {
        id: "u1".into(),
        fields: vec![("name".into(), Value::Text("A".into()))],
    };
    let error = client.act("delete", &customer).await.unwrap_err();
    assert!(error.message.contains("redirected"), "{error}");

    // DK's token request carries the client secret in its body: a 307 would resend it.
    let dk = Client::new(&settings(
        ProviderId::DkHardware,
        provider.uri(),
        dk_credentials(format!("{}/token", provider.uri())),
        TIMEOUT,
    ))
    .unwrap();
    let error = dk.list(dk.first_page()).await.unwrap_err();
    assert!(error.message.contains("access token"), "{error}");
    assert!(error.message.contains("redirected"), "{error}");

    let leaked = requests(&elsewhere).await;
    assert!(
        leaked.is_empty(),
        "requests reached another origin: {:?}",
        leaked
            .iter()
            .map(|r| (r.method.to_string(), r.url.to_string()))
            .collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn a_redirect_within_the_providers_origin_is_still_followed() {
    let provider = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/customers/settings"))
        .respond_with(redirect(
            302,
            format!("{}/api/v2/customers/settings", provider.uri()),
        ))
        .mount(&provider)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/customers/settings"))
        .respond_with(answer("reportei_settings.json"))
        .mount(&provider)
        .await;
    let settings = reportei(&provider)
        .customer_settings(&Secret::new("customer-token"))
        .await
        .unwrap();
    assert_eq!(settings.id, "073c1e15-94d0-49b3-9861-a0e9b7ffb06c");
    let sent = requests(&provider).await;
    assert_eq!(sent.len(), 2);
    assert_eq!(header(&sent[1], "x-customer-token"), Some("customer-token"));
}

// ---------------------------------------------------------------- 7. answer size

const MB: usize = 1024 * 1024;

#[tokio::test]
async fn an_answer_over_16_mb_is_abandoned_with_a_clear_message() {
    let server = MockServer::start().await;
    // Valid JSON, so without a limit it would be read whole and shown.
    let huge = format!(
        "{{\"data\": [], \"meta\": {{\"current_page\": 1, \"last_page\": 1, \"total\": 0}}, \"padding\": \"{}\"}}",
        "x".repeat(20 * MB)
    );
    Mock::given(method("GET"))
        .and(path("/api/customers"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(huge, "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    let client = reportei(&server);
    let error = client.list(client.first_page()).await.unwrap_err();
    assert_eq!(error.kind, ErrorKind::Undecodable);
    assert!(
        error.message.starts_with("answer larger than 16 MB"),
        "{error}"
    );
}

/// A gzip stream of `gib` GiB of zeros in about a megabyte per GiB: one 1 MiB deflate segment (ending
/// in a sync flush, so byte-aligned and self-contained) repeated, then an empty final block and the
/// trailer. Built in a few milliseconds, never holding the decoded gigabyte.
fn gzip_bomb(gib: usize) -> Vec<u8> {
    use flate2::{Compress, Compression, Crc, FlushCompress};
    let zeros = vec![0u8; MB];
    let mut deflate = Compress::new(Compression::best(), false);
    let mut segment = Vec::with_capacity(64 * 1024);
    deflate
        .compress_vec(&zeros, &mut segment, FlushCompress::Sync)
        .unwrap();
    assert_eq!(deflate.total_in() as usize, MB, "the whole MiB went in");
    let mut one = Crc::new();
    one.update(&zeros);
    let mut crc = Crc::new();
    let mut bomb = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    for _ in 0..gib * 1024 {
        bomb.extend_from_slice(&segment);
        crc.combine(&one);
    }
    bomb.extend_from_slice(&[0x03, 0x00]); // final, empty, fixed-Huffman block
    bomb.write_all(&crc.sum().to_le_bytes()).unwrap();
    bomb.write_all(&crc.amount().to_le_bytes()).unwrap();
    bomb
}

#[tokio::test]
async fn a_gzip_bomb_stops_at_the_limit_once_decoded() {
    let bomb = gzip_bomb(1);
    assert!(bomb.len() < 2 * MB, "{} bytes", bomb.len());
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/customers"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-encoding", "gzip")
                .set_body_raw(bomb, "application/json"),
        )
        .mount(&server)
        .await;
    let client = reportei(&server);
    let started = Instant::now();
    let error = client.list(client.first_page()).await.unwrap_err();
    assert!(
        error.message.starts_with("answer larger than 16 MB"),
        "{error}"
    );
    // Decoding 16 MB of zeros is quick; decoding the whole gigabyte is what took seconds and gigabytes.
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_write_whose_accepted_answer_is_too_large_has_an_unknown_outcome() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/customers"))
        .respond_with(ResponseTemplate::new(201).set_body_raw(
            format!("{{\"padding\": \"{}\"}}", "x".repeat(17 * MB)),
            "application/json",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let values = vec![("name".to_string(), Value::Text("Aurora".into()))];
    let error = reportei(&server).create(&values).await.unwrap_err();
    assert_eq!(error.kind, ErrorKind::OutcomeUnknown, "{error}");
    assert!(
        error.message.contains("answer larger than 16 MB"),
        "{error}"
    );
}

// ---------------------------------------------------------------- 8. ids in paths

#[tokio::test]
async fn dot_segment_and_empty_ids_never_reach_a_path() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": {}})))
        .mount(&server)
        .await;
    for provider in [ProviderId::Reportei, ProviderId::Guardant] {
        let client = Client::new(&settings(
            provider,
            format!("{}/api", server.uri()),
            bearer("t"),
            TIMEOUT,
        ))
        .unwrap();
        for id in ["..", ".", "", "%2e", "%2E%2e", ".%2e"] {
            let record = Record {
                id: id.into(),
                fields: vec![("name".into(), Value::Text("A".into()))],
            };
            let errors = [
                client.act("delete", &record).await.unwrap_err(),
                client.get(id).await.unwrap_err(),
                client
                    .update(&record, &vec![("name".into(), Value::Text("B".into()))])
                    .await
                    .unwrap_err(),
            ];
            for error in errors {
                assert_eq!(
                    error.kind,
                    ErrorKind::Validation,
                    "{provider} {id:?}: {error}"
                );
                assert!(error.message.starts_with("not sent:"), "{error}");
            }
        }
    }
    assert!(
        calls(&server).await.is_empty(),
        "sent: {:?}",
        calls(&server).await
    );
}

// ---------------------------------------------------------------- 15b. read-only scopes

/// The scope a worker's first DK token request asks for, under `policy`.
async fn scope_asked(policy: Policy) -> String {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"access_token": "a", "expires_in": 300})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"payload": []})))
        .mount(&server)
        .await;
    let settings = Settings {
        providers: vec![settings(
            ProviderId::DkHardware,
            server.uri(),
            dk_credentials(format!("{}/token", server.uri())),
            TIMEOUT,
        )],
        origin: "test".into(),
        ui: Default::default(),
    };
    let (command_tx, command_rx) = tokio::sync::mpsc::unbounded_channel();
    let (event_tx, mut event_rx) = tokio::sync::mpsc::unbounded_channel();
    worker::spawn(&settings, policy, command_rx, event_tx);
    let client = Client::new(&settings.providers[0]).unwrap();
    command_tx
        .send(Command {
            id: RequestId(1),
            provider: ProviderId::DkHardware,
            work: Work::FetchPage {
                request: client.first_page(),
                filters: vec![],
                search: false,
            },
        })
        .unwrap();
    tokio::time::timeout(TIMEOUT, event_rx.recv())
        .await
        .unwrap()
        .unwrap();
    let token_requests: Vec<_> = requests(&server)
        .await
        .into_iter()
        .filter(|r| r.url.path() == "/token")
        .collect();
    assert_eq!(token_requests.len(), 1);
    form(&token_requests[0].body)
        .into_iter()
        .find(|(k, _)| k == "scope")
        .map(|(_, v)| v)
        .unwrap()
}

#[tokio::test]
async fn read_only_runs_ask_dk_for_read_scopes_only() {
    let global = scope_asked(Policy {
        read_only: true,
        ..Policy::default()
    })
    .await;
    assert_eq!(global, "customers");
    let dk_only = scope_asked(Policy {
        read_only_providers: vec![ProviderId::DkHardware],
        ..Policy::default()
    })
    .await;
    assert_eq!(dk_only, "customers");
    let writable = scope_asked(Policy::default()).await;
    assert_eq!(
        writable,
        "customers customers:create customers:update customers:status"
    );
}

// ---------------------------------------------------------------- 9. bodies out of the log

#[tokio::test]
async fn provider_error_text_stays_out_of_the_log_below_debug() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/customers"))
        .respond_with(
            ResponseTemplate::new(503)
                .set_body_json(json!({"message": "ana.lima@example.com is locked"})),
        )
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let (path, file) = clientele::logging::open(dir.path()).unwrap();
    let subscriber = clientele::logging::subscriber(
        std::sync::Mutex::new(file),
        tracing_subscriber::EnvFilter::new("info"),
    );
    let _default = tracing::subscriber::set_default(subscriber);
    let client = reportei(&server);
    let error = client.list(client.first_page()).await.unwrap_err();
    assert!(error.message.contains("ana.lima"), "the UI still gets it");
    let log = std::fs::read_to_string(&path).unwrap();
    assert!(log.contains("retrying"), "{log}");
    assert!(!log.contains("ana.lima"), "{log}");
}

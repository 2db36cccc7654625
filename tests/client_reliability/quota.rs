//! CycleSoftware's quota as its X-RateLimit headers report it.

use super::*;

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

//! The fakes' sort orders and incremental filters stay right across creates, edits and deletes: a
//! sync that pages after a write sees it in its place (the orders are indexes kept up to date by every
//! write, not rebuilt per request).

use std::collections::HashSet;
use std::time::Duration;

use clientele::domain::ProviderId;
use clientele::sandbox::{self, RunningSandbox, SandboxOptions, demo};
use serde_json::{Value, json};

const N: usize = 250;

async fn start() -> RunningSandbox {
    sandbox::start(SandboxOptions {
        customers_per_provider: N,
        seed: 7,
        dk_step: Duration::from_millis(20),
        ..Default::default()
    })
    .await
    .expect("sandbox starts")
}

/// One request with the provider's demo credentials (`dk` is a DK access token).
async fn call(
    provider: ProviderId,
    dk: &str,
    method: reqwest::Method,
    url: &str,
    body: Option<Value>,
) -> Value {
    let rb = reqwest::Client::new().request(method, url);
    let rb = match provider {
        ProviderId::Ngorder => rb.bearer_auth(demo::NGORDER_TOKEN),
        ProviderId::CycleSoftware => rb.basic_auth(
            demo::CYCLESOFTWARE_USERNAME,
            Some(demo::CYCLESOFTWARE_PASSWORD),
        ),
        ProviderId::Guardant => rb.bearer_auth(demo::GUARDANT_TOKEN),
        ProviderId::DkHardware => rb.bearer_auth(dk),
        ProviderId::Reportei => rb.bearer_auth(demo::REPORTEI_TOKEN),
    };
    let rb = match body {
        Some(body) => rb.json(&body),
        None => rb,
    };
    let r = rb.send().await.unwrap();
    let status = r.status().as_u16();
    let body: Value = r.json().await.unwrap();
    assert_eq!(status, 200, "{url}: {body}");
    body
}

async fn get(provider: ProviderId, url: &str) -> Value {
    call(provider, "", reqwest::Method::GET, url, None).await
}

/// `yyyy-mm-dd{sep}hh:mm:ss` in UTC for now minus `secs`, without a date library.
fn utc_now_minus(secs: u64, sep: char) -> String {
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        - secs;
    let z = (t / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    let s = t % 86_400;
    format!(
        "{y:04}-{m:02}-{d:02}{sep}{:02}:{:02}:{:02}",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

/// Every Guardant customer of `query`, paged 60 at a time.
async fn guardant_all(base: &str, query: &str) -> Vec<Value> {
    let mut all = Vec::new();
    loop {
        let url = format!("{base}/customers?{query}&limit=60&offset={}", all.len());
        let page = get(ProviderId::Guardant, &url).await["customers"]
            .as_array()
            .unwrap()
            .clone();
        let done = page.len() < 60;
        all.extend(page);
        if done {
            return all;
        }
    }
}

fn guardant_key(sort: &str, c: &Value) -> (String, String, String, u64) {
    let s = |k: &str| c[k].as_str().unwrap().to_string();
    let id = c["_id"].as_u64().unwrap();
    match sort {
        "name" => (s("lastname"), s("name"), String::new(), id),
        "company" => (s("companyname"), String::new(), String::new(), id),
        _ => (s("companyname"), s("lastname"), s("name"), id),
    }
}

#[tokio::test]
async fn guardant_sorts_and_filters_follow_creates_edits_and_deletes() {
    let sb = start().await;
    let base = sb.base_url(ProviderId::Guardant);
    let post = |body: Value| {
        let url = format!("{base}/customers");
        async move {
            call(
                ProviderId::Guardant,
                "",
                reqwest::Method::POST,
                &url,
                Some(body),
            )
            .await
        }
    };
    let first = post(json!({"customerName": "Аня", "customerLastName": "Аааева"})).await;
    let first = first["customer"]["_id"].as_u64().unwrap();
    let last = post(
        json!({"customerName": "Борис", "customerLastName": "Яковлев",
        "customerCompanyName": "ЯЯЯ «Последняя»"}),
    )
    .await;
    let last = last["customer"]["_id"].as_u64().unwrap();
    let put = |id: u64, body: Value| {
        let url = format!("{base}/customers/{id}");
        async move {
            call(
                ProviderId::Guardant,
                "",
                reqwest::Method::PUT,
                &url,
                Some(body),
            )
            .await
        }
    };
    put(
        3,
        json!({"customerCompanyName": "ААА «Первая»", "archived": true}),
    )
    .await;
    call(
        ProviderId::Guardant,
        "",
        reqwest::Method::DELETE,
        &format!("{base}/customers/5"),
        None,
    )
    .await;

    for sort in ["default", "name", "company"] {
        let asc = guardant_all(&base, &format!("sortby={sort}")).await;
        assert_eq!(asc.len(), N + 2 - 1, "sortby={sort}");
        let ids: HashSet<u64> = asc.iter().map(|c| c["_id"].as_u64().unwrap()).collect();
        assert_eq!(ids.len(), asc.len(), "each customer once");
        assert!(!ids.contains(&5), "the deleted customer is gone");
        let keys: Vec<_> = asc.iter().map(|c| guardant_key(sort, c)).collect();
        assert!(
            keys.is_sorted(),
            "sortby={sort} is in order after the writes"
        );
        let mut desc = guardant_all(&base, &format!("sortby={sort}&direction=desc")).await;
        desc.reverse();
        assert_eq!(desc, asc, "sortby={sort}&direction=desc is the reverse");
    }
    let by_name = guardant_all(&base, "sortby=name").await;
    assert_eq!(by_name[0]["_id"], first);
    let by_company = guardant_all(&base, "sortby=company").await;
    assert_eq!(by_company.last().unwrap()["_id"], last);
    // Each filter is the same order with the others left out.
    let company = |c: &Value| c["companyname"] != "";
    let archived = |c: &Value| c["archived"] == true;
    type Keep<'a> = &'a dyn Fn(&Value) -> bool;
    let filters: [(&str, Keep); 4] = [
        ("type=company", &|c| company(c)),
        ("type=person", &|c| !company(c)),
        ("archived=true", &|c| archived(c)),
        ("type=company&archived=false", &|c| {
            company(c) && !archived(c)
        }),
    ];
    for (filter, keep) in filters {
        let got = guardant_all(&base, &format!("sortby=name&{filter}")).await;
        let want: Vec<Value> = by_name.iter().filter(|c| keep(c)).cloned().collect();
        assert_eq!(got, want, "{filter}");
        let mut desc = guardant_all(&base, &format!("sortby=name&direction=desc&{filter}")).await;
        desc.reverse();
        assert_eq!(desc, want, "{filter}, desc");
    }
    let archived_now = guardant_all(&base, "archived=true").await;
    assert!(archived_now.iter().any(|c| c["_id"] == 3));
    // Archiving without a change of names keeps the record's place and updates the filter.
    assert!(!archived_now.iter().any(|c| c["_id"] == 1));
    put(1, json!({"archived": true})).await;
    let archived_now = guardant_all(&base, "archived=true").await;
    let all = guardant_all(&base, "sortby=default").await;
    let want: Vec<Value> = all.into_iter().filter(|c| archived(c)).collect();
    assert!(want.iter().any(|c| c["_id"] == 1));
    assert_eq!(archived_now, want);
    sb.shutdown().await;
}

#[tokio::test]
async fn dk_updated_order_and_date_range_follow_writes() {
    let sb = start().await;
    let base = sb.base_url(ProviderId::DkHardware);
    let token = sb.dk_demo_token(&reqwest::Client::new()).await.unwrap();
    let dk = |url: String, body: Option<Value>| {
        let token = token.clone();
        let method = if body.is_some() {
            reqwest::Method::POST
        } else {
            reqwest::Method::GET
        };
        async move { call(ProviderId::DkHardware, &token, method, &url, body).await }
    };
    let settle = |sub: Value| {
        let dk = &dk;
        let base = &base;
        async move {
            let id = sub["submissionId"].clone();
            for _ in 0..200 {
                let s = dk(
                    format!("{base}/v1/customer/status"),
                    Some(json!({"submissionId": id})),
                )
                .await;
                if s["status"] == "Succeeded" {
                    return s["customerId"].as_u64().unwrap().to_string();
                }
                assert_ne!(s["status"], "Failed", "{s}");
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            panic!("submission never settled");
        }
    };
    let since = utc_now_minus(120, 'T');
    let sub = dk(
        format!("{base}/v1/customer/update"),
        Some(json!({"customer": {"customerId": "21010", "firstName": "Ed", "lastName": "Ited"}})),
    )
    .await;
    assert_eq!(settle(sub).await, "21010");
    let ids = |body: Value| -> Vec<String> {
        body["payload"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["customerId"].as_str().unwrap().to_string())
            .collect()
    };
    let newest = ids(dk(format!("{base}/v1/customer/?limit=1"), None).await);
    assert_eq!(newest, ["21010"], "the edit is now the newest update");
    let oldest_last = ids(dk(
        format!("{base}/v1/customer/?newest=false&limit=5&offset={}", N - 1),
        None,
    )
    .await);
    assert_eq!(oldest_last, ["21010"], "and last when oldest first");
    let changed = format!("{base}/v1/customer/?basedOnCreatedDate=false&from={since}");
    assert_eq!(ids(dk(changed.clone(), None).await), ["21010"]);

    let created = dk(
        format!("{base}/v1/customer/create"),
        Some(json!({"customer": {
        "firstName": "New", "lastName": "Comer", "email": "new.comer@example.org"}})),
    )
    .await;
    let created = settle(created).await;
    assert_eq!(
        ids(dk(changed.clone(), None).await),
        [created.clone(), "21010".into()],
        "updated since, newest first"
    );
    assert_eq!(
        ids(dk(format!("{changed}&newest=false&offset=1"), None).await),
        std::slice::from_ref(&created)
    );
    let new = format!("{base}/v1/customer/?basedOnCreatedDate=true&from={since}");
    assert_eq!(ids(dk(new, None).await), [created]);
    let old = format!("{base}/v1/customer/?basedOnCreatedDate=false&to=2000-01-01T00:00:00");
    assert!(ids(dk(old, None).await).is_empty());
    sb.shutdown().await;
}

#[tokio::test]
async fn cyclesoftware_modified_since_pages_in_id_order_after_writes() {
    let sb = start().await;
    let base = sb.base_url(ProviderId::CycleSoftware);
    let since = utc_now_minus(120, ' ').replace(' ', "%20");
    let write = |method: reqwest::Method, path: &str, name: &str| {
        let url = format!("{base}/api/v1/customers{path}");
        let body = json!({"name": name, "city": "Oss"});
        async move { call(ProviderId::CycleSoftware, "", method, &url, Some(body)).await }
    };
    write(reqwest::Method::PUT, "/1201.json", "Later").await;
    write(reqwest::Method::PUT, "/1005.json", "Earlier").await;
    let created = write(reqwest::Method::POST, ".json", "Nieuw").await;
    let created = created["customer_id"].as_u64().unwrap();
    let list = |query: String| {
        let url = format!("{base}/api/v1/customers/list.json?{query}");
        async move {
            let body = get(ProviderId::CycleSoftware, &url).await;
            let ids: Vec<u64> = body["customers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["customer_id"].as_u64().unwrap())
                .collect();
            (ids, body["pagination"]["next_offset"].clone())
        }
    };
    let (ids, next) = list(format!("modified_since={since}")).await;
    assert_eq!(ids, [1005, 1201, created]);
    assert_eq!(next, Value::Null);
    let (ids, _) = list(format!("modified_since={since}&offset=1")).await;
    assert_eq!(ids, [1201, created]);
    // A since before every record pages the whole set, like the plain list.
    let mut all = Vec::new();
    let mut offset = Value::from(0);
    while let Some(o) = offset.as_u64() {
        let (ids, next) = list(format!("modified_since=2000-01-01%2000:00:00&offset={o}")).await;
        all.extend(ids);
        offset = next;
    }
    assert_eq!(all.len(), N + 1);
    assert!(all.is_sorted() && all.last() == Some(&created));
    sb.shutdown().await;
}

#[tokio::test]
async fn ngorder_create_from_and_last_order_follow_writes() {
    let sb = start().await;
    let base = sb.base_url(ProviderId::Ngorder);
    // A listing before the writes: the order exists already and must follow them.
    get(
        ProviderId::Ngorder,
        &format!("{base}/customer?order_by=LAST_ORDER"),
    )
    .await;
    let created = call(
        ProviderId::Ngorder,
        "",
        reqwest::Method::POST,
        &format!("{base}/customer/create"),
        Some(
            json!({"name": "Baru Sekali", "phone": 6281234567890u64, "address": "Jl. Baru No. 1",
            "district_id": 3201, "postal_code": "52192", "category": "D",
            "email": "baru@example.com", "is_active": "Y"}),
        ),
    )
    .await;
    let created = created["data"]["customer_id"].as_u64().expect("created");
    call(
        ProviderId::Ngorder,
        "",
        reqwest::Method::PATCH,
        &format!("{base}/customer/activation-status"),
        Some(json!({"id": 105, "status": "5"})),
    )
    .await;
    let today = &utc_now_minus(0, ' ')[..10];
    let body = get(
        ProviderId::Ngorder,
        &format!("{base}/customer?create_from={today}"),
    )
    .await;
    assert_eq!(body["meta"]["pagination"]["total"], 1);
    assert_eq!(body["data"][0]["id"], created);
    // create_to is the same range of the id order as a client-side count.
    let all = get(
        ProviderId::Ngorder,
        &format!("{base}/customer?per_page=100"),
    )
    .await;
    assert_eq!(all["meta"]["pagination"]["total"], N);
    let mut before_2021 = 0;
    for page in 1..=3 {
        let url = format!("{base}/customer?per_page=100&pagination_offset={page}");
        for c in get(ProviderId::Ngorder, &url).await["data"]
            .as_array()
            .unwrap()
        {
            before_2021 += usize::from(c["created_at"].as_str().unwrap() < "2021-01-01");
        }
    }
    let body = get(
        ProviderId::Ngorder,
        &format!("{base}/customer?create_to=2020-12-31"),
    )
    .await;
    assert_eq!(body["meta"]["pagination"]["total"], before_2021);

    // LAST_ORDER: newest last order first, ties (no orders at all) newest customer first.
    let mut keyed = Vec::new();
    for page in 1..=3 {
        let url =
            format!("{base}/customer?order_by=LAST_ORDER&per_page=100&pagination_offset={page}");
        for c in get(ProviderId::Ngorder, &url).await["data"]
            .as_array()
            .unwrap()
        {
            let id = c["id"].as_u64().unwrap();
            let history = get(
                ProviderId::Ngorder,
                &format!("{base}/customer/order-history?id={id}&per_page=1"),
            )
            .await;
            let last = history["data"][0]["date"]
                .as_str()
                .unwrap_or("")
                .to_string();
            keyed.push((last, id));
        }
    }
    assert_eq!(keyed.len(), N);
    assert!(keyed.iter().all(|(_, id)| *id != 105), "deleted is gone");
    assert!(
        keyed.is_sorted_by(|a, b| a >= b),
        "LAST_ORDER order: {:?}",
        &keyed[keyed.len() - 5..]
    );
    sb.shutdown().await;
}

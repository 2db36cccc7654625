//! Reads beyond paging (filters, search, related lists, lookups) and writes of nested lists
//! (CycleSoftware's phone numbers, DK's addresses).

use super::*;

#[tokio::test]
async fn filters_search_related_lists_and_lookups() {
    let sandbox = start().await;
    let ngorder = client(&sandbox, ProviderId::Ngorder);
    let first = ngorder.first_page();
    let found = ngorder
        .list_with(
            first,
            &[
                ("keyword", "Budi Santoso".into()),
                ("type", "NAME".into()),
                ("category", String::new()),
            ],
        )
        .await
        .unwrap();
    assert!(
        found
            .records
            .iter()
            .all(|r| r.text("name").contains("Budi Santoso"))
    );
    assert!(
        found.records.iter().any(|r| r.id == "101"),
        "the fixed record is found"
    );

    let orders = ngorder.related("orders", "101", first, &[]).await.unwrap();
    assert!(!orders.records.is_empty(), "Budi has an order history");
    assert!(orders.records.iter().all(|o| !o.text("date").is_empty()));
    let none = ngorder
        .related("orders", "101", first, &[("end_date", "2000-01-01".into())])
        .await
        .unwrap();
    assert!(none.records.is_empty(), "the date filter is sent");

    let categories = ngorder.lookup("category_code", None, 1).await.unwrap();
    assert!(
        categories.iter().any(|(code, _)| code == "N"),
        "{categories:?}"
    );
    let regions = ngorder
        .lookup("district_id", Some("Tegal"), 1)
        .await
        .unwrap();
    assert!(
        regions
            .iter()
            .any(|(id, label)| id == "3201" && label.contains("Tegal")),
        "{regions:?}"
    );
    let months = ngorder.per_month().await.unwrap();
    assert!(!months.is_empty());
    assert!(months.windows(2).all(|w| w[0].0 <= w[1].0), "oldest first");
    assert!(
        ngorder.export(&[]).await.unwrap().contains('@'),
        "names the e-mail it goes to"
    );

    let cycle = client(&sandbox, ProviderId::CycleSoftware);
    let found = cycle
        .search(&[("query", "Wijgergangs".into())])
        .await
        .unwrap();
    assert!(
        found
            .records
            .iter()
            .any(|r| r.text("name") == "Wijgergangs")
    );
    assert_eq!(found.next, None, "find answers in one go");
    let types = cycle.lookup("customer_type_name", None, 1).await.unwrap();
    assert!(types.iter().any(|(code, _)| code == "Klant"), "{types:?}");
    let error = cycle.search(&[("query", String::new())]).await.unwrap_err();
    assert_eq!(
        error.kind,
        ErrorKind::Validation,
        "find without parameters answers error:true in a 200"
    );

    let guardant = client(&sandbox, ProviderId::Guardant);
    let orders = guardant
        .related("orders", "1", guardant.first_page(), &[])
        .await
        .unwrap();
    assert!(!orders.records.is_empty(), "customer 1 has orders");
    let drafts = guardant
        .related(
            "orders",
            "1",
            guardant.first_page(),
            &[("status", "0".into())],
        )
        .await
        .unwrap();
    assert!(drafts.records.iter().all(|o| o.text("status") == "0"));
    let people = guardant
        .list_with(guardant.first_page(), &[("type", "company".into())])
        .await
        .unwrap();
    assert!(
        people
            .records
            .iter()
            .all(|r| !r.text("companyname").is_empty())
    );
}

fn item(pairs: &[(&str, &str)]) -> Vec<(String, Value)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), Value::Text(v.to_string())))
        .collect()
}

#[tokio::test]
async fn lists_are_written_cyclesoftware_phone_numbers_and_dk_addresses() {
    let sandbox = start().await;
    let cycle = client(&sandbox, ProviderId::CycleSoftware);
    let mut values = text(&[("name", "De Vries"), ("customer_type_name", "Klant")]);
    values.push((
        "phone_numbers".into(),
        Value::List(vec![item(&[
            ("phone_number_id", "mob"),
            ("phone_number", "0612345678"),
            ("name", "Eva"),
        ])]),
    ));
    let created = record_of(cycle.create(&values).await.unwrap());
    let read = cycle.get(&created.id).await.unwrap();
    let Some(Value::List(phones)) = read.get("phone_numbers") else {
        panic!("{read:?}")
    };
    assert!(
        phones
            .iter()
            .any(|p| p.contains(&("phone_number".to_string(), Value::Text("0612345678".into())))),
        "{phones:?}"
    );

    let dk = client(&sandbox, ProviderId::DkHardware);
    let mut values = text(&[
        ("firstName", "Alan"),
        ("lastName", "Turing"),
        ("email", "alan@example.com"),
    ]);
    let address = item(&[
        ("firstName", "Alan"),
        ("lastName", "Turing"),
        ("address1", "1 Bletchley Park"),
        ("city", "Milton Keynes"),
        ("state", "MK"),
        ("zip", "MK3 6EB"),
        ("country", "United Kingdom"),
        ("isDefaultBilling", "yes"),
        ("isDefaultShipping", "no"),
    ]);
    values.push(("addresses".into(), Value::List(vec![address])));
    let Saved::Submitted(submission) = dk.create(&values).await.unwrap().saved else {
        panic!("DK writes are submissions");
    };
    let done = follow(&dk, &submission).await;
    assert_eq!(done.state, SubmissionState::Succeeded, "{:?}", done.errors);
    let read = dk.get(&done.customer_id.unwrap()).await.unwrap();
    let Some(Value::List(addresses)) = read.get("addresses") else {
        panic!("{read:?}")
    };
    let first = &addresses[0];
    assert!(
        first.contains(&("zip".to_string(), Value::Text("MK3 6EB".into()))),
        "{first:?}"
    );
    assert!(
        first.contains(&("isDefaultBilling".to_string(), Value::Bool(true))),
        "yes/no sent as a boolean: {first:?}"
    );
}

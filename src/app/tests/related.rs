//! A customer's related list (orders): its own filters, and the details of one row.

use super::*;

/// A tab of `provider` with its first page answered and the first customer's orders opened; returns
/// the orders' first fetch.
fn orders_open(provider: ProviderId) -> (App, Command) {
    let (mut app, commands) = App::new(&settings(&[provider]));
    answer(&mut app, &commands[0], Ok(page(100..102, None)));
    let sent = act(&mut app, Action::OpenRelated);
    assert_eq!(app.mode(), Mode::Related);
    (app, sent.into_iter().next().unwrap())
}

fn related_filters(command: &Command) -> Vec<(&'static str, String)> {
    match &command.work {
        Work::FetchRelated { filters, .. } => filters.clone(),
        other => panic!("not an orders fetch: {other:?}"),
    }
}

#[test]
fn ngorder_order_dates_are_reachable_checked_and_sent() {
    let (mut app, first) = orders_open(ProviderId::Ngorder);
    assert!(related_filters(&first).is_empty());
    act(&mut app, Action::OpenFilters);
    let Some(Overlay::Filters(panel)) = &app.overlay else {
        panic!("f opens the orders' filters: {:?}", app.notice)
    };
    let params: Vec<_> = panel.fields.iter().map(|f| f.filter.param).collect();
    assert_eq!(params, ["start_date", "end_date"]);
    // Doc: "start_date | string | Format `yyyy-mm-dd`": a wrong date stays in the panel, unsent.
    type_text(&mut app, "2021-3-1");
    assert!(act(&mut app, Action::ApplyFilters).is_empty());
    act(&mut app, Action::ClearFilters);
    type_text(&mut app, "2021-03-01");
    let sent = act(&mut app, Action::ApplyFilters);
    assert_eq!(
        related_filters(&sent[0]),
        [("start_date", "2021-03-01".to_string())]
    );
    assert_eq!(request_of(&sent[0]).cursor, Cursor::Page(1), "from page 1");
    assert_eq!(app.mode(), Mode::Related);
    // The next page (asked ahead) keeps the filter.
    let next = answer(&mut app, &sent[0], Ok(page(1..3, Some(Cursor::Page(2)))));
    assert_eq!(request_of(&next[0]).cursor, Cursor::Page(2));
    assert_eq!(
        related_filters(&next[0]),
        [("start_date", "2021-03-01".into())]
    );
}

#[test]
fn guardant_order_status_sort_and_direction_are_reachable() {
    let (mut app, _) = orders_open(ProviderId::Guardant);
    act(&mut app, Action::OpenFilters);
    let Some(Overlay::Filters(panel)) = &app.overlay else {
        panic!("{:?}", app.notice)
    };
    let params: Vec<_> = panel.fields.iter().map(|f| f.filter.param).collect();
    assert_eq!(params, ["status", "sortby", "direction"]);
    type_text(&mut app, "0,1");
    act(&mut app, Action::NextField);
    type_text(&mut app, "submitdate");
    act(&mut app, Action::NextField);
    type_text(&mut app, "desc");
    let sent = act(&mut app, Action::ApplyFilters);
    assert_eq!(
        related_filters(&sent[0]),
        [
            ("status", "0,1".to_string()),
            ("sortby", "submitdate".into()),
            ("direction", "desc".into())
        ]
    );
    assert_eq!(request_of(&sent[0]).cursor, Cursor::Offset(0));
}

#[test]
fn enter_shows_an_orders_details_and_esc_goes_back_to_the_orders() {
    let (mut app, first) = orders_open(ProviderId::Ngorder);
    answer(&mut app, &first, Ok(page(1..3, None)));
    act(&mut app, Action::Down);
    act(&mut app, Action::OpenDetail);
    let TabView::Related(related) = &app.tabs[0].view else {
        panic!()
    };
    assert!(related.detail, "Enter opens the order");
    assert_eq!(related.pager.selected, 1, "the order chosen");
    act(&mut app, Action::Back);
    let TabView::Related(related) = &app.tabs[0].view else {
        panic!("Esc goes back to the orders, not the customer")
    };
    assert!(!related.detail);
    // Opened from the table: Esc goes back to it.
    act(&mut app, Action::Back);
    assert_eq!(app.mode(), Mode::Browse);
}

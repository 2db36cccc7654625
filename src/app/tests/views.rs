use super::*;

#[test]
fn detail_and_related_list_open_and_go_back() {
    let (mut app, commands) = App::new(&settings(&[ProviderId::Ngorder]));
    answer(&mut app, &commands[0], Ok(page(100..102, None)));
    act(&mut app, Action::Down);
    act(&mut app, Action::OpenDetail);
    assert_eq!(app.mode(), Mode::Detail);
    let sent = act(&mut app, Action::OpenRelated);
    assert_eq!(app.mode(), Mode::Related);
    match &sent[0].work {
        Work::FetchRelated {
            list,
            customer,
            request,
            ..
        } => {
            assert_eq!((*list, customer.as_str()), ("orders", "101"));
            assert_eq!(request.cursor, Cursor::Page(1));
        }
        other => panic!("{other:?}"),
    }
    // Its answer lands in the related list, not the customer table.
    let orders = Page {
        summary: Vec::new(),
        records: vec![named(39384704, "order")],
        next: None,
        totals: None,
    };
    answer(&mut app, &sent[0], Ok(orders));
    let TabView::Related(related) = &app.tabs[0].view else {
        panic!()
    };
    assert_eq!(related.pager.row_count(), 1);
    assert_eq!(app.tabs[0].customers.row_count(), 2);
    act(&mut app, Action::Back);
    assert_eq!(app.mode(), Mode::Detail);
    act(&mut app, Action::Back);
    assert_eq!(app.mode(), Mode::Browse);
}

#[test]
fn a_provider_without_related_lists_says_so() {
    let (mut app, commands) = App::new(&settings(&[ProviderId::Reportei]));
    answer(&mut app, &commands[0], Ok(page(0..2, None)));
    act(&mut app, Action::OpenDetail);
    assert!(act(&mut app, Action::OpenRelated).is_empty());
    assert!(
        app.notice
            .as_ref()
            .unwrap()
            .text
            .contains("no related lists")
    );
}

#[test]
fn jobs_record_what_finished_and_how_it_went() {
    let (mut app, commands) = App::new(&settings(&[ProviderId::Guardant]));
    answer(
        &mut app,
        &commands[0],
        Err(ApiError::new(crate::domain::ErrorKind::Timeout, "slow")),
    );
    let job = app.jobs.iter().next().unwrap();
    assert!(matches!(&job.state, JobState::Failed(_, error) if error.contains("slow")));
    act(&mut app, Action::ToggleJobs);
    assert_eq!(app.mode(), Mode::Jobs);
    act(&mut app, Action::ToggleJobs);
    assert_eq!(app.mode(), Mode::Browse);
}

#[test]
fn the_status_view_fetches_the_chart_once() {
    let (mut app, _) = App::new(&settings(&[ProviderId::Ngorder, ProviderId::Reportei]));
    let sent = act(&mut app, Action::ToggleStatus);
    assert!(matches!(sent[0].work, Work::PerMonth));
    app.update(Msg::Worker(WorkerEvent {
        id: sent[0].id,
        provider: ProviderId::Ngorder,
        elapsed: Duration::from_millis(3),
        outcome: Outcome::PerMonth(Ok(vec![("2024-01".into(), 5)])),
    }));
    assert_eq!(app.chart, Some(Chart::Ready(vec![("2024-01".into(), 5)])));
    act(&mut app, Action::ToggleStatus);
    assert!(app.overlay.is_none());
}

#[test]
fn an_export_request_shows_the_providers_message() {
    let (mut app, _) = App::new(&settings(&[ProviderId::Ngorder, ProviderId::Reportei]));
    // It asks first (see tests::changes); the answer yes sends it.
    act(&mut app, Action::RequestExport);
    act(&mut app, Action::ApplyFilters);
    let sent = act(&mut app, Action::Yes);
    assert!(matches!(sent[0].work, Work::Export { .. }));
    app.update(Msg::Worker(WorkerEvent {
        id: sent[0].id,
        provider: ProviderId::Ngorder,
        elapsed: Duration::from_millis(3),
        outcome: Outcome::Message(Ok(
            "Success, your customer data will be sent to a@b.id soon".into(),
        )),
    }));
    assert!(
        app.notice
            .as_ref()
            .unwrap()
            .text
            .contains("will be sent to a@b.id")
    );
    act(&mut app, Action::SelectTab(1));
    assert!(act(&mut app, Action::RequestExport).is_empty());
    assert!(app.notice.as_ref().unwrap().text.contains("no export"));
}

#[test]
fn h_and_l_scroll_the_columns_within_the_tables_columns() {
    let (mut app, commands) = App::new(&settings(&[ProviderId::Ngorder]));
    answer(&mut app, &commands[0], Ok(page(100..102, None)));
    let keys = |app: &App, c| {
        app.keymap.action(
            Mode::Browse,
            crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Char(c)),
        )
    };
    assert_eq!(keys(&app, 'l'), Some(Action::ColumnsRight));
    assert_eq!(keys(&app, 'h'), Some(Action::ColumnsLeft));
    let columns = app.tabs[0].columns.len();
    assert!(columns > 3);
    act(&mut app, Action::ColumnsRight);
    assert_eq!(app.tabs[0].column_offset, 2);
    for _ in 0..20 {
        act(&mut app, Action::ColumnsRight);
    }
    // Never past the last column, so h brings the view back one column per press.
    assert_eq!(app.tabs[0].column_offset, columns - 1);
    for _ in 0..20 {
        act(&mut app, Action::ColumnsLeft);
    }
    assert_eq!(app.tabs[0].column_offset, 1);
    // The selection did not move.
    assert_eq!(selected_id(&app).as_deref(), Some("100"));
}

#[test]
fn esc_from_orders_goes_back_to_where_they_were_opened() {
    let (mut app, commands) = App::new(&settings(&[ProviderId::Ngorder]));
    answer(&mut app, &commands[0], Ok(page(100..102, None)));
    // From the table: Esc lands on the table, not on a detail view never opened.
    act(&mut app, Action::OpenRelated);
    assert_eq!(app.mode(), Mode::Related);
    act(&mut app, Action::Back);
    assert_eq!(app.mode(), Mode::Browse);
    // From the detail view: back to it.
    act(&mut app, Action::OpenDetail);
    act(&mut app, Action::OpenRelated);
    act(&mut app, Action::Back);
    assert_eq!(app.mode(), Mode::Detail);
}

#[test]
fn the_customer_count_is_the_providers_total_else_the_mirrors() {
    let (mut app, commands) = App::new(&settings(&[ProviderId::Ngorder]));
    assert_eq!(app.tabs[0].customer_count(), None);
    answer(
        &mut app,
        &commands[0],
        Ok(with_totals(page(100..102, None), 4912, 2456)),
    );
    assert_eq!(app.tabs[0].customer_count(), Some(4912));
    // A filtered list's total is not the provider's count: the mirror's is, when there is one.
    app.tabs[0].filters = vec![("keyword", "budi".into())];
    assert_eq!(app.tabs[0].customer_count(), None);
}

#[test]
fn the_column_picker_shows_hides_and_orders_the_columns() {
    let (mut app, commands) = App::new(&settings(&[ProviderId::Ngorder]));
    answer(&mut app, &commands[0], Ok(page(100..102, None)));
    let keys = |app: &App| {
        app.tabs[0]
            .columns
            .iter()
            .map(|f| f.key)
            .collect::<Vec<_>>()
    };
    let before = keys(&app);
    act(&mut app, Action::PickColumns);
    assert_eq!(app.mode(), Mode::Actions);
    // The first column (Name) is highlighted: Enter hides it, Enter again shows it as the last
    // column (the highlight follows it), and K moves it back to the top, a place a press.
    act(&mut app, Action::Choose);
    assert!(!keys(&app).contains(&"name"));
    act(&mut app, Action::Choose);
    assert_eq!(keys(&app).last(), Some(&"name"));
    for _ in 0..10 {
        act(&mut app, Action::MoveUp);
    }
    assert_eq!(keys(&app), before);
    // The shown columns head the list in the table's order; Address, the first other field, is
    // next: shown, it is the last column. K moves it up, J down.
    for _ in 0..before.len() {
        act(&mut app, Action::Down);
    }
    act(&mut app, Action::Choose);
    assert_eq!(keys(&app).last(), Some(&"address"));
    for _ in 0..before.len() - 3 {
        act(&mut app, Action::MoveUp);
    }
    assert_eq!(keys(&app)[..4], ["name", "phone", "email", "address"]);
    act(&mut app, Action::MoveDown);
    assert_eq!(keys(&app)[3..5], ["city", "address"]);
    // A hidden field has no place to move.
    let shown = keys(&app);
    for _ in 0..before.len() {
        act(&mut app, Action::Down);
    }
    act(&mut app, Action::MoveUp);
    assert_eq!(keys(&app), shown);
    act(&mut app, Action::Close);
    assert_eq!(app.mode(), Mode::Browse);
    // The selection is where it was; the table did not reload.
    assert_eq!(selected_id(&app).as_deref(), Some("100"));
}

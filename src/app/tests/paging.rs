use super::*;

#[test]
fn paging_follows_the_cursor_the_provider_gave() {
    let (mut app, commands) = App::new(&settings(&[ProviderId::CycleSoftware]));
    // CycleSoftware's next offset cannot be predicted: it is prefetched once the provider says it.
    let prefetch = answer(
        &mut app,
        &commands[0],
        Ok(page(0..2, Some(Cursor::Offset(731)))),
    );
    assert_eq!(cursor_of(&prefetch[0]), Cursor::Offset(731));
    assert!(
        act(&mut app, Action::NextPage).is_empty(),
        "waits for the prefetch instead of asking twice"
    );
    answer(&mut app, &prefetch[0], Ok(page(2..4, None)));
    assert_eq!(app.tabs[0].customers.page_index(), 1);
    assert!(
        act(&mut app, Action::NextPage).is_empty(),
        "no next page after the last"
    );
    let back = act(&mut app, Action::PrevPage);
    assert!(back.is_empty(), "the first page is still in hand");
    assert_eq!(selected_id(&app).as_deref(), Some("0"));
}

#[test]
fn no_previous_page_before_the_first() {
    let (mut app, commands) = App::new(&settings(&[ProviderId::Ngorder]));
    answer(
        &mut app,
        &commands[0],
        Ok(page(0..2, Some(Cursor::Page(2)))),
    );
    assert!(act(&mut app, Action::PrevPage).is_empty());
}

#[test]
fn the_next_page_is_prefetched_so_paging_forward_is_instant() {
    let (mut app, commands) = App::new(&settings(&[ProviderId::Reportei]));
    let follow_up = answer(
        &mut app,
        &commands[0],
        Ok(with_totals(page(0..2, Some(Cursor::Page(2))), 6, 3)),
    );
    assert_eq!(follow_up.len(), 1, "page 2 is fetched ahead");
    assert_eq!(cursor_of(&follow_up[0]), Cursor::Page(2));
    answer(
        &mut app,
        &follow_up[0],
        Ok(with_totals(page(2..4, Some(Cursor::Page(3))), 6, 3)),
    );
    assert_eq!(
        app.tabs[0].customers.page_index(),
        0,
        "a prefetch is not shown by itself"
    );

    let after_next = act(&mut app, Action::NextPage);
    assert_eq!(
        app.tabs[0].customers.page_index(),
        1,
        "shown at once, no waiting"
    );
    assert_eq!(selected_id(&app).as_deref(), Some("2"));
    assert_eq!(
        cursor_of(&after_next[0]),
        Cursor::Page(3),
        "and the one after is fetched ahead"
    );
}

#[test]
fn fast_repeated_paging_only_asks_for_the_page_still_wanted() {
    let (mut app, commands) = App::new(&settings(&[ProviderId::Guardant]));
    let prefetch = answer(
        &mut app,
        &commands[0],
        Ok(page(0..2, Some(Cursor::Offset(2)))),
    );
    // Five presses before anything arrives: the offsets can be counted ahead.
    let mut sent = Vec::new();
    for _ in 0..5 {
        sent.extend(act(&mut app, Action::NextPage));
    }
    let last = sent.last().unwrap().clone();
    assert_eq!(cursor_of(&last), Cursor::Offset(10), "five pages on");
    // The earlier requests are superseded: their answers are ignored, the worker aborts them.
    answer(
        &mut app,
        &prefetch[0],
        Ok(page(2..4, Some(Cursor::Offset(4)))),
    );
    for stale in &sent[..sent.len() - 1] {
        answer(&mut app, stale, Ok(page(90..92, Some(Cursor::Offset(99)))));
    }
    assert_eq!(
        app.tabs[0].customers.page_index(),
        0,
        "still waiting for the wanted page"
    );
    answer(&mut app, &last, Ok(page(10..12, Some(Cursor::Offset(12)))));
    assert_eq!(app.tabs[0].customers.page_index(), 5);
    assert_eq!(selected_id(&app).as_deref(), Some("10"));
    let superseded = app
        .jobs
        .iter()
        .filter(|j| j.state == JobState::Superseded)
        .count();
    assert!(
        superseded >= 3,
        "the jobs view says which requests were dropped"
    );
}

#[test]
fn page_numbers_stop_at_the_last_page_the_api_reported() {
    let (mut app, commands) = App::new(&settings(&[ProviderId::Ngorder]));
    let prefetch = answer(
        &mut app,
        &commands[0],
        Ok(with_totals(page(0..2, Some(Cursor::Page(2))), 4, 2)),
    );
    answer(
        &mut app,
        &prefetch[0],
        Ok(with_totals(page(2..4, None), 4, 2)),
    );
    act(&mut app, Action::NextPage);
    assert_eq!(app.tabs[0].customers.page_index(), 1);
    assert!(act(&mut app, Action::NextPage).is_empty());
    assert_eq!(app.tabs[0].customers.page_index(), 1);
}

#[test]
fn a_stale_answer_is_ignored_and_the_newest_request_wins() {
    let (mut app, commands) = App::new(&settings(&[ProviderId::Guardant]));
    let refresh = act(&mut app, Action::Refresh);
    // The answer to the first (replaced) request arrives late.
    answer(&mut app, &commands[0], Ok(page(100..102, None)));
    assert!(
        app.tabs[0].customers.page().is_none(),
        "stale page must not be shown"
    );
    assert!(app.tabs[0].is_loading());
    answer(&mut app, &refresh[0], Ok(page(0..2, None)));
    assert_eq!(selected_id(&app).as_deref(), Some("0"));
    assert!(!app.is_busy());
}

#[test]
fn an_error_keeps_the_rows_on_screen_and_refresh_retries() {
    let (mut app, commands) = App::new(&settings(&[ProviderId::CycleSoftware]));
    let prefetch = answer(
        &mut app,
        &commands[0],
        Ok(page(0..2, Some(Cursor::Offset(2)))),
    );
    let next = act(&mut app, Action::Refresh);
    answer(
        &mut app,
        &prefetch[0],
        Err(ApiError::new(ErrorKind::Server, "prefetch failed")),
    );
    assert!(
        app.tabs[0].customers.error.is_none(),
        "a failed prefetch is silent"
    );
    answer(
        &mut app,
        &next[0],
        Err(ApiError::new(ErrorKind::Server, "boom").with_status(503)),
    );
    let tab = &app.tabs[0];
    assert_eq!(
        tab.customers.error.as_ref().unwrap().kind,
        ErrorKind::Server
    );
    assert!(tab.has_error(), "the tab title gets its mark");
    let retry = act(&mut app, Action::Refresh);
    assert_eq!(retry.len(), 1);
    answer(&mut app, &retry[0], Ok(page(0..2, None)));
    assert!(app.tabs[0].customers.error.is_none());
    assert_eq!(app.tabs[0].customers.row_count(), 2);
}

use crate::domain::ErrorKind;

#[test]
fn after_quick_paging_the_next_page_is_the_one_after() {
    // Found end to end: pages counted ahead were not recorded, so the answer's next cursor landed
    // in the wrong slot and "next" jumped from page 6 to page 11.
    let (mut app, commands) = App::new(&settings(&[ProviderId::Ngorder]));
    let prefetch = answer(
        &mut app,
        &commands[0],
        Ok(page(0..2, Some(Cursor::Page(2)))),
    );
    let mut sent = Vec::new();
    for _ in 0..5 {
        sent.extend(act(&mut app, Action::NextPage));
    }
    let last = sent.last().unwrap().clone();
    assert_eq!(cursor_of(&last), Cursor::Page(6));
    let _ = prefetch;
    let follow_up = answer(&mut app, &last, Ok(page(10..12, Some(Cursor::Page(7)))));
    assert_eq!(app.tabs[0].customers.page_index(), 5);
    assert_eq!(
        cursor_of(&follow_up[0]),
        Cursor::Page(7),
        "prefetches page 7"
    );
    answer(
        &mut app,
        &follow_up[0],
        Ok(page(12..14, Some(Cursor::Page(8)))),
    );
    act(&mut app, Action::NextPage);
    assert_eq!(app.tabs[0].customers.page_index(), 6);
    assert_eq!(selected_id(&app).as_deref(), Some("12"), "page 7's rows");
    let back = act(&mut app, Action::PrevPage);
    assert!(back.is_empty(), "page 6 is still in hand");
    assert_eq!(selected_id(&app).as_deref(), Some("10"));
}

/// Ngorder's own list example answered to every request, as a provider that ignores the page asked
/// for would: `current_page` is always 1.
fn ngorder_example(command: &Command) -> Result<Page, ApiError> {
    let body: serde_json::Value =
        serde_json::from_str(include_str!("../../../tests/fixtures/ngorder_list.json")).unwrap();
    crate::providers::decode_page(
        crate::providers::spec(ProviderId::Ngorder),
        request_of(command),
        &body,
    )
}

#[test]
fn ngorder_doc_example_pages_on_from_the_page_asked_with_a_possible_range() {
    let (mut app, commands) = App::new(&settings(&[ProviderId::Ngorder]));
    let prefetch = answer(&mut app, &commands[0], ngorder_example(&commands[0]));
    assert_eq!(cursor_of(&prefetch[0]), Cursor::Page(2));
    assert!(act(&mut app, Action::NextPage).is_empty());
    let after_two = answer(&mut app, &prefetch[0], ngorder_example(&prefetch[0]));
    assert_eq!(app.tabs[0].customers.page_index(), 1);
    assert_eq!(
        cursor_of(&after_two[0]),
        Cursor::Page(3),
        "page 3 follows page 2, whatever current_page says"
    );
    // Two rows a page as asked: page 2 of 50 holds rows 3–4 of 100, a range that can be.
    let totals = app.tabs[0].customers.page().unwrap().totals;
    assert_eq!(
        totals,
        Some(Totals {
            records: 100,
            pages: 50
        })
    );
}

#[test]
fn ngorder_doc_example_at_fifty_a_page_is_one_short_last_page() {
    let mut settings = settings(&[ProviderId::Ngorder]);
    settings.providers[0].page_size = 50;
    let (mut app, commands) = App::new(&settings);
    let follow_up = answer(&mut app, &commands[0], ngorder_example(&commands[0]));
    assert!(follow_up.is_empty(), "2 rows of 50 asked: nothing after");
    let page = app.tabs[0].customers.page().unwrap();
    assert_eq!(
        (page.totals, page.next),
        (None, None),
        "no 'page 1 of 50' for 2 rows"
    );
    assert!(act(&mut app, Action::NextPage).is_empty());
}

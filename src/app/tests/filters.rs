use super::*;
use crate::domain::ErrorKind;

fn loaded(provider: ProviderId, records: Vec<Record>) -> App {
    let (mut app, commands) = App::new(&settings(&[provider]));
    let page = Page {
        summary: Vec::new(),
        records,
        next: None,
        totals: None,
    };
    answer(&mut app, &commands[0], Ok(page));
    app
}

#[test]
fn local_filter_narrows_the_loaded_rows_as_you_type() {
    let mut app = loaded(
        ProviderId::Guardant,
        vec![
            named(1, "Иван Петров"),
            named(2, "Ольга Смирнова"),
            named(3, "Пётр Петров"),
        ],
    );
    act(&mut app, Action::StartFilter);
    assert_eq!(app.mode(), Mode::Typing);
    type_text(&mut app, "петров");
    let filter = app.tabs[0].local_filter.as_ref().unwrap();
    assert_eq!(
        filter.matches,
        vec![0, 2],
        "case-insensitive, over every field"
    );
    act(&mut app, Action::ConfirmFilter);
    assert_eq!(app.mode(), Mode::Browse);
    act(&mut app, Action::Down);
    assert_eq!(
        selected_id(&app).as_deref(),
        Some("3"),
        "moves among the matching rows only"
    );
    act(&mut app, Action::Back);
    assert!(app.tabs[0].local_filter.is_none(), "Esc drops the filter");
    assert_eq!(
        selected_id(&app).as_deref(),
        Some("3"),
        "the selection stays put"
    );
}

#[test]
fn no_match_selects_nothing() {
    let mut app = loaded(ProviderId::Reportei, vec![named(1, "Agência Aurora")]);
    act(&mut app, Action::StartFilter);
    type_text(&mut app, "zzz");
    assert_eq!(selected_id(&app), None);
    assert!(act(&mut app, Action::OpenDetail).is_empty());
    assert!(
        matches!(app.tabs[0].view, TabView::Table),
        "no detail of a hidden row"
    );
}

#[test]
fn server_search_sends_the_filter_text_the_providers_way() {
    // Ngorder: the list's own keyword filter.
    let mut app = loaded(ProviderId::Ngorder, vec![named(1, "Budi")]);
    act(&mut app, Action::StartFilter);
    type_text(&mut app, "Budi Santoso");
    let sent = act(&mut app, Action::ServerSearch);
    match &sent[0].work {
        Work::FetchPage {
            filters,
            search,
            request,
        } => {
            assert_eq!(filters, &vec![("keyword", "Budi Santoso".to_string())]);
            assert!(!search);
            assert_eq!(request.cursor, Cursor::Page(1), "from the first page");
        }
        other => panic!("{other:?}"),
    }
    // CycleSoftware: its separate find endpoint.
    let mut app = loaded(ProviderId::CycleSoftware, vec![named(1, "Jansen")]);
    act(&mut app, Action::StartFilter);
    type_text(&mut app, "Wijgergangs");
    let sent = act(&mut app, Action::ServerSearch);
    assert!(
        matches!(&sent[0].work, Work::FetchPage { search: true, filters, .. } if filters[0] == ("query", "Wijgergangs".to_string()))
    );
    // Guardant has none: the filter stays local and the user is told.
    let mut app = loaded(ProviderId::Guardant, vec![named(1, "Иван")]);
    act(&mut app, Action::StartFilter);
    type_text(&mut app, "Иван");
    assert!(act(&mut app, Action::ServerSearch).is_empty());
    assert!(app.notice.as_ref().unwrap().text.contains("stays local"));
}

#[test]
fn the_filter_panel_refuses_bad_input_next_to_the_field_and_keeps_it() {
    let mut app = loaded(ProviderId::Ngorder, vec![named(1, "Budi")]);
    act(&mut app, Action::OpenFilters);
    assert_eq!(app.mode(), Mode::Panel);
    // Move to "Created from" and type a date the API would not take.
    let Some(Overlay::Filters(panel)) = &app.overlay else {
        panic!()
    };
    let from = panel
        .fields
        .iter()
        .position(|f| f.filter.param == "create_from")
        .unwrap();
    for _ in 0..from {
        act(&mut app, Action::NextField);
    }
    type_text(&mut app, "31-01-2024");
    assert!(
        act(&mut app, Action::ApplyFilters).is_empty(),
        "nothing is sent"
    );
    let Some(Overlay::Filters(panel)) = &app.overlay else {
        panic!("the panel stays open")
    };
    let field = &panel.fields[from];
    assert_eq!(field.input.value(), "31-01-2024", "what was typed is kept");
    assert!(field.error.as_deref().unwrap().contains("2024-01-31"));
    assert_eq!(panel.focus, from);

    // Corrected, it applies: the list starts over with the filter.
    for _ in 0..10 {
        app.update(Msg::Key(crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Backspace,
            crossterm::event::KeyModifiers::NONE,
        )));
    }
    type_text(&mut app, "2024-01-31");
    let sent = act(&mut app, Action::ApplyFilters);
    assert!(app.overlay.is_none());
    assert!(
        matches!(&sent[0].work, Work::FetchPage { filters, .. } if filters == &vec![("create_from", "2024-01-31".to_string())])
    );
    assert_eq!(app.tabs[0].filters.len(), 1);
}

#[test]
fn a_provider_without_filters_says_so() {
    let mut app = loaded(ProviderId::Reportei, vec![named(1, "Agência Aurora")]);
    act(&mut app, Action::OpenFilters);
    assert!(app.overlay.is_none());
    assert!(
        app.notice
            .as_ref()
            .unwrap()
            .text
            .contains("no list filters")
    );
}

#[test]
fn errors_of_filtered_fetches_reach_the_tab() {
    let mut app = loaded(ProviderId::Ngorder, vec![named(1, "Budi")]);
    act(&mut app, Action::StartFilter);
    type_text(&mut app, "x");
    let sent = act(&mut app, Action::ServerSearch);
    answer(
        &mut app,
        &sent[0],
        Err(ApiError::new(
            ErrorKind::Validation,
            "keyword may not be greater than 50",
        )),
    );
    assert!(app.tabs[0].has_error());
}

#[test]
fn deleting_characters_widens_the_filter_again() {
    let mut app = loaded(
        ProviderId::Guardant,
        vec![
            named(1, "Иван Петров"),
            named(2, "Иван Смирнов"),
            named(3, "Olga"),
        ],
    );
    act(&mut app, Action::StartFilter);
    type_text(&mut app, "иван п");
    assert_eq!(app.tabs[0].local_filter.as_ref().unwrap().matches, vec![0]);
    for _ in 0..2 {
        app.update(Msg::Key(crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Backspace,
            crossterm::event::KeyModifiers::NONE,
        )));
    }
    assert_eq!(
        app.tabs[0].local_filter.as_ref().unwrap().matches,
        vec![0, 1],
        "\"иван\" matches both again"
    );
}

#[test]
fn cyclesoftware_customer_type_id_offers_the_fetched_types_and_takes_only_their_ids() {
    let mut app = loaded(ProviderId::CycleSoftware, vec![record(1)]);
    let sent = act(&mut app, Action::OpenFilters);
    // The panel asks for the common enum `customer_types` (and the form's lookups do not come along).
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert!(matches!(
        sent[0].work,
        Work::Lookup {
            field: "customer_type_id",
            search: None,
            page: 1
        }
    ));
    let types = vec![
        ("1".into(), "Klant".into()),
        ("2".into(), "Leverancier".into()),
    ];
    super::edit::reply(
        &mut app,
        &sent[0],
        Outcome::Options("customer_type_id", Ok(types)),
    );
    let Some(Overlay::Filters(panel)) = &app.overlay else {
        panic!()
    };
    let at = panel
        .fields
        .iter()
        .position(|f| f.filter.param == "customer_type_id")
        .unwrap();
    assert_eq!(panel.fields[at].options.len(), 2);
    for _ in 0..at {
        act(&mut app, Action::NextField);
    }
    // A name is refused next to the field (doc: `customer_type_id` | `?integer`) ...
    type_text(&mut app, "Klant");
    assert!(act(&mut app, Action::ApplyFilters).is_empty(), "not sent");
    let Some(Overlay::Filters(panel)) = &app.overlay else {
        panic!()
    };
    assert!(panel.fields[at].error.is_some());
    // ... and so is an id the provider does not list; → picks the listed ones.
    act(&mut app, Action::ClearFilters);
    type_text(&mut app, "9");
    assert!(act(&mut app, Action::ApplyFilters).is_empty(), "not sent");
    let Some(Overlay::Filters(panel)) = &app.overlay else {
        panic!()
    };
    assert_eq!(
        panel.fields[at].error.as_deref(),
        Some("one of 1 Klant, 2 Leverancier")
    );
    act(&mut app, Action::ClearFilters);
    let right = crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Right,
        crossterm::event::KeyModifiers::NONE,
    );
    app.update(Msg::Key(right));
    app.update(Msg::Key(right));
    let sent = act(&mut app, Action::ApplyFilters);
    match &sent[0].work {
        Work::FetchPage {
            filters, search, ..
        } => {
            assert!(*search, "find.json");
            assert_eq!(filters, &[("customer_type_id", "2".to_string())]);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn esc_on_the_table_drops_a_provider_search_and_reads_the_plain_list() {
    let mut app = loaded(ProviderId::CycleSoftware, vec![named(1, "Jansen")]);
    act(&mut app, Action::StartFilter);
    type_text(&mut app, "Wijgergangs");
    let sent = act(&mut app, Action::ServerSearch);
    answer(&mut app, &sent[0], Ok(page(0..1, None)));
    assert!(app.tabs[0].searching);
    // The first Esc after the search: the plain list again, from its first page.
    let sent = act(&mut app, Action::Back);
    assert!(
        matches!(&sent[..], [c] if matches!(&c.work, Work::FetchPage { search: false, filters, .. } if filters.is_empty())),
        "{sent:?}"
    );
    assert!(!app.tabs[0].searching);
    // With nothing to drop, Esc asks nothing.
    answer(&mut app, &sent[0], Ok(page(0..2, None)));
    assert!(act(&mut app, Action::Back).is_empty());
}

#[test]
fn a_documented_choice_cycles_with_arrows_and_is_taken_in_any_case_or_by_its_label() {
    let mut app = loaded(ProviderId::Ngorder, vec![named(1, "Budi")]);
    act(&mut app, Action::OpenFilters);
    let at = {
        let Some(Overlay::Filters(panel)) = &app.overlay else {
            panic!()
        };
        panel
            .fields
            .iter()
            .position(|f| f.filter.param == "type")
            .unwrap()
    };
    for _ in 0..at {
        act(&mut app, Action::NextField);
    }
    let key = |code| {
        Msg::Key(crossterm::event::KeyEvent::new(
            code,
            crossterm::event::KeyModifiers::NONE,
        ))
    };
    app.update(key(crossterm::event::KeyCode::Right));
    app.update(key(crossterm::event::KeyCode::Right));
    let value = |app: &App| {
        let Some(Overlay::Filters(panel)) = &app.overlay else {
            panic!()
        };
        panel.fields[at].input.value().to_string()
    };
    assert_eq!(value(&app), "EMAIL", "→ twice: the second documented value");
    app.update(key(crossterm::event::KeyCode::Left));
    assert_eq!(value(&app), "NAME");
    // Typed as a person would: lower case, or the label.
    for typed in ["email", "e-mail"] {
        let Some(Overlay::Filters(panel)) = &mut app.overlay else {
            panic!()
        };
        panel.fields[at].input = tui_input::Input::new(typed.into());
        panel.fields[0].input = tui_input::Input::new("budi".into());
        let sent = act(&mut app, Action::ApplyFilters);
        assert!(
            matches!(&sent[..], [c] if matches!(&c.work, Work::FetchPage { filters, .. } if filters.contains(&("type", "EMAIL".to_string())))),
            "{typed}: {sent:?}"
        );
        act(&mut app, Action::OpenFilters);
    }
}

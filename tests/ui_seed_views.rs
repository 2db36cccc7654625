//! Every example response of the seeds in the view that shows it, through the real decoders: the
//! search results (CycleSoftware `find`), the customer read again (get-one), and the order history paged
//! to its end. The default columns of every table are fields the documented list item has.

mod snap;

use std::time::Duration;

use clientele::app::{Action, App, Msg, TabView};
use clientele::domain::{Cursor, ProviderId};
use clientele::providers::decode::decode_record;
use clientele::providers::{decode_list, decode_page, decode_related, spec};
use clientele::worker::{Outcome, Work, WorkerEvent};
use snap::*;

#[test]
fn every_default_column_is_a_field_of_the_documented_list_item() {
    for provider in ProviderId::ALL {
        let list = seed_list(provider);
        let items = list
            .pointer(spec(provider).list.items)
            .and_then(|v| v.as_array())
            .unwrap();
        let (app, _) = App::new(&settings());
        let tab = app.tabs.iter().find(|t| t.provider == provider).unwrap();
        for column in &tab.columns {
            // Present in the doc's rows (a documented null, like Ngorder's e-mail, may stay empty).
            assert!(
                items.iter().all(|item| item.get(column.key).is_some()),
                "{provider}: column {:?} is not in the documented list item",
                column.label
            );
        }
    }
}

#[test]
fn cyclesoftware_find_results_render_as_the_table() {
    let (mut app, _) = loaded_app();
    act(&mut app, Action::SelectTab(1));
    act(&mut app, Action::OpenFilters);
    // The first search field: phone_number, as in the seed's example request.
    act(&mut app, Action::NextField);
    for c in "0733030050".chars() {
        app.update(Msg::Key(crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Char(c),
            crossterm::event::KeyModifiers::NONE,
        )));
    }
    let sent = act(&mut app, Action::ApplyFilters);
    let Work::FetchPage { search, .. } = &sent[0].work else {
        panic!("{:?}", sent[0].work)
    };
    assert!(*search);
    let (_, provider, request) = page_fetch(&sent[0]);
    let (find, _) = spec(provider).search.as_ref().unwrap();
    let page = decode_list(
        &spec(provider).schema,
        find,
        request,
        &fixture("cyclesoftware_find.json"),
    );
    answer(&mut app, &sent[0], page);
    let screen = render(&app, (80, 24));
    assert!(
        screen.contains("search: phone_number=0733030050"),
        "{screen}"
    );
    // The second customer has no `company_name` at all (PROVIDERS.md: "may be absent").
    assert!(screen.contains("Wijgergangs"), "{screen}");
    assert!(!screen.contains("Could not"), "{screen}");
    snapshot("search_cyclesoftware_find", &app);
}

/// The customer of `get_fixture` listed alone, opened, and read again with the same example.
fn read_again(provider: ProviderId, get_fixture: &str) -> App {
    let (mut app, commands) = App::new(&settings());
    let index = ProviderId::ALL.iter().position(|p| *p == provider).unwrap();
    let get = spec(provider).get.as_ref().unwrap();
    let body = fixture(get_fixture);
    let item = body.pointer(get.record).unwrap().clone();
    // The list answer, in the list's own shape, holding the customer of the example.
    let mut list = seed_list(provider);
    *list.pointer_mut(spec(provider).list.items).unwrap() = serde_json::json!([item.clone()]);
    let (_, _, request) = page_fetch(&commands[index]);
    answer(
        &mut app,
        &commands[index],
        decode_page(spec(provider), request, &list),
    );
    act(&mut app, Action::SelectTab(index));
    let sent = act(&mut app, Action::OpenDetail);
    assert!(
        matches!(sent[0].work, Work::Get { .. }),
        "{:?}",
        sent[0].work
    );
    let record = decode_record(&spec(provider).schema, &item).unwrap();
    app.update(Msg::Worker(WorkerEvent {
        id: sent[0].id,
        provider,
        elapsed: Duration::from_millis(5),
        outcome: Outcome::Record(Ok(record)),
    }));
    app
}

#[test]
fn each_get_one_example_renders_as_a_fresh_detail() {
    for (provider, name) in [
        (ProviderId::CycleSoftware, "cyclesoftware_get.json"),
        (ProviderId::Guardant, "guardant_get.json"),
        (ProviderId::DkHardware, "dkhardware_get.json"),
        (ProviderId::Reportei, "reportei_get.json"),
    ] {
        let app = read_again(provider, name);
        let screen = render(&app, (160, 48));
        assert!(screen.contains("· fresh"), "{provider}: {screen}");
        assert!(!screen.contains("Could not"), "{provider}: {screen}");
        snapshot(&format!("detail_fresh_{}", provider.key()), &app);
    }
}

#[test]
fn the_order_history_example_pages_to_its_last_page_and_stops() {
    let (mut app, _) = loaded_app();
    act(&mut app, Action::Down);
    let orders = &spec(ProviderId::Ngorder).related[0];
    let example = fixture("ngorder_order_history.json");
    let mut pending = act(&mut app, Action::OpenRelated);
    // Every page answers with the doc's example (its `current_page` is always 1), as a replay does.
    let mut asked = Vec::new();
    for _ in 0..200 {
        let Some(command) = pending.pop() else {
            match act(&mut app, Action::NextPage).pop() {
                Some(command) => pending.push(command),
                None => {
                    // Shown from the prefetch, or the end: try once more after showing it.
                    let TabView::Related(related) = &app.tabs[0].view else {
                        panic!()
                    };
                    if related.pager.page().is_some_and(|p| p.next.is_none()) {
                        break;
                    }
                }
            }
            continue;
        };
        let (_, _, request) = page_fetch(&command);
        asked.push(request.cursor);
        pending.extend(answer(
            &mut app,
            &command,
            decode_related(orders, request, &example),
        ));
    }
    assert_eq!(asked.last(), Some(&Cursor::Page(24)), "{asked:?}");
    assert_eq!(asked.len(), 24, "each page once: {asked:?}");
    let screen = render(&app, (80, 24));
    let status = screen.lines().last().unwrap().to_string();
    // 24 pages of 2 would be 48 rows, not the 47 the answer counts: no impossible range, and the end.
    assert!(status.contains("page 24 · 2 rows · last page"), "{status}");
    assert!(!status.contains("of 47"), "{status}");
}

#[test]
fn dk_list_example_renders_as_the_table_with_every_column() {
    let (mut app, commands) = App::new(&settings());
    let (_, provider, request) = page_fetch(&commands[3]);
    assert_eq!(provider, ProviderId::DkHardware);
    let list = fixture("dkhardware_list.json");
    answer(
        &mut app,
        &commands[3],
        decode_page(spec(provider), request, &list),
    );
    act(&mut app, Action::SelectTab(3));
    let items = list["payload"].as_array().unwrap();
    for column in &app.tabs[3].columns {
        assert!(
            items.iter().all(|item| item.get(column.key).is_some()),
            "column {:?} is not in DK's list example",
            column.label
        );
    }
    let screen = render(&app, (80, 24));
    assert!(screen.contains("Person"), "{screen}");
    snapshot("table_dkhardware_list_example", &app);
}

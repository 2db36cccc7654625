//! Snapshots of the views on top of the table: detail, orders, local filter, filter panel, jobs,
//! status with its chart.

mod snap;

use std::time::Duration;

use clientele::app::{Action, Msg};
use clientele::domain::ProviderId;
use clientele::providers::decode_related;
use clientele::worker::{Outcome, WorkerEvent};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use snap::*;

fn type_text(app: &mut clientele::app::App, text: &str) {
    for c in text.chars() {
        app.update(Msg::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::NONE,
        )));
    }
}

#[test]
fn detail_of_each_provider() {
    let (mut app, _) = loaded_app();
    for (index, provider) in ProviderId::ALL.iter().enumerate() {
        act(&mut app, Action::SelectTab(index));
        act(&mut app, Action::OpenDetail);
        snapshot(&format!("detail_{}", provider.key()), &app);
    }
    // Nested data is laid out one item a line, with flags as marks.
    act(&mut app, Action::SelectTab(3));
    let screen = render(&app, (160, 48));
    assert!(screen.contains("[default billing]"), "{screen}");
    assert!(screen.contains("TOMBALL"));
    act(&mut app, Action::SelectTab(1));
    let screen = render(&app, (160, 48));
    assert!(
        screen.contains("06 24238848"),
        "CycleSoftware phone numbers"
    );
}

#[test]
fn ngorder_category_code_shows_the_code_then_its_label() {
    let (mut app, _) = loaded_app();
    act(&mut app, Action::OpenDetail);
    let screen = render(&app, (80, 24));
    assert!(screen.contains("Category code  N (Customer)"), "{screen}");
}

/// The customer's orders opened and answered with the seed's example; the app is in the order list.
fn orders_answered(tab: usize, fixture_name: &str) -> clientele::app::App {
    let (mut app, _) = loaded_app();
    act(&mut app, Action::SelectTab(tab));
    act(&mut app, Action::Down);
    let sent = act(&mut app, Action::OpenRelated);
    let (_, provider, request) = page_fetch(&sent[0]);
    let orders = &clientele::providers::spec(provider).related[0];
    let page = decode_related(orders, request, &fixture(fixture_name));
    answer(&mut app, &sent[0], page);
    app
}

#[test]
fn ngorder_order_history() {
    let mut app = orders_answered(0, "ngorder_order_history.json");
    let screen = render(&app, (80, 24));
    assert!(screen.contains("Order history"));
    // Amounts with thousands separators, the status with a label, the seed's totals in the title.
    assert!(screen.contains("150,000"), "{screen}");
    assert!(screen.contains("S · done"), "{screen}");
    assert!(screen.contains("47 orders · 120 items"), "{screen}");
    snapshot("orders_ngorder", &app);
    // Enter: the order's products.
    act(&mut app, Action::OpenDetail);
    let screen = render(&app, (80, 24));
    assert!(screen.contains("Sepatu, 1"), "{screen}");
    assert!(screen.contains("Kaos Merah"), "{screen}");
    snapshot("orders_ngorder_detail", &app);
}

#[test]
fn ngorder_order_filters_panel() {
    let mut app = orders_answered(0, "ngorder_order_history.json");
    act(&mut app, Action::OpenFilters);
    let screen = render(&app, (80, 24));
    assert!(screen.contains("From"), "{screen}");
    snapshot("orders_ngorder_filters", &app);
}

#[test]
fn guardant_orders_and_one_orders_details() {
    let mut app = orders_answered(2, "guardant_orders.json");
    let screen = render(&app, (160, 48));
    assert!(
        screen.contains("draft") && screen.contains("submit"),
        "{screen}"
    );
    snapshot("orders_guardant", &app);
    act(&mut app, Action::Down);
    act(&mut app, Action::OpenDetail);
    let screen = render(&app, (80, 24));
    for label in ["Type", "Activation from", "CRM id", "Ref id"] {
        assert!(screen.contains(label), "{label}: {screen}");
    }
    assert!(screen.contains("2018-10-02"), "activation date: {screen}");
    snapshot("orders_guardant_detail", &app);
}

#[test]
fn guardant_orders_loading() {
    let (mut app, _) = loaded_app();
    act(&mut app, Action::SelectTab(2));
    act(&mut app, Action::OpenRelated);
    snapshot("orders_guardant_loading", &app);
}

#[test]
fn local_filter_while_typing() {
    let (mut app, _) = loaded_app();
    act(&mut app, Action::StartFilter);
    type_text(&mut app, "budi");
    let screen = render(&app, (80, 24));
    assert!(screen.contains("local: 1 of 2 loaded"), "{screen}");
    assert!(!screen.contains("Angga"));
    snapshot("local_filter", &app);
}

#[test]
fn filter_panel_with_an_error_next_to_its_field() {
    let (mut app, _) = loaded_app();
    act(&mut app, Action::OpenFilters);
    for _ in 0..4 {
        act(&mut app, Action::NextField);
    }
    type_text(&mut app, "yesterday");
    act(&mut app, Action::ApplyFilters);
    let screen = render(&app, (80, 24));
    assert!(
        screen.contains("expected a date like 2024-01-31"),
        "{screen}"
    );
    snapshot("filter_panel", &app);
}

#[test]
fn filter_panel_shows_a_chosen_code_with_its_label() {
    let (mut app, _) = loaded_app();
    act(&mut app, Action::OpenFilters);
    // Ngorder's "Keyword is a": → twice goes NAME, EMAIL.
    act(&mut app, Action::NextField);
    for _ in 0..2 {
        app.update(Msg::Key(KeyEvent::new(KeyCode::Right, KeyModifiers::NONE)));
    }
    for size in [(80, 24), (160, 48)] {
        let screen = render(&app, size);
        assert!(screen.contains("Keyword is a: EMAIL · e-mail"), "{screen}");
    }
    snapshot("filter_panel_choice_label", &app);
}

#[test]
fn cyclesoftware_filter_panel_offers_the_fetched_customer_types() {
    let (mut app, _) = loaded_app();
    act(&mut app, Action::SelectTab(1));
    let sent = act(&mut app, Action::OpenFilters);
    // The enum as the sandbox and PROVIDERS.md give it: `{id, description, description_en}`.
    let types = ["Klant", "Leverancier", "E-commerce", "Zakelijk"]
        .iter()
        .enumerate()
        .map(|(i, name)| ((i + 1).to_string(), name.to_string()))
        .collect();
    app.update(Msg::Worker(WorkerEvent {
        id: sent[0].id,
        provider: ProviderId::CycleSoftware,
        elapsed: Duration::from_millis(5),
        outcome: Outcome::Options("customer_type_id", Ok(types)),
    }));
    for _ in 0..8 {
        act(&mut app, Action::NextField);
    }
    let screen = render(&app, (160, 48));
    assert!(screen.contains("1=Klant 2=Leverancier"), "{screen}");
    snapshot("filter_panel_customer_types", &app);
}

#[test]
fn jobs_view() {
    let (mut app, prefetches) = loaded_app();
    // One running (the prefetches), one failed.
    let error = clientele::domain::ApiError::new(
        clientele::domain::ErrorKind::Timeout,
        "the provider did not answer in time",
    );
    answer(&mut app, &prefetches[0], Err(error));
    act(&mut app, Action::ToggleJobs);
    let screen = render(&app, (160, 48));
    assert!(screen.contains("list, page at page 1"));
    snapshot("jobs", &app);
}

#[test]
fn status_view_with_the_per_month_chart() {
    let (mut app, _) = loaded_app();
    let sent = act(&mut app, Action::ToggleStatus);
    let months = vec![
        ("2020-07".into(), 1653),
        ("2020-08".into(), 9),
        ("2020-09".into(), 5),
    ];
    app.update(Msg::Worker(WorkerEvent {
        id: sent[0].id,
        provider: ProviderId::Ngorder,
        elapsed: Duration::from_millis(4),
        outcome: Outcome::PerMonth(Ok(months)),
    }));
    let screen = render(&app, (80, 24));
    assert!(screen.contains("20-07"), "{screen}");
    snapshot("status_chart", &app);
}

#[test]
fn a_click_lands_on_the_row_under_the_pointer() {
    let (mut app, _) = loaded_app();
    let area = ratatui::layout::Rect::new(0, 0, 80, 24);
    // Tab bar, table title and header come first: the first row is on line 3.
    assert_eq!(clientele::ui::row_at(&app, area, 10, 3), Some(0));
    assert_eq!(clientele::ui::row_at(&app, area, 10, 4), Some(1));
    assert_eq!(
        clientele::ui::row_at(&app, area, 10, 5),
        None,
        "below the two rows"
    );
    assert_eq!(clientele::ui::row_at(&app, area, 10, 2), None, "the header");
    act(&mut app, Action::SelectRow(1));
    assert!(render(&app, (80, 24)).contains("Budi"));
    act(&mut app, Action::ToggleHelp);
    assert_eq!(
        clientele::ui::row_at(&app, area, 10, 3),
        None,
        "not through an overlay"
    );
}

#[test]
fn status_view_shows_a_spent_daily_budget_and_when_it_resumes() {
    use clientele::providers::rate_limit::{Quota, QuotaLine};
    let (mut app, _) = loaded_app();
    let midnight = 1_796_083_200;
    let line = |label: &str, limit, remaining, resets_at| QuotaLine {
        label: label.into(),
        limit,
        remaining,
        resets_at,
    };
    app.update(Msg::Worker(WorkerEvent {
        id: clientele::worker::RequestId(0),
        provider: ProviderId::CycleSoftware,
        elapsed: Duration::from_millis(4),
        outcome: Outcome::Quota(Quota {
            lines: vec![
                line("per minute (moving)", 360, 359, None),
                line("per day", 15000, 0, Some(midnight)),
            ],
            paced: false,
            paused_until: Some(midnight),
            as_of: midnight - (3 * 3600 + 12 * 60),
        }),
    }));
    act(&mut app, Action::ToggleStatus);
    let screen = render(&app, (80, 24));
    assert!(
        screen.contains("daily budget spent · resumes 00:00 UTC (in 3 h 12 min)"),
        "{screen}"
    );
    snapshot("status_daily_budget_spent", &app);
}

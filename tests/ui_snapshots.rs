//! What the screen shows, as ratatui TestBackend snapshots (insta): the customer table of every
//! provider and its states. Data comes from the seeds' own examples decoded by the real provider code,
//! so a decoding change shows up here too.

mod snap;

use clientele::app::{Action, App};
use clientele::domain::{ApiError, Cursor, ErrorKind, ProviderId};
use clientele::providers::{decode_page, first_page, spec};
use snap::*;

#[test]
fn customer_table_of_each_provider() {
    let (mut app, _) = loaded_app();
    for (index, provider) in ProviderId::ALL.iter().enumerate() {
        act(&mut app, Action::SelectTab(index));
        snapshot(&format!("table_{}", provider.key()), &app);
    }
}

#[test]
fn selection_moves_the_highlight() {
    let (mut app, _) = loaded_app();
    act(&mut app, Action::Down);
    let screen = render(&app, (80, 24));
    assert!(screen.contains("Budi"));
    snapshot("table_second_row_selected", &app);
}

#[test]
fn loading_state_before_the_first_answer() {
    let (app, _) = App::new(&settings());
    snapshot("loading", &app);
}

#[test]
fn error_state_without_rows_offers_a_retry() {
    let (mut app, commands) = App::new(&settings());
    let error = ApiError::new(
        ErrorKind::Undecodable,
        "not JSON: <html><body>502 Bad Gateway</body></html>",
    );
    answer(&mut app, &commands[0], Err(error));
    let screen = render(&app, (80, 24));
    assert!(screen.contains("Press r to try again"));
    assert!(screen.contains("1 Ngorder !"), "the tab is marked");
    snapshot("error_no_rows", &app);
}

#[test]
fn error_after_rows_keeps_them_and_says_so_in_the_status_line() {
    let (mut app, _) = loaded_app();
    let retry = act(&mut app, Action::Refresh);
    assert_eq!(page_fetch(&retry[0]).2.cursor, Cursor::Page(1));
    let error = ApiError::new(ErrorKind::RateLimited, "Too Many Requests").with_status(429);
    answer(&mut app, &retry[0], Err(error));
    let screen = render(&app, (80, 24));
    assert!(screen.contains("rate limited (429)"));
    assert!(screen.contains("Angga"), "rows stay visible");
    snapshot("error_with_rows", &app);
}

#[test]
fn provider_without_its_secret() {
    let mut settings = settings();
    settings.providers[0].credentials = Err("environment variable NGORDER_TOKEN is not set".into());
    let (app, _) = App::new(&settings);
    snapshot("unavailable", &app);
}

#[test]
fn empty_page() {
    let (mut app, commands) = App::new(&settings());
    let (_, provider, request) = page_fetch(&commands[4]);
    let body =
        serde_json::json!({"data": [], "meta": {"current_page": 1, "last_page": 1, "total": 0}});
    answer(
        &mut app,
        &commands[4],
        decode_page(spec(provider), request, &body),
    );
    act(&mut app, Action::SelectTab(4));
    snapshot("empty", &app);
}

#[test]
fn help_overlay_lists_the_keys_of_the_current_view() {
    let (mut app, _) = loaded_app();
    act(&mut app, Action::ToggleHelp);
    let screen = render(&app, (80, 24));
    assert!(screen.contains("next page"));
    assert!(screen.contains("search mirror / filter"));
    snapshot("help", &app);
}

#[test]
fn first_page_request_matches_the_tab() {
    // Guards the snapshot data above: the app asks for what the fixtures answer.
    let (_, commands) = App::new(&settings());
    let (_, provider, request) = page_fetch(&commands[0]);
    assert_eq!(request, first_page(spec(provider), 2));
}

/// Ngorder customers with values as long as real ones: phones with a country code, long e-mails,
/// activation states of several words.
fn long_values_app() -> App {
    use clientele::domain::{Page, Record, Totals, Value};
    // Seven columns, as a user may choose in the config: more than 80 cells hold.
    let mut settings = settings();
    let columns = [
        "name",
        "phone",
        "email",
        "city",
        "category",
        "is_active",
        "registration_status",
    ];
    settings.ui.columns = vec![(ProviderId::Ngorder, columns.to_vec())];
    let (mut app, commands) = App::new(&settings);
    let text = |s: &str| Value::Text(s.to_string());
    let customer =
        |id: u32, name: &str, phone: &str, email: &str, city: &str, active: &str| Record {
            id: id.to_string(),
            fields: vec![
                ("name".into(), text(name)),
                ("phone".into(), text(phone)),
                ("email".into(), text(email)),
                ("city".into(), text(city)),
                ("category".into(), text("Pelanggan Reseller")),
                ("is_active".into(), text(active)),
                ("registration_status".into(), text("1")),
            ],
        };
    let page = Page {
        records: vec![
            customer(
                101,
                "Budi Santoso Wijaya",
                "+7 (907) 496-15-33",
                "budi.santoso.wijaya@example.co.id",
                "Kabupaten Banjarnegara",
                "T",
            ),
            customer(
                102,
                "Angga",
                "+62 821 2345 6789",
                "angga@example.com",
                "Kabupaten Tegal",
                "Y",
            ),
        ],
        next: None,
        totals: Some(Totals {
            records: 4912,
            pages: 2456,
        }),
        summary: Vec::new(),
    };
    answer(&mut app, &commands[0], Ok(page));
    app
}

#[test]
fn wide_table_gives_columns_their_content() {
    let app = long_values_app();
    let wide = render(&app, (160, 48));
    // Nothing is cut at 160: the whole phone and the whole activation state show.
    assert!(wide.contains("+7 (907) 496-15-33"), "{wide}");
    assert!(wide.contains("storefront unactivated"), "{wide}");
    assert!(!wide.contains('…'), "{wide}");
    // At 80 the columns that do not fit are announced, not dropped silently.
    let narrow = render(&app, (80, 24));
    assert!(narrow.contains("more columns l ▸"), "{narrow}");
    snapshot("table_long_values", &app);
}

#[test]
fn narrow_table_scrolls_sideways_with_markers() {
    let mut app = long_values_app();
    act(&mut app, Action::ColumnsRight);
    act(&mut app, Action::ColumnsRight);
    let narrow = render(&app, (80, 24));
    // Markers on both sides: two columns scrolled past, one still to come.
    assert!(
        narrow.contains("◂ h 2 more columns · 1 more column l ▸"),
        "{narrow}"
    );
    // The naming column stays while the others scroll.
    assert!(narrow.contains("Budi Santoso Wijaya"), "{narrow}");
    assert!(!narrow.contains("Phone"), "{narrow}");
    snapshot("table_scrolled", &app);
}

#[test]
fn breadcrumbs_say_where_the_orders_are_and_where_esc_goes() {
    let mut app = long_values_app();
    let table = render(&app, (160, 48));
    // The provider's total in its tab's title.
    assert!(table.contains("1 Ngorder  (4,912)"), "{table}");
    act(&mut app, Action::OpenDetail);
    let detail = render(&app, (160, 48));
    assert!(
        detail.contains("Ngorder customers › #101 Budi Santoso Wijaya"),
        "{detail}"
    );
    act(&mut app, Action::Back);
    act(&mut app, Action::OpenRelated);
    let orders = render(&app, (160, 48));
    assert!(
        orders.contains("Ngorder customers › #101 Budi Santoso Wijaya › Order history ·"),
        "{orders}"
    );
    assert!(orders.contains("Esc back to the table"), "{orders}");
    snapshot("breadcrumbs_orders", &app);
}

#[test]
fn the_column_picker_ticks_the_fields_the_table_shows() {
    let mut app = long_values_app();
    act(&mut app, Action::PickColumns);
    let screen = render(&app, (80, 24));
    assert!(screen.contains("[x] Phone"), "{screen}");
    assert!(screen.contains("[ ] Address"), "{screen}");
    // Its own keys on the status line, not the action menu's.
    assert!(
        screen.contains("Enter show/hide  K up  J down  Esc save"),
        "{screen}"
    );
    snapshot("column_picker", &app);
}

//! What the screen shows, as ratatui TestBackend snapshots (insta). Data comes from the seeds' own
//! examples decoded by the real provider code, so a decoding change shows up here too.

use std::time::Duration;

use clientele::app::{Action, App, Msg};
use clientele::config::{Credentials, ProviderSettings, Secret, Settings};
use clientele::domain::{ApiError, Cursor, ErrorKind, Page, PageRequest, ProviderId};
use clientele::providers::{decode_page, first_page, spec};
use clientele::worker::{Command, Outcome, RequestId, Work, WorkerEvent};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::Value as Json;

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

fn settings() -> Settings {
    Settings {
        providers: ProviderId::ALL
            .iter()
            .map(|&id| ProviderSettings {
                id,
                base_url: "http://127.0.0.1:9".into(),
                credentials: Ok(Credentials::Bearer {
                    token: Secret::new("t"),
                }),
                connect_timeout: Duration::from_secs(1),
                timeout: Duration::from_secs(1),
                page_size: 2,
            })
            .collect(),
        origin: "~/.config/clientele/config.toml".into(),
    }
}

/// The seed's list example for `provider`, as the list endpoint would answer it.
fn seed_list(provider: ProviderId) -> Json {
    let file = match provider {
        ProviderId::Ngorder => "ngorder_list.json",
        ProviderId::CycleSoftware => "cyclesoftware_list.json",
        ProviderId::Guardant => "guardant_list.json",
        ProviderId::DkHardware => "dkhardware_get.json",
        ProviderId::Reportei => "reportei_list.json",
    };
    let path = format!("{}/tests/fixtures/{file}", env!("CARGO_MANIFEST_DIR"));
    let json: Json = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    if provider == ProviderId::DkHardware {
        serde_json::json!({ "payload": [json["payload"].clone()] })
    } else {
        json
    }
}

fn page_fetch(command: &Command) -> (RequestId, ProviderId, PageRequest) {
    match command.work {
        Work::FetchPage(request) => (command.id, command.provider, request),
        ref other => panic!("not a page fetch: {other:?}"),
    }
}

fn answer(app: &mut App, command: &Command, result: Result<Page, ApiError>) {
    let (id, provider, request) = page_fetch(command);
    app.update(Msg::Worker(WorkerEvent {
        id,
        provider,
        outcome: Outcome::Page(request, result),
    }));
}

/// An app whose first-page requests have all been answered with the seeds' examples.
fn loaded_app() -> App {
    let (mut app, commands) = App::new(&settings());
    for command in commands {
        let (_, provider, request) = page_fetch(&command);
        let result = decode_page(spec(provider), request, &seed_list(provider));
        answer(&mut app, &command, result);
    }
    app
}

fn render(app: &App, (width, height): (u16, u16)) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| clientele::ui::draw(frame, app))
        .unwrap();
    terminal.backend().to_string()
}

fn snapshot(name: &str, app: &App) {
    for size in SIZES {
        insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), render(app, size));
    }
}

#[test]
fn customer_table_of_each_provider() {
    let mut app = loaded_app();
    for (index, provider) in ProviderId::ALL.iter().enumerate() {
        app.update(Msg::Action(Action::SelectTab(index)));
        snapshot(&format!("table_{}", provider.key()), &app);
    }
}

#[test]
fn selection_moves_the_highlight() {
    let mut app = loaded_app();
    app.update(Msg::Action(Action::Down));
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
    let command = commands[0].clone();
    let error = ApiError::new(
        ErrorKind::Undecodable,
        "not JSON: <html><body>502 Bad Gateway</body></html>",
    );
    answer(&mut app, &command, Err(error));
    let screen = render(&app, (80, 24));
    assert!(screen.contains("Press r to try again"));
    snapshot("error_no_rows", &app);
}

#[test]
fn error_after_rows_keeps_them_and_says_so_in_the_status_line() {
    let mut app = loaded_app();
    let commands = app.update(Msg::Action(Action::NextPage));
    let command = commands[0].clone();
    assert_eq!(
        page_fetch(&command).2,
        PageRequest {
            cursor: Cursor::Page(2),
            size: 2
        }
    );
    let error = ApiError::new(ErrorKind::RateLimited, "Too Many Requests").with_status(429);
    answer(&mut app, &command, Err(error));
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
    let command = commands[4].clone();
    let (_, provider, request) = page_fetch(&command);
    let body =
        serde_json::json!({"data": [], "meta": {"current_page": 1, "last_page": 1, "total": 0}});
    let result = decode_page(spec(provider), request, &body);
    answer(&mut app, &command, result);
    app.update(Msg::Action(Action::SelectTab(4)));
    snapshot("empty", &app);
}

#[test]
fn help_overlay_lists_the_bound_keys() {
    let mut app = loaded_app();
    app.update(Msg::Action(Action::ToggleHelp));
    let screen = render(&app, (80, 24));
    assert!(screen.contains("next page"));
    snapshot("help", &app);
}

#[test]
fn first_page_request_matches_the_tab() {
    // Guards the snapshot data above: the app asks for what the fixtures answer.
    let (_, commands) = App::new(&settings());
    let (_, provider, request) = page_fetch(&commands[0]);
    assert_eq!(request, first_page(spec(provider), 2));
}

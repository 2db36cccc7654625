//! `--demo` keeps its files apart from real use: a draft typed in the demo must never reopen under a
//! real config (saving it would send demo data to production), nor the demo's tokens reach a real
//! provider. The real binary, with its data and config directories set through the environment.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use clientele::domain::ProviderId;
use clientele::sandbox::{self, SandboxOptions, demo};
use common::Session;

const START: Duration = Duration::from_secs(30);
const STEP: Duration = Duration::from_secs(10);

/// `clientele [args] paths`, with the data and config locations set as the e2e tests set them.
fn paths(args: &[&str], data_dir: &Path) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_clientele"))
        .args(args)
        .arg("paths")
        .env("CLIENTELE_DATA_DIR", data_dir)
        .env("CLIENTELE_CONFIG", data_dir.join("config.toml"))
        .output()
        .expect("run clientele");
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout).unwrap()
}

fn data_dir_line(output: &str) -> String {
    output
        .lines()
        .find_map(|l| l.strip_prefix("data dir:"))
        .unwrap_or_else(|| panic!("no data dir in {output}"))
        .trim()
        .to_string()
}

#[test]
fn the_demo_has_its_own_data_directory() {
    let dir = tempfile::tempdir().unwrap();
    let real = paths(&[], dir.path());
    let demo = paths(&["--demo"], dir.path());
    assert_eq!(data_dir_line(&real), dir.path().display().to_string());
    assert_eq!(
        data_dir_line(&demo),
        dir.path().join("demo").display().to_string()
    );
    // --data-dir moves both, still apart.
    let elsewhere = dir.path().join("elsewhere");
    let elsewhere_arg = elsewhere.to_str().unwrap();
    assert_eq!(
        data_dir_line(&paths(&["--demo", "--data-dir", elsewhere_arg], dir.path())),
        elsewhere.join("demo").display().to_string()
    );
}

#[test]
fn a_draft_typed_in_the_demo_does_not_reopen_under_a_real_config() {
    let dir = tempfile::tempdir().unwrap();
    // A Guardant draft in the demo, left behind by a crash.
    let mut app = Session::start(&["--demo", "--customers", "20"], dir.path(), 120, 30);
    app.wait_for_text("Budi Santoso", START);
    app.send("3");
    app.wait_for_text("Guardant Station customers", STEP);
    app.send("c");
    app.wait_for_text("New Guardant Station customer", STEP);
    app.send("Demo Draft Only");
    app.wait_for_text("Demo Draft Only", STEP);
    std::thread::sleep(Duration::from_millis(1500));
    app.kill();

    // A real config with Guardant, same data directory: the demo's draft is not offered.
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime
        .block_on(sandbox::start(SandboxOptions {
            customers_per_provider: 20,
            ..SandboxOptions::default()
        }))
        .unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[providers.guardant]\nbase_url = \"{}\"\nauth = {{ kind = \"bearer\", token_env = \"CLIENTELE_E2E_GUARDANT_TOKEN\" }}\n",
            server.base_url(ProviderId::Guardant)
        ),
    )
    .unwrap();
    let mut real = Session::start_with_env(
        &["--config", config.to_str().unwrap()],
        &[("CLIENTELE_E2E_GUARDANT_TOKEN", demo::GUARDANT_TOKEN)],
        dir.path(),
        120,
        30,
    );
    let screen = real.wait_for("the real app's first screen", START, |s| {
        s.contains("Guardant Station customers") || s.contains("Restored from an unsaved draft")
    });
    // Let a restored draft have its chance to show.
    std::thread::sleep(Duration::from_millis(500));
    let screen = format!("{screen}{}", real.contents());
    assert!(
        !screen.contains("Restored from an unsaved draft") && !screen.contains("Demo Draft Only"),
        "the demo's draft reopened under a real config:\n{screen}"
    );
    real.send("q");
    assert!(real.wait_exit(STEP).success());

    // The demo still has it.
    let mut again = Session::start(&["--demo", "--customers", "20"], dir.path(), 120, 30);
    let screen = again.wait_for_text("Restored from an unsaved draft", START);
    assert!(screen.contains("Demo Draft Only"), "{screen}");
    again.kill();
    runtime.block_on(server.shutdown());
}

/// The table's header row (the line under the tab's title).
fn header(screen: &str) -> String {
    let lines: Vec<&str> = screen.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains("Ngorder customers"))
        .unwrap_or_else(|| panic!("no Ngorder table in\n{screen}"));
    lines[at + 1].to_string()
}

/// Address is a column of the table, right after E-mail (where `show_address` moved it).
fn assert_address_after_email(screen: &str) {
    let header = header(screen);
    let at = |label: &str| header.find(label);
    let (email, address, city) = (at("E-mail"), at("Address"), at("City"));
    assert!(
        email < address && address < city && email.is_some(),
        "{screen}"
    );
}

/// C, down to Address (a field not shown), Enter shows it as the last column, K moves it up to just
/// after E-mail, Esc closes the picker and saves. The picker lists the shown columns first, in the
/// table's order, then the other fields: the keys are counted from its lines on screen.
fn show_address(app: &mut Session) -> String {
    app.send("C");
    let screen = app.wait_for_text("Columns · Enter shows/hides", STEP);
    let items: Vec<&str> = screen
        .lines()
        .filter(|l| l.contains("[x] ") || l.contains("[ ] "))
        .collect();
    let place = |label: &str| {
        items
            .iter()
            .position(|l| l.contains(label))
            .unwrap_or_else(|| panic!("no {label} in the picker:\n{screen}"))
    };
    let (address, email) = (place("[ ] Address"), place("[x] E-mail"));
    let shown = items.iter().filter(|l| l.contains("[x] ")).count();
    app.send(&format!(
        "{}\r{}",
        "j".repeat(address),
        "K".repeat(shown - email - 1)
    ));
    app.press_esc();
    app.wait_for_text("columns saved to", STEP)
}

#[test]
fn the_demos_column_choice_is_kept_in_its_data_directory_and_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = Session::start(&["--demo", "--customers", "20"], dir.path(), 160, 40);
    let screen = app.wait_for_text("Budi Santoso", START);
    assert!(!header(&screen).contains("Address"), "{screen}");
    let screen = show_address(&mut app);
    // The demo's config is built in: its choice goes beside its data, not into a config file.
    let file = dir.path().join("demo").join("columns.toml");
    assert!(
        screen.contains(&format!("columns saved to {}", file.display())),
        "{screen}"
    );
    assert_address_after_email(&screen);
    let saved = std::fs::read_to_string(&file).unwrap();
    assert!(saved.contains("[providers.ngorder]"), "{saved}");
    assert!(!dir.path().join("config.toml").exists());
    app.send("q");
    assert!(app.wait_exit(STEP).success());

    let mut again = Session::start(&["--demo", "--customers", "20"], dir.path(), 160, 40);
    let screen = again.wait_for_text("Budi Santoso", START);
    assert_address_after_email(&screen);
    again.kill();
}

#[test]
fn a_column_choice_is_saved_into_the_users_config_keeping_its_comments() {
    let dir = tempfile::tempdir().unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime
        .block_on(sandbox::start(SandboxOptions {
            customers_per_provider: 20,
            ..SandboxOptions::default()
        }))
        .unwrap();
    let config = dir.path().join("config.toml");
    let text = format!(
        "# Mine: keep this.\n[providers.ngorder]\nbase_url = \"{}\"  # the sandbox\nauth = {{ kind = \"bearer\", token_env = \"CLIENTELE_E2E_NGORDER_TOKEN\" }}\n",
        server.base_url(ProviderId::Ngorder)
    );
    std::fs::write(&config, &text).unwrap();
    let start = || {
        Session::start_with_env(
            &["--config", config.to_str().unwrap()],
            &[("CLIENTELE_E2E_NGORDER_TOKEN", demo::NGORDER_TOKEN)],
            dir.path(),
            160,
            40,
        )
    };
    let mut app = start();
    app.wait_for_text("Budi Santoso", START);
    let screen = show_address(&mut app);
    assert!(
        screen.contains(&format!("columns saved to {}", config.display())),
        "{screen}"
    );
    app.send("q");
    assert!(app.wait_exit(STEP).success());
    let saved = std::fs::read_to_string(&config).unwrap();
    assert!(
        saved.starts_with(&text) && saved.contains("\ncolumns = ["),
        "{saved}"
    );
    assert!(saved.contains("\"address\""), "{saved}");

    let mut again = start();
    let screen = again.wait_for_text("Budi Santoso", START);
    assert_address_after_email(&screen);
    again.kill();
    runtime.block_on(server.shutdown());
}

//! Snapshots of how things look: themes, the copy menu, confirmations that name the customer.

mod snap;

use clientele::app::{Action, App};
use clientele::config::Theme;
use ratatui::style::Color;
use snap::*;

fn themed(theme: Theme) -> App {
    let (mut app, _) = loaded_app();
    app.theme = theme;
    act(&mut app, Action::Down);
    app
}

#[test]
fn the_light_theme_has_its_own_colours_and_none_is_colour_8() {
    let light = themed(Theme::Light);
    let styled = render_styled(&light, (80, 24));
    assert_ne!(styled, render_styled(&themed(Theme::Dark), (80, 24)));
    assert!(!styled.contains("DarkGray") && !styled.contains("Indexed(8)"));
    snapshot_styled("theme_light", &light);
}

#[test]
fn no_color_draws_every_cell_in_the_terminal_s_own_colours() {
    let app = themed(Theme::NoColor);
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(160, 48)).unwrap();
    terminal
        .draw(|frame| clientele::ui::draw(frame, &app))
        .unwrap();
    let buffer = terminal.backend().buffer();
    for cell in &buffer.content {
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "{cell:?}");
    }
    snapshot_styled("theme_no_color", &app);
}

fn last_line(screen: &str) -> String {
    screen.lines().last().unwrap_or_default().to_string()
}

#[test]
fn the_status_line_hints_the_keys_bound_now() {
    let mut settings = settings();
    settings.ui.keys = vec![(
        clientele::app::Mode::Browse,
        Action::Quit,
        vec![clientele::app::keymap::Key::parse("Q").unwrap()],
    )];
    let (app, _) = App::new(&settings);
    let line = last_line(&render(&app, (80, 24)));
    assert!(
        line.contains("Q quit") && !line.contains("q quit"),
        "{line}"
    );
}

#[test]
fn cyclesoftware_s_help_lists_no_orders_export_or_actions() {
    let (mut app, _) = loaded_app();
    act(&mut app, Action::SelectTab(1));
    act(&mut app, Action::ToggleHelp);
    let screen = render(&app, (160, 48));
    for absent in ["customer's orders", "e-mail an export", "actions: status"] {
        assert!(!screen.contains(absent), "{absent}:\n{screen}");
    }
    assert!(screen.contains("new customer"), "{screen}");
    snapshot("help_cyclesoftware", &app);
    // Ngorder has all three.
    act(&mut app, Action::Close);
    act(&mut app, Action::SelectTab(0));
    act(&mut app, Action::ToggleHelp);
    let screen = render(&app, (160, 48));
    for present in ["customer's orders", "e-mail an export", "actions: status"] {
        assert!(screen.contains(present), "{present}:\n{screen}");
    }
}

#[test]
fn while_typing_a_filter_s_is_not_offered_as_a_search() {
    use clientele::app::Msg;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let (mut app, _) = loaded_app();
    act(&mut app, Action::StartFilter);
    app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('u'),
        KeyModifiers::NONE,
    )));
    let typing = last_line(&render(&app, (160, 48)));
    assert!(typing.contains("local: "), "{typing}");
    assert!(!typing.contains("searches the provider"), "{typing}");
    act(&mut app, Action::ConfirmFilter);
    let kept = last_line(&render(&app, (160, 48)));
    assert!(kept.contains("s searches the provider"), "{kept}");
}

#[test]
fn the_copy_menu_shows_what_each_entry_copies() {
    let (mut app, _) = loaded_app();
    act(&mut app, Action::Copy);
    let screen = render(&app, (80, 24));
    assert!(screen.contains("Copy · #"), "{screen}");
    for what in ["id", "phone", "whole record"] {
        assert!(screen.contains(what), "{what}:\n{screen}");
    }
    snapshot("copy_menu", &app);
}

fn type_text(app: &mut App, text: &str) {
    use clientele::app::Msg;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    for c in text.chars() {
        app.update(Msg::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::NONE,
        )));
    }
}

#[test]
fn every_input_shows_the_text_cursor_where_typing_goes() {
    use clientele::app::Msg;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let (mut app, _) = loaded_app();
    assert_eq!(
        before_cursor(&app, (80, 24), 1),
        None,
        "no input, no cursor"
    );

    // The local filter.
    act(&mut app, Action::StartFilter);
    type_text(&mut app, "bu");
    for size in SIZES {
        assert_eq!(
            before_cursor(&app, size, 3).as_deref(),
            Some("/bu"),
            "{size:?}"
        );
    }
    snapshot_with_cursor("cursor_local_filter", &app);
    act(&mut app, Action::Back);

    // The filter panel: typed, then the cursor moved left one character.
    act(&mut app, Action::OpenFilters);
    type_text(&mut app, "Bali");
    app.update(Msg::Key(KeyEvent::new(KeyCode::Left, KeyModifiers::NONE)));
    for size in SIZES {
        assert_eq!(
            before_cursor(&app, size, 3).as_deref(),
            Some("Bal"),
            "{size:?}"
        );
    }
    snapshot_with_cursor("cursor_filter_panel", &app);
    act(&mut app, Action::Close);

    // The form.
    act(&mut app, Action::NewCustomer);
    type_text(&mut app, "Budi Santoso");
    for size in SIZES {
        assert_eq!(
            before_cursor(&app, size, 4).as_deref(),
            Some("toso"),
            "{size:?}"
        );
    }
    snapshot_with_cursor("cursor_form", &app);
}

#[test]
fn a_long_detail_value_wraps_under_its_value_column() {
    use clientele::domain::{Page, ProviderId, Record, Value};
    let (mut app, commands) = App::new(&settings());
    let address = "Jalan Raya Kuta Nomor 88, Banjar Pande Mas, Kelurahan Kuta, Kecamatan Kuta, \
                   Kabupaten Badung, Provinsi Bali, Indonesia";
    let record = Record {
        id: "101".into(),
        fields: vec![
            ("name".into(), Value::Text("Budi Santoso".into())),
            ("address".into(), Value::Text(address.into())),
        ],
    };
    let fetch = commands
        .iter()
        .find(|c| c.provider == ProviderId::Ngorder)
        .unwrap();
    let page = Page {
        records: vec![record],
        next: None,
        totals: None,
        summary: Vec::new(),
    };
    answer(&mut app, fetch, Ok(page));
    act(&mut app, Action::OpenDetail);
    let screen = render(&app, (80, 24));
    let lines: Vec<&str> = screen.lines().collect();
    let first = lines
        .iter()
        .position(|l| l.contains("Jalan Raya"))
        .expect("the address");
    let column = lines[first].find("Jalan").unwrap();
    let next = lines[first + 1].trim_matches('"');
    assert!(
        next.chars().take(column - 1).all(|c| c == ' ') && !next.trim().is_empty(),
        "the wrapped part starts under the value column:\n{screen}"
    );
    snapshot("detail_wrapped", &app);
}

#[test]
fn in_the_detail_j_and_k_scroll_as_the_arrows_do() {
    use clientele::app::Mode;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let (app, _) = loaded_app();
    let key = |code| {
        app.keymap
            .action(Mode::Detail, KeyEvent::new(code, KeyModifiers::NONE))
    };
    assert_eq!(key(KeyCode::Char('j')), key(KeyCode::Down));
    assert_eq!(key(KeyCode::Char('k')), key(KeyCode::Up));
    assert_eq!(key(KeyCode::Char('j')), Some(Action::ScrollDown));
    assert_eq!(
        key(KeyCode::Char('n')),
        Some(Action::Down),
        "n: the next customer"
    );
}

#[test]
fn an_address_reads_as_a_block_even_where_one_line_would_fit() {
    let (mut app, _) = loaded_app();
    act(&mut app, Action::SelectTab(3));
    act(&mut app, Action::OpenDetail);
    let screen = render(&app, (160, 48));
    assert!(screen.contains("• [default billing]"), "{screen}");
    for line in ["City  TOMBALL", "Address  456 BIG MOUNTAIN", "Zip  77377"] {
        assert!(
            screen.lines().any(|l| l.trim_matches(['"', ' ']) == line),
            "{line} on a line of its own:\n{screen}"
        );
    }
}

#[test]
fn the_confirmation_names_the_keys_bound_now() {
    use clientele::app::Mode;
    use clientele::app::keymap::Key;
    let mut settings = settings();
    settings.ui.keys = vec![(Mode::Confirm, Action::Yes, vec![Key::parse("Y").unwrap()])];
    let (mut app, commands) = App::new(&settings);
    for command in commands {
        let (_, provider, request) = page_fetch(&command);
        let result = clientele::providers::decode_page(
            clientele::providers::spec(provider),
            request,
            &seed_list(provider),
        );
        answer(&mut app, &command, result);
    }
    // Leaving a form with something typed asks first.
    act(&mut app, Action::NewCustomer);
    type_text(&mut app, "Budi");
    act(&mut app, Action::Back);
    let screen = render(&app, (80, 24));
    assert!(screen.contains("Discard the changes"), "{screen}");
    assert!(screen.contains("n/Esc no · Y yes"), "{screen}");
}

//! The global search as the app keeps it: each key sends the whole text (newest wins), stale answers
//! are dropped, Enter opens the customer in its tab from the mirror's copy.

use super::*;
use crate::store::{MirrorHit, MirrorQuery, MirrorRow, MirrorWindow};

fn key(code: crossterm::event::KeyCode) -> Msg {
    Msg::Key(crossterm::event::KeyEvent::new(
        code,
        crossterm::event::KeyModifiers::NONE,
    ))
}

fn typed(app: &mut App, text: &str) -> Vec<Command> {
    text.chars()
        .flat_map(|c| app.update(key(crossterm::event::KeyCode::Char(c))))
        .collect()
}

fn hit(provider: ProviderId, id: &str, name: &str) -> MirrorHit {
    MirrorHit {
        provider: provider.key().into(),
        row: MirrorRow {
            id: id.into(),
            raw_json: format!(r#"{{"uuid":"{id}","name":"{name}","is_paying":true}}"#),
            title: name.into(),
            cells_json: "{}".into(),
            search_text: name.to_lowercase(),
        },
        synced_at: 0,
    }
}

fn answer(app: &mut App, command: &Command, rows: Vec<MirrorHit>, total: u64) -> Vec<Command> {
    let Work::GlobalSearch { query } = &command.work else {
        panic!("not a global search: {:?}", command.work);
    };
    app.update(Msg::Worker(WorkerEvent {
        id: command.id,
        provider: command.provider,
        elapsed: Duration::from_millis(3),
        outcome: Outcome::Found {
            query: query.clone(),
            result: Ok(MirrorWindow { rows, total }),
            took: Duration::from_millis(3),
        },
    }))
}

fn texts(commands: &[Command]) -> Vec<String> {
    commands
        .iter()
        .map(|c| match &c.work {
            Work::GlobalSearch {
                query: MirrorQuery { text, provider, .. },
            } => {
                assert_eq!(provider, &None, "every provider's mirror");
                text.clone().unwrap_or_default()
            }
            other => panic!("not a global search: {other:?}"),
        })
        .collect()
}

#[test]
fn each_key_sends_the_whole_text_and_only_the_newest_answer_is_shown() {
    let (mut app, _) = App::new(&settings(&[ProviderId::Ngorder, ProviderId::Reportei]));
    act(&mut app, Action::GlobalSearch);
    assert_eq!(app.mode(), Mode::Find);
    let commands = typed(&mut app, "aur");
    assert_eq!(texts(&commands), ["a", "au", "aur"]);
    // Not jobs: one per key would flood the jobs view.
    assert!(app.jobs.iter().all(|job| !job.what.contains("mirror")));
    // The answer to "au" comes after "aur" was sent: dropped.
    answer(
        &mut app,
        &commands[1],
        vec![hit(ProviderId::Reportei, "1", "Aurélio")],
        1,
    );
    assert!(app.global_search().unwrap().results.is_empty());
    answer(
        &mut app,
        &commands[2],
        vec![hit(ProviderId::Reportei, "9", "Agência Aurora")],
        1,
    );
    let search = app.global_search().unwrap();
    assert_eq!(
        (search.results[0].title.as_str(), search.shown_for.as_str()),
        ("Agência Aurora", "aur")
    );
    // Backspace to nothing clears the results and asks nothing.
    let mut sent = Vec::new();
    for _ in 0..3 {
        sent.extend(app.update(key(crossterm::event::KeyCode::Backspace)));
    }
    assert_eq!(texts(&sent), ["au", "a"]);
    assert!(app.global_search().unwrap().results.is_empty());
}

#[test]
fn enter_opens_the_chosen_customer_in_its_tab_and_esc_goes_back_to_the_list() {
    let (mut app, _) = App::new(&settings(&[ProviderId::Ngorder, ProviderId::Reportei]));
    act(&mut app, Action::GlobalSearch);
    let commands = typed(&mut app, "aurora");
    let rows = vec![
        hit(ProviderId::Reportei, "a1", "Agência Aurora"),
        hit(ProviderId::Reportei, "b2", "Aurora Digital"),
    ];
    answer(&mut app, commands.last().unwrap(), rows, 2);
    act(&mut app, Action::Down);
    let sent = act(&mut app, Action::Choose);
    assert!(app.overlay.is_none());
    assert_eq!(app.active, 1, "the Reportei tab");
    let tab = app.active_tab().unwrap();
    assert!(matches!(tab.view, TabView::Detail));
    let shown = tab.selected_record().unwrap();
    assert_eq!(shown.id, "b2");
    assert_eq!(shown.text("name"), "Aurora Digital");
    // The provider's current copy is read, as for any customer opened.
    assert!(matches!(&sent[..], [Command { work: Work::Get { id }, .. }] if id == "b2"));
    // Back: the tab's own list again; Ctrl-F brings the search back as it was.
    act(&mut app, Action::Back);
    assert!(app.active_tab().unwrap().opened.is_none());
    act(&mut app, Action::GlobalSearch);
    assert_eq!(app.global_search().unwrap().input.value(), "aurora");
    assert_eq!(app.global_search().unwrap().results.len(), 2);
}

#[test]
fn results_whose_name_holds_the_text_come_first() {
    let (mut app, _) = App::new(&settings(&[ProviderId::Reportei]));
    act(&mut app, Action::GlobalSearch);
    let commands = typed(&mut app, "aurora");
    let mut by_mail = hit(ProviderId::Reportei, "m", "Maria");
    by_mail.row.raw_json = r#"{"uuid":"m","name":"Maria","email":"maria@aurora.example"}"#.into();
    let rows = vec![by_mail, hit(ProviderId::Reportei, "a", "Agência Aurora")];
    answer(&mut app, commands.last().unwrap(), rows, 2);
    let ids: Vec<&str> = app
        .global_search()
        .unwrap()
        .results
        .iter()
        .map(|f| f.id.as_str())
        .collect();
    assert_eq!(ids, ["a", "m"]);
}

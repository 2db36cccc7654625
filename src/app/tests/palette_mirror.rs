//! The palette over the mirror: `:` then an id finds customers anywhere in every mirrored provider
//! (asked of the store, newest answer wins), Enter puts the tab's table on that customer and opens it;
//! `:find` opens the global search; marks and bulk actions work on the mirror's rows.

use super::edit::reportei;
use super::*;
use crate::app::palette::Target;
use crate::app::palette_mirror::MirrorIds;
use crate::store::MirrorQuery;
use crate::worker::locate::{Answer, Ask, IdHit};
use crate::worker::mirror::{SyncPhase, SyncStatus};
use crate::worker::window::WindowRows;

fn event(app: &mut App, command: &Command, outcome: Outcome) -> Vec<Command> {
    app.update(Msg::Worker(WorkerEvent {
        id: command.id,
        provider: command.provider,
        elapsed: Duration::from_millis(2),
        outcome,
    }))
}

fn synced(app: &mut App, provider: ProviderId, mirrored: u64) -> Vec<Command> {
    app.update(Msg::Worker(WorkerEvent {
        id: RequestId(u64::MAX),
        provider,
        elapsed: Duration::ZERO,
        outcome: Outcome::Sync(SyncStatus {
            at_ms: 10_000,
            mirrored,
            synced_ms: Some(9_000),
            phase: SyncPhase::Idle,
        }),
    }))
}

/// Answer every window request among `commands` with customers numbered by their row (`name n`
/// with id `n + 1`), the query holding `total`; follow-ups too. Returns the other commands.
fn serve(app: &mut App, commands: Vec<Command>, total: u64) -> Vec<Command> {
    let mut queue = commands;
    let mut others = Vec::new();
    while let Some(command) = queue.pop() {
        let Work::Window { query, .. } = &command.work else {
            others.push(command);
            continue;
        };
        let end = (query.offset + u64::from(query.limit)).min(total);
        let records = (query.offset..end)
            .map(|n| reportei(&(n + 1).to_string(), &format!("Agência {n}"), false))
            .collect();
        let outcome = Outcome::Window(Ok(WindowRows {
            query: query.clone(),
            total,
            records,
            oldest_ms: Some(9_000),
            elapsed: Duration::from_millis(1),
        }));
        queue.extend(event(app, &command, outcome));
    }
    others
}

/// Reportei (active, on 80×24) and Guardant, each with a live first page of customers 1 and 2, then
/// both mirrored: Reportei's table browses its mirror of `total`, Guardant's would when shown.
fn mirrored(total: u64) -> App {
    let (mut app, commands) = App::new(&settings(&[ProviderId::Reportei, ProviderId::Guardant]));
    app.update(Msg::Viewport(80, 24));
    for command in &commands {
        answer(&mut app, command, Ok(page(1..3, None)));
    }
    synced(&mut app, ProviderId::Guardant, 500);
    let commands = synced(&mut app, ProviderId::Reportei, total);
    serve(&mut app, commands, total);
    assert_eq!(app.tabs[0].source, Source::Mirror);
    assert_eq!(app.tabs[1].source, Source::Live);
    app
}

fn palette(app: &App) -> &Palette {
    match &app.overlay {
        Some(Overlay::Palette(palette)) => palette,
        other => panic!("no palette: {other:?}"),
    }
}

fn asks(commands: &[Command]) -> Vec<(&Command, &Ask)> {
    commands
        .iter()
        .filter_map(|c| match &c.work {
            Work::Locate(ask) => Some((c, ask)),
            _ => None,
        })
        .collect()
}

fn type_in(app: &mut App, text: &str) -> Vec<Command> {
    let mut sent = Vec::new();
    for c in text.chars() {
        let key = crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Char(c),
            crossterm::event::KeyModifiers::NONE,
        );
        sent.extend(app.update(Msg::Key(key)));
    }
    sent
}

fn hit(provider: ProviderId, id: &str, name: &str) -> IdHit {
    IdHit {
        provider,
        title: name.into(),
        record: reportei(id, name, false),
    }
}

fn found(app: &mut App, command: &Command, prefix: &str, hits: Vec<IdHit>) -> Vec<Command> {
    let outcome = Outcome::Located(Answer::Ids {
        prefix: prefix.into(),
        result: Ok(hits),
    });
    event(app, command, outcome)
}

fn targets(app: &App) -> Vec<Target> {
    palette(app)
        .entries
        .iter()
        .map(|e| e.target.clone())
        .filter(|t| matches!(t, Target::Mirrored { .. } | Target::Customer { .. }))
        .collect()
}

fn mirrored_target(tab: usize, id: &str) -> Target {
    Target::Mirrored { tab, id: id.into() }
}

#[test]
fn an_id_is_asked_of_every_mirror_and_listed_active_tab_first_exact_first_newest_answer_only() {
    let mut app = mirrored(100_000);
    act(&mut app, Action::OpenPalette);
    let sent = type_in(&mut app, "424");
    // One ask per key, each of every provider whose tab browses (or would browse) its mirror.
    let asked = asks(&sent);
    assert_eq!(asked.len(), 3, "{sent:?}");
    let (last, ask) = asked[2];
    assert_eq!(
        ask,
        &Ask::Ids {
            providers: vec![ProviderId::Reportei, ProviderId::Guardant],
            prefix: "424".into(),
            limit: 5,
        }
    );
    let (older, _) = asked[1];
    let (older, last) = (older.clone(), last.clone());
    // The mirror's customers, far beyond the live page's two.
    found(
        &mut app,
        &last,
        "424",
        vec![
            hit(ProviderId::Reportei, "4240", "Agência 4239"),
            hit(ProviderId::Guardant, "424", "Олег"),
            hit(ProviderId::Reportei, "424", "Agência 423"),
        ],
    );
    assert_eq!(
        targets(&app),
        [
            mirrored_target(0, "424"),
            mirrored_target(1, "424"),
            mirrored_target(0, "4240"),
        ]
    );
    assert!(
        palette(&app).entries[0]
            .label
            .starts_with("customer #424 Agência 423 · Reportei"),
        "{:?}",
        palette(&app).entries[0]
    );
    // An answer to an older text comes late: dropped.
    found(
        &mut app,
        &older,
        "42",
        vec![hit(ProviderId::Reportei, "42", "Agência 41")],
    );
    assert_eq!(targets(&app).len(), 3);
    // One more key: what still matches stays listed until the mirror answers the new text.
    let sent = type_in(&mut app, "0");
    assert_eq!(targets(&app), [mirrored_target(0, "4240")]);
    let (newest, _) = asks(&sent)[0];
    let newest = newest.clone();
    found(&mut app, &newest, "4240", Vec::new());
    assert!(targets(&app).is_empty());
}

#[test]
fn enter_switches_tab_opens_the_customer_and_puts_the_table_on_its_row() {
    let mut app = mirrored(100_000);
    act(&mut app, Action::OpenPalette);
    let sent = type_in(&mut app, "77");
    let (ask, _) = *asks(&sent).last().unwrap();
    let ask = ask.clone();
    // Enter before the mirror answered: the palette waits, and goes once the answer is in.
    assert!(act(&mut app, Action::Choose).is_empty());
    assert!(matches!(app.overlay, Some(Overlay::Palette(_))));
    let sent = found(
        &mut app,
        &ask,
        "77",
        vec![hit(ProviderId::Guardant, "77", "Олег")],
    );
    assert!(app.overlay.is_none());
    // Guardant's tab, now over its mirror, its detail open at once (read fresh from the provider).
    assert_eq!(app.active, 1);
    assert_eq!(app.tabs[1].source, Source::Mirror);
    assert!(matches!(app.tabs[1].view, TabView::Detail));
    assert_eq!(selected_id(&app).as_deref(), Some("77"));
    assert!(
        sent.iter()
            .any(|c| matches!(&c.work, Work::Get { id } if id == "77")),
        "{sent:?}"
    );
    let (locate, ask) = asks(&sent)[0];
    assert_eq!(
        ask,
        &Ask::Row {
            query: MirrorQuery {
                provider: Some("guardant".into()),
                limit: 100,
                ..MirrorQuery::default()
            },
            id: "77".into(),
        }
    );
    let locate = locate.clone();
    let others = serve(&mut app, sent, 500);
    assert!(asks(&others).len() == 1);
    // The store counted 76 rows before it: the table is put there.
    let sent = event(
        &mut app,
        &locate,
        Outcome::Located(Answer::Row {
            id: "77".into(),
            query: MirrorQuery {
                provider: Some("guardant".into()),
                ..MirrorQuery::default()
            },
            result: Ok(Some(76)),
        }),
    );
    assert_eq!(app.tabs[1].mirror.selected, 76);
    serve(&mut app, sent, 500);
    // Esc leaves the detail for the table, on that customer's row.
    act(&mut app, Action::Back);
    assert!(matches!(app.tabs[1].view, TabView::Table));
    assert_eq!(selected_id(&app).as_deref(), Some("77"));
    let rows = app.table_rows(1);
    let first = app.tabs[1].mirror.first_on_screen(rows);
    assert!(
        (first..first + rows).contains(&76),
        "row 76 on screen from {first}"
    );
}

#[test]
fn a_search_that_does_not_hold_the_customer_is_dropped_for_the_jump() {
    let mut app = mirrored(100_000);
    act(&mut app, Action::StartFilter);
    let sent = type_in(&mut app, "zzz");
    serve(&mut app, sent, 3);
    act(&mut app, Action::ConfirmFilter);
    assert_eq!(app.tabs[0].mirror.text, "zzz");
    act(&mut app, Action::OpenPalette);
    let sent = type_in(&mut app, "9000");
    let (ask, _) = *asks(&sent).last().unwrap();
    let ask = ask.clone();
    found(
        &mut app,
        &ask,
        "9000",
        vec![hit(ProviderId::Reportei, "9000", "Agência 8999")],
    );
    let sent = act(&mut app, Action::Choose);
    let (locate, ask) = asks(&sent)[0];
    assert!(
        matches!(ask, Ask::Row { query, .. } if query.text.as_deref() == Some("zzz")),
        "{ask:?}"
    );
    let locate = locate.clone();
    // The worker found it only among every customer: the search goes, the row is there.
    let sent = event(
        &mut app,
        &locate,
        Outcome::Located(Answer::Row {
            id: "9000".into(),
            query: MirrorQuery {
                provider: Some("reportei".into()),
                ..MirrorQuery::default()
            },
            result: Ok(Some(8_999)),
        }),
    );
    let tab = &app.tabs[0];
    assert_eq!(tab.mirror.text, "");
    assert!(tab.local_filter.is_none());
    assert_eq!(tab.mirror.selected, 8_999);
    let windows: Vec<_> = sent
        .iter()
        .filter_map(|c| match &c.work {
            Work::Window { query, .. } => Some(query.clone()),
            _ => None,
        })
        .collect();
    assert!(
        windows
            .iter()
            .any(|q| q.text.is_none() && q.offset <= 8_999 && q.offset + 100 > 8_999),
        "{windows:?}"
    );
}

#[test]
fn the_live_view_keeps_its_page_and_asks_no_store() {
    let (mut app, commands) = App::new(&settings(&[ProviderId::Reportei]));
    answer(&mut app, &commands[0], Ok(page(1..3, None)));
    act(&mut app, Action::OpenPalette);
    let sent = type_in(&mut app, "2");
    assert!(asks(&sent).is_empty(), "{sent:?}");
    assert_eq!(
        targets(&app),
        [Target::Customer {
            tab: 0,
            id: "2".into()
        }]
    );
    assert!(palette(&app).mirror.hits.is_empty());
    let _: &MirrorIds = &palette(&app).mirror;
}

#[test]
fn find_then_a_query_opens_the_global_search_with_it_typed_and_searched() {
    let mut app = mirrored(10);
    act(&mut app, Action::OpenPalette);
    type_in(&mut app, "find anna k");
    let entry = &palette(&app).entries[0];
    assert_eq!(entry.target, Target::Find("anna k".into()));
    assert_eq!(entry.key, "Ctrl-F");
    let sent = act(&mut app, Action::Choose);
    let search = app.global_search().expect("the global search is open");
    assert_eq!(search.input.value(), "anna k");
    assert!(search.waiting.is_some());
    assert!(
        sent.iter().any(|c| matches!(&c.work,
            Work::GlobalSearch { query } if query.text.as_deref() == Some("anna k"))),
        "{sent:?}"
    );
}

fn marked(app: &App) -> Vec<String> {
    app.selection()
        .map(|s| s.records().iter().map(|r| r.id.clone()).collect())
        .unwrap_or_default()
}

#[test]
fn space_and_v_mark_mirror_rows_and_a_bulk_action_runs_on_them() {
    let mut app = mirrored(100_000);
    // Space marks the selected row and moves on, as on live rows.
    act(&mut app, Action::ToggleMark);
    act(&mut app, Action::ToggleMark);
    assert_eq!(marked(&app), ["1", "2"]);
    assert_eq!(app.tabs[0].mirror.selected, 2);
    act(&mut app, Action::Down);
    act(&mut app, Action::Down);
    // V: from the last Space (row 1) to the cursor (row 4).
    act(&mut app, Action::MarkRange);
    assert_eq!(marked(&app), ["1", "2", "3", "4", "5"]);
    // The bulk menu and its one confirmation name the five.
    act(&mut app, Action::OpenActions);
    assert!(matches!(app.overlay, Some(Overlay::BulkActions(ref m)) if m.count == 5));
    act(&mut app, Action::Choose);
    let sent = act(&mut app, Action::Yes);
    let written: Vec<&str> = sent
        .iter()
        .filter_map(|c| match &c.work {
            Work::Act { record, .. } => Some(record.id.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(written, ["1", "2"], "two at a time");
}

#[test]
fn ctrl_a_marks_a_small_list_whole_from_the_store_and_a_huge_one_only_on_screen() {
    // A search holding 250: more than is in hand, so the store is asked for all 250.
    let mut app = mirrored(100_000);
    act(&mut app, Action::StartFilter);
    let sent = type_in(&mut app, "agência 1");
    serve(&mut app, sent, 250);
    act(&mut app, Action::ConfirmFilter);
    let sent = act(&mut app, Action::MarkAll);
    let (command, ask) = asks(&sent)[0];
    let Ask::Rows { query } = ask else {
        panic!("{ask:?}");
    };
    assert_eq!(
        (query.offset, query.limit, query.text.as_deref()),
        (0, 250, Some("agência 1"))
    );
    let (command, query) = (command.clone(), query.clone());
    let rows: Vec<Record> = (1..=250)
        .map(|n| reportei(&n.to_string(), "A", false))
        .collect();
    event(
        &mut app,
        &command,
        Outcome::Located(Answer::Rows {
            query,
            result: Ok((rows, 250)),
        }),
    );
    assert_eq!(marked(&app).len(), 250);
    // Again: all were marked, so all are unmarked (answered from the store again).
    let sent = act(&mut app, Action::MarkAll);
    assert_eq!(asks(&sent).len(), 1);

    // The whole mirror of 1,000,000: not read into memory; the 20 rows on screen, said so.
    let mut app = mirrored(1_000_000);
    let sent = act(&mut app, Action::MarkAll);
    assert!(asks(&sent).is_empty(), "{sent:?}");
    assert_eq!(marked(&app).len(), 20);
    let notice = &app.notice.as_ref().unwrap().text;
    assert!(
        notice.contains("20 rows on screen") && notice.contains("1,000,000"),
        "{notice}"
    );
}

//! `y`: copy the selected customer's id, e-mail, phone or whole record to the clipboard, and `m`:
//! mouse capture off and on, so the terminal's own selection works.
//!
//! The clipboard is the terminal's, through OSC 52, which also works over SSH. `update` stays pure: it
//! returns a [`Work::Terminal`] command, and the event loop (the one writer to the terminal) writes
//! the escape between frames.

use super::{Action, App, Mode, Notice, Overlay};
use crate::domain::{FieldKind, Record, Schema, Value};
use crate::worker::{Command, TerminalOp, Work};

/// The copy menu over the selected customer: what can be copied, with the text each copies.
#[derive(Debug, Clone)]
pub struct CopyMenu {
    /// The customer, by id and name, for the notice.
    pub who: String,
    /// `(what, text)`: "id", "e-mail", "phone", "whole record", only those the customer has.
    pub entries: Vec<(&'static str, String)>,
    pub selected: usize,
}

impl CopyMenu {
    pub fn new(record: &Record, schema: &Schema) -> CopyMenu {
        let first_of = |wanted: fn(&FieldKind, &str) -> bool| {
            schema
                .fields
                .iter()
                .filter(|f| wanted(&f.kind, f.key))
                .map(|f| record.text(f.key))
                .find(|text| !text.trim().is_empty())
        };
        let mut entries = vec![("id", record.id.clone())];
        if let Some(email) = first_of(|kind, _| *kind == FieldKind::Email) {
            entries.push(("e-mail", email));
        }
        // CycleSoftware keeps its phones in a list (`phone_numbers`): the first number there.
        if let Some(phone) = first_of(is_phone).or_else(|| first_listed_phone(record, schema)) {
            entries.push(("phone", phone));
        }
        entries.push(("whole record", whole_record(record, schema)));
        CopyMenu {
            who: record.id_and_title(schema),
            entries,
            selected: 0,
        }
    }
}

/// A phone field: typed as one, or Ngorder's digits-only `phone`.
fn is_phone(kind: &FieldKind, key: &str) -> bool {
    *kind == FieldKind::Phone || (*kind == FieldKind::Digits && key.contains("phone"))
}

/// The first phone number with a value in the record's nested lists, in the lists' order.
fn first_listed_phone(record: &Record, schema: &Schema) -> Option<String> {
    schema.fields.iter().find_map(|field| {
        let FieldKind::List(item_fields) = field.kind else {
            return None;
        };
        let Some(Value::List(items)) = record.get(field.key) else {
            return None;
        };
        items.iter().find_map(|item| {
            item_fields
                .iter()
                .filter(|f| is_phone(&f.kind, f.key))
                .filter_map(|f| item.iter().find(|(k, _)| k == f.key))
                .map(|(_, value)| value.to_string())
                .find(|text| !text.trim().is_empty())
        })
    })
}

impl CopyMenu {
    /// The copy menu over the marked customers: their ids, e-mails or whole records, one customer a
    /// line (records a blank line apart), as a person pastes a list into a ticket or a spreadsheet.
    pub fn marked(records: &[Record], schema: &Schema) -> CopyMenu {
        let emails: Vec<String> = records
            .iter()
            .filter_map(|record| {
                schema
                    .fields
                    .iter()
                    .filter(|f| f.kind == FieldKind::Email)
                    .map(|f| record.text(f.key))
                    .find(|text| !text.trim().is_empty())
            })
            .collect();
        let mut entries = vec![(
            "ids",
            records
                .iter()
                .map(|r| r.id.clone())
                .collect::<Vec<_>>()
                .join("\n"),
        )];
        if !emails.is_empty() {
            entries.push(("e-mails", emails.join("\n")));
        }
        entries.push((
            "whole records",
            records
                .iter()
                .map(|r| whole_record(r, schema))
                .collect::<Vec<_>>()
                .join("\n\n"),
        ));
        CopyMenu {
            who: format!("{} marked customers", records.len()),
            entries,
            selected: 0,
        }
    }
}

/// Every field with a value, one `Label: value` a line (nested items indented), as a person would
/// paste it into a ticket.
pub fn whole_record(record: &Record, schema: &Schema) -> String {
    let label = |key: &str| {
        schema
            .fields
            .iter()
            .find(|f| f.key == key)
            .map_or(key.to_string(), |f| f.label.to_string())
    };
    let mut lines = vec![format!("Id: {}", record.id)];
    for (key, value) in &record.fields {
        match value {
            Value::List(items) => {
                if items.is_empty() {
                    continue;
                }
                lines.push(format!("{}:", label(key)));
                for item in items {
                    let parts: Vec<String> = item
                        .iter()
                        .filter(|(_, v)| !v.is_empty())
                        .map(|(k, v)| format!("{k}: {v}"))
                        .collect();
                    lines.push(format!("  - {}", parts.join(", ")));
                }
            }
            value if value.is_empty() => {}
            value => lines.push(format!("{}: {value}", label(key))),
        }
    }
    lines.join("\n")
}

impl App {
    /// `y`: the copy menu of the selected customer.
    pub(super) fn open_copy(&mut self) {
        let Some(tab) = self.active_tab() else {
            return;
        };
        let marked = self.marked_records();
        if !marked.is_empty() {
            self.overlay = Some(Overlay::Copy(CopyMenu::marked(&marked, &tab.spec.schema)));
            return;
        }
        let Some(record) = tab.selected_record() else {
            return;
        };
        self.overlay = Some(Overlay::Copy(CopyMenu::new(record, &tab.spec.schema)));
    }

    /// Keys in the copy menu: move, copy the highlighted entry.
    pub(super) fn in_copy_menu(&mut self, action: Action) -> Vec<Command> {
        let Some(Overlay::Copy(menu)) = &mut self.overlay else {
            return Vec::new();
        };
        let count = menu.entries.len().max(1);
        match action {
            Action::Down => menu.selected = (menu.selected + 1) % count,
            Action::Up => menu.selected = (menu.selected + count - 1) % count,
            Action::Choose => {
                let Some(Overlay::Copy(menu)) = self.overlay.take() else {
                    return Vec::new();
                };
                let Some((what, text)) = menu.entries.get(menu.selected).cloned() else {
                    return Vec::new();
                };
                // A record is several lines: the notice says how many, not the lines.
                let shown = match text.lines().count() {
                    1 => text.clone(),
                    lines => format!("{lines} lines"),
                };
                self.notice = Some(Notice {
                    text: format!("copied the {what} of {}: {shown}", menu.who),
                    is_error: false,
                });
                return self.terminal(TerminalOp::Copy(text));
            }
            _ => {}
        }
        Vec::new()
    }

    /// `m`: mouse capture off (the terminal selects text again) or back on (wheel and clicks).
    pub(super) fn toggle_mouse(&mut self) -> Vec<Command> {
        self.mouse_captured = !self.mouse_captured;
        let key = self
            .key_for(Mode::Browse, Action::ToggleMouse)
            .unwrap_or_default();
        let text = if self.mouse_captured {
            format!("mouse on: the wheel scrolls, a click selects ({key} turns it off)")
        } else {
            format!("mouse off: the terminal's own selection works ({key} turns it back on)")
        };
        self.notice = Some(Notice {
            text,
            is_error: false,
        });
        self.terminal(TerminalOp::MouseCapture(self.mouse_captured))
    }

    /// Work for the terminal itself, done by the event loop (not a provider call, not a job).
    fn terminal(&mut self, op: TerminalOp) -> Vec<Command> {
        let Some(provider) = self.active_tab().map(|t| t.provider) else {
            return Vec::new();
        };
        vec![self.quiet_command(provider, Work::Terminal(op))]
    }
}

#[cfg(test)]
mod tests {
    use crate::app::tests::{answer, settings};
    use crate::app::{Action, App, Msg, Overlay};
    use crate::domain::{Page, ProviderId, Record, Value};
    use crate::worker::{TerminalOp, Work};

    fn app_with(record: Record) -> App {
        let (mut app, commands) = App::new(&settings(&[ProviderId::Ngorder]));
        let page = Page {
            records: vec![record],
            next: None,
            totals: None,
            summary: Vec::new(),
        };
        answer(&mut app, &commands[0], Ok(page));
        app
    }

    fn budi() -> Record {
        Record {
            id: "101".into(),
            fields: vec![
                ("name".into(), Value::Text("Budi Santoso".into())),
                ("email".into(), Value::Text("budi@example.com".into())),
                ("phone".into(), Value::Text("628123".into())),
            ],
        }
    }

    #[test]
    fn y_offers_id_email_phone_and_record_and_copies_the_chosen_one() {
        let mut app = app_with(budi());
        app.update(Msg::Action(Action::Copy));
        let Some(Overlay::Copy(menu)) = &app.overlay else {
            panic!("the copy menu")
        };
        let whats: Vec<_> = menu.entries.iter().map(|(what, _)| *what).collect();
        assert_eq!(whats, ["id", "e-mail", "phone", "whole record"]);
        app.update(Msg::Action(Action::Down));
        let sent = app.update(Msg::Action(Action::Choose));
        assert_eq!(
            sent[0].work,
            Work::Terminal(TerminalOp::Copy("budi@example.com".into()))
        );
        assert!(app.overlay.is_none());
        assert_eq!(
            app.notice.as_ref().unwrap().text,
            "copied the e-mail of #101 Budi Santoso: budi@example.com"
        );
        assert_eq!(sent.len(), 1, "nothing for the provider");
    }

    #[test]
    fn the_whole_record_is_every_field_with_a_value() {
        let mut record = budi();
        record.fields.push(("city".into(), Value::Empty));
        let mut app = app_with(record);
        app.update(Msg::Action(Action::Copy));
        for _ in 0..3 {
            app.update(Msg::Action(Action::Down));
        }
        let sent = app.update(Msg::Action(Action::Choose));
        let Work::Terminal(TerminalOp::Copy(text)) = &sent[0].work else {
            panic!("{sent:?}")
        };
        assert!(text.starts_with("Id: 101\n"), "{text}");
        assert!(
            text.contains("budi@example.com") && !text.contains("City"),
            "{text}"
        );
        assert!(app.notice.as_ref().unwrap().text.ends_with("4 lines"));
    }

    #[test]
    fn with_marks_y_copies_the_marked_customers_one_a_line() {
        let (mut app, commands) = App::new(&settings(&[ProviderId::Ngorder]));
        let mut siti = budi();
        siti.id = "102".into();
        siti.fields[1].1 = Value::Text("siti@example.com".into());
        let page = Page {
            records: vec![budi(), siti],
            next: None,
            totals: None,
            summary: Vec::new(),
        };
        answer(&mut app, &commands[0], Ok(page));
        app.update(Msg::Action(Action::ToggleMark));
        app.update(Msg::Action(Action::ToggleMark));
        app.update(Msg::Action(Action::Copy));
        let Some(Overlay::Copy(menu)) = &app.overlay else {
            panic!("the copy menu")
        };
        let whats: Vec<_> = menu.entries.iter().map(|(what, _)| *what).collect();
        assert_eq!(whats, ["ids", "e-mails", "whole records"]);
        app.update(Msg::Action(Action::Down));
        let sent = app.update(Msg::Action(Action::Choose));
        assert_eq!(
            sent[0].work,
            Work::Terminal(TerminalOp::Copy(
                "budi@example.com\nsiti@example.com".into()
            ))
        );
        assert_eq!(
            app.notice.as_ref().unwrap().text,
            "copied the e-mails of 2 marked customers: 2 lines"
        );
    }

    #[test]
    fn a_phone_kept_in_a_list_is_offered_and_copied() {
        // CycleSoftware: no phone field, a list of numbers whose first may be empty.
        let number = |kind: &str, phone: &str| {
            vec![
                ("phone_number_id".to_string(), Value::Text(kind.into())),
                ("phone_number".to_string(), Value::Text(phone.into())),
            ]
        };
        let record = Record {
            id: "1001".into(),
            fields: vec![
                ("name".into(), Value::Text("Jansen".into())),
                (
                    "phone_numbers".into(),
                    Value::List(vec![number("tel", ""), number("mob", "06 24238848")]),
                ),
            ],
        };
        let (mut app, commands) = App::new(&settings(&[ProviderId::CycleSoftware]));
        let page = Page {
            records: vec![record],
            next: None,
            totals: None,
            summary: Vec::new(),
        };
        answer(&mut app, &commands[0], Ok(page));
        app.update(Msg::Action(Action::Copy));
        let Some(Overlay::Copy(menu)) = &app.overlay else {
            panic!("the copy menu")
        };
        let whats: Vec<_> = menu.entries.iter().map(|(what, _)| *what).collect();
        assert_eq!(whats, ["id", "phone", "whole record"]);
        app.update(Msg::Action(Action::Down));
        let sent = app.update(Msg::Action(Action::Choose));
        assert_eq!(
            sent[0].work,
            Work::Terminal(TerminalOp::Copy("06 24238848".into()))
        );
    }

    #[test]
    fn m_turns_mouse_capture_off_and_on() {
        let mut app = app_with(budi());
        let off = app.update(Msg::Action(Action::ToggleMouse));
        assert_eq!(off[0].work, Work::Terminal(TerminalOp::MouseCapture(false)));
        assert!(
            app.notice
                .as_ref()
                .unwrap()
                .text
                .contains("selection works")
        );
        let on = app.update(Msg::Action(Action::ToggleMouse));
        assert_eq!(on[0].work, Work::Terminal(TerminalOp::MouseCapture(true)));
    }
}

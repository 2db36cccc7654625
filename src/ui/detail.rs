//! Every field of the selected customer, nested data laid out one item a line.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::records::cell_text;
use super::{theme, visible};
use crate::app::Tab;
use crate::domain::{FieldSpec, Record, Schema, Value};

pub fn draw(frame: &mut Frame, area: Rect, tab: &Tab) {
    let Some(record) = tab.selected_record() else {
        frame.render_widget(Paragraph::new("No customer selected. Esc goes back."), area);
        return;
    };
    let schema = &tab.spec.schema;
    let hint = if tab.spec.related.is_empty() {
        "Esc back"
    } else {
        "o orders · Esc back"
    };
    let block = Block::default().borders(Borders::TOP).title(Line::styled(
        format!(
            " {}{} · j/k scroll · n/p next/previous · {hint} ",
            super::crumbs::customer(tab, &record.id, &record.title(schema)),
            freshness(tab, &record.id)
        ),
        theme::title(),
    ));
    let lines = record_lines(schema, record, area.width);
    // Scrolled no further than the last line. Lines are wrapped here, not by the paragraph, so a
    // wrapped value stays under its value column and the count of lines is exact.
    let scroll = tab.detail_scroll.min(lines.len().saturating_sub(1) as u16);
    frame.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), area);
}

/// A field's text in the detail view: an enum shows its code as sent, then its label (`N (Customer)`):
/// the code is what filters and writes take, and a field named "code" must show it.
fn detail_text(spec: &crate::domain::FieldSpec, record: &Record) -> String {
    let code = record.text(spec.key);
    let label = cell_text(spec, record);
    if spec.amount {
        return label;
    }
    // A label that starts with the code (`Klant (customer)`) already shows it.
    if label.starts_with(&code) || code.is_empty() {
        label
    } else {
        format!("{code} ({label})")
    }
}

/// Every field of `record`, one a line (values wrapped under their column in `width` cells, nested
/// items under theirs), the id first and the fields the schema does not know after a marker. Serves
/// customers and related rows (orders) alike.
pub fn record_lines(schema: &Schema, record: &Record, width: u16) -> Vec<Line<'static>> {
    let label_width = schema
        .fields
        .iter()
        .map(|f| f.label.chars().count())
        .max()
        .unwrap_or(10)
        .max(12);
    let layout = Columns {
        label: label_width,
        value: usize::from(width).saturating_sub(label_width + 2).max(10),
    };
    let mut lines = layout.field("Id", &record.id);
    let mut marked = false;
    for (key, value) in &record.fields {
        let spec = schema.field(key);
        // Fields the provider sent that the schema does not know come last, after a marker.
        if spec.is_none() && !marked {
            marked = true;
            lines.push(Line::styled(
                format!("{:>width$}", "— also sent —", width = label_width),
                theme::muted(),
            ));
        }
        let label = spec.map_or(key.as_str(), |f| f.label);
        match value {
            Value::List(items) => {
                let count = format!("{} item{}", items.len(), plural(items.len()));
                lines.extend(layout.field(label, &count));
                let item_fields = match spec.map(|f| f.kind) {
                    Some(crate::domain::FieldKind::List(fields)) => fields,
                    _ => &[],
                };
                for item in items {
                    lines.extend(layout.item(item, item_fields));
                }
            }
            _ => {
                let text = match spec {
                    Some(spec) => detail_text(spec, record),
                    None => value.to_string(),
                };
                lines.extend(layout.field(label, &text));
            }
        }
    }
    lines
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The two columns of the detail view: labels right-aligned in `label` cells, values in `value`.
struct Columns {
    label: usize,
    value: usize,
}

impl Columns {
    fn indent(&self, extra: usize) -> String {
        " ".repeat(self.label + 2 + extra)
    }

    /// A field: its label, then its value wrapped under the value column.
    fn field(&self, label: &str, value: &str) -> Vec<Line<'static>> {
        let label = format!("{:>width$}  ", visible::text(label), width = self.label);
        wrap(value, self.value)
            .into_iter()
            .enumerate()
            .map(|(index, piece)| {
                let lead = if index == 0 {
                    Span::styled(label.clone(), theme::muted())
                } else {
                    Span::raw(self.indent(0))
                };
                let mut spans = vec![lead];
                spans.extend(visible::spans(&piece, Style::new()));
                Line::from(spans)
            })
            .collect()
    }

    /// One nested item. Short ones (a phone number) are one line, its values joined; longer ones (an
    /// address) read as a block: a line per value, labelled, under a bullet with its marks.
    fn item(&self, item: &[(String, Value)], fields: &[FieldSpec]) -> Vec<Line<'static>> {
        // Ids the provider sets on nested items (addressId, customerId) mean nothing to a reader; an
        // id the user writes does (CycleSoftware's `phone_number_id`: `mob`, `tel` or an extra one's).
        let written = |key: &str| {
            fields
                .iter()
                .any(|f| f.key == key && (f.writable.on_create() || f.writable.on_update()))
        };
        let values: Vec<(&str, String)> = item
            .iter()
            .filter(|(k, v)| {
                !matches!(v, Value::Bool(_)) && !v.is_empty() && (!is_id(k) || written(k))
            })
            // Trimmed: Ngorder's quantities come as `" 1"`.
            .map(|(k, v)| (k.as_str(), v.to_string().trim().to_string()))
            .collect();
        let marks: Vec<String> = item
            .iter()
            .filter(|(_, v)| *v == Value::Bool(true))
            .map(|(k, _)| format!("[{}]", words(k)))
            .collect();
        let joined = values
            .iter()
            .map(|(_, v)| v.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let marks = marks.join(" ");
        let one_line = format!(
            "• {joined}{}{marks}",
            if marks.is_empty() { "" } else { " " }
        );
        // Three values (a number, its kind, its id) read well on a line; more (an address) do not.
        if values.len() <= 3
            && Span::raw(visible::text(&one_line).into_owned()).width() <= self.value
        {
            let mut spans = vec![Span::raw(self.indent(0))];
            spans.extend(visible::spans(&format!("• {joined}"), Style::new()));
            if !marks.is_empty() {
                spans.extend(visible::spans(&format!(" {marks}"), theme::key()));
            }
            return vec![Line::from(spans)];
        }
        let label = |key: &str| {
            fields
                .iter()
                .find(|f| f.key == key)
                .map_or_else(|| capitalised(&words(key)), |f| capitalised(f.label))
        };
        let labels: Vec<String> = values.iter().map(|(k, _)| label(k)).collect();
        let width = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
        let inner = Columns {
            label: self.label + 2 + width,
            value: self.value.saturating_sub(width + 4).max(10),
        };
        let mut lines = vec![Line::from(vec![
            Span::raw(format!("{}• ", self.indent(0))),
            Span::styled(marks, theme::key()),
        ])];
        for ((_, value), label) in values.iter().zip(&labels) {
            let label = format!("{label:>width$}");
            lines.extend(inner.field(&label, value));
        }
        lines
    }
}

/// `text` in pieces of at most `width` cells, broken between words (a longer word is cut). Widths
/// are those drawn: hidden characters count as their escapes.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let cells = |s: &str| Span::raw(visible::text(s).into_owned()).width();
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let mut word = word.to_string();
        // A word longer than a line is cut into lines of its own.
        while cells(&word) > width {
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            let mut head = String::new();
            for c in word.chars() {
                head.push(c);
                if cells(&head) > width {
                    head.pop();
                    break;
                }
            }
            if head.is_empty() {
                break;
            }
            word = word[head.len()..].to_string();
            lines.push(head);
        }
        let used = cells(&line);
        if !line.is_empty() && used + 1 + cells(&word) > width {
            lines.push(std::mem::take(&mut line));
        } else if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

fn is_id(key: &str) -> bool {
    key.ends_with("Id") || key.ends_with("_id") || key == "id" || key == "uuid"
}

/// `isDefaultBilling` → `default billing`, `is_paying` → `paying`.
fn words(key: &str) -> String {
    let mut out = String::new();
    for (i, c) in key.chars().enumerate() {
        if c == '_' {
            out.push(' ');
        } else if c.is_uppercase() && i > 0 {
            out.push(' ');
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out.trim_start_matches("is ").to_string()
}

/// `first name` → `First name`.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// Where the shown fields come from: read from the provider just now, being read, or as listed.
fn freshness(tab: &Tab, customer: &str) -> String {
    use crate::app::Freshness;
    match &tab.freshness {
        Freshness::Reading { customer: c, .. } if c == customer => " · reading…".into(),
        Freshness::Read { customer: c } if c == customer => " · fresh".into(),
        Freshness::Failed { customer: c, error } if c == customer => {
            format!(" · as listed (not read again: {error})")
        }
        // Ngorder has no API to read one customer: what the list said is all there is.
        _ => " · as listed".into(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn flag_names_read_as_words() {
        assert_eq!(super::words("isDefaultBilling"), "default billing");
        assert_eq!(super::words("is_paying"), "paying");
    }

    #[test]
    fn values_wrap_between_words_and_long_words_are_cut() {
        assert_eq!(super::wrap("456 BIG MOUNTAIN", 8), ["456 BIG", "MOUNTAIN"]);
        assert_eq!(super::wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(super::wrap("", 4), [""]);
        assert_eq!(super::wrap("東京都", 4), ["東京", "都"]);
    }
}

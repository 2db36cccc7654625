//! Every field of the selected customer, nested data laid out one item a line.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::records::cell_text;
use super::{theme, visible};
use crate::app::Tab;
use crate::domain::{Record, Schema, Value};

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
            " {} customer {}{} · j/k next/previous · ↑↓ scroll · {hint} ",
            tab.provider.display_name(),
            visible::text(&record.id),
            freshness(tab, &record.id)
        ),
        theme::title(),
    ));
    let lines = record_lines(schema, record);
    // Scrolled no further than the last line.
    let scroll = tab.detail_scroll.min(lines.len().saturating_sub(1) as u16);
    let paragraph = Paragraph::new(lines)
        .block(block)
        .wrap(Wrap { trim: false })
        .scroll((scroll, 0));
    frame.render_widget(paragraph, area);
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

/// Every field of `record`, one a line (nested items one a line under theirs), the id first and the
/// fields the schema does not know after a marker. Serves customers and related rows (orders) alike.
pub fn record_lines(schema: &Schema, record: &Record) -> Vec<Line<'static>> {
    let label_width = schema
        .fields
        .iter()
        .map(|f| f.label.chars().count())
        .max()
        .unwrap_or(10)
        .max(12);
    let mut lines = vec![field_line("Id", &record.id, label_width)];
    for (key, value) in &record.fields {
        let spec = schema.field(key);
        let label = spec.map_or(key.as_str(), |f| f.label);
        match value {
            Value::List(items) => {
                lines.push(field_line(
                    label,
                    &format!("{} item{}", items.len(), plural(items.len())),
                    label_width,
                ));
                let item_fields = match spec.map(|f| f.kind) {
                    Some(crate::domain::FieldKind::List(fields)) => fields,
                    _ => &[],
                };
                lines.extend(
                    items
                        .iter()
                        .map(|item| nested_line(item, item_fields, label_width)),
                );
            }
            _ => {
                let text = match spec {
                    Some(spec) => detail_text(spec, record),
                    None => value.to_string(),
                };
                lines.push(field_line(label, &text, label_width));
            }
        }
    }
    if let Some(extra) = record
        .fields
        .iter()
        .position(|(k, _)| schema.field(k).is_none())
    {
        // Fields the provider sent that the schema does not know are listed after a marker.
        let at = extra + 1 + nested_lines_before(&record.fields[..extra]);
        lines.insert(
            at,
            Line::styled(format!("{:>label_width$}", "— also sent —"), theme::muted()),
        );
    }
    lines
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn nested_lines_before(fields: &[(String, Value)]) -> usize {
    fields
        .iter()
        .map(|(_, v)| match v {
            Value::List(items) => items.len(),
            _ => 0,
        })
        .sum()
}

fn field_line(label: &str, value: &str, width: usize) -> Line<'static> {
    let mut spans = vec![Span::styled(
        format!("{:>width$}  ", visible::text(label)),
        theme::muted(),
    )];
    spans.extend(visible::spans(value, Style::new()));
    Line::from(spans)
}

/// One nested item: its values joined, and its true flags as marks (`[default billing]`).
fn nested_line(
    item: &[(String, Value)],
    fields: &[crate::domain::FieldSpec],
    width: usize,
) -> Line<'static> {
    // Ids the provider sets on nested items (addressId, customerId) mean nothing to a reader; an
    // id the user writes does (CycleSoftware's `phone_number_id`: `mob`, `tel` or an extra number's).
    let written = |key: &str| {
        fields
            .iter()
            .any(|f| f.key == key && (f.writable.on_create() || f.writable.on_update()))
    };
    let values: Vec<String> = item
        .iter()
        .filter(|(k, v)| !matches!(v, Value::Bool(_)) && !v.is_empty() && (!is_id(k) || written(k)))
        // Trimmed: Ngorder's quantities come as `" 1"`.
        .map(|(_, v)| v.to_string().trim().to_string())
        .collect();
    let marks: Vec<String> = item
        .iter()
        .filter(|(_, v)| *v == Value::Bool(true))
        .map(|(k, _)| format!("[{}]", words(k)))
        .collect();
    let mut spans = vec![Span::raw(format!("{:>width$}  • ", ""))];
    spans.extend(visible::spans(&values.join(", "), Style::new()));
    if !marks.is_empty() {
        spans.extend(visible::spans(
            &format!(" {}", marks.join(" ")),
            theme::key(),
        ));
    }
    Line::from(spans)
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
}

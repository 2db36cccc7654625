//! How a table's columns share the terminal's width: each column asks for its content's width, the
//! screen gives what it has, and what does not fit is scrolled to (never dropped silently).

use ratatui::buffer::CellWidth;
use ratatui::text::{Line, Span};

/// Cells between two columns.
pub const SPACING: u16 = 1;
/// A column never asks for more than this: one long note must not push every other column off.
const MAX_WIDTH: u16 = 48;
/// A column is not squeezed below its content if that is this short, else below this, its header, or
/// two thirds of its content: past that, it is better scrolled to than shown as a stub.
const SHORT: u16 = 16;
/// The first column names the row: it keeps up to this much whatever the others need.
const NAMING: u16 = 30;

/// What one column would like: its header's width and its widest value's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Need {
    pub label: u16,
    pub content: u16,
}

impl Need {
    fn natural(self) -> u16 {
        self.label.max(self.content).clamp(1, MAX_WIDTH)
    }

    fn minimum(self) -> u16 {
        let natural = self.natural();
        // Short values (phones, states, dates) are read whole or not at all: never cut to fit more.
        if natural <= SHORT {
            return natural;
        }
        natural.min(self.label.max(SHORT).max(natural * 2 / 3))
    }
}

/// The columns on screen and their widths, and how many are off screen on either side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fit {
    /// `(column index, width)`, in order.
    pub shown: Vec<(usize, u16)>,
    pub hidden_left: usize,
    pub hidden_right: usize,
}

/// Share `width` among `needs`. The first column (the one naming the row) always shows; the others
/// start at `offset` (the horizontal scroll, 1-based among them: 0 and 1 both mean "from the second").
/// Columns are taken in order while their minimum widths fit; the space left then goes to the
/// columns whose content is cut, evenly, up to what each asks for.
pub fn allocate(needs: &[Need], width: u16, offset: usize) -> Fit {
    if needs.is_empty() {
        return Fit {
            shown: Vec::new(),
            hidden_left: 0,
            hidden_right: 0,
        };
    }
    let start = offset.clamp(1, needs.len().max(2) - 1);
    let mut taken = vec![0usize];
    let min_of = |index: usize| match index {
        0 => needs[0].natural().min(NAMING),
        _ => needs[index].minimum(),
    };
    let mut used = min_of(0);
    let fits = |used: u16, index: usize| used + SPACING + min_of(index) <= width;
    let mut next = start;
    while next < needs.len() && fits(used, next) {
        used += SPACING + min_of(next);
        taken.push(next);
        next += 1;
    }
    // Scrolled to the end with room to spare: show the columns just left of the offset too, so
    // the last screen is full rather than a few columns and a gap.
    let mut first = start;
    if next == needs.len() {
        while first > 1 && fits(used, first - 1) {
            first -= 1;
            used += SPACING + min_of(first);
            taken.insert(1, first);
        }
    }
    let mut widths: Vec<u16> = taken.iter().map(|&i| min_of(i)).collect();
    // Water-fill: hand out the spare cells one round at a time to the columns still cut.
    let mut spare = width.saturating_sub(used);
    while spare > 0 {
        let wanting: Vec<usize> = (0..taken.len())
            .filter(|&k| widths[k] < needs[taken[k]].natural())
            .collect();
        if wanting.is_empty() {
            break;
        }
        let share = (spare / wanting.len() as u16).max(1);
        for k in wanting {
            let give = share.min(needs[taken[k]].natural() - widths[k]).min(spare);
            widths[k] += give;
            spare -= give;
            if spare == 0 {
                break;
            }
        }
    }
    // The only column wider than the screen is cut to it.
    if taken.len() == 1 {
        widths[0] = widths[0].min(width);
    }
    Fit {
        hidden_left: first.saturating_sub(1).min(needs.len() - 1),
        hidden_right: needs.len() - next.min(needs.len()),
        shown: taken.into_iter().zip(widths).collect(),
    }
}

/// The cell width of `text`.
pub fn width(text: &str) -> u16 {
    text.cell_width()
}

/// `line` cut to `width` cells, its last cell `…` when anything was cut.
pub fn cut(line: Line<'static>, width: u16) -> Line<'static> {
    if u16::try_from(line.width()).unwrap_or(u16::MAX) <= width {
        return line;
    }
    let mut room = width.saturating_sub(1);
    let mut spans = Vec::new();
    for span in line.spans {
        let mut kept = String::new();
        for c in span.content.chars() {
            let w = width_of_char(c);
            if w > room {
                room = 0;
                break;
            }
            room -= w;
            kept.push(c);
        }
        let done = room == 0 || kept.len() < span.content.len();
        if !kept.is_empty() {
            spans.push(Span::styled(kept, span.style));
        }
        if done {
            break;
        }
    }
    if width > 0 {
        spans.push(Span::raw("…"));
    }
    Line::from(spans).style(line.style)
}

fn width_of_char(c: char) -> u16 {
    let mut buffer = [0u8; 4];
    width(c.encode_utf8(&mut buffer))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn need(label: u16, content: u16) -> Need {
        Need { label, content }
    }

    fn text(line: &Line) -> String {
        line.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn wide_terminal_gives_every_column_its_content() {
        // Name, a long phone, a long status: at 160 nothing is cut.
        let needs = [need(4, 20), need(5, 18), need(6, 22), need(6, 30)];
        let fit = allocate(&needs, 160, 0);
        assert_eq!(fit.shown, vec![(0, 20), (1, 18), (2, 22), (3, 30)]);
        assert_eq!((fit.hidden_left, fit.hidden_right), (0, 0));
    }

    #[test]
    fn spare_space_goes_to_columns_that_are_cut() {
        // 80 cells, contents 10+40+40 = 90 plus 2 spacing: the short one keeps its 10, the long
        // ones share the rest evenly instead of leaving cells empty.
        let needs = [need(4, 10), need(5, 40), need(6, 40)];
        let fit = allocate(&needs, 80, 0);
        let widths: Vec<u16> = fit.shown.iter().map(|s| s.1).collect();
        assert_eq!(widths.iter().sum::<u16>() + 2, 80);
        assert_eq!(widths[0], 10);
        assert!(widths[1].abs_diff(widths[2]) <= 1, "{widths:?}");
    }

    #[test]
    fn short_values_and_the_naming_column_are_not_cut_to_fit_more() {
        // Name 18, phone 14, e-mail 30, city 22, state 22 at 80: the name and phone keep their
        // width; what does not fit scrolls.
        let needs = [
            need(4, 18),
            need(5, 14),
            need(6, 30),
            need(4, 22),
            need(6, 22),
        ];
        let fit = allocate(&needs, 80, 0);
        assert_eq!(fit.shown[0], (0, 18));
        assert_eq!(fit.shown[1], (1, 14));
        assert!(fit.hidden_right > 0, "{fit:?}");
    }

    #[test]
    fn narrow_terminal_hides_columns_and_says_so() {
        let needs = [need(4, 20); 8];
        let fit = allocate(&needs, 80, 0);
        let shown: Vec<usize> = fit.shown.iter().map(|s| s.0).collect();
        assert!(shown.len() < 8);
        assert_eq!(fit.hidden_left, 0);
        assert_eq!(fit.hidden_right, 8 - shown.len());
        let total: u16 = fit.shown.iter().map(|s| s.1 + SPACING).sum::<u16>() - SPACING;
        assert!(total <= 80);
    }

    #[test]
    fn scrolling_keeps_the_first_column_and_shows_the_rest_in_turn() {
        let needs = [need(4, 20); 8];
        let fit = allocate(&needs, 80, 3);
        assert_eq!(fit.shown[0].0, 0, "the naming column stays");
        assert_eq!(fit.shown[1].0, 3);
        assert_eq!(fit.hidden_left, 2);
        // Scrolled past the end: the last columns fill the screen, none is blank.
        let end = allocate(&needs, 80, 50);
        assert_eq!(end.hidden_right, 0);
        assert_eq!(end.shown.last().unwrap().0, 7);
        assert!(end.shown.len() > 2);
    }

    #[test]
    fn one_column_wider_than_the_screen_is_cut_to_it() {
        let fit = allocate(&[need(4, 48)], 20, 0);
        assert_eq!(fit.shown, vec![(0, 20)]);
        assert_eq!(allocate(&[], 20, 0).shown, vec![]);
    }

    #[test]
    fn cut_text_ends_in_an_ellipsis() {
        let line = Line::raw("+7 (907) 496-15-33");
        assert_eq!(text(&cut(line.clone(), 30)), "+7 (907) 496-15-33");
        assert_eq!(text(&cut(line, 10)), "+7 (907) …");
        // Wide characters are counted by their cells.
        assert_eq!(text(&cut(Line::raw("Алексей 日本語"), 10)), "Алексей …");
        assert_eq!(text(&cut(Line::raw("日本語"), 4)), "日…");
    }
}

//! What a typed search means to the index, apart from any SQL dialect: the words of a query, each a
//! substring to find anywhere in a customer's search text; phone numbers by their digits alone.
//!
//! The index holds trigrams, so a word of three characters or more is found from it. A query whose
//! words are all shorter cannot be: it matches the start of a customer's name instead (through an
//! ordinary index), so it answers at once rather than scanning every customer.

/// A typed search, made ready for the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// Nothing typed: every customer.
    All,
    /// Found from the trigram index (`expression`, in FTS5's query syntax).
    Trigram { expression: String },
    /// A phone number's digits, [`DIGIT_GRAM`] or more: found from the digit index as the phrase of
    /// their grams (`expression`, in FTS5's query syntax; see [`digit_grams`]).
    Digits { expression: String },
    /// Only short words: names starting with this text (lower-case).
    Prefix(String),
}

/// Digits in a query that looks like a phone number (only digits and `+ - ( ) . /` and spaces),
/// at least this many, are also looked for as one run of digits.
const PHONE_DIGITS: usize = 3;

pub fn plan(text: &str) -> Plan {
    let text = text.trim().to_lowercase();
    if text.is_empty() {
        return Plan::All;
    }
    // A phone number as typed (`0812 345`, `+62-812`): its digits alone. Phone fields are indexed by
    // their digits too, so this finds `62812345…` however it was written; and one phrase of digits is
    // far cheaper than `0812` AND `345`, each common, when every number starts the same.
    if let Some(digits) = phone_query_digits(&text) {
        if digits.len() >= DIGIT_GRAM {
            return Plan::Digits {
                expression: quote(&digit_grams(&digits)),
            };
        }
        return Plan::Trigram {
            expression: quote(&digits),
        };
    }
    if text.chars().count() < 3 {
        return Plan::Prefix(text);
    }
    // Each word is a phrase to find anywhere, in any order; a word too short for trigrams is kept
    // with its neighbour as one phrase (`ivan p` finds `ivan petrov`), as names are typed in order.
    let mut phrases: Vec<String> = Vec::new();
    let mut pending = String::new();
    for word in text.split_whitespace() {
        if !pending.is_empty() {
            pending.push(' ');
        }
        pending.push_str(word);
        if word.chars().count() >= 3 {
            phrases.push(std::mem::take(&mut pending));
        }
    }
    if !pending.is_empty() {
        match phrases.last_mut() {
            Some(last) => {
                last.push(' ');
                last.push_str(&pending);
            }
            None => phrases.push(pending),
        }
    }
    Plan::Trigram {
        expression: phrases
            .iter()
            .map(|p| quote(p))
            .collect::<Vec<_>>()
            .join(" AND "),
    }
}

/// A string as one FTS5 phrase: in double quotes, quotes inside doubled. Trigrams make a phrase a
/// substring match.
fn quote(word: &str) -> String {
    format!("\"{}\"", word.replace('"', "\"\""))
}

/// The digits of a query made only of phone characters, if there are enough of them.
fn phone_query_digits(text: &str) -> Option<String> {
    let phone_like = text
        .chars()
        .all(|c| c.is_ascii_digit() || c.is_whitespace() || "+-()./".contains(c));
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    (phone_like && digits.len() >= PHONE_DIGITS).then_some(digits)
}

/// Digits in a run that the digit index ([`digit_grams`]) answers: a phone query with at least
/// this many digits is found from it; shorter ones from the trigram index.
pub const DIGIT_GRAM: usize = 5;

/// The digit index's text for a customer's search text: every run of [`DIGIT_GRAM`]+ ASCII digits as
/// its overlapping grams of that length (`2015550123` is `20155 01555 15550 …`), runs apart by a
/// token no query holds. A run of typed digits (`25555501`) is then the phrase of its own grams:
/// its grams one after another in one run is exactly the digits found somewhere in the text, as the
/// trigram index would find them. Why a second index: there are only a thousand digit trigrams, so
/// in a mirror where every number looks alike (`NNN-555-01NN`) each of them is in nearly every
/// customer and the trigram index checks positions along lists as long as the mirror; grams of five
/// digits are a hundred times rarer.
pub fn digit_grams(text: &str) -> String {
    let mut out = String::new();
    for run in text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|run| run.len() >= DIGIT_GRAM)
    {
        if !out.is_empty() {
            // Not a digit: grams of two runs are never next to each other in a phrase.
            out.push_str(" x");
        }
        // ASCII digits: one byte each.
        for start in 0..=run.len() - DIGIT_GRAM {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&run[start..start + DIGIT_GRAM]);
        }
    }
    out
}

/// Country codes whose numbers are also written nationally with a leading `0` instead (Indonesia,
/// the Netherlands, Belgium, Germany, the UK, Brazil, Australia): `62 812…` is dialled `0812…`.
const TRUNK_ZERO: &[&str] = &["62", "31", "32", "49", "44", "55", "61"];

/// The forms of a phone number a person may type, as runs of digits: the digits as written, and the
/// national form of an international number (or the other way round for the most common code).
/// Empty when the value holds no digits worth searching.
pub fn phone_forms(value: &str) -> Vec<String> {
    let digits: String = value.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < PHONE_DIGITS {
        return Vec::new();
    }
    let mut forms = vec![digits.clone()];
    if let Some(national) = TRUNK_ZERO
        .iter()
        .find_map(|code| digits.strip_prefix(code))
        .filter(|rest| rest.len() >= 6 && !rest.starts_with('0'))
    {
        forms.push(format!("0{national}"));
    }
    forms
}

/// Which of a customer's fields a search matched, and that field's text: the first field (in the
/// order the provider sent them) whose text holds every word, or the phone digits. Nested lists are
/// looked into (`phone_numbers.phone_number`). `None` when only the whole text matches (words found
/// in different fields).
pub fn matched_field(raw_json: &str, text: &str) -> Option<(String, String)> {
    let json: serde_json::Value = serde_json::from_str(raw_json).ok()?;
    let text = text.trim().to_lowercase();
    if text.is_empty() {
        return None;
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let digits = phone_query_digits(&text);
    let mut found = None;
    walk(&json, "", &mut |key, value| {
        if found.is_some() {
            return;
        }
        let lower = value.to_lowercase();
        let by_words = words.iter().all(|w| lower.contains(w));
        let by_digits = digits.as_ref().is_some_and(|d| {
            phone_forms(value)
                .iter()
                .any(|form| form.contains(d.as_str()))
        });
        if by_words || by_digits {
            found = Some((key.to_string(), value.to_string()));
        }
    });
    found
}

/// Every scalar of a JSON value with its dotted key.
fn walk(json: &serde_json::Value, key: &str, visit: &mut dyn FnMut(&str, &str)) {
    use serde_json::Value as J;
    match json {
        J::Object(map) => {
            for (k, v) in map {
                let path = if key.is_empty() {
                    k.clone()
                } else {
                    format!("{key}.{k}")
                };
                walk(v, &path, visit);
            }
        }
        J::Array(items) => items.iter().for_each(|v| walk(v, key, visit)),
        J::String(s) => visit(key, s),
        J::Number(n) => visit(key, &n.to_string()),
        J::Bool(_) | J::Null => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_of_three_or_more_are_phrases_and_shorter_ones_join_their_neighbour() {
        let trigram = |e: &str| Plan::Trigram {
            expression: e.into(),
        };
        assert_eq!(plan("  "), Plan::All);
        assert_eq!(plan("Ivan PETROV"), trigram("\"ivan\" AND \"petrov\""));
        assert_eq!(plan("ivan p"), trigram("\"ivan p\""));
        assert_eq!(plan("j ivan p"), trigram("\"j ivan p\""));
        assert_eq!(plan("van de berg"), trigram("\"van\" AND \"de berg\""));
        // A quote in a word is the character, not FTS5 syntax.
        assert_eq!(plan("o\"neil"), trigram("\"o\"\"neil\""));
    }

    #[test]
    fn queries_too_short_for_trigrams_match_the_start_of_a_name() {
        assert_eq!(plan("Iv"), Plan::Prefix("iv".into()));
        assert_eq!(plan("a"), Plan::Prefix("a".into()));
        // Three characters with a space: a phrase the index finds.
        assert_eq!(
            plan("a b"),
            Plan::Trigram {
                expression: "\"a b\"".into()
            }
        );
        assert_eq!(plan("%"), Plan::Prefix("%".into()));
    }

    #[test]
    fn a_phone_number_as_typed_is_looked_for_as_its_digits() {
        let digits = |d: &str| Plan::Digits {
            expression: format!("\"{d}\""),
        };
        let trigram = |d: &str| Plan::Trigram {
            expression: format!("\"{d}\""),
        };
        assert_eq!(plan("0812 345"), digits("08123 81234 12345"));
        assert_eq!(plan("+62-812"), digits("62812"));
        assert_eq!(plan("(0812) 34.5"), digits("08123 81234 12345"));
        // Short groups of digits together still make a number; too few for the digit index, the
        // trigram index finds them.
        assert_eq!(plan("06 12"), trigram("0612"));
        assert_eq!(plan("061"), trigram("061"));
        // Too few digits for the index: the start of a name, as any short text.
        assert_eq!(plan("01"), Plan::Prefix("01".into()));
    }

    #[test]
    fn runs_of_digits_are_indexed_as_grams_and_never_joined_across_runs() {
        assert_eq!(
            digit_grams("ann 201-555-0123 2015550123 id 1234 77"),
            "20155 01555 15550 55501 55012 50123"
        );
        assert_eq!(digit_grams("a12345b678901"), "12345 x 67890 78901");
        assert_eq!(digit_grams("no digits, 1234"), "");
    }

    #[test]
    fn an_international_number_is_also_kept_in_its_national_form() {
        assert_eq!(
            phone_forms("+62 812-3456-789"),
            ["628123456789", "08123456789"]
        );
        assert_eq!(phone_forms("06 12345678"), ["0612345678"]);
        assert_eq!(phone_forms("201-555-0123"), ["2015550123"]);
        assert!(phone_forms("n/a").is_empty());
    }

    #[test]
    fn the_matched_field_is_the_first_holding_every_word_or_the_digits() {
        let raw = r#"{"id":7,"name":"Ivan Petrov","email":"ivan@petrov.example",
            "phone_numbers":[{"phone_number":"+62 812 3456 789"}]}"#;
        assert_eq!(
            matched_field(raw, "petrov.ex"),
            Some(("email".into(), "ivan@petrov.example".into()))
        );
        assert_eq!(
            matched_field(raw, "IVAN pet"),
            Some(("name".into(), "Ivan Petrov".into()))
        );
        assert_eq!(
            matched_field(raw, "0812 345"),
            Some((
                "phone_numbers.phone_number".into(),
                "+62 812 3456 789".into()
            ))
        );
        assert_eq!(matched_field(raw, "ivan 812"), None);
        assert_eq!(matched_field("not json", "ivan"), None);
    }
}

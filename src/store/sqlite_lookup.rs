//! Finding one customer in the mirror for the command palette (`:` then an id), for the SQLite
//! backend: customers by the start of their id, and where one stands in a window's order (how many
//! rows come before it), so the table can be put on it without reading the rows above.
//!
//! Both read the index their query needs and nothing else at a million customers: ids through the
//! `(provider, id)` key, a position as a few counts over the sort's index (see `window_order`), or,
//! for a search, by walking the search's matches (counted to [`TOTAL_CAP`] at most, as the window
//! itself is).

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};

use super::StoreError;
use super::mirror::{MirrorHit, MirrorQuery, SortDirection, TOTAL_CAP};

/// Customers of `providers` whose id starts with `prefix` (as typed, lower- or upper-case), at most
/// `limit` per provider, each provider's in id order (an exact id comes first: it is the smallest).
pub fn ids_starting(
    connection: &Connection,
    providers: &[String],
    prefix: &str,
    limit: u32,
) -> Result<Vec<MirrorHit>, StoreError> {
    let prefix = prefix.trim();
    if prefix.is_empty() || limit == 0 {
        return Ok(Vec::new());
    }
    let mut forms = vec![prefix.to_string()];
    for form in [prefix.to_lowercase(), prefix.to_uppercase()] {
        if !forms.contains(&form) {
            forms.push(form);
        }
    }
    // A range of the key: every id that starts with the form (the same bound as the title search).
    let mut statement = connection.prepare_cached(
        "SELECT provider, id, raw_json, title, cells_json, search_text, synced_at
         FROM mirror_customers
         WHERE provider = ?1 AND id >= ?2 AND id < ?3 AND gone = 0
         ORDER BY id LIMIT ?4",
    )?;
    let mut found: Vec<MirrorHit> = Vec::new();
    for provider in providers {
        let mut own: Vec<MirrorHit> = Vec::new();
        for form in &forms {
            let rows = statement.query_map(
                rusqlite::params![provider, form, format!("{form}\u{10FFFF}"), limit],
                super::sqlite_window::hit,
            )?;
            for hit in rows {
                let hit = hit?;
                if !own.iter().any(|h| h.row.id == hit.row.id) {
                    own.push(hit);
                }
            }
        }
        own.sort_by(|a, b| a.row.id.cmp(&b.row.id));
        own.truncate(limit as usize);
        found.extend(own);
    }
    Ok(found)
}

/// The sort key of a customer's cell `column` as the window's index writes it (a column name safe to
/// write into SQL), else through a bound JSON path (then no index serves it; the window's order is the
/// same).
fn sort_key(column: &str, values: &mut Vec<Value>) -> String {
    let plain = !column.is_empty()
        && column.len() <= 64
        && column
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain {
        format!("json_extract(cells_json, '$.\"{column}\"') COLLATE NOCASE")
    } else {
        values.push(format!("$.\"{}\"", column.replace('"', "")).into());
        format!("json_extract(cells_json, ?{}) COLLATE NOCASE", values.len())
    }
}

/// `SELECT COUNT(*)` of the provider's customers (`?1`) not gone that meet `condition`, binding the
/// `values` it names (SQLite wants exactly as many as the highest `?N`).
fn count(connection: &Connection, condition: &str, values: &[Value]) -> Result<u64, StoreError> {
    let values = &values[..highest_parameter(condition).clamp(1, values.len())];
    let total: i64 = connection
        .prepare_cached(&format!(
            "SELECT COUNT(*) FROM mirror_customers WHERE provider = ?1 AND gone = 0 AND {condition}"
        ))?
        .query_row(rusqlite::params_from_iter(values.iter()), |row| row.get(0))?;
    Ok(total.max(0) as u64)
}

/// Where customer `id` stands in `query`'s order: how many of its rows come before it. `None` when the
/// query does not hold it (gone, not the provider's, not matching the search, or a search's match past
/// [`TOTAL_CAP`], which no window reaches). Only a provider's window has a position.
pub fn position(
    connection: &Connection,
    query: &MirrorQuery,
    id: &str,
) -> Result<Option<u64>, StoreError> {
    let Some(provider) = &query.provider else {
        return Ok(None);
    };
    if query.text.as_deref().is_some_and(|t| !t.trim().is_empty()) {
        return position_in_search(connection, query, id);
    }
    // ?1 the provider, ?2 the customer's id; a path and the customer's own key follow as needed.
    let mut values: Vec<Value> = vec![provider.clone().into(), id.to_string().into()];
    let key = match &query.sort {
        Some(sort) => sort_key(&sort.column, &mut values),
        None => "NULL".to_string(),
    };
    // The customer's key, read as the rows are compared; `None`: not in the mirror (or gone).
    let target: Option<Value> = connection
        .prepare_cached(&format!(
            "SELECT {key} FROM mirror_customers WHERE provider = ?1 AND id = ?2 AND gone = 0"
        ))?
        .query_row(rusqlite::params_from_iter(values.iter()), |row| row.get(0))
        .optional()?;
    let Some(target) = target else {
        return Ok(None);
    };
    let Some(sort) = &query.sort else {
        // By id (the provider is the same for all): the ids below it.
        return count(connection, "id < ?2", &values).map(Some);
    };
    let has_key = target != Value::Null;
    values.push(target);
    let t = format!("?{}", values.len());
    // Ascending, a missing cell sorts first; descending, last. Ties on the key go by id. Each part is
    // one range of the sort's index, counted without reading a row.
    let parts: Vec<String> = match (sort.direction, has_key) {
        (SortDirection::Ascending, true) => vec![
            format!("{key} IS NULL"),
            format!("{key} < {t}"),
            format!("{key} = {t} AND id < ?2"),
        ],
        (SortDirection::Ascending, false) => vec![format!("{key} IS NULL AND id < ?2")],
        (SortDirection::Descending, true) => {
            vec![format!("{key} > {t}"), format!("{key} = {t} AND id > ?2")]
        }
        (SortDirection::Descending, false) => vec![
            format!("{key} IS NOT NULL"),
            format!("{key} IS NULL AND id > ?2"),
        ],
    };
    let mut before = 0;
    for part in &parts {
        before += count(connection, part, &values)?;
    }
    Ok(Some(before))
}

/// The highest `?N` in `sql`.
fn highest_parameter(sql: &str) -> usize {
    sql.split('?')
        .skip(1)
        .filter_map(|rest| {
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        })
        .max()
        .unwrap_or(0)
}

/// A search's matches come in an order only the search knows (the index's, or a sort of the
/// matches): walk them as the window reads them, until the customer or the cap.
fn position_in_search(
    connection: &Connection,
    query: &MirrorQuery,
    id: &str,
) -> Result<Option<u64>, StoreError> {
    let mut at = 0u64;
    let mut found = None;
    super::sqlite_window::each(connection, query, &mut |hit| {
        if hit.row.id == id {
            found = Some(at);
            return false;
        }
        at += 1;
        at <= TOTAL_CAP
    })?;
    Ok(found)
}

//! Windows of the mirror for a tab's table: read from the store, decoded through the provider's schema
//! (so detail, actions and forms work on them as on live rows), sent back as [`WindowRows`].
//!
//! The newest wins per provider and lane (the rows on screen, or the neighbours fetched ahead): a
//! superseded request never reaches SQLite, even when it was already queued on the store's thread,
//! because the store job checks it is still the newest before it runs. A search as you type waits
//! [`DEBOUNCE`] first, so a burst of keys is one query.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::domain::{ApiError, ErrorKind, ProviderId, Record, Value};
use crate::store::{MirrorHit, MirrorQuery, Store};

use super::{Outcome, RequestId};

/// A search typed waits this long for the next key before it runs.
pub const DEBOUNCE: Duration = Duration::from_millis(100);

/// A window of the mirror as the table shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct WindowRows {
    /// The query answered (its offset is where `records` start).
    pub query: MirrorQuery,
    /// Customers the whole query holds.
    pub total: u64,
    pub records: Vec<Record>,
    /// When the oldest of these rows was written to the mirror (Unix ms).
    pub oldest_ms: Option<i64>,
    /// How long the store took.
    pub elapsed: Duration,
}

/// Which requests are the newest, per provider and lane.
#[derive(Debug, Default)]
pub struct Windows {
    latest: HashMap<(ProviderId, bool), Arc<AtomicU64>>,
}

impl Windows {
    /// Run window request `id`; its answer goes to `send` unless a newer one of the same lane came.
    #[allow(clippy::too_many_arguments)]
    pub fn spawn(
        &mut self,
        store: Option<Store>,
        id: RequestId,
        provider: ProviderId,
        query: MirrorQuery,
        ahead: bool,
        debounce: bool,
        send: impl FnOnce(Outcome) + Send + 'static,
    ) {
        let latest = self.latest.entry((provider, ahead)).or_default().clone();
        latest.store(id.0, Ordering::SeqCst);
        tokio::spawn(async move {
            if debounce {
                tokio::time::sleep(DEBOUNCE).await;
            }
            let newest = || latest.load(Ordering::SeqCst) == id.0;
            if !newest() {
                return;
            }
            let Some(store) = store else {
                send(Outcome::Window(Err(ApiError::new(
                    ErrorKind::Config,
                    "no local store: the mirror cannot be read",
                ))));
                return;
            };
            let started = Instant::now();
            let asked = query.clone();
            let answer = store
                .call(move |backend| {
                    // Superseded while it waited on the store's thread: nothing to read.
                    if latest.load(Ordering::SeqCst) != id.0 {
                        return Ok(None);
                    }
                    backend.mirror_window(&asked).map(Some)
                })
                .await;
            let window = match answer {
                Ok(Some(window)) => window,
                Ok(None) => return,
                Err(error) => {
                    tracing::error!(%provider, %error, "could not read the mirror");
                    send(Outcome::Window(Err(ApiError::new(
                        ErrorKind::Config,
                        format!("the mirror could not be read: {error}"),
                    ))));
                    return;
                }
            };
            let elapsed = started.elapsed();
            let spec = crate::providers::spec(provider);
            let oldest_ms = window.rows.iter().map(|hit| hit.synced_at).min();
            let records = window
                .rows
                .iter()
                .map(|hit| decode(&spec.schema, hit))
                .collect();
            send(Outcome::Window(Ok(WindowRows {
                query,
                total: window.total,
                records,
                oldest_ms,
                elapsed,
            })));
        });
    }
}

/// A mirrored customer as a record: its JSON as the provider sent it, through the schema's decoder.
/// A row whose JSON cannot be read any more still shows, with the cells the table had.
pub fn decode(schema: &crate::domain::Schema, hit: &MirrorHit) -> Record {
    let decoded = serde_json::from_str(&hit.row.raw_json)
        .ok()
        .and_then(|json| crate::providers::decode::decode_record(schema, &json));
    if let Some(record) = decoded {
        return record;
    }
    let cells: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&hit.row.cells_json).unwrap_or_default();
    Record {
        id: hit.row.id.clone(),
        fields: cells
            .into_iter()
            .map(|(key, value)| {
                let text = value
                    .as_str()
                    .map_or_else(|| value.to_string(), str::to_string);
                (key, Value::Text(text))
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::MirrorRow;

    /// A customer the app read or wrote is kept as JSON the decoder reads back the same: a list stays
    /// a list (it was its "2 items" text before), a number a number, an empty field empty.
    #[test]
    fn a_record_written_back_decodes_to_itself_lists_and_all() {
        let spec = crate::providers::spec(ProviderId::DkHardware);
        let sent = serde_json::json!({
            "customerId": 21762, "firstName": "Some", "lastName": "Person", "company": null,
            "email": "some.email@some.site", "phone": "713-254-1161",
            "updatedAt": "2022-08-02T13:46:00",
            "addresses": [
                {"addressId": "187218", "zip": "77377", "isDefaultBilling": true},
                {"addressId": "187219", "zip": "77378", "isDefaultBilling": false}
            ]
        });
        let record = crate::providers::decode::decode_record(&spec.schema, &sent).unwrap();
        let json = crate::worker::mirror::record_json(spec.schema.id_key, &record);
        let row = crate::sync::mirror_row(&spec.schema, &record, &json);
        let hit = MirrorHit {
            provider: "dkhardware".into(),
            row,
            synced_at: 1,
        };
        assert_eq!(decode(&spec.schema, &hit), record);
    }

    #[test]
    fn a_row_whose_json_cannot_be_read_still_shows_its_cells() {
        let spec = crate::providers::spec(ProviderId::Guardant);
        let hit = MirrorHit {
            provider: "guardant".into(),
            row: MirrorRow {
                id: "7".into(),
                raw_json: "{not json".into(),
                title: "Olga".into(),
                cells_json: r#"{"first_name":"Olga"}"#.into(),
                search_text: "olga".into(),
            },
            synced_at: 1,
        };
        let record = decode(&spec.schema, &hit);
        assert_eq!(
            (record.id.as_str(), record.text("first_name")),
            ("7", "Olga".into())
        );
    }
}

//! Finding customers in the mirror for the palette and the marks: by the start of an id (`:` then an
//! id), a customer's row in a tab's window (to put the table on it), and every customer of a small
//! window (`Ctrl-A` marks them). Read on the store's search thread, each kind on a lane of its own,
//! where a newer ask replaces an older one; the app keeps only the answer to its latest.

use crate::domain::{ApiError, ErrorKind, ProviderId, Record};
use crate::store::{MirrorQuery, Store, StoreError};

use super::Outcome;

/// What is asked of the mirror.
#[derive(Debug, Clone, PartialEq)]
pub enum Ask {
    /// Customers of `providers` whose id starts with `prefix`, at most `limit` of each provider.
    Ids {
        providers: Vec<ProviderId>,
        prefix: String,
        limit: u32,
    },
    /// Where customer `id` stands in a tab's window `query`. A search that does not find it is
    /// dropped: the answer then tells its row among every customer, with the query that holds it.
    Row { query: MirrorQuery, id: String },
    /// The customers of `query` (at most its limit; the answer tells how many it holds).
    Rows { query: MirrorQuery },
}

/// One customer found by its id.
#[derive(Debug, Clone, PartialEq)]
pub struct IdHit {
    pub provider: ProviderId,
    pub title: String,
    /// Decoded through the provider's schema, as the table's rows are.
    pub record: Record,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    Ids {
        prefix: String,
        result: Result<Vec<IdHit>, ApiError>,
    },
    /// The row (`None`: the mirror does not hold the customer) in `query`'s order.
    Row {
        id: String,
        query: MirrorQuery,
        result: Result<Option<u64>, ApiError>,
    },
    Rows {
        query: MirrorQuery,
        /// The customers, and how many the query holds.
        result: Result<(Vec<Record>, u64), ApiError>,
    },
}

impl Ask {
    /// What is said when it could not be asked at all.
    pub fn failed(&self, error: ApiError) -> Answer {
        match self {
            Ask::Ids { prefix, .. } => Answer::Ids {
                prefix: prefix.clone(),
                result: Err(error),
            },
            Ask::Row { query, id } => Answer::Row {
                id: id.clone(),
                query: query.clone(),
                result: Err(error),
            },
            Ask::Rows { query } => Answer::Rows {
                query: query.clone(),
                result: Err(error),
            },
        }
    }
}

fn store_error(error: StoreError) -> ApiError {
    ApiError::new(
        ErrorKind::Config,
        format!("the mirror could not be read: {error}"),
    )
}

/// The customers found, decoded through their provider's schema.
fn decoded(hits: &[crate::store::MirrorHit]) -> Vec<(ProviderId, String, Record)> {
    hits.iter()
        .filter_map(|hit| {
            let provider = ProviderId::from_key(&hit.provider)?;
            let schema = &crate::providers::spec(provider).schema;
            Some((
                provider,
                hit.row.title.clone(),
                super::window::decode(schema, hit),
            ))
        })
        .collect()
}

/// What became of an ask: `None` when a newer ask of the same kind replaced it (that one answers).
pub type Asked = std::pin::Pin<Box<dyn std::future::Future<Output = Option<Outcome>> + Send>>;

/// Ask the store now (so asks reach it in the order they were made, and the newest wins), and
/// await the answer with the returned future.
pub fn ask(store: Option<&Store>, ask: Ask) -> Asked {
    let Some(store) = store else {
        let error = ApiError::new(
            ErrorKind::Config,
            "no local store: the mirror cannot be read",
        );
        return Box::pin(std::future::ready(Some(Outcome::Located(
            ask.failed(error),
        ))));
    };
    match ask {
        Ask::Ids {
            providers,
            prefix,
            limit,
        } => {
            let keys: Vec<String> = providers.iter().map(|p| p.key().to_string()).collect();
            let text = prefix.clone();
            let found = store.read_now("palette", move |reader| {
                reader.ids_starting(&keys, &text, limit)
            });
            Box::pin(async move {
                let result = match found.await {
                    Err(StoreError::Superseded) => return None,
                    Err(error) => Err(store_error(error)),
                    Ok(hits) => Ok(decoded(&hits)
                        .into_iter()
                        .map(|(provider, title, record)| IdHit {
                            provider,
                            title,
                            record,
                        })
                        .collect()),
                };
                Some(Outcome::Located(Answer::Ids { prefix, result }))
            })
        }
        Ask::Row { query, id } => {
            let customer = id.clone();
            let found = store.read_now("locate", move |reader| {
                let row = reader.position(&query, &customer)?;
                if row.is_some() || query.text.is_none() {
                    return Ok((query, row));
                }
                // The search does not find it: its row among every customer.
                let every = MirrorQuery {
                    text: None,
                    ..query
                };
                let row = reader.position(&every, &customer)?;
                Ok((every, row))
            });
            Box::pin(async move {
                let answer = match found.await {
                    Err(StoreError::Superseded) => return None,
                    Err(error) => Answer::Row {
                        id,
                        query: MirrorQuery::default(),
                        result: Err(store_error(error)),
                    },
                    Ok((query, row)) => Answer::Row {
                        id,
                        query,
                        result: Ok(row),
                    },
                };
                Some(Outcome::Located(answer))
            })
        }
        Ask::Rows { query } => {
            let asked = query.clone();
            let found = store.read_now("marks", move |reader| reader.mirror_window(&asked));
            Box::pin(async move {
                let result = match found.await {
                    Err(StoreError::Superseded) => return None,
                    Err(error) => Err(store_error(error)),
                    Ok(window) => Ok((
                        decoded(&window.rows)
                            .into_iter()
                            .map(|(_, _, record)| record)
                            .collect(),
                        window.total,
                    )),
                };
                Some(Outcome::Located(Answer::Rows { query, result }))
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use tokio::sync::mpsc;

    use super::*;
    use crate::config::Settings;
    use crate::store::MirrorRow;
    use crate::worker::{Command, Policy, RequestId, Work, spawn};

    fn row(id: &str) -> MirrorRow {
        MirrorRow {
            id: id.into(),
            raw_json: serde_json::json!({ "customerId": id, "firstName": "Some" }).to_string(),
            title: format!("Some {id}"),
            cells_json: "{}".into(),
            search_text: format!("{id} some"),
        }
    }

    /// The worker asks the store on its own thread: ids by their start (a burst of keys: the newest
    /// always answers), and a customer's row.
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn ids_and_rows_are_found_in_the_store_through_the_worker() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        for id in ["2117", "21175", "21176", "3000"] {
            store
                .call(move |b| b.upsert_customer("dkhardware", &row(id), 1))
                .await
                .unwrap();
        }
        let (command_tx, command_rx) = mpsc::unbounded_channel();
        let (event_tx, mut event_rx) = mpsc::unbounded_channel();
        spawn(
            &Settings {
                providers: Vec::new(),
                origin: "test".into(),
                ui: Default::default(),
            },
            Policy {
                journal: Some(store),
                ..Policy::default()
            },
            command_rx,
            event_tx,
        );
        let ask = |n: u64, ask: Ask| {
            command_tx
                .send(Command {
                    id: RequestId(n),
                    provider: ProviderId::DkHardware,
                    work: Work::Locate(ask),
                })
                .unwrap();
        };
        // Typed fast, many times over: however the asks' tasks are scheduled, the newest answers.
        let mut n = 0;
        for _ in 0..20 {
            for prefix in ["2", "21", "211", "2117"] {
                n += 1;
                ask(
                    n,
                    Ask::Ids {
                        providers: vec![ProviderId::DkHardware, ProviderId::Ngorder],
                        prefix: prefix.into(),
                        limit: 5,
                    },
                );
            }
            let result = loop {
                let event = tokio::time::timeout(Duration::from_secs(5), event_rx.recv())
                    .await
                    .expect("the newest ask answers")
                    .unwrap();
                if event.id == RequestId(n) {
                    let Outcome::Located(Answer::Ids { prefix, result }) = event.outcome else {
                        panic!("{:?}", event.outcome);
                    };
                    assert_eq!(prefix, "2117");
                    break result;
                }
            };
            let ids: Vec<String> = result.unwrap().into_iter().map(|h| h.record.id).collect();
            assert_eq!(ids, ["2117", "21175", "21176"]);
        }
        ask(
            n + 1,
            Ask::Row {
                query: MirrorQuery {
                    provider: Some("dkhardware".into()),
                    text: Some("no such text".into()),
                    ..MirrorQuery::default()
                },
                id: "21176".into(),
            },
        );
        // An older ask of the last round may still answer first (the app ignores it, as here).
        let event = loop {
            let event = tokio::time::timeout(Duration::from_secs(5), event_rx.recv())
                .await
                .expect("the row ask answers")
                .unwrap();
            if event.id == RequestId(n + 1) {
                break event;
            }
        };
        let Outcome::Located(Answer::Row { query, result, .. }) = event.outcome else {
            panic!("{:?}", event.outcome);
        };
        // Not found by the search: its row among every customer, in id order.
        assert_eq!((query.text, result.unwrap()), (None, Some(2)));
    }
}

//! The worker's calls to the journal around a write: the intent before it is sent (nothing is sent
//! when it cannot be recorded), its ending after, and a later check's finding on an unknown one. What
//! is recorded is built by the pure functions of [`super::journaling`].

use super::journaling;
use super::messages::{Outcome, Work};
use crate::domain::{ApiError, ErrorKind};

/// Record `work`'s intent in the journal, if it is a write and there is a journal.
pub(super) async fn begin_write(
    journal: Option<&crate::store::Store>,
    spec: &'static crate::providers::ProviderSpec,
    work: &Work,
) -> Result<Option<crate::store::EntryId>, ApiError> {
    let (Some(journal), Some(intent)) = (
        journal,
        journaling::intent(spec, work, crate::store::now_ms()),
    ) else {
        return Ok(None);
    };
    journal
        .call(move |backend| backend.begin_write(&intent))
        .await
        .map(Some)
        .map_err(|error| {
            tracing::error!(%error, "could not record a write in the journal; not sent");
            ApiError::new(
                ErrorKind::Config,
                format!("not sent: the journal could not record it first ({error})"),
            )
        })
}

/// Record how the write of journal entry `entry` ended.
pub(super) async fn end_write(
    journal: Option<&crate::store::Store>,
    entry: Option<crate::store::EntryId>,
    outcome: &Outcome,
) {
    let (Some(journal), Some(entry), Some(ending)) = (
        journal,
        entry,
        journaling::ending(outcome, crate::store::now_ms()),
    ) else {
        return;
    };
    if let Err(error) = journal.call(move |b| b.end_write(entry, &ending)).await {
        tracing::error!(%error, entry, "could not record how a write ended");
    }
}

/// A check told how a write with an unknown outcome ended: the journal's unknown entries for that
/// customer and operation get the finding.
pub(super) async fn settle_unknown(
    journal: Option<&crate::store::Store>,
    provider: crate::domain::ProviderId,
    expected: &journaling::Expectation,
    done: bool,
    looked: &str,
) {
    let (Some(journal), Some(customer)) = (journal, expected.customer.clone()) else {
        return;
    };
    let outcome = if done {
        crate::store::Outcome::Done
    } else {
        crate::store::Outcome::Refused
    };
    let message = format!(
        "checked later ({looked}): {}",
        if done {
            "it was carried out"
        } else {
            "it was not carried out"
        }
    );
    let ending = crate::store::Ending::new(outcome, Some(message), crate::store::now_ms());
    let operation = expected.operation.clone();
    let result = journal
        .call(move |b| b.settle_unknown(provider.key(), &customer, &operation, &ending))
        .await;
    if let Err(error) = result {
        tracing::error!(%error, "could not record a check in the journal");
    }
}

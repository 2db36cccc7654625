//! Checking a write whose outcome is unknown: read the provider's state and compare it with what the
//! write would have left. Nothing is sent again from here; the user decides with the finding on screen.

use serde_json::Value as Json;

use super::journaling::{Expectation, carried_out};
use crate::domain::{ApiError, ErrorKind, Page, Record};
use crate::providers::Client;

/// Pages of the list read at most when the provider can neither read one customer nor search.
const SCAN_PAGES: usize = 10;

/// What a check found at the provider.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Was the write carried out? `None` when that cannot be told (a create: see `similar`).
    pub done: Option<bool>,
    /// The customer as the provider has it now; `None` when it is gone (or for a create).
    pub current: Option<Record>,
    /// Customers like the one a create was for (same name or e-mail).
    pub similar: Vec<Record>,
    /// Where the check looked, in words ("read customer 101", "searched for budi@x.id").
    pub looked: String,
}

pub async fn check(client: &Client, expectation: &Expectation) -> Result<Finding, ApiError> {
    match &expectation.customer {
        Some(id) => {
            let (current, looked) = read_back(client, id, &expectation.title).await?;
            Ok(Finding {
                done: Some(carried_out(expectation, current.as_ref())),
                current,
                similar: Vec::new(),
                looked,
            })
        }
        None => {
            let (similar, looked) = find_similar(client, expectation).await?;
            Ok(Finding {
                done: None,
                current: None,
                similar,
                looked,
            })
        }
    }
}

/// The customer `id` as the provider has it now, or `None` if it is certainly gone.
async fn read_back(
    client: &Client,
    id: &str,
    title: &str,
) -> Result<(Option<Record>, String), ApiError> {
    let provider = client.spec().id;
    if client.spec().get.is_some() {
        let looked = format!("read back from {provider}");
        return match client.get(id).await {
            Ok(record) => Ok((Some(record), looked)),
            Err(error) if error.kind == ErrorKind::NotFound => Ok((None, looked)),
            Err(error) => Err(error),
        };
    }
    // No get-one (Ngorder): its search finds the customer by name, and a complete answer without it
    // means it is gone.
    if let Some(page) = search(client, title).await {
        let page = page?;
        if let Some(record) = page.records.iter().find(|r| r.id == id) {
            return Ok((
                Some(record.clone()),
                format!("searched {provider} for {title}"),
            ));
        }
        if page.next.is_none() {
            return Ok((None, format!("searched {provider} for {title}")));
        }
    }
    let (records, complete) = scan(client).await?;
    match records.into_iter().find(|r| r.id == id) {
        Some(record) => Ok((Some(record), format!("looked through {provider}'s list"))),
        None if complete => Ok((None, format!("looked through all of {provider}'s list"))),
        None => Err(ApiError::new(
            ErrorKind::NotFound,
            format!(
                "customer {id} is not in the first {SCAN_PAGES} pages of {provider}'s list; look for it there"
            ),
        )),
    }
}

/// Customers with the name or e-mail a create was for.
async fn find_similar(
    client: &Client,
    expectation: &Expectation,
) -> Result<(Vec<Record>, String), ApiError> {
    let provider = client.spec().id;
    let email = expectation
        .fields
        .iter()
        .find(|(key, _)| key.contains("email"))
        .and_then(|(_, v)| v.as_str())
        .filter(|e| !e.is_empty())
        .map(str::to_lowercase);
    let name = expectation.title.to_lowercase();
    let alike = |record: &Record| {
        let title = record.title(&client.spec().schema).to_lowercase();
        let same_email = email.as_ref().is_some_and(|email| {
            record
                .fields
                .iter()
                .any(|(k, v)| k.contains("email") && v.to_string().to_lowercase() == *email)
        });
        same_email || title == name
    };
    let term = email.clone().unwrap_or_else(|| expectation.title.clone());
    if let Some(page) = search(client, &term).await {
        let found = page?.records.into_iter().filter(alike).collect();
        return Ok((found, format!("searched {provider} for {term}")));
    }
    let (records, complete) = scan(client).await?;
    let looked = if complete {
        format!(
            "looked through all {} customers of {provider}",
            records.len()
        )
    } else {
        format!(
            "looked through the first {} customers of {provider} (it has no search)",
            records.len()
        )
    };
    Ok((records.into_iter().filter(alike).collect(), looked))
}

/// The provider's own text search, where it has one.
async fn search(client: &Client, text: &str) -> Option<Result<Page, ApiError>> {
    let spec = client.spec();
    let param = spec.text_search?;
    let filters = [(param, text.to_string())];
    Some(if spec.search.is_some() {
        client.search(&filters).await
    } else {
        client.list_with(client.first_page(), &filters).await
    })
}

/// The first pages of the list; `true` when that was all of it.
async fn scan(client: &Client) -> Result<(Vec<Record>, bool), ApiError> {
    let mut records = Vec::new();
    let mut request = client.first_page();
    for _ in 0..SCAN_PAGES {
        let page = client.list(request).await?;
        records.extend(page.records);
        match page.next {
            Some(next) => request.cursor = next,
            None => return Ok((records, true)),
        }
    }
    Ok((records, false))
}

/// The e-mail in a JSON map of fields, if any (for messages).
pub fn email_of(fields: &serde_json::Map<String, Json>) -> Option<&str> {
    fields
        .iter()
        .find(|(key, _)| key.contains("email"))
        .and_then(|(_, v)| v.as_str())
}

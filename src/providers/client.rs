//! One client for every provider: the spec says where and how, this code does the calling.

use serde_json::{Map, Value as Json};

use super::encode::{self, Values};
use super::http::{Call, Traffic, Transport};
use super::ops::{UpdateStyle, WriteOp, WriteResult, unsafe_id, with_id};
use super::rate_limit::{Class, Lane, Quota};
use super::retry::Repeat;
use super::{ProviderSpec, RawPage, decode, decode_page, decode_page_raw, first_page, spec};
use crate::config::{ProviderSettings, Secret};
use crate::domain::{ApiError, ErrorKind, Page, PageRequest, Record};

/// What a successful create or update left us with.
#[derive(Debug, Clone, PartialEq)]
pub enum Saved {
    /// The provider answered with the saved customer.
    Record(Record),
    /// Only with its id (Ngorder): read the list again to see it.
    Id(String),
    /// It accepted a submission to carry out later (DK Hardware): poll it.
    Submitted(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct WriteOutcome {
    pub saved: Saved,
    /// A secret handed out once with the result (Reportei's customer `api_token`).
    pub token: Option<Secret>,
}

/// States of an asynchronous submission (DK Hardware).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubmissionState {
    Accepted,
    Processing,
    Succeeded,
    Failed,
    /// A state the docs do not list, kept as sent.
    Other(String),
}

impl SubmissionState {
    pub fn is_final(&self) -> bool {
        matches!(self, SubmissionState::Succeeded | SubmissionState::Failed)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Submission {
    pub state: SubmissionState,
    pub customer_id: Option<String>,
    pub errors: Vec<String>,
}

/// A client for one provider: its spec plus a transport configured from the user's settings.
pub struct Client {
    spec: &'static ProviderSpec,
    transport: Transport,
    page_size: u32,
    /// The lane of the sync's pages ([`Client::list_raw`]).
    sync_lane: Lane,
}

impl Client {
    pub fn new(settings: &ProviderSettings) -> Result<Client, ApiError> {
        let spec = spec(settings.id);
        Ok(Client {
            spec,
            transport: Transport::new(settings, spec.budgets)?,
            page_size: settings.page_size,
            sync_lane: Lane::Background,
        })
    }

    /// Nobody works at a screen with this client (`clientele sync`): the sync's pages use the whole
    /// budget as it comes instead of leaving room for interactive requests.
    pub fn unattended(mut self) -> Client {
        self.sync_lane = Lane::Unattended;
        self
    }

    pub fn spec(&self) -> &'static ProviderSpec {
        self.spec
    }

    pub fn quota(&self) -> Quota {
        self.transport.quota()
    }

    /// Whether a rate budget paces this provider: its sync's unspent windows are lost, so its pages
    /// go to the store before those of a provider without one ([`crate::store::Turn`]).
    pub fn budgeted(&self) -> bool {
        self.transport.budgeted()
    }

    /// Requests sent and 429s met so far.
    pub fn traffic(&self) -> Traffic {
        self.transport.traffic()
    }

    /// The request for the first page in this API's paging style.
    pub fn first_page(&self) -> PageRequest {
        first_page(self.spec, self.page_size)
    }

    /// Fetch one page of customers.
    pub async fn list(&self, request: PageRequest) -> Result<Page, ApiError> {
        self.list_with(request, &[]).await
    }

    /// Fetch one page of customers with the list endpoint's own `filters` (query parameters).
    pub async fn list_with(
        &self,
        request: PageRequest,
        filters: &[(&'static str, String)],
    ) -> Result<Page, ApiError> {
        let list = &self.spec.list;
        let mut query = super::page_query(&list.paging, request);
        query.extend(checked(self.spec.filters, filters)?);
        let body = self
            .transport
            .call(&Call::get(list.path).query(query))
            .await?;
        decode_page(self.spec, request, &body)
    }

    /// [`Client::list_with`], keeping each customer's JSON as sent (for the mirror). On the
    /// background lane: whatever the user asks for goes first.
    pub async fn list_raw(
        &self,
        request: PageRequest,
        filters: &[(&'static str, String)],
    ) -> Result<RawPage, ApiError> {
        let list = &self.spec.list;
        let mut query = super::page_query(&list.paging, request);
        query.extend(non_empty(filters));
        let body = self
            .transport
            .call(&Call::get(list.path).query(query).in_lane(self.sync_lane))
            .await?;
        decode_page_raw(self.spec, request, body)
    }

    /// Search with the provider's separate search endpoint (CycleSoftware `find`).
    pub async fn search(&self, filters: &[(&'static str, String)]) -> Result<Page, ApiError> {
        let (endpoint, known) = self
            .spec
            .search
            .as_ref()
            .ok_or_else(|| unsupported(self.spec, "searching"))?;
        let query = checked(known, filters)?;
        let body = self
            .transport
            .call(&Call::get(endpoint.path).query(query))
            .await?;
        let request = super::first_page(self.spec, self.page_size);
        super::decode_list(&self.spec.schema, endpoint, request, &body)
    }

    /// A page of a list that belongs to customer `id` (orders).
    pub async fn related(
        &self,
        name: &str,
        id: &str,
        request: PageRequest,
        filters: &[(&'static str, String)],
    ) -> Result<Page, ApiError> {
        let related = self
            .spec
            .related
            .iter()
            .find(|r| r.name == name)
            .ok_or_else(|| unsupported(self.spec, name))?;
        let mut query = super::page_query(&related.list.paging, request);
        if let Some(param) = related.id_param {
            query.push((param, id.to_string()));
        }
        query.extend(non_empty(filters));
        let call = Call::get(with_id(related.list.path, path_id(id)?)).query(query);
        let body = self.transport.call(&call).await?;
        super::decode_related(related, request, &body)
    }

    /// Options for form field `field` from the provider, `(code, label)`; `search` narrows
    /// searchable look-ups (regions).
    pub async fn lookup(
        &self,
        field: &str,
        search: Option<&str>,
        page: u32,
    ) -> Result<Vec<(String, String)>, ApiError> {
        let lookup = self
            .spec
            .lookups
            .iter()
            .find(|l| l.field == field)
            .ok_or_else(|| unsupported(self.spec, field))?;
        let mut query: Vec<(&'static str, String)> = lookup
            .query
            .iter()
            .map(|(k, v)| (*k, v.to_string()))
            .collect();
        if let (Some(param), Some(text)) = (lookup.search, search) {
            query.push((param, text.to_string()));
        }
        // The first page is asked without a page number, as before paging was added.
        if let Some((param, _)) = lookup.pages
            && page > 1
        {
            query.push((param, page.to_string()));
        }
        let body = self
            .transport
            .call(&Call::get(lookup.path).query(query))
            .await?;
        let items = body
            .pointer(lookup.items)
            .and_then(Json::as_array)
            .ok_or_else(|| {
                missing(if lookup.items.is_empty() {
                    "/"
                } else {
                    lookup.items
                })
            })?;
        let code = format!("/{}", lookup.code);
        let label = format!("/{}", lookup.label);
        Ok(items
            .iter()
            .filter_map(|item| Some((text_at(item, &code)?, text_at(item, &label)?)))
            .collect())
    }

    /// Customers added per month, oldest first (Ngorder).
    pub async fn per_month(&self) -> Result<Vec<(String, u64)>, ApiError> {
        let path = self
            .spec
            .per_month
            .ok_or_else(|| unsupported(self.spec, "monthly counts"))?;
        let body = self.transport.call(&Call::get(path)).await?;
        let items = body
            .get("data")
            .and_then(Json::as_array)
            .ok_or_else(|| missing("/data"))?;
        let mut months: Vec<(String, u64)> = items
            .iter()
            .filter_map(|item| {
                let total = text_at(item, "/total")?.parse().ok()?;
                Some((text_at(item, "/date")?, total))
            })
            .collect();
        months.sort();
        Ok(months)
    }

    /// Ask the provider to e-mail an export of the customers; returns its message (Ngorder).
    /// `query`: the export's own parameters, as asked (Ngorder's `date`); empty values are left out.
    pub async fn export(&self, query: &[(&'static str, String)]) -> Result<String, ApiError> {
        let export = self
            .spec
            .export
            .as_ref()
            .ok_or_else(|| unsupported(self.spec, "exports"))?;
        let call = Call::get(export.path).query(non_empty(query));
        let body = self.transport.call(&call).await?;
        Ok(body
            .get("response")
            .or_else(|| body.get("message"))
            .and_then(Json::as_str)
            .unwrap_or("export requested")
            .to_string())
    }

    /// Read one customer as it is now.
    pub async fn get(&self, id: &str) -> Result<Record, ApiError> {
        let get = self
            .spec
            .get
            .as_ref()
            .ok_or_else(|| unsupported(self.spec, "reading one customer"))?;
        let body = self
            .transport
            .call(&Call::get(with_id(get.path, path_id(id)?)))
            .await?;
        self.record_at(&body, get.record)
    }

    /// A customer just created, as the provider has it: its get-one, or where there is none, the
    /// first page of the list in the order where new customers come first (Ngorder, whose create
    /// answers only the id). `None` when it is not there (so many created since).
    pub async fn read_created(&self, id: &str) -> Result<Option<Record>, ApiError> {
        if self.spec.get.is_some() {
            return self.get(id).await.map(Some);
        }
        let Some(query) = self.spec.mirror.created_first else {
            return Ok(None);
        };
        let mut request = self.first_page();
        request.size = self.spec.mirror.page_size.unwrap_or(request.size);
        let filters: Vec<(&'static str, String)> =
            query.iter().map(|(k, v)| (*k, v.to_string())).collect();
        let page = self.list_with(request, &filters).await?;
        Ok(page.records.into_iter().find(|r| r.id == id))
    }

    pub async fn create(&self, values: &Values) -> Result<WriteOutcome, ApiError> {
        let op = self
            .spec
            .create
            .as_ref()
            .ok_or_else(|| unsupported(self.spec, "creating customers"))?;
        let body = encode::create_body(&self.spec.schema, values);
        self.write(op, None, body).await
    }

    /// Save `values` over `original` (the record the form was opened with). Full-replacement APIs
    /// re-read the customer first and refuse with [`ErrorKind::Conflict`] if it changed meanwhile.
    pub async fn update(
        &self,
        original: &Record,
        values: &Values,
    ) -> Result<WriteOutcome, ApiError> {
        let op = self
            .spec
            .update
            .as_ref()
            .ok_or_else(|| unsupported(self.spec, "editing customers"))?;
        let body = match op.style {
            UpdateStyle::Partial => {
                let changes = encode::changes_body(&self.spec.schema, original, values);
                if changes.is_empty() {
                    return Ok(WriteOutcome {
                        saved: Saved::Record(original.clone()),
                        token: None,
                    });
                }
                changes
            }
            UpdateStyle::Replace => {
                let current = match self.spec.get {
                    Some(_) => self.get(&original.id).await?,
                    None => original.clone(),
                };
                self.check_unchanged(original, &current)?;
                encode::replacement_body(&self.spec.schema, &current, values)
            }
        };
        self.write(op, Some(&original.id), body).await
    }

    /// Refuse to overwrite a customer someone else changed since `original` was read.
    fn check_unchanged(&self, original: &Record, current: &Record) -> Result<(), ApiError> {
        let changed: Vec<&str> = self
            .spec
            .schema
            .fields
            .iter()
            .filter(|f| f.writable.on_update())
            .filter(|f| original.text(f.key) != current.text(f.key))
            .map(|f| f.label)
            .collect();
        if changed.is_empty() {
            return Ok(());
        }
        Err(ApiError::new(
            ErrorKind::Conflict,
            format!(
                "someone changed this customer since you opened it ({}); reload it and apply your edits again",
                changed.join(", ")
            ),
        ))
    }

    async fn write(
        &self,
        op: &WriteOp,
        id: Option<&str>,
        mut fields: Map<String, Json>,
    ) -> Result<WriteOutcome, ApiError> {
        if let Some(id) = id {
            path_id(id)?;
        }
        if let (Some(key), Some(id)) = (op.id_in_body, id) {
            let id_json = match id.parse::<i64>() {
                Ok(number) if op.id_as_number => Json::from(number),
                _ => Json::String(id.to_string()),
            };
            fields.insert(key.to_string(), id_json);
        }
        let body = match op.wrap {
            Some(key) => Json::Object(Map::from_iter([(key.to_string(), Json::Object(fields))])),
            None => Json::Object(fields),
        };
        let path = with_id(op.path, id.unwrap_or_default());
        let call = Call::write(op.verb.method(), path, Some(body), op.verb.repeat());
        let answer = self.transport.call(&call).await?;
        let token = op
            .token
            .and_then(|pointer| answer.pointer(pointer))
            .and_then(Json::as_str)
            .map(Secret::new);
        let saved = match op.result {
            WriteResult::Record(pointer) => {
                let mut record = self.record_at(&answer, pointer)?;
                if let Some(key) = op.token.and_then(|p| p.rsplit('/').next()) {
                    // The token is a secret: it must never reach a table or the detail view.
                    record.fields.retain(|(k, _)| k != key);
                }
                Saved::Record(record)
            }
            WriteResult::Id(pointer) => {
                Saved::Id(text_at(&answer, pointer).ok_or_else(|| missing(pointer))?)
            }
            WriteResult::Submission(pointer) => {
                Saved::Submitted(text_at(&answer, pointer).ok_or_else(|| missing(pointer))?)
            }
        };
        if op.token.is_some() && token.is_none() {
            tracing::warn!(provider = %self.spec.id, "create answered without the one-time token");
        }
        Ok(WriteOutcome { saved, token })
    }

    /// Run the record action `name` (status change, toggle, delete) on `record`; returns the
    /// provider's message where it sends one.
    pub async fn act(&self, name: &str, record: &Record) -> Result<Option<String>, ApiError> {
        let action = self
            .spec
            .action(name)
            .ok_or_else(|| unsupported(self.spec, name))?;
        path_id(&record.id)?;
        let mut request = (action.request)(record);
        // An action that PUTs the whole record (Guardant's archive) is a full replacement like an edit:
        // built from a fresh read, and refused if someone changed the customer since `record` was read,
        // so it never undoes their change.
        let replaces = self.spec.update.as_ref().is_some_and(|op| {
            op.style == UpdateStyle::Replace
                && op.verb == request.verb
                && with_id(op.path, &record.id) == request.path
        });
        if replaces && self.spec.get.is_some() {
            let current = self.get(&record.id).await?;
            self.check_unchanged(record, &current)?;
            request = (action.request)(&current);
        }
        let call = Call::write(
            request.verb.method(),
            request.path,
            request.body,
            request.verb.repeat(),
        );
        let answer = self.transport.call(&call).await?;
        Ok(answer
            .get("message")
            .or_else(|| answer.get("response"))
            .and_then(Json::as_str)
            .map(str::to_string))
    }

    /// Where an asynchronous submission stands (DK Hardware).
    pub async fn submission(&self, submission_id: &str) -> Result<Submission, ApiError> {
        let path = self
            .spec
            .submission_status
            .ok_or_else(|| unsupported(self.spec, "submissions"))?;
        let body = serde_json::json!({ "submissionId": submission_id });
        // Polling changes nothing at the provider, so it may be repeated.
        let mut call = Call::write(reqwest::Method::POST, path, Some(body), Repeat::Safe);
        call.class = Class::Read;
        let answer = self.transport.call(&call).await?;
        let state = match answer.get("status").and_then(Json::as_str) {
            Some("Accepted") => SubmissionState::Accepted,
            Some("Processing") => SubmissionState::Processing,
            Some("Succeeded") => SubmissionState::Succeeded,
            Some("Failed") => SubmissionState::Failed,
            Some(other) => SubmissionState::Other(other.to_string()),
            None => return Err(missing("/status")),
        };
        let errors = match answer.get("errors") {
            Some(Json::Array(items)) => items
                .iter()
                .map(|e| e.as_str().map_or_else(|| e.to_string(), str::to_string))
                .collect(),
            _ => Vec::new(),
        };
        Ok(Submission {
            state,
            customer_id: text_at(&answer, "/customerId"),
            errors,
        })
    }

    /// The customer's own settings, read with its one-time token (Reportei).
    pub async fn customer_settings(&self, token: &Secret) -> Result<Record, ApiError> {
        let path = self
            .spec
            .customer_settings
            .ok_or_else(|| unsupported(self.spec, "customer settings"))?;
        let mut call = Call::get(path);
        call.secret_headers
            .push(("x-customer-token", token.clone()));
        let answer = self.transport.call(&call).await?;
        self.record_at(&answer, "/customer")
    }

    fn record_at(&self, body: &Json, pointer: &str) -> Result<Record, ApiError> {
        body.pointer(pointer)
            .and_then(|json| decode::decode_record(&self.spec.schema, json))
            .ok_or_else(|| missing(if pointer.is_empty() { "/" } else { pointer }))
    }
}

/// Filters with a value; an empty field means "no filter", not "match empty".
fn non_empty(filters: &[(&'static str, String)]) -> Vec<(&'static str, String)> {
    filters
        .iter()
        .filter(|(_, value)| !value.trim().is_empty())
        .map(|(param, value)| (*param, value.trim().to_string()))
        .collect()
}

/// The non-empty filters, each checked against its documented kind (Ngorder's keyword: "Max 50"),
/// whichever way it came (the filter panel or the quick search): refused unsent if one fails.
fn checked(
    known: &[super::ops::Filter],
    filters: &[(&'static str, String)],
) -> Result<Vec<(&'static str, String)>, ApiError> {
    let query = non_empty(filters);
    for (param, value) in &query {
        if let Some(filter) = known.iter().find(|f| f.param == *param)
            && let Err(problem) = filter.validate(value)
        {
            return Err(ApiError::new(
                ErrorKind::Validation,
                format!("{}: {problem}; nothing was sent", filter.label),
            ));
        }
    }
    Ok(query)
}

/// `id` if it can name a customer in a path; refused before any request is built otherwise.
fn path_id(id: &str) -> Result<&str, ApiError> {
    match unsafe_id(id) {
        None => Ok(id),
        Some(problem) => Err(ApiError::new(
            ErrorKind::Validation,
            format!("not sent: {problem}"),
        )),
    }
}

/// A string or number at `pointer`, as text (ids come both ways).
fn text_at(body: &Json, pointer: &str) -> Option<String> {
    match body.pointer(pointer)? {
        Json::String(s) if !s.is_empty() => Some(s.clone()),
        Json::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn missing(pointer: &str) -> ApiError {
    ApiError::new(
        ErrorKind::Undecodable,
        format!("the answer has nothing at {pointer}"),
    )
}

fn unsupported(spec: &ProviderSpec, what: &str) -> ApiError {
    ApiError::new(
        ErrorKind::Unsupported,
        format!("{} has no API for {what}", spec.id),
    )
}

//! Provider-neutral types shared by the app, the worker, the provider clients and the sandbox.
//!
//! Nothing here knows about HTTP or the terminal: the providers map their wire formats into these types and
//! the UI draws them.

mod error;
mod page;
mod provider_id;
mod record;
mod schema;
pub mod validate;

pub use error::{ApiError, ErrorKind};
pub use page::{Cursor, Page, PageRequest, Totals};
pub use provider_id::ProviderId;
pub use record::{Record, Value};
pub use schema::{Composed, FieldKind, FieldSpec, Required, Schema, Writable};

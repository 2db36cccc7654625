//! Provider-neutral types shared by the app, the worker, the provider clients and the sandbox.

mod provider_id;

pub use provider_id::ProviderId;

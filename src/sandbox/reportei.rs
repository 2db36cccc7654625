//! (Being built.)

use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

pub(crate) fn error_response(status: StatusCode, message: &str) -> Response {
    (status, message.to_string()).into_response()
}

pub(crate) fn router(_seed: u64, _n: u32) -> Router {
    Router::new()
}

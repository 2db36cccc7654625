//! The fault layer: latency, errors, hangs, malformed bodies, dropped connections and 429s, applied per
//! request in the provider's own error shape, with a random generator seeded from the sandbox seed.

use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, to_bytes};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rand::Rng;

use super::net::ConnInfo;
use super::{Shared, cyclesoftware, dkhardware, guardant, ngorder, reportei};
use crate::domain::ProviderId;

/// Which provider a sandbox path belongs to.
pub(crate) fn provider_of(path: &str) -> Option<ProviderId> {
    let first = path.trim_start_matches('/').split('/').next()?;
    ProviderId::from_key(first)
}

/// An error response in the provider's own shape.
pub(crate) fn provider_error(provider: ProviderId, status: StatusCode, message: &str) -> Response {
    match provider {
        ProviderId::Ngorder => ngorder::error_response(status, message),
        ProviderId::CycleSoftware => cyclesoftware::error_response(status, message),
        ProviderId::Guardant => guardant::error_response(status, message),
        ProviderId::DkHardware => dkhardware::error_response(status, message),
        ProviderId::Reportei => reportei::error_response(status, message),
    }
}

struct Rolls {
    hang: bool,
    drop: bool,
    rate_limit: bool,
    error: Option<StatusCode>,
    malformed: Option<u8>,
}

pub(crate) async fn fault_layer(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    let Some(provider) = provider_of(request.uri().path()) else {
        return next.run(request).await;
    };
    let faults = shared
        .faults
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    if faults.only.is_some_and(|only| only != provider) || faults == Default::default() {
        return next.run(request).await;
    }
    // Under `writes_only` a read is spared the failures, not the latency: pages load, as slowly.
    if faults.writes_only && matches!(*request.method(), Method::GET | Method::HEAD) {
        if faults.latency_ms > 0 {
            tokio::time::sleep(Duration::from_millis(faults.latency_ms)).await;
        }
        return next.run(request).await;
    }
    let rolls = {
        let mut rng = shared.fault_rng.lock().unwrap_or_else(|e| e.into_inner());
        let mut roll = |rate: f64| rng.random::<f64>() < rate;
        let hang = roll(faults.hang_rate);
        let drop = roll(faults.drop_rate);
        let rate_limit = roll(faults.rate_limit_rate);
        let error = roll(faults.error_rate);
        let malformed = roll(faults.malformed_rate);
        let pick: u8 = rng.random_range(0..3);
        Rolls {
            hang,
            drop,
            rate_limit,
            error: error.then(|| {
                [
                    StatusCode::INTERNAL_SERVER_ERROR,
                    StatusCode::BAD_GATEWAY,
                    StatusCode::SERVICE_UNAVAILABLE,
                ][pick as usize]
            }),
            malformed: malformed.then_some(pick),
        }
    };
    if faults.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(faults.latency_ms)).await;
    }
    let conn = request.extensions().get::<ConnectInfo<ConnInfo>>().cloned();
    if rolls.hang {
        let mut stop = shared.shutdown.clone();
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_secs(3600)) => {}
            _ = stop.wait_for(|stopped| *stopped) => {}
        }
        if let Some(ConnectInfo(conn)) = &conn {
            conn.kill();
        }
        return provider_error(provider, StatusCode::SERVICE_UNAVAILABLE, "Shutting down");
    }
    if rolls.drop {
        let _ = to_bytes(request.into_body(), 4 << 20).await;
        if let Some(ConnectInfo(conn)) = &conn {
            conn.kill();
        }
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    if rolls.rate_limit {
        let mut response =
            provider_error(provider, StatusCode::TOO_MANY_REQUESTS, "Too Many Requests");
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        return response;
    }
    if let Some(status) = rolls.error {
        let message = status.canonical_reason().unwrap_or("Server error");
        return provider_error(provider, status, message);
    }
    let response = next.run(request).await;
    match rolls.malformed {
        None => response,
        Some(0) => html_page(),
        Some(_) => {
            let (mut parts, body) = response.into_parts();
            let mut bytes = to_bytes(body, 64 << 20).await.unwrap_or_default();
            // A page compressed by its fake (see `gzip`) is cut as JSON, like every other.
            if parts.headers.remove(header::CONTENT_ENCODING).is_some() {
                let mut json = Vec::new();
                let _ = std::io::Read::read_to_end(
                    &mut flate2::read::GzDecoder::new(&bytes[..]),
                    &mut json,
                );
                bytes = json.into();
            }
            // A JSON body cut in half is never valid JSON.
            let cut = bytes.len() / 2;
            if cut == 0 {
                return html_page();
            }
            parts.status = StatusCode::OK;
            parts.headers.remove(header::CONTENT_LENGTH);
            Response::from_parts(parts, Body::from(bytes.slice(..cut)))
        }
    }
}

fn html_page() -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\
         <body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>\n",
    )
        .into_response()
}

//! Latency and throttling, as large tenants meet them: every request waits
//! the configured latency before it is answered, and an API that already has
//! its limit of requests in flight answers `429 Too Many Requests` with a
//! `Retry-After` in whole seconds (Graph's documented throttling answer; the
//! limit on concurrent requests is how Graph and Salesforce both bound one
//! client). Token endpoints are delayed but never throttled.

use crate::state::{api_error, Api};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// The server-side limit: requests in flight per API family (Graph,
/// Salesforce) beyond which the answer is 429 with `Retry-After`.
#[derive(Debug, Clone, Copy)]
pub struct Throttle {
    pub max_in_flight: usize,
    /// Seconds, as the header carries them.
    pub retry_after: u64,
}

/// Counters of what the pacing layer saw, for benchmarks.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct PacingStats {
    /// Every request, token requests and throttled ones included.
    pub requests: u64,
    /// Requests answered 429 by the throttle.
    pub throttled: u64,
    /// The most API requests seen in flight at once (one family).
    pub peak_in_flight: u64,
}

#[derive(Default)]
pub(crate) struct Pacing {
    pub latency: Duration,
    pub throttle: Option<Throttle>,
    requests: AtomicU64,
    throttled: AtomicU64,
    peak: AtomicU64,
    graph: AtomicUsize,
    salesforce: AtomicUsize,
}

impl Pacing {
    pub fn new(latency: Duration, throttle: Option<Throttle>) -> Pacing {
        Pacing {
            latency,
            throttle,
            ..Pacing::default()
        }
    }

    pub fn stats(&self) -> PacingStats {
        PacingStats {
            requests: self.requests.load(Ordering::SeqCst),
            throttled: self.throttled.load(Ordering::SeqCst),
            peak_in_flight: self.peak.load(Ordering::SeqCst),
        }
    }
}

/// Leaves the in-flight count when the answer is done (or dropped).
struct InFlight<'a>(&'a AtomicUsize);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

pub(crate) async fn pace(
    State(pacing): State<Arc<Pacing>>,
    request: Request,
    next: Next,
) -> Response {
    pacing.requests.fetch_add(1, Ordering::SeqCst);
    let path = request.uri().path();
    let api = if path.starts_with("/graph/") {
        Some((Api::Graph, &pacing.graph))
    } else if path.starts_with("/services/data/") {
        Some((Api::Salesforce, &pacing.salesforce))
    } else {
        None
    };
    let _in_flight = match api {
        Some((api, count)) => {
            let now = count.fetch_add(1, Ordering::SeqCst) + 1;
            let guard = InFlight(count);
            pacing.peak.fetch_max(now as u64, Ordering::SeqCst);
            if let Some(throttle) = pacing.throttle.filter(|t| now > t.max_in_flight) {
                pacing.throttled.fetch_add(1, Ordering::SeqCst);
                drop(guard);
                tokio::time::sleep(pacing.latency).await;
                let mut response = api_error(api, StatusCode::TOO_MANY_REQUESTS);
                response.headers_mut().insert(
                    "retry-after",
                    throttle.retry_after.to_string().parse().expect("digits"),
                );
                return response;
            }
            Some(guard)
        }
        None => None,
    };
    if !pacing.latency.is_zero() {
        tokio::time::sleep(pacing.latency).await;
    }
    next.run(request).await
}

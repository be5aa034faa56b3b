//! Fault injection: a fault matches requests whose `METHOD path?query` (query
//! decoded, so a SOQL `FROM User` can be named) contains its target.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

#[derive(Debug, Clone)]
pub enum FaultKind {
    /// Answer with this HTTP status and the provider's documented error body.
    Status(u16),
    /// 429 with `Retry-After` in seconds (or none).
    Throttle { retry_after: Option<u64> },
    /// 200 with a body that is not JSON.
    MalformedJson,
    /// 200 with this JSON body instead of the sample's (wrong shapes, paging loops).
    Body(serde_json::Value),
    /// This HTTP status with this JSON body (an API error with a specific code).
    StatusBody(u16, serde_json::Value),
    /// Wait before answering normally.
    Delay(Duration),
    /// 401 as for an expired token.
    ExpiredToken,
    /// Close the connection without answering (the client sees the
    /// connection closed before any response: a reset, for its purposes).
    Reset,
    /// 200 whose `Content-Length` promises a whole page of which only the
    /// first half is sent before the connection closes: the client sees an
    /// incomplete body.
    Truncated,
    /// The same, gzip-encoded (`Content-Encoding: gzip`): the client sees a
    /// compressed stream that stops mid-way.
    TruncatedGzip,
    /// 200 with an empty page whose next link (`@odata.nextLink`,
    /// `nextRecordsUrl`) is this prefix followed by the request's path: another
    /// origin (`http://host:port`) or a protocol-relative one (`//host:port`).
    ForeignNextLink(String),
    /// Never answer (the client's timeout must end the wait).
    Stall,
}

#[derive(Debug)]
pub struct Fault {
    pub target: String,
    pub kind: FaultKind,
    /// Matching requests let through before the fault starts.
    pub skip: u32,
    /// How many matching requests get the fault; `None` for all.
    pub times: Option<u32>,
    seen: AtomicU32,
}

impl Fault {
    /// A fault on every matching request.
    pub fn new(target: impl Into<String>, kind: FaultKind) -> Fault {
        Fault {
            target: target.into(),
            kind,
            skip: 0,
            times: None,
            seen: AtomicU32::new(0),
        }
    }

    /// Only the first `times` matching requests (after `skip`) get the fault.
    pub fn times(mut self, times: u32) -> Fault {
        self.times = Some(times);
        self
    }

    pub fn skip(mut self, skip: u32) -> Fault {
        self.skip = skip;
        self
    }

    /// Counts the request and says whether the fault applies to it.
    pub(crate) fn fires(&self, request: &str) -> bool {
        if !request.contains(&self.target) {
            return false;
        }
        let n = self.seen.fetch_add(1, Ordering::SeqCst);
        n >= self.skip && self.times.is_none_or(|times| n < self.skip + times)
    }
}

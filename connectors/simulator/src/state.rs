use crate::faults::{Fault, FaultKind};
use crate::samples::SampleStore;
use crate::SimCredentials;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

pub struct Credentials {
    pub sim: SimCredentials,
    /// The demo key pair: verifies client assertions, signs federated tokens.
    pub key: crate::jwt::KeyPair,
}

/// Which API family a request belongs to: their error bodies differ.
#[derive(Clone, Copy)]
pub enum Api {
    Graph,
    Salesforce,
    /// Exchange Online admin API (`InvokeCommand`).
    Exchange,
    /// SharePoint REST (`_api`).
    SharePoint,
}

/// What a token was issued for: the resource of its scope (Entra tokens),
/// and whether the client proved itself with a certificate.
#[derive(Clone, Default)]
pub struct Grant {
    pub resource: Option<String>,
    pub certificate: bool,
}

pub struct SimState {
    pub base_url: String,
    pub m365: Option<SampleStore>,
    pub salesforce: Option<SampleStore>,
    pub credentials: Credentials,
    pub graph_page_size: usize,
    pub soql_batch_size: usize,
    pub api_daily_limit: u64,
    faults: Vec<Fault>,
    tokens: Mutex<HashMap<String, Grant>>,
    /// Device codes handed out → polls so far (the first poll is pending).
    pub device_codes: Mutex<HashMap<String, u32>>,
    /// Query locator → the rest of a SOQL result.
    /// Shared, not copied: a large result is paged without cloning it per batch.
    pub locators: Mutex<HashMap<String, std::sync::Arc<Vec<Value>>>>,
    requests: AtomicU64,
    api_usage: AtomicU64,
    log: Mutex<Vec<String>>,
    wire: Mutex<Vec<String>>,
}

impl SimState {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        base_url: String,
        m365: Option<SampleStore>,
        salesforce: Option<SampleStore>,
        credentials: Credentials,
        faults: Vec<Fault>,
        graph_page_size: usize,
        soql_batch_size: usize,
        api_daily_limit: u64,
    ) -> Self {
        SimState {
            base_url,
            m365,
            salesforce,
            credentials,
            graph_page_size,
            soql_batch_size,
            api_daily_limit,
            faults,
            tokens: Mutex::default(),
            device_codes: Mutex::default(),
            locators: Mutex::default(),
            requests: AtomicU64::new(0),
            api_usage: AtomicU64::new(0),
            log: Mutex::default(),
            wire: Mutex::default(),
        }
    }

    pub fn request_count(&self) -> u64 {
        self.requests.load(Ordering::SeqCst)
    }

    pub fn request_log(&self) -> Vec<String> {
        self.log.lock().expect("log lock").clone()
    }

    /// Records a request and answers with the first fault that fires for it.
    pub async fn enter(&self, request: String, api: Api) -> Option<Response> {
        self.requests.fetch_add(1, Ordering::SeqCst);
        self.log.lock().expect("log lock").push(request.clone());
        let kind = self
            .faults
            .iter()
            .find(|fault| fault.fires(&request))
            .map(|fault| fault.kind.clone())?;
        match kind {
            FaultKind::Delay(wait) => {
                tokio::time::sleep(wait).await;
                None
            }
            FaultKind::Status(code) => {
                let status =
                    StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                Some(api_error(api, status))
            }
            FaultKind::Throttle { retry_after } => {
                let mut response = api_error(api, StatusCode::TOO_MANY_REQUESTS);
                if let Some(seconds) = retry_after {
                    response
                        .headers_mut()
                        .insert("retry-after", seconds.to_string().parse().expect("digits"));
                }
                Some(response)
            }
            FaultKind::MalformedJson => Some(
                (
                    StatusCode::OK,
                    [("content-type", "application/json")],
                    "{\"value\": [tr",
                )
                    .into_response(),
            ),
            FaultKind::Body(body) => Some((StatusCode::OK, axum::Json(body)).into_response()),
            FaultKind::StatusBody(code, body) => {
                let status =
                    StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                Some((status, axum::Json(body)).into_response())
            }
            FaultKind::ExpiredToken => Some(api_error(api, StatusCode::UNAUTHORIZED)),
            FaultKind::Reset => reset_connection(),
            FaultKind::Truncated => Some(truncated(false)),
            FaultKind::TruncatedGzip => Some(truncated(true)),
            FaultKind::ForeignNextLink(prefix) => {
                let path = request
                    .split_whitespace()
                    .nth(1)
                    .and_then(|p| p.split('?').next())
                    .unwrap_or("/");
                let link = format!("{prefix}{path}");
                let body = match api {
                    Api::Graph | Api::Exchange | Api::SharePoint => {
                        json!({"value": [], "@odata.nextLink": link})
                    }
                    Api::Salesforce => json!({"totalSize": 0, "done": false, "records": [],
                        "nextRecordsUrl": link}),
                };
                Some((StatusCode::OK, axum::Json(body)).into_response())
            }
            FaultKind::Stall => {
                tokio::time::sleep(STALL).await;
                reset_connection()
            }
        }
    }

    /// Every request that reached the server, as `METHOD path`, before any
    /// routing or fault: what actually left the client.
    pub fn wire_log(&self) -> Vec<String> {
        self.wire.lock().expect("wire lock").clone()
    }

    /// Records a Salesforce request, applies faults, then checks the token.
    pub async fn admit(&self, request: String, headers: &HeaderMap) -> Option<Response> {
        if let Some(fault) = self.enter(request, Api::Salesforce).await {
            return Some(fault);
        }
        self.authorize(headers, Api::Salesforce)
    }

    /// Whether a 403 fault targets this inner request (a composite subrequest).
    pub fn forbids(&self, request: &str) -> bool {
        self.faults
            .iter()
            .any(|f| matches!(f.kind, FaultKind::Status(403)) && f.fires(request))
    }

    pub fn issue_token(&self, prefix: &str) -> String {
        self.issue_grant(prefix, Grant::default())
    }

    /// A token for one resource, as Entra issues them.
    pub fn issue_grant(&self, prefix: &str, grant: Grant) -> String {
        let token = format!("{prefix}{}", uuid::Uuid::new_v4().simple());
        self.tokens
            .lock()
            .expect("token lock")
            .insert(token.clone(), grant);
        token
    }

    pub fn issued_tokens(&self) -> Vec<String> {
        self.tokens
            .lock()
            .expect("token lock")
            .keys()
            .cloned()
            .collect()
    }

    /// The grant of the request's bearer token, when this simulator issued it.
    pub fn grant(&self, headers: &HeaderMap) -> Option<Grant> {
        let token = headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))?;
        self.tokens.lock().expect("token lock").get(token).cloned()
    }

    /// `None` when the bearer token is one this simulator issued.
    pub fn authorize(&self, headers: &HeaderMap, api: Api) -> Option<Response> {
        let token = headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        let known = token.is_some_and(|t| self.tokens.lock().expect("token lock").contains_key(t));
        (!known).then(|| api_error(api, StatusCode::UNAUTHORIZED))
    }

    /// Counts one Salesforce API call; `Some(limit)` answer once the daily limit is spent.
    pub fn spend_api_call(&self) -> (u64, Option<Response>) {
        let used = self.api_usage.fetch_add(1, Ordering::SeqCst) + 1;
        if used > self.api_daily_limit {
            let body = json!([{
                "message": format!("TotalRequests Limit exceeded."),
                "errorCode": "REQUEST_LIMIT_EXCEEDED"
            }]);
            return (
                used,
                Some((StatusCode::FORBIDDEN, axum::Json(body)).into_response()),
            );
        }
        (used, None)
    }
}

/// How long a stalled answer waits: far longer than any client timeout.
const STALL: std::time::Duration = std::time::Duration::from_secs(600);

/// Drops the connection without writing a response. The connection's task
/// unwinds (`resume_unwind` skips the panic hook, so nothing is printed) and
/// its socket closes: the client sees the connection end before any answer,
/// as after a reset.
fn reset_connection() -> Option<Response> {
    std::panic::resume_unwind(Box::new("simulated connection reset"))
}

/// 200 announcing a whole page (plain or gzip-encoded) of which only the
/// first half is written before the connection closes.
fn truncated(gzip: bool) -> Response {
    let items: Vec<Value> = (0..64)
        .map(|i| json!({"id": format!("00000000-0000-0000-0000-{i:012}"), "displayName": "truncated"}))
        .collect();
    let mut whole = serde_json::to_vec(&json!({ "value": items })).expect("serialisable");
    if gzip {
        use std::io::Write as _;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(&whole).expect("in memory");
        whole = encoder.finish().expect("in memory");
    }
    let length = whole.len();
    whole.truncate(length / 2);
    let half: Result<Vec<u8>, std::io::Error> = Ok(whole);
    let body = axum::body::Body::from_stream(futures::stream::iter([half]));
    let mut response = (StatusCode::OK, body).into_response();
    let headers = response.headers_mut();
    headers.insert("content-type", "application/json".parse().expect("ascii"));
    headers.insert("content-length", length.into());
    if gzip {
        headers.insert("content-encoding", "gzip".parse().expect("ascii"));
    }
    response
}

/// Middleware: records `METHOD path` of every request before routing.
pub async fn wire_log(
    axum::extract::State(state): axum::extract::State<std::sync::Arc<SimState>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    state.wire.lock().expect("wire lock").push(format!(
        "{} {}",
        request.method(),
        request.uri().path()
    ));
    next.run(request).await
}

/// The provider's documented error body for a status.
pub fn api_error(api: Api, status: StatusCode) -> Response {
    let body = match api {
        Api::Graph => {
            let (code, message) = match status {
                StatusCode::UNAUTHORIZED => (
                    "InvalidAuthenticationToken",
                    "Access token has expired or is not yet valid.",
                ),
                StatusCode::FORBIDDEN => (
                    "Authorization_RequestDenied",
                    "Insufficient privileges to complete the operation.",
                ),
                StatusCode::NOT_FOUND => ("Request_ResourceNotFound", "Resource not found."),
                StatusCode::TOO_MANY_REQUESTS => (
                    "TooManyRequests",
                    "Too many requests. Please retry after the period given in Retry-After.",
                ),
                _ => ("generalException", "An unexpected error occurred."),
            };
            json!({"error": {
                "code": code,
                "message": message,
                "innerError": {
                    "date": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                    "request-id": uuid::Uuid::new_v4().to_string(),
                    "client-request-id": uuid::Uuid::new_v4().to_string()
                }
            }})
        }
        // Exchange's admin API answers like Graph's OData errors, with its own
        // codes (observed: 401 "Unauthorized" when the app may not run the cmdlet).
        Api::Exchange => {
            let (code, message) = match status {
                StatusCode::UNAUTHORIZED => (
                    "Unauthorized",
                    "The access token is invalid or was issued for another resource.",
                ),
                StatusCode::FORBIDDEN => (
                    "Forbidden",
                    "The application is not allowed to call this cmdlet.",
                ),
                StatusCode::NOT_FOUND => ("NotFound", "Resource not found."),
                StatusCode::TOO_MANY_REQUESTS => (
                    "TooManyRequests",
                    "The request was throttled. Retry after the period given in Retry-After.",
                ),
                _ => ("InternalServerError", "An internal server error occurred."),
            };
            json!({"error": {"code": code, "message": message, "innererror": {
                "message": message, "type": "Microsoft.Exchange.Admin.OData.Core.ODataServiceException"}}})
        }
        // SharePoint REST with `odata=nometadata`.
        Api::SharePoint => {
            let (code, message) = match status {
                StatusCode::UNAUTHORIZED => ("-2147024891, System.UnauthorizedAccessException", "Unsupported app only token."),
                StatusCode::FORBIDDEN => ("-2147024891, System.UnauthorizedAccessException", "Access denied. You do not have permission to perform this action or access this resource."),
                StatusCode::NOT_FOUND => ("-1, Microsoft.SharePoint.Client.ResourceNotFoundException", "Cannot find resource for the request."),
                StatusCode::TOO_MANY_REQUESTS => ("-2147024860, Microsoft.SharePoint.SPQueryThrottledException", "The request was throttled."),
                _ => ("-1, System.InvalidOperationException", "An unexpected error occurred."),
            };
            json!({"odata.error": {"code": code, "message": {"lang": "en-US", "value": message}}})
        }
        Api::Salesforce => {
            let (code, message) = match status {
                StatusCode::UNAUTHORIZED => ("INVALID_SESSION_ID", "Session expired or invalid"),
                StatusCode::FORBIDDEN => (
                    "INSUFFICIENT_ACCESS",
                    "insufficient access rights on object id",
                ),
                StatusCode::NOT_FOUND => ("NOT_FOUND", "The requested resource does not exist"),
                StatusCode::TOO_MANY_REQUESTS => (
                    "REQUEST_LIMIT_EXCEEDED",
                    "ConcurrentPerOrgLongTxn Limit exceeded.",
                ),
                _ => ("UNKNOWN_EXCEPTION", "An unexpected error occurred."),
            };
            json!([{"message": message, "errorCode": code}])
        }
    };
    (status, axum::Json(body)).into_response()
}

use super::guard::{check_request, Body};
use super::{adaptive::Adaptive, pause::HostPauses, retry_after};
use crate::auth::{AccessToken, TokenSource};
use crate::{cause_of, shown_url, CollectError, ErrorKind};
use backon::{BackoffBuilder, ExponentialBuilder};
use reqwest::header::HeaderMap;
use reqwest::{Method, RequestBuilder, StatusCode};
use secrecy::ExposeSecret;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use url::Url;

#[derive(Debug, Clone)]
pub struct HttpOptions {
    /// Whole-request timeout, body included.
    pub timeout: Duration,
    pub connect_timeout: Duration,
    /// Requests in flight at once for one tenant, at most: a 429 lowers the
    /// limit, successes raise it back (adaptive concurrency).
    pub max_concurrency: usize,
    /// How long after a change of the limit it may grow again.
    pub recover_after: Duration,
    /// Retries of one request on 429, 500, 502, 503, 504, timeouts and connection failures.
    pub max_retries: usize,
    pub min_backoff: Duration,
    pub max_backoff: Duration,
    /// The longest `Retry-After` honoured; a longer one is cut to this.
    pub max_retry_after: Duration,
    /// The largest answer body read (after decompression); a larger one is
    /// refused as it streams in, never held whole.
    pub max_body_bytes: u64,
    /// Private CAs trusted besides the bundled and the system's roots.
    pub extra_roots: Vec<reqwest::Certificate>,
}

/// 64 MiB: a Graph page of 999 users with every field is a few MiB.
pub const MAX_BODY_BYTES: u64 = 64 << 20;

impl Default for HttpOptions {
    fn default() -> Self {
        HttpOptions {
            timeout: Duration::from_secs(60),
            connect_timeout: Duration::from_secs(10),
            max_concurrency: 8,
            recover_after: Duration::from_secs(2),
            max_retries: 5,
            min_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            max_retry_after: Duration::from_secs(120),
            max_body_bytes: MAX_BODY_BYTES,
            extra_roots: Vec::new(),
        }
    }
}

/// Counters for the run log and benchmarks.
#[derive(Debug, Default)]
pub struct RequestStats {
    pub requests: AtomicU64,
    pub throttled: AtomicU64,
    pub retries: AtomicU64,
}

impl RequestStats {
    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }
    pub fn throttled(&self) -> u64 {
        self.throttled.load(Ordering::Relaxed)
    }
    pub fn retries(&self) -> u64 {
        self.retries.load(Ordering::Relaxed)
    }
}

/// A complete HTTP answer, body read.
#[derive(Debug)]
pub struct Response {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: bytes::Bytes,
}

/// A provider's view of every answer, for limits the provider reports in
/// headers or bodies (Salesforce `Sforce-Limit-Info`, `REQUEST_LIMIT_EXCEEDED`).
pub trait ResponseObserver: Send + Sync {
    /// Called before each request; an error refuses it without sending.
    fn admit(&self, url: &Url) -> Result<(), CollectError>;
    /// Called on each final answer; an error replaces the normal handling.
    fn inspect(&self, url: &Url, response: &Response) -> Option<CollectError>;
}

/// One tenant's client: shares connections, the concurrency limit and counters.
#[derive(Clone)]
pub struct HttpClient {
    inner: reqwest::Client,
    permits: Arc<Adaptive>,
    options: Arc<HttpOptions>,
    stats: Arc<RequestStats>,
    observer: Option<Arc<dyn ResponseObserver>>,
    raw: Option<Arc<dyn super::RawSink>>,
    pauses: Arc<HostPauses>,
    /// The origin the bearer token may go to, besides the instance a token
    /// names (Salesforce): the API's base URL.
    api_origin: Option<url::Origin>,
}

impl HttpClient {
    pub fn new(options: HttpOptions) -> Result<HttpClient, CollectError> {
        // Roots: the bundled Mozilla set and the OS store (both enabled by the
        // crate features), plus any private CA. Proxies come from
        // HTTPS_PROXY / HTTP_PROXY / NO_PROXY (reqwest reads them).
        let builder = options
            .extra_roots
            .iter()
            .fold(reqwest::Client::builder(), |builder, root| {
                builder.add_root_certificate(root.clone())
            });
        let inner = builder
            // A redirect could carry the bearer token to another host.
            .redirect(reqwest::redirect::Policy::none())
            .timeout(options.timeout)
            .connect_timeout(options.connect_timeout)
            .gzip(true)
            .user_agent(concat!("tenantaudit/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| CollectError::new(ErrorKind::Transport, format!("HTTP client: {e}")))?;
        Ok(HttpClient {
            inner,
            permits: Arc::new(Adaptive::new(
                options.max_concurrency,
                options.recover_after,
            )),
            options: Arc::new(options),
            stats: Arc::default(),
            observer: None,
            raw: None,
            pauses: Arc::default(),
            api_origin: None,
        })
    }

    /// The same client (connections, limits, counters) with an observer.
    pub fn with_observer(&self, observer: Arc<dyn ResponseObserver>) -> HttpClient {
        HttpClient {
            observer: Some(observer),
            ..self.clone()
        }
    }

    /// The same client, handing every successful API read to `sink`.
    pub fn with_raw_sink(&self, sink: Arc<dyn super::RawSink>) -> HttpClient {
        HttpClient {
            raw: Some(sink),
            ..self.clone()
        }
    }

    /// The same client, sending the bearer token to `api`'s origin (scheme,
    /// host and port) only. Without it, only to the instance the token names.
    pub fn bound_to(&self, api: &Url) -> HttpClient {
        HttpClient {
            api_origin: Some(api.origin()),
            ..self.clone()
        }
    }

    /// Whether the token may be sent to `url`: its origin is the API's.
    fn may_carry(&self, access: &AccessToken, url: &Url) -> bool {
        let origin = url.origin();
        origin.is_tuple()
            && (self.api_origin.as_ref() == Some(&origin)
                || access
                    .instance_url
                    .as_ref()
                    .is_some_and(|instance| instance.origin() == origin))
    }

    pub fn stats(&self) -> &RequestStats {
        &self.stats
    }

    /// Requests allowed in flight now (adaptive: lowered by 429s).
    pub fn concurrency_limit(&self) -> usize {
        self.permits.limit()
    }

    /// GET with the tenant's bearer token. Transient failures are retried; a 401
    /// refreshes the token once. Any other non-2xx answer is an error whose kind
    /// says what went wrong.
    pub async fn get(
        &self,
        url: &Url,
        token: &TokenSource,
        headers: &[(&'static str, String)],
    ) -> Result<Response, CollectError> {
        self.authorized(Method::GET, url, token, headers, None)
            .await
    }

    /// POST of a JSON body with the bearer token, for the read-only endpoints
    /// the guard allows (Salesforce `composite` of queries, Exchange
    /// `InvokeCommand` of `Get-*` cmdlets).
    pub async fn post_json(
        &self,
        url: &Url,
        token: &TokenSource,
        headers: &[(&'static str, String)],
        body: &serde_json::Value,
    ) -> Result<Response, CollectError> {
        self.authorized(Method::POST, url, token, headers, Some(body))
            .await
    }

    async fn authorized(
        &self,
        method: Method,
        url: &Url,
        token: &TokenSource,
        headers: &[(&'static str, String)],
        body: Option<&serde_json::Value>,
    ) -> Result<Response, CollectError> {
        let mut refreshed = false;
        loop {
            let access = token.access(self).await?;
            if !self.may_carry(&access, url) {
                return Err(CollectError::new(
                    ErrorKind::Transport,
                    format!(
                        "refusing to send the tenant's token to {}: not the API's origin",
                        url.origin().ascii_serialization()
                    ),
                ));
            }
            let guarded = body.map_or(Body::None, Body::Json);
            let response = self
                .send(method.clone(), url, guarded, |request| {
                    let mut request = request.bearer_auth(access.token.expose_secret());
                    for (name, value) in headers {
                        request = request.header(*name, value);
                    }
                    if let Some(body) = body {
                        request = request.json(body);
                    }
                    request
                })
                .await?;
            if let Some(error) = self
                .observer
                .as_ref()
                .and_then(|o| o.inspect(url, &response))
            {
                return Err(error);
            }
            match response.status {
                status if status.is_success() => {
                    if let Some(raw) = &self.raw {
                        raw.page(url, &response.body);
                    }
                    return Ok(response);
                }
                StatusCode::UNAUTHORIZED if !refreshed => {
                    tracing::debug!(url = %url.path(), "401: refreshing the token once");
                    token.invalidate(&access).await;
                    refreshed = true;
                }
                _ => return Err(status_error(&method, &response, url)),
            }
        }
    }

    /// POST of a form without a bearer token, for token endpoints. The caller
    /// interprets the answer, whatever its status.
    pub async fn post_form(
        &self,
        url: &Url,
        form: &[(&str, &str)],
    ) -> Result<Response, CollectError> {
        self.send(Method::POST, url, Body::Form, |request| request.form(form))
            .await
    }

    /// GET without the tenant's bearer token, for token endpoints that answer
    /// GETs (managed identity, GitHub Actions OIDC). Header values are marked
    /// sensitive; the caller interprets the answer, whatever its status.
    pub async fn get_unauthenticated(
        &self,
        url: &Url,
        headers: &[(&'static str, &str)],
    ) -> Result<Response, CollectError> {
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            let mut value = reqwest::header::HeaderValue::from_str(value).map_err(|_| {
                CollectError::new(ErrorKind::Auth, format!("invalid {name} header value"))
            })?;
            value.set_sensitive(true);
            map.insert(*name, value);
        }
        self.send(Method::GET, url, Body::None, |request| {
            request.headers(map.clone())
        })
        .await
    }

    async fn send_oauth2(
        &self,
        request: oauth2::HttpRequest,
    ) -> Result<oauth2::HttpResponse, CollectError> {
        let (parts, body) = request.into_parts();
        let url = Url::parse(&parts.uri.to_string())
            .map_err(|e| CollectError::new(ErrorKind::Transport, format!("bad token URL: {e}")))?;
        let response = self
            .send(parts.method, &url, Body::Form, |request| {
                request.headers(parts.headers.clone()).body(body.clone())
            })
            .await?;
        let mut answer = oauth2::HttpResponse::new(response.body.to_vec());
        *answer.status_mut() = response.status;
        *answer.headers_mut() = response.headers;
        Ok(answer)
    }

    /// One logical request: guard, concurrency permit, retries with capped
    /// exponential backoff and jitter, honouring `Retry-After` (which pauses
    /// every request to the host, not only this one).
    async fn send(
        &self,
        method: Method,
        url: &Url,
        body: Body<'_>,
        build: impl Fn(RequestBuilder) -> RequestBuilder,
    ) -> Result<Response, CollectError> {
        check_request(&method, url, body)?;
        if let Some(observer) = &self.observer {
            observer.admit(url)?;
        }
        let mut delays = ExponentialBuilder::default()
            .with_min_delay(self.options.min_backoff)
            .with_max_delay(self.options.max_backoff)
            .with_max_times(self.options.max_retries)
            .with_jitter()
            .build();
        loop {
            self.pauses.wait(url).await;
            let attempt = {
                let slot =
                    self.permits.acquire().await.ok_or_else(|| {
                        CollectError::new(ErrorKind::Transport, "HTTP client closed")
                    })?;
                self.stats.requests.fetch_add(1, Ordering::Relaxed);
                let attempt = self
                    .attempt(build(self.inner.request(method.clone(), url.clone())))
                    .await;
                match &attempt {
                    Ok(r) if r.status == StatusCode::TOO_MANY_REQUESTS => {
                        self.permits.throttled(slot.sent)
                    }
                    Ok(_) => self.permits.succeeded(),
                    Err(_) => {}
                }
                attempt
            };
            let retry_after = match &attempt {
                Ok(response) if is_transient(response.status) => {
                    let wait = retry_after::parse(&response.headers)
                        .map(|wait| wait.min(self.options.max_retry_after));
                    if response.status == StatusCode::TOO_MANY_REQUESTS {
                        self.stats.throttled.fetch_add(1, Ordering::Relaxed);
                        if let Some(wait) = wait {
                            self.pauses.pause(url, wait);
                        }
                    }
                    Some(wait)
                }
                Err(failure) if failure.is_transient() => Some(None),
                _ => None,
            };
            let delay = match retry_after {
                Some(server_wait) => delays.next().map(|backoff| server_wait.unwrap_or(backoff)),
                None => None,
            };
            match (attempt, delay) {
                (_, Some(delay)) => {
                    self.stats.retries.fetch_add(1, Ordering::Relaxed);
                    tracing::debug!(url = %url.path(), ?delay, "transient failure, retrying");
                    tokio::time::sleep(delay).await;
                }
                (Ok(response), None) => return Ok(response),
                (Err(failure), None) => return Err(failure.into_error(&method, url)),
            }
        }
    }

    /// Sends and reads the whole body, chunk by chunk, up to the cap.
    async fn attempt(&self, request: RequestBuilder) -> Result<Response, Failure> {
        let mut response = request.send().await.map_err(Failure::Send)?;
        let status = response.status();
        let headers = response.headers().clone();
        let cap = self.options.max_body_bytes;
        if response.content_length().is_some_and(|length| length > cap) {
            return Err(Failure::TooLarge(cap));
        }
        let mut body = bytes::BytesMut::new();
        while let Some(chunk) = response.chunk().await.map_err(Failure::Body)? {
            if (body.len() + chunk.len()) as u64 > cap {
                return Err(Failure::TooLarge(cap));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Response {
            status,
            headers,
            body: body.freeze(),
        })
    }
}

/// Why an attempt got no whole answer.
#[derive(Debug)]
enum Failure {
    /// No answer: refused, reset, timed out before the headers.
    Send(reqwest::Error),
    /// The body stopped short (a closed connection, a timeout, a compressed
    /// stream cut mid-way): worth another attempt like a reset.
    Body(reqwest::Error),
    /// The body is larger than the cap.
    TooLarge(u64),
}

impl Failure {
    fn is_transient(&self) -> bool {
        match self {
            Failure::Send(error) => {
                (error.is_timeout() || error.is_connect() || error.is_request() || error.is_body())
                    && !super::tls::is_certificate_error(error)
            }
            Failure::Body(_) => true,
            Failure::TooLarge(_) => false,
        }
    }

    fn into_error(self, method: &Method, url: &Url) -> CollectError {
        // The error's own text repeats the whole URL; host and path are enough,
        // and the cause is named from the whole error chain.
        let at = shown_url(url);
        match self {
            Failure::TooLarge(cap) => CollectError::new(
                ErrorKind::Malformed,
                format!(
                    "{method} {at}: the answer is larger than {} MiB, the most tenantaudit reads in one page",
                    cap >> 20
                ),
            ),
            Failure::Body(error) => CollectError::new(
                if error.is_timeout() {
                    ErrorKind::Timeout
                } else {
                    ErrorKind::Transport
                },
                format!(
                    "{method} {at}: the answer's body was cut short: {}",
                    cause_of(&error)
                ),
            ),
            Failure::Send(error) => CollectError::new(
                if error.is_timeout() {
                    ErrorKind::Timeout
                } else if error.is_decode() {
                    ErrorKind::Malformed
                } else {
                    ErrorKind::Transport
                },
                format!(
                    "{method} {at}: {}",
                    super::tls::untrusted_certificate(&error, url)
                        .unwrap_or_else(|| cause_of(&error))
                ),
            ),
        }
    }
}

/// Answers worth another attempt. 500 is among them: Graph's
/// `generalException` and Salesforce's `UNKNOWN_EXCEPTION` often pass on
/// retry, and every request here is a read, so repeating it is harmless.
fn is_transient(status: StatusCode) -> bool {
    matches!(
        status,
        StatusCode::TOO_MANY_REQUESTS
            | StatusCode::INTERNAL_SERVER_ERROR
            | StatusCode::SERVICE_UNAVAILABLE
            | StatusCode::GATEWAY_TIMEOUT
            | StatusCode::BAD_GATEWAY
    )
}

/// Maps a final non-2xx answer to an error kind, quoting the API's own error
/// code and message (Graph `error.code`/`error.message`, Salesforce
/// `[{errorCode, message}]`), cut short.
fn status_error(method: &Method, response: &Response, url: &Url) -> CollectError {
    let kind = match response.status {
        StatusCode::FORBIDDEN => ErrorKind::Forbidden,
        StatusCode::NOT_FOUND => ErrorKind::NotFound,
        StatusCode::UNAUTHORIZED => ErrorKind::Auth,
        StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE => ErrorKind::Throttled,
        StatusCode::GATEWAY_TIMEOUT | StatusCode::REQUEST_TIMEOUT => ErrorKind::Timeout,
        _ => ErrorKind::Transport,
    };
    let detail = api_error_detail(&response.body)
        .map(|d| format!(": {d}"))
        .unwrap_or_default();
    CollectError::new(
        kind,
        format!(
            "{method} {} answered {}{detail}",
            shown_url(url),
            response.status
        ),
    )
    .with_status(response.status.as_u16())
}

fn api_error_detail(body: &[u8]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    let (code, message) = if let Some(error) = value.get("error").filter(|e| e.is_object()) {
        (error.get("code"), error.get("message"))
    } else if let Some(error) = value.get("odata.error") {
        // SharePoint REST (`odata=nometadata`).
        (error.get("code"), error.pointer("/message/value"))
    } else if let Some(first) = value.get(0) {
        (first.get("errorCode"), first.get("message"))
    } else {
        (value.get("error"), value.get("error_description"))
    };
    // Exchange's admin API puts the cmdlet's own error in `error.details`.
    let detail = value.pointer("/error/details/0/message");
    let text = [code, message, detail]
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let text: String = text.chars().take(300).collect();
    (!text.is_empty()).then_some(text)
}

/// The `oauth2` crate sends its token requests through this client, so that
/// they pass the same guard, limits and retries.
impl<'c> oauth2::AsyncHttpClient<'c> for HttpClient {
    type Error = CollectError;
    type Future = std::pin::Pin<
        Box<
            dyn std::future::Future<Output = Result<oauth2::HttpResponse, CollectError>>
                + Send
                + 'c,
        >,
    >;

    fn call(&'c self, request: oauth2::HttpRequest) -> Self::Future {
        Box::pin(self.send_oauth2(request))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Credential;
    use tenantaudit_simulator::{Fault, FaultKind, Simulator, SimulatorBuilder};

    async fn simulator(faults: Vec<Fault>) -> Simulator {
        let samples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples");
        let store =
            tenantaudit_simulator::SampleStore::load(&samples.join("m365-contoso")).unwrap();
        faults
            .into_iter()
            .fold(SimulatorBuilder::new(&samples).m365(store), |b, f| {
                b.fault(f)
            })
            .start()
            .await
            .unwrap()
    }

    fn client(sim: &Simulator, options: HttpOptions) -> (HttpClient, TokenSource) {
        let base = Url::parse(&sim.graph_base()).unwrap();
        let http = HttpClient::new(options).unwrap().bound_to(&base);
        let token = TokenSource::new(Credential::Static {
            token: sim.issue_token().into(),
            instance_url: None,
        });
        (http, token)
    }

    fn graph(sim: &Simulator, path: &str) -> Url {
        Url::parse(&format!("{}/v1.0/{path}", sim.graph_base())).unwrap()
    }

    fn quick() -> HttpOptions {
        HttpOptions {
            min_backoff: Duration::from_millis(10),
            max_backoff: Duration::from_millis(20),
            max_retries: 2,
            ..HttpOptions::default()
        }
    }

    /// Issue 17: an incomplete body (plain, or gzip cut mid-stream, which
    /// surfaces as a decode error) is retried like a reset.
    #[tokio::test]
    async fn a_truncated_body_is_retried() {
        for kind in [FaultKind::Truncated, FaultKind::TruncatedGzip] {
            let sim = simulator(vec![Fault::new("organization", kind.clone()).times(1)]).await;
            let (http, token) = client(&sim, quick());
            let answer = http.get(&graph(&sim, "organization"), &token, &[]).await;
            assert!(answer.is_ok_and(|a| a.status == 200), "{kind:?}");
            assert_eq!(http.stats().retries(), 1, "{kind:?}");
        }
    }

    /// Issue 17: the bearer token never leaves the API's origin.
    #[tokio::test]
    async fn the_token_goes_to_the_api_origin_only() {
        let sim = simulator(Vec::new()).await;
        let elsewhere = simulator(Vec::new()).await;
        let (http, token) = client(&sim, quick());
        let err = http
            .get(&graph(&elsewhere, "organization"), &token, &[])
            .await
            .unwrap_err();
        assert!(err.message.contains("refusing to send"), "{err}");
        assert!(
            elsewhere.wire_log().is_empty(),
            "{:?}",
            elsewhere.wire_log()
        );
        // Unbound, the token goes nowhere.
        let unbound = HttpClient::new(quick()).unwrap();
        assert!(unbound
            .get(&graph(&sim, "organization"), &token, &[])
            .await
            .is_err());
        assert!(sim.wire_log().is_empty());
    }

    /// Issue 17: a body above the cap is refused while it streams in.
    #[tokio::test]
    async fn a_body_above_the_cap_is_refused() {
        let big = serde_json::json!({"value": vec!["x".repeat(100); 100]});
        let sim = simulator(vec![Fault::new("users", FaultKind::Body(big))]).await;
        let (http, token) = client(
            &sim,
            HttpOptions {
                max_body_bytes: 4096,
                ..quick()
            },
        );
        let err = http
            .get(&graph(&sim, "users"), &token, &[])
            .await
            .unwrap_err();
        assert_eq!(err.kind, ErrorKind::Malformed, "{err}");
        assert!(err.message.contains("larger than"), "{err}");
        assert!(http
            .get(&graph(&sim, "organization"), &token, &[])
            .await
            .is_ok());
    }

    /// Issue 17: a 429's Retry-After holds back every request to the host,
    /// and a request throttled throughout ends only once its retries are spent.
    #[tokio::test]
    async fn retry_after_pauses_the_whole_host() {
        let sim = simulator(vec![Fault::new(
            "organization",
            FaultKind::Throttle {
                retry_after: Some(1),
            },
        )
        .times(1)])
        .await;
        let (http, token) = client(&sim, quick());
        let organization = graph(&sim, "organization");
        let throttled = http.get(&organization, &token, &[]);
        let other = async {
            // Sent once the 429 has been answered.
            while sim.request_count() == 0 {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
            let sent = std::time::Instant::now();
            let answer = http.get(&graph(&sim, "domains"), &token, &[]).await;
            (answer, sent.elapsed())
        };
        let (first, (second, waited)) = tokio::join!(throttled, other);
        assert!(first.is_ok() && second.is_ok());
        assert!(
            waited >= Duration::from_millis(800),
            "another request waited only {waited:?}"
        );

        let sim = simulator(vec![Fault::new(
            "organization",
            FaultKind::Throttle {
                retry_after: Some(1),
            },
        )])
        .await;
        let (http, token) = client(&sim, quick());
        let started = std::time::Instant::now();
        let err = http
            .get(&graph(&sim, "organization"), &token, &[])
            .await
            .unwrap_err();
        assert_eq!(err.kind, ErrorKind::Throttled);
        assert!(
            started.elapsed() >= Duration::from_secs(2),
            "two retries of 1 s"
        );
    }
}

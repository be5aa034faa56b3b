use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a collection could not be read (docs/snapshot.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// 403: the app lacks a permission or the tenant a licence.
    Forbidden,
    NotFound,
    /// Still throttled (429/503) after every retry, or an org API limit reached.
    Throttled,
    Timeout,
    /// The response was not the documented shape (bad JSON, missing fields, paging loop).
    Malformed,
    /// Connection failures and unexpected HTTP statuses.
    Transport,
    /// No token could be obtained, or the API kept answering 401 after a refresh.
    Auth,
}

impl ErrorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Forbidden => "forbidden",
            ErrorKind::NotFound => "not_found",
            ErrorKind::Throttled => "throttled",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Malformed => "malformed",
            ErrorKind::Transport => "transport",
            ErrorKind::Auth => "auth",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// A failed request or collection. Messages name the endpoint and what went wrong,
/// never a token or secret: request headers are not part of any message.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{kind}: {message}")]
pub struct CollectError {
    pub kind: ErrorKind,
    pub message: String,
    /// HTTP status, when the failure was an HTTP answer.
    pub status: Option<u16>,
}

impl CollectError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        CollectError {
            kind,
            message: message.into(),
            status: None,
        }
    }

    pub fn with_status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }
}

/// `host[:port]/path` of a request, as errors name it: the host says which
/// service failed (sign-in or API, which cloud); the query is left out.
pub fn shown_url(url: &url::Url) -> String {
    let host = url.host_str().unwrap_or("");
    match url.port() {
        Some(port) => format!("{host}:{port}{}", url.path()),
        None => format!("{host}{}", url.path()),
    }
}

/// The real reason a request got no answer, from the whole error chain: the
/// outer errors of an HTTP stack only say "error sending request", the cause
/// (a DNS failure, a refused connection, an untrusted certificate) sits at
/// the bottom.
pub fn cause_of(error: &(dyn std::error::Error + 'static)) -> String {
    let mut chain = Vec::new();
    let mut refused = false;
    let mut current = Some(error);
    while let Some(e) = current {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            refused |= io.kind() == std::io::ErrorKind::ConnectionRefused;
        }
        // reqwest quotes the whole URL ("… for url (…)"): a path naming
        // certificates must not read as a TLS failure.
        let text = e.to_string();
        chain.push(
            text.split(" for url (")
                .next()
                .unwrap_or_default()
                .to_string(),
        );
        current = e.source();
    }
    let all = chain.join(": ").to_lowercase();
    let innermost = chain.last().cloned().unwrap_or_default();
    let named = if refused || all.contains("connection refused") {
        "connection refused"
    } else if all.contains("dns error") || all.contains("failed to lookup address") {
        "DNS lookup failed"
    } else if all.contains("certificate") {
        "TLS certificate not trusted"
    } else if all.contains("timed out") || all.contains("timeout") {
        "timed out"
    } else if all.contains("connection reset") {
        "connection reset"
    } else {
        return innermost;
    };
    if innermost.to_lowercase().contains(named) {
        innermost
    } else {
        format!("{named} ({innermost})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("{0}")]
    struct Outer(&'static str, #[source] std::io::Error);

    #[test]
    fn the_cause_comes_from_the_bottom_of_the_chain() {
        let refused = Outer(
            "error sending request",
            std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "os error 111"),
        );
        assert_eq!(cause_of(&refused), "connection refused (os error 111)");
        let dns = Outer(
            "dns error",
            std::io::Error::other(
                "failed to lookup address information: Name or service not known",
            ),
        );
        assert_eq!(
            cause_of(&dns),
            "DNS lookup failed (failed to lookup address information: Name or service not known)"
        );
        let tls = Outer(
            "error sending request",
            std::io::Error::other("invalid peer certificate: UnknownIssuer"),
        );
        assert_eq!(
            cause_of(&tls),
            "TLS certificate not trusted (invalid peer certificate: UnknownIssuer)"
        );
        let other = Outer(
            "error sending request for url (https://x.example/services/data/v65.0/query?q=SELECT+Id+FROM+Certificate)",
            std::io::Error::other("unexpected end of file"),
        );
        assert_eq!(cause_of(&other), "unexpected end of file");
    }

    #[test]
    fn urls_are_shown_with_host_and_path_only() {
        let url = url::Url::parse("https://login.example:8443/t/oauth2/v2.0/token?a=b").unwrap();
        assert_eq!(shown_url(&url), "login.example:8443/t/oauth2/v2.0/token");
    }
}

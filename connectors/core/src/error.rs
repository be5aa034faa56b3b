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

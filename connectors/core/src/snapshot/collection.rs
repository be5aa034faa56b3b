use crate::ErrorKind;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CollectionStatus {
    Ok,
    Error,
    /// The tenant lacks the licence the API needs.
    NotLicensed,
    /// Not configured to be collected (e.g. no Exchange Online access).
    Skipped,
}

impl CollectionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CollectionStatus::Ok => "ok",
            CollectionStatus::Error => "error",
            CollectionStatus::NotLicensed => "not_licensed",
            CollectionStatus::Skipped => "skipped",
        }
    }
}

/// What was collected for one collection, and how.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CollectionRecord {
    pub status: CollectionStatus,
    /// Request paths (with query) of the first page of each endpoint read.
    pub endpoints: Vec<String>,
    /// The least-privileged permission the collection needs.
    pub permission: String,
    pub item_count: u64,
    pub pages: u32,
    /// SHA-256 over the raw bytes of every page, in order (hex).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<CollectionError>,
    /// For `not_licensed`: the licence that would make it available.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licence: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CollectionError {
    pub kind: ErrorKind,
    pub message: String,
    /// The permission or licence that would fix it, when known.
    pub fix: String,
}

//! The Snapshot contract: `tenantaudit.snapshot/v1`.
//!
//! One snapshot per tenant: identity, per-collection status and hashes, a
//! common model shared by cross-provider checks, and a provider section typed
//! after the provider's API. Documented field by field in `docs/snapshot.md`.

mod collection;
mod common;
pub mod m365;
pub mod salesforce;

pub use collection::{CollectionError, CollectionRecord, CollectionStatus};
pub use common::{AdminAssignment, CommonModel, OAuthGrant, Principal, PrincipalKind};

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

pub const SNAPSHOT_SCHEMA: &str = "tenantaudit.snapshot/v1";

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Provider {
    M365,
    Salesforce,
}

impl Provider {
    pub fn as_str(self) -> &'static str {
        match self {
            Provider::M365 => "m365",
            Provider::Salesforce => "salesforce",
        }
    }
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Snapshot {
    /// Always `tenantaudit.snapshot/v1` for this version of the contract.
    pub schema: String,
    pub tool_version: String,
    pub tenant: TenantIdentity,
    pub started_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
    /// One record per collection, keyed by collection name (e.g. `users`).
    pub collections: BTreeMap<String, CollectionRecord>,
    pub common: CommonModel,
    /// The provider section, typed after the provider's API.
    pub provider: ProviderSection,
    /// Exclusions the configuration approved when this snapshot was taken, so
    /// that `check` on the saved snapshot reproduces the live findings.
    #[serde(default)]
    pub approved_exclusions: ApprovedExclusions,
}

/// Conditional-access exclusions the tenant has approved (break-glass
/// accounts, named groups, an enrolment app, service-provider guests), by
/// object id, application id, role template id or guest type.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ApprovedExclusions {
    #[serde(default)]
    pub users: Vec<String>,
    #[serde(default)]
    pub groups: Vec<String>,
    /// Application (client) ids, or `Office365` / `MicrosoftAdminPortals`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub applications: Vec<String>,
    /// Directory role template ids (e.g. Directory Synchronization Accounts).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    /// `guestOrExternalUserTypes` values, e.g. `serviceProvider`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub guest_user_types: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TenantIdentity {
    pub provider: Provider,
    /// Entra tenant id, or Salesforce organization id.
    pub tenant_id: String,
    /// Primary verified domain (Microsoft 365) or instance host (Salesforce).
    pub domain: String,
    pub display_name: String,
    /// The tenant's label in the configuration.
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProviderSection {
    M365(Box<m365::M365Section>),
    Salesforce(Box<salesforce::SalesforceSection>),
}

#[derive(Debug, thiserror::Error)]
pub enum SnapshotLoadError {
    #[error("cannot read snapshot {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: not a valid tenantaudit snapshot: {source}")]
    Parse {
        path: String,
        source: serde_json::Error,
    },
    #[error(
        "{path}: schema {found:?} is not supported; this tenantaudit reads {SNAPSHOT_SCHEMA:?}"
    )]
    Schema { path: String, found: String },
}

impl Snapshot {
    pub fn provider(&self) -> Provider {
        self.tenant.provider
    }

    pub fn collection(&self, name: &str) -> Option<&CollectionRecord> {
        self.collections.get(name)
    }

    pub fn m365(&self) -> Option<&m365::M365Section> {
        match &self.provider {
            ProviderSection::M365(section) => Some(section),
            ProviderSection::Salesforce(_) => None,
        }
    }

    pub fn salesforce(&self) -> Option<&salesforce::SalesforceSection> {
        match &self.provider {
            ProviderSection::Salesforce(section) => Some(section),
            ProviderSection::M365(_) => None,
        }
    }

    /// Reads a snapshot file, checking its schema before anything else so that a
    /// file of another version gets a clear error rather than a field-level one.
    pub fn load(path: &Path) -> Result<Snapshot, SnapshotLoadError> {
        let shown = path.display().to_string();
        let text = crate::input_file::read_to_string(path, crate::input_file::SNAPSHOT_MAX)
            .map_err(|source| SnapshotLoadError::Io {
                path: shown.clone(),
                source,
            })?;
        #[derive(Deserialize)]
        struct Head {
            schema: Option<String>,
        }
        let head: Head =
            serde_json::from_str(&text).map_err(|source| SnapshotLoadError::Parse {
                path: shown.clone(),
                source,
            })?;
        let found = head.schema.unwrap_or_default();
        if found != SNAPSHOT_SCHEMA {
            return Err(SnapshotLoadError::Schema { path: shown, found });
        }
        serde_json::from_str(&text).map_err(|source| SnapshotLoadError::Parse {
            path: shown,
            source,
        })
    }
}

#[cfg(test)]
mod load_proptest;

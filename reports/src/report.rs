use crate::{Finding, Scores};
use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

pub const REPORT_SCHEMA: &str = "tenantaudit.report/v1";

/// The whole output of one run: what was audited, every finding and the scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Report {
    /// Always `tenantaudit.report/v1` for this version of the contract.
    pub schema: String,
    pub tool: ToolInfo,
    pub run: RunInfo,
    pub tenants: Vec<TenantSummary>,
    pub findings: Vec<Finding>,
    pub scores: Scores,
    /// Every exception of the exceptions file and what became of it.
    #[serde(default)]
    pub exceptions: Vec<ExceptionStatus>,
}

/// An entry of the exceptions file and whether it applied.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ExceptionStatus {
    pub check_id: String,
    /// Tenant id or label the exception is limited to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant: Option<String>,
    /// Object id (or name) the exception is limited to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object: Option<String>,
    pub justification: String,
    pub owner: String,
    pub approved_by: String,
    pub expires: chrono::NaiveDate,
    /// `applied`, `expired` (past its date: not applied), `stale` (matched
    /// no failing finding: the exception can be removed or is mistyped) or
    /// `ambiguous` (its object's name is carried by several objects of a
    /// tenant: not applied there; name the object by id).
    pub state: String,
    /// Findings it waived, as `check_id/tenant_id`.
    #[serde(default)]
    pub matched: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ToolInfo {
    pub name: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RunInfo {
    pub id: String,
    /// `audit`, `demo` or `check` (offline, from snapshots).
    pub mode: String,
    pub started_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
    /// The instant checks measured ages against (the snapshot's collection end).
    pub evaluated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TenantSummary {
    pub provider: String,
    pub tenant_id: String,
    pub display_name: String,
    /// Primary domain (Microsoft 365) or instance URL host (Salesforce).
    pub domain: String,
    /// Config label of the tenant.
    pub label: String,
    pub collected_at: DateTime<Utc>,
    /// Status per collection, keyed by collection name.
    pub collections: BTreeMap<String, CollectionSummary>,
    /// What the summary says once about this tenant, e.g. a licence it lacks
    /// that makes a group of checks not applicable.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The check profile this tenant was assessed with (`only`, `disabled`,
    /// `params`, `severity`), when the configuration sets any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<serde_json::Value>,
}

impl TenantSummary {
    /// Collections that could not be read (`error`).
    pub fn failed_collections(&self) -> usize {
        self.collections
            .values()
            .filter(|c| c.status == "error")
            .count()
    }

    /// A tenant is partial when any collection failed: its findings and
    /// score stand on missing evidence, so trends show it as a gap and drift
    /// never counts against it. `not_licensed` and `skipped` collections are
    /// expected states of a tenant, not failures.
    pub fn is_partial(&self) -> bool {
        self.failed_collections() > 0
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CollectionSummary {
    /// `ok`, `error`, `not_licensed` or `skipped`.
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ReportLoadError {
    #[error("cannot read report {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path} is not a tenantaudit report: {source}")]
    Parse {
        path: String,
        source: serde_json::Error,
    },
    #[error("{path} has schema {found:?}; this tenantaudit reads {REPORT_SCHEMA:?}")]
    Schema { path: String, found: String },
}

impl Report {
    /// The same run narrowed to one tenant: its findings, its scores, and the
    /// exceptions that applied to it or could have (not those of other tenants).
    pub fn for_tenant(&self, tenant: &TenantSummary) -> Report {
        let findings: Vec<Finding> = self
            .findings
            .iter()
            .filter(|f| f.tenant_id == tenant.tenant_id)
            .cloned()
            .collect();
        let exceptions = self
            .exceptions
            .iter()
            .filter(|e| {
                e.tenant
                    .as_ref()
                    .is_none_or(|t| *t == tenant.tenant_id || *t == tenant.label)
                    && findings.iter().any(|f| f.check_id == e.check_id)
            })
            .cloned()
            .collect();
        Report {
            schema: self.schema.clone(),
            tool: self.tool.clone(),
            run: self.run.clone(),
            tenants: vec![tenant.clone()],
            scores: Scores::from_findings(&findings),
            findings,
            exceptions,
        }
    }

    pub fn load(path: &Path) -> Result<Report, ReportLoadError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| ReportLoadError::Io {
            path: shown.clone(),
            source,
        })?;
        let value: serde_json::Value =
            serde_json::from_str(&text).map_err(|source| ReportLoadError::Parse {
                path: shown.clone(),
                source,
            })?;
        let found = value.get("schema").and_then(|s| s.as_str()).unwrap_or("");
        if found != REPORT_SCHEMA {
            return Err(ReportLoadError::Schema {
                path: shown,
                found: found.to_string(),
            });
        }
        serde_json::from_value(value).map_err(|source| ReportLoadError::Parse {
            path: shown,
            source,
        })
    }
}

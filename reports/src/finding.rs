use crate::{Area, Severity};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Outcome of one check on one tenant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Pass,
    Fail,
    /// Evidence missing or malformed; counts against the score (fail closed).
    Error,
    NotApplicable,
    /// Cannot be decided by API; the message says what to look at.
    Manual,
    /// A `fail` matched by an approved exception.
    Waived,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Error => "error",
            Status::NotApplicable => "not_applicable",
            Status::Manual => "manual",
            Status::Waived => "waived",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// A tenant object a finding is about (a user, a policy, an app...).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AffectedObject {
    /// The provider's id for the object.
    pub id: String,
    pub display_name: String,
    /// Why this object is named in the finding.
    pub reason: String,
}

/// Where in the snapshot a finding's evidence sits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Evidence {
    /// Snapshot collection the value came from.
    pub collection: String,
    /// JSON path of the value inside the collection's items.
    pub path: String,
    /// The value as the provider reported it.
    pub value: serde_json::Value,
}

/// One check evaluated on one tenant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Finding {
    pub check_id: String,
    pub title: String,
    /// `m365` or `salesforce`.
    pub provider: String,
    pub tenant_id: String,
    pub area: Area,
    pub severity: Severity,
    pub status: Status,
    /// One sentence saying what was found.
    pub message: String,
    #[serde(default)]
    pub affected: Vec<AffectedObject>,
    #[serde(default)]
    pub evidence: Vec<Evidence>,
    /// For `error` and `not_applicable`: the permission, licence or collection that would fix it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
    /// Framework references (CISA SCuBA, CIS, EIDSCA, SBS, Health Check).
    pub references: Vec<String>,
    pub remediation: String,
    /// How to read the check's documentation with the binary alone:
    /// `tenantaudit checks explain <check_id>`.
    pub docs: String,
    /// Accountable owner from the configuration, when one is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Approved exceptions that matched this finding. A finding is `waived`
    /// when they cover it whole; one that covers some affected objects moves
    /// them here and leaves the rest failing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exceptions: Vec<ExceptionDetails>,
}

/// An approved exception, as applied to a finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ExceptionDetails {
    pub justification: String,
    pub owner: String,
    pub approved_by: String,
    /// Last day the exception applies (inclusive).
    pub expires: chrono::NaiveDate,
    /// The affected objects it waives; empty when it waives the whole finding.
    #[serde(default)]
    pub objects: Vec<AffectedObject>,
}

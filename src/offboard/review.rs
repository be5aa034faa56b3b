//! The review model: per person, per tenant, per matched account, the
//! residual-access items with their evidence and remediation. This is what
//! every renderer reads; `offboard.json` is it, serialised.

use super::matching::Matched;
use super::person::Person;
use chrono::{DateTime, Utc};
use serde::Serialize;
use tenantaudit_connector::collect::Collected;
use tenantaudit_connector::snapshot::CollectionStatus;

pub const OFFBOARD_SCHEMA: &str = "tenantaudit.offboard/v1";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Clear,
    /// Could not be collected: never counted as clear.
    Unknown,
    Residual,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Clear => "clear",
            Status::Unknown => "unknown",
            Status::Residual => "residual",
        }
    }

    /// The worst of many: residual over unknown over clear; clear when empty.
    pub fn worst(all: impl IntoIterator<Item = Status>) -> Status {
        all.into_iter().max().unwrap_or(Status::Clear)
    }
}

/// One thing the person still holds (or is verified not to).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Item {
    /// Stable id of the kind of access, e.g. `account_enabled`, `oauth_token`.
    pub kind: &'static str,
    pub status: Status,
    /// What was found, in a sentence.
    pub summary: String,
    /// The request(s) it was read from and the values that decided it.
    pub evidence: Vec<String>,
    /// The admin action that removes it (residual), or what to look at or
    /// fix to collect it (unknown). Empty when clear.
    pub remediation: String,
}

impl Item {
    pub fn clear(kind: &'static str, summary: impl Into<String>) -> Item {
        Item {
            kind,
            status: Status::Clear,
            summary: summary.into(),
            evidence: Vec::new(),
            remediation: String::new(),
        }
    }

    pub fn residual(
        kind: &'static str,
        summary: impl Into<String>,
        remediation: impl Into<String>,
    ) -> Item {
        Item {
            kind,
            status: Status::Residual,
            summary: summary.into(),
            evidence: Vec::new(),
            remediation: remediation.into(),
        }
    }

    pub fn unknown(
        kind: &'static str,
        summary: impl Into<String>,
        remediation: impl Into<String>,
    ) -> Item {
        Item {
            kind,
            status: Status::Unknown,
            summary: summary.into(),
            evidence: Vec::new(),
            remediation: remediation.into(),
        }
    }

    pub fn evidence(mut self, line: impl Into<String>) -> Item {
        self.evidence.push(line.into());
        self
    }

    /// `clear` when `value` is `false`, else `residual`: for a flag that
    /// decides one item on its own.
    pub fn verdict(
        kind: &'static str,
        held: bool,
        clear: impl Into<String>,
        residual: impl Into<String>,
        remediation: impl Into<String>,
    ) -> Item {
        if held {
            Item::residual(kind, residual, remediation)
        } else {
            Item::clear(kind, clear)
        }
    }
}

/// The data of a read, or the `unknown` item saying why there is none:
/// which endpoint failed, how, and what would fix it.
pub fn collected<'a, T>(kind: &'static str, read: &'a Collected<T>) -> Result<&'a T, Item> {
    let record = &read.record;
    let endpoint = record.endpoints.join(", ");
    match (&read.data, record.status) {
        (Some(data), CollectionStatus::Ok) => Ok(data),
        _ => {
            let (why, fix) = match &record.error {
                Some(e) => (format!("{}: {}", e.kind.as_str(), e.message), e.fix.clone()),
                None => (
                    format!("status {}", record.status.as_str()),
                    record.permission.clone(),
                ),
            };
            Err(Item::unknown(
                kind,
                format!("could not be collected ({why})"),
                format!("{fix} (needs {})", record.permission),
            )
            .evidence(format!("GET {endpoint}")))
        }
    }
}

/// The source line for evidence: the read's first endpoint.
pub fn source<T>(read: &Collected<T>) -> String {
    format!("GET {}", read.record.endpoints.join(", "))
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Account {
    pub id: String,
    pub login: String,
    pub display_name: String,
    pub matched_by: Vec<Matched>,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Lookup {
    Found,
    /// The directory was read and no account matches.
    NotFound,
    /// The directory could not be read: whether the person has an account
    /// here is unknown.
    Failed,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct TenantResult {
    pub label: String,
    pub provider: String,
    pub lookup: Lookup,
    /// Why the lookup failed, and the fix.
    pub detail: Option<String>,
    pub accounts: Vec<Account>,
}

impl TenantResult {
    pub fn status(&self) -> Status {
        match self.lookup {
            Lookup::Failed => Status::Unknown,
            Lookup::NotFound => Status::Clear,
            Lookup::Found => Status::worst(
                self.accounts
                    .iter()
                    .flat_map(|a| a.items.iter().map(|i| i.status)),
            ),
        }
    }
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PersonResult {
    pub person: Person,
    /// Clear only when every item in every tenant is clear.
    pub status: Status,
    pub tenants: Vec<TenantResult>,
}

impl PersonResult {
    pub fn new(person: Person, tenants: Vec<TenantResult>) -> PersonResult {
        let status = Status::worst(tenants.iter().map(TenantResult::status));
        PersonResult {
            person,
            status,
            tenants,
        }
    }
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Review {
    pub schema: &'static str,
    pub tool_version: &'static str,
    pub generated_at: DateTime<Utc>,
    pub status: Status,
    pub people: Vec<PersonResult>,
}

impl Review {
    pub fn new(people: Vec<PersonResult>, generated_at: DateTime<Utc>) -> Review {
        Review {
            schema: OFFBOARD_SCHEMA,
            tool_version: env!("CARGO_PKG_VERSION"),
            generated_at,
            status: Status::worst(people.iter().map(|p| p.status)),
            people,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn residual_beats_unknown_beats_clear() {
        assert_eq!(Status::worst([]), Status::Clear);
        assert_eq!(
            Status::worst([Status::Clear, Status::Unknown]),
            Status::Unknown
        );
        assert_eq!(
            Status::worst([Status::Residual, Status::Unknown]),
            Status::Residual
        );
    }
}

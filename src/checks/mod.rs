//! The check catalog: one file per check, one registry (`registry.rs`).
//!
//! A check is static metadata ([`CheckMeta`]) plus an `evaluate` function that
//! reads a snapshot and returns an [`Outcome`]. The engine has already made
//! sure the collections the check needs were collected; a check still returns
//! [`Missing`] when a field it reads is absent, which the engine reports as
//! `error` (fail closed).

pub mod common;
pub mod m365;
mod params;
mod plural;
pub mod registry;
pub mod salesforce;

pub use params::{ParamDefault, ParamSpec, ParamValue, Params};
pub use plural::{agree, all, plural};

use chrono::{DateTime, Utc};
use tenantaudit_connector::snapshot::Snapshot;
use tenantaudit_connector::Provider;
use tenantaudit_report::{AffectedObject, Area, Evidence, Severity, Status};

/// What the run summary says once about a tenant, whatever checks ran: a
/// licence it lacks that makes a group of checks not applicable.
pub fn notes(snapshot: &Snapshot) -> Vec<String> {
    m365::notes(snapshot)
}

/// Everything about a check that does not depend on a tenant.
#[derive(Debug)]
pub struct CheckMeta {
    pub id: &'static str,
    pub title: &'static str,
    pub providers: &'static [Provider],
    pub area: Area,
    pub severity: Severity,
    /// Snapshot collections the check reads: a name applies to every provider
    /// the check runs on, `provider:name` (e.g. `salesforce:oauth_tokens`) to one.
    pub needs: &'static [&'static str],
    /// CISA SCuBA, CIS, EIDSCA, SBS and Health Check references.
    pub references: &'static [&'static str],
    /// Why it matters.
    pub rationale: &'static str,
    /// What the check does, including where it departs from ScubaGear or CIS.
    pub logic: &'static str,
    pub remediation: &'static str,
    pub params: &'static [ParamSpec],
}

impl CheckMeta {
    /// Where a reader with only the binary finds the check's page (the same
    /// text as `docs/checks/<ID>.md` in the repository).
    pub fn docs(&self) -> String {
        format!("tenantaudit checks explain {}", self.id)
    }
}

/// What an evaluation sees: one tenant's snapshot, this check's parameters,
/// the tenant's approved exclusions and the instant ages are measured from.
pub struct Context<'a> {
    pub snapshot: &'a Snapshot,
    /// Every snapshot of the run, this one included, for cross-tenant checks
    /// (COM-ID-03); a per-tenant check reads `snapshot` only.
    pub run: &'a [Snapshot],
    pub params: &'a Params,
    pub exclusions: &'a crate::config::Exclusions,
    /// The snapshot's collection time, so that `check` on a saved snapshot
    /// reproduces the live run's findings.
    pub now: DateTime<Utc>,
}

pub struct Check {
    pub meta: &'static CheckMeta,
    pub evaluate: fn(&Context) -> Result<Outcome, Missing>,
}

/// The result of one evaluation, before the engine adds metadata and owner.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub status: Status,
    pub message: String,
    pub affected: Vec<AffectedObject>,
    pub evidence: Vec<Evidence>,
    pub fix: Option<String>,
}

impl Outcome {
    fn new(status: Status, message: impl Into<String>) -> Outcome {
        Outcome {
            status,
            message: message.into(),
            affected: Vec::new(),
            evidence: Vec::new(),
            fix: None,
        }
    }

    pub fn pass(message: impl Into<String>) -> Outcome {
        Outcome::new(Status::Pass, message)
    }

    pub fn fail(message: impl Into<String>) -> Outcome {
        Outcome::new(Status::Fail, message)
    }

    pub fn error(message: impl Into<String>, fix: impl Into<String>) -> Outcome {
        Outcome::new(Status::Error, message).fix(fix)
    }

    pub fn not_applicable(message: impl Into<String>, fix: impl Into<String>) -> Outcome {
        Outcome::new(Status::NotApplicable, message).fix(fix)
    }

    pub fn manual(message: impl Into<String>) -> Outcome {
        Outcome::new(Status::Manual, message)
    }

    /// `pass` when `failed` is false, else `fail`, each with its own message.
    pub fn verdict(failed: bool, pass: impl Into<String>, fail: impl Into<String>) -> Outcome {
        if failed {
            Outcome::fail(fail)
        } else {
            Outcome::pass(pass)
        }
    }

    pub fn affected(
        mut self,
        id: impl Into<String>,
        display_name: impl Into<String>,
        reason: impl Into<String>,
    ) -> Outcome {
        self.affected.push(AffectedObject {
            id: id.into(),
            display_name: display_name.into(),
            reason: reason.into(),
        });
        self
    }

    pub fn evidence(
        mut self,
        collection: &str,
        path: impl Into<String>,
        value: impl Into<serde_json::Value>,
    ) -> Outcome {
        self.evidence.push(Evidence {
            collection: collection.to_string(),
            path: path.into(),
            value: value.into(),
        });
        self
    }

    pub fn fix(mut self, fix: impl Into<String>) -> Outcome {
        self.fix = Some(fix.into());
        self
    }
}

/// Evidence a check needs that the snapshot does not hold.
#[derive(Debug, Clone, PartialEq)]
pub struct Missing {
    pub collection: &'static str,
    pub what: String,
}

/// The value, or [`Missing`] naming the collection and field it should come from.
pub fn need<'a, T: ?Sized>(
    value: Option<&'a T>,
    collection: &'static str,
    what: &str,
) -> Result<&'a T, Missing> {
    value.ok_or_else(|| Missing {
        collection,
        what: what.to_string(),
    })
}

/// Declares a check's metadata as a `pub static META`.
macro_rules! check_meta {
    ($($field:ident: $value:expr),* $(,)?) => {
        pub static META: $crate::checks::CheckMeta = $crate::checks::CheckMeta {
            $($field: $value),*
        };
    };
}
pub(crate) use check_meta;

//! Framework compliance: one row per framework control with the checks
//! behind it and the control's status on each tenant of a report.
//!
//! A control passes on a tenant only when every mapped check that ran there
//! passes. Otherwise the status that most needs attention wins: `fail`,
//! then `error` (evidence missing: fail closed), `manual`, `waived` (a
//! failure covered by an approved exception). A control none of whose
//! checks ran on a tenant (another provider, a disabled check) is
//! `not_assessed` there; one whose checks were all not applicable is
//! `not_applicable`.

use crate::catalog::{Catalog, ControlRef, Framework};
use crate::glance::tenant_label;
use crate::{Report, Status};
use schemars::JsonSchema;
use serde::Serialize;
use std::collections::BTreeMap;

/// A control's status on one tenant, or across the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ControlStatus {
    Fail,
    Error,
    Manual,
    Waived,
    Pass,
    NotApplicable,
    NotAssessed,
}

impl ControlStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ControlStatus::Fail => "fail",
            ControlStatus::Error => "error",
            ControlStatus::Manual => "manual",
            ControlStatus::Waived => "waived",
            ControlStatus::Pass => "pass",
            ControlStatus::NotApplicable => "not_applicable",
            ControlStatus::NotAssessed => "not_assessed",
        }
    }

    fn of(status: Status) -> ControlStatus {
        match status {
            Status::Fail => ControlStatus::Fail,
            Status::Error => ControlStatus::Error,
            Status::Manual => ControlStatus::Manual,
            Status::Waived => ControlStatus::Waived,
            Status::Pass => ControlStatus::Pass,
            Status::NotApplicable => ControlStatus::NotApplicable,
        }
    }

    /// The combined status of several: the variant order is the precedence.
    pub fn combine(statuses: impl IntoIterator<Item = ControlStatus>) -> ControlStatus {
        statuses
            .into_iter()
            .min()
            .unwrap_or(ControlStatus::NotAssessed)
    }
}

/// One check's status on one tenant, behind a control.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct CheckStatus {
    pub check_id: String,
    pub status: Status,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct TenantControl {
    pub tenant_id: String,
    /// The tenant's config label (its display name when unset).
    pub tenant: String,
    pub status: ControlStatus,
    /// The mapped checks that ran on the tenant, with their statuses.
    pub checks: Vec<CheckStatus>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ComplianceRow {
    pub framework: &'static str,
    pub framework_name: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<&'static str>,
    pub control: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<&'static str>,
    /// Every check mapped to the control, whether or not it ran.
    pub checks: Vec<&'static str>,
    /// Across every tenant.
    pub status: ControlStatus,
    pub tenants: Vec<TenantControl>,
}

/// How much of a framework the checks cover.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Coverage {
    #[serde(flatten)]
    pub framework: Framework,
    /// Distinct controls at least one check maps to.
    pub controls_covered: usize,
}

/// Every framework with the number of its controls the checks map to.
pub fn coverage(catalog: &Catalog) -> Vec<Coverage> {
    let controls = controls(catalog);
    catalog
        .frameworks
        .iter()
        .map(|f| Coverage {
            framework: f.clone(),
            controls_covered: controls.keys().filter(|c| c.0 == f.id).count(),
        })
        .collect()
}

/// (framework, control) → the control and the checks mapped to it, in
/// framework order then natural control order.
type Controls<'a> = BTreeMap<(&'static str, Vec<IdPart>), (&'a ControlRef, Vec<&'static str>)>;

fn controls(catalog: &Catalog) -> Controls<'_> {
    let mut out: Controls = BTreeMap::new();
    for check in &catalog.checks {
        for control in &check.controls {
            let entry = out
                .entry((control.framework, natural_key(&control.control)))
                .or_insert((control, Vec::new()));
            if !entry.1.contains(&check.id) {
                entry.1.push(check.id);
            }
        }
    }
    for (_, checks) in out.values_mut() {
        checks.sort_unstable();
    }
    out
}

/// One row per control any check maps to, with its status per tenant of
/// `report`, frameworks in catalog order.
pub fn rows(report: &Report, catalog: &Catalog) -> Vec<ComplianceRow> {
    let controls = controls(catalog);
    let mut rows = Vec::with_capacity(controls.len());
    for framework in &catalog.frameworks {
        let mapped = controls.iter().filter(|((id, _), _)| *id == framework.id);
        for (_, (control, checks)) in mapped {
            let tenants: Vec<TenantControl> = report
                .tenants
                .iter()
                .map(|t| {
                    let ran: Vec<CheckStatus> = report
                        .findings
                        .iter()
                        .filter(|f| {
                            f.tenant_id == t.tenant_id && checks.contains(&f.check_id.as_str())
                        })
                        .map(|f| CheckStatus {
                            check_id: f.check_id.clone(),
                            status: f.status,
                        })
                        .collect();
                    TenantControl {
                        tenant_id: t.tenant_id.clone(),
                        tenant: tenant_label(t).to_string(),
                        status: tenant_status(&ran),
                        checks: ran,
                    }
                })
                .collect();
            rows.push(ComplianceRow {
                framework: framework.id,
                framework_name: framework.name,
                version: framework.version,
                control: control.control.clone(),
                title: control.title,
                checks: checks.clone(),
                status: overall(&tenants),
                tenants,
            });
        }
    }
    rows
}

/// Not applicable only when every check that ran was; a not-applicable
/// check beside others does not hide their result.
fn tenant_status(ran: &[CheckStatus]) -> ControlStatus {
    let decided = ran
        .iter()
        .map(|c| ControlStatus::of(c.status))
        .filter(|s| *s != ControlStatus::NotApplicable);
    match ControlStatus::combine(decided) {
        ControlStatus::NotAssessed if !ran.is_empty() => ControlStatus::NotApplicable,
        status => status,
    }
}

fn overall(tenants: &[TenantControl]) -> ControlStatus {
    let assessed: Vec<ControlStatus> = tenants
        .iter()
        .map(|t| t.status)
        .filter(|s| *s != ControlStatus::NotAssessed)
        .collect();
    let decided = assessed
        .iter()
        .copied()
        .filter(|s| *s != ControlStatus::NotApplicable);
    match ControlStatus::combine(decided) {
        ControlStatus::NotAssessed if !assessed.is_empty() => ControlStatus::NotApplicable,
        status => status,
    }
}

/// A control id split into numbers and text, so that `5.2.2.10` sorts
/// after `5.2.2.9` and `AC-2(3)` after `AC-2`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum IdPart {
    Number(u64),
    Text(String),
}

fn natural_key(id: &str) -> Vec<IdPart> {
    let mut parts = Vec::new();
    let mut rest = id;
    while let Some(c) = rest.chars().next() {
        let digits = c.is_ascii_digit();
        let end = rest
            .find(|ch: char| ch.is_ascii_digit() != digits)
            .unwrap_or(rest.len());
        let (part, tail) = rest.split_at(end);
        parts.push(match part.parse() {
            Ok(n) if digits => IdPart::Number(n),
            _ => IdPart::Text(part.to_string()),
        });
        rest = tail;
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_ids_sort_naturally() {
        let mut ids = ["5.2.2.10", "5.2.2.9", "AC-2(3)", "AC-2", "A.8.15", "A.8.5"];
        ids.sort_by_key(|id| natural_key(id));
        assert_eq!(
            ids,
            ["5.2.2.9", "5.2.2.10", "A.8.5", "A.8.15", "AC-2", "AC-2(3)"]
        );
    }

    #[test]
    fn a_control_passes_only_when_every_check_passes() {
        let of = |s: &[Status]| {
            tenant_status(
                &s.iter()
                    .map(|&status| CheckStatus {
                        check_id: "X".into(),
                        status,
                    })
                    .collect::<Vec<_>>(),
            )
        };
        assert_eq!(of(&[Status::Pass, Status::Pass]), ControlStatus::Pass);
        assert_eq!(of(&[Status::Pass, Status::Manual]), ControlStatus::Manual);
        assert_eq!(of(&[Status::Error, Status::Manual]), ControlStatus::Error);
        assert_eq!(of(&[Status::Error, Status::Fail]), ControlStatus::Fail);
        assert_eq!(of(&[Status::Pass, Status::Waived]), ControlStatus::Waived);
        assert_eq!(
            of(&[Status::Pass, Status::NotApplicable]),
            ControlStatus::Pass
        );
        assert_eq!(of(&[Status::NotApplicable]), ControlStatus::NotApplicable);
        assert_eq!(of(&[]), ControlStatus::NotAssessed);
    }
}

//! What the people-facing formats (HTML, Markdown) show first: findings in
//! reading order and the failures counted by severity and by owner. One
//! place, so that every format counts the same way.

use crate::{Finding, Report, Severity, Status, TenantSummary};
use std::collections::BTreeMap;

/// Shown for findings whose area has no accountable owner in the config.
pub const UNASSIGNED: &str = "unassigned";

/// `fail` and `error` are what someone has to act on; `error` is a failure
/// too, because its evidence is missing (fail closed).
pub fn is_failing(status: Status) -> bool {
    matches!(status, Status::Fail | Status::Error)
}

/// Failures first, then errors, then what needs a person, then the rest.
pub fn status_rank(status: Status) -> u8 {
    match status {
        Status::Fail => 0,
        Status::Error => 1,
        Status::Manual => 2,
        Status::Waived => 3,
        Status::NotApplicable => 4,
        Status::Pass => 5,
    }
}

/// Every status, in reading order.
pub const STATUSES: [Status; 6] = [
    Status::Fail,
    Status::Error,
    Status::Manual,
    Status::Waived,
    Status::NotApplicable,
    Status::Pass,
];

/// Most severe first.
pub const SEVERITIES: [Severity; 4] = [
    Severity::Critical,
    Severity::High,
    Severity::Medium,
    Severity::Low,
];

/// Findings by status (failures first), then severity (most severe first),
/// then check id and tenant, so that the same report always reads the same.
pub fn reading_order(findings: &[Finding]) -> Vec<&Finding> {
    let mut sorted: Vec<&Finding> = findings.iter().collect();
    sorted.sort_by(|a, b| {
        (
            status_rank(a.status),
            std::cmp::Reverse(a.severity),
            &a.check_id,
            &a.tenant_id,
        )
            .cmp(&(
                status_rank(b.status),
                std::cmp::Reverse(b.severity),
                &b.check_id,
                &b.tenant_id,
            ))
    });
    sorted
}

/// Failing findings per severity, every severity listed, most severe first.
pub fn failing_by_severity(report: &Report) -> Vec<(Severity, usize)> {
    SEVERITIES
        .iter()
        .map(|&severity| {
            let count = report
                .findings
                .iter()
                .filter(|f| f.severity == severity && is_failing(f.status))
                .count();
            (severity, count)
        })
        .collect()
}

/// Failing findings per accountable owner ([`UNASSIGNED`] when none is
/// set), most failures first. Owners without failures are not listed.
pub fn failing_by_owner(report: &Report) -> Vec<(String, usize)> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for finding in report.findings.iter().filter(|f| is_failing(f.status)) {
        *counts
            .entry(finding.owner.as_deref().unwrap_or(UNASSIGNED))
            .or_default() += 1;
    }
    let mut owners: Vec<(String, usize)> = counts
        .into_iter()
        .map(|(owner, count)| (owner.to_string(), count))
        .collect();
    owners.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    owners
}

/// The tenant's display name, or its id when the report does not list it.
pub fn tenant_name<'a>(report: &'a Report, tenant_id: &'a str) -> &'a str {
    report
        .tenants
        .iter()
        .find(|t| t.tenant_id == tenant_id)
        .map(|t| t.display_name.as_str())
        .filter(|name| !name.is_empty())
        .unwrap_or(tenant_id)
}

/// The tenant's config label, or its display name when the label is unset.
pub fn tenant_label(tenant: &TenantSummary) -> &str {
    if tenant.label.is_empty() {
        &tenant.display_name
    } else {
        &tenant.label
    }
}

/// `28.4%`, or `n/a` when nothing in scope was evaluated.
pub fn percent_text(percent: Option<f64>) -> String {
    percent
        .map(|p| format!("{p:.1}%"))
        .unwrap_or_else(|| "n/a".into())
}

/// When a finding has to be fixed by: the earliest expiry of the exceptions
/// on it, else of any exception for its check and tenant (an expired one
/// was not applied, and its date has passed), with the justification.
pub fn exception_due<'a>(
    report: &'a Report,
    f: &'a Finding,
) -> Option<(chrono::NaiveDate, &'a str)> {
    let on_finding = f
        .exceptions
        .iter()
        .map(|e| (e.expires, e.justification.as_str()));
    let tenant = report.tenants.iter().find(|t| t.tenant_id == f.tenant_id);
    let in_file = report
        .exceptions
        .iter()
        .filter(|e| {
            e.check_id == f.check_id
                && e.tenant.as_ref().is_none_or(|t| {
                    *t == f.tenant_id || tenant.is_some_and(|tenant| *t == tenant.label)
                })
        })
        .map(|e| (e.expires, e.justification.as_str()));
    on_finding.chain(in_file).min_by_key(|e| e.0)
}

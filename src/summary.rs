//! The summary table printed on stdout after a run. Every value from a
//! tenant or an input file is shown through [`Safe`]: one line each, no
//! control character reaches the terminal.

use crate::terminal::Safe;
use std::fmt::Write;
use tenantaudit_report::{Report, Status};

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for tenant in &report.tenants {
        let score = report.scores.by_tenant.get(&tenant.tenant_id);
        let percent = score
            .and_then(|s| s.percent)
            .map(|p| format!("{p:.1}%"))
            .unwrap_or_else(|| "n/a".into());
        let _ = writeln!(
            out,
            "\n{} ({}, {}): score {percent}",
            Safe(&tenant.display_name),
            tenant.provider,
            Safe(&tenant.tenant_id)
        );
        for note in &tenant.notes {
            let _ = writeln!(out, "  note: {note}");
        }
        let _ = writeln!(
            out,
            "  {:<14} {:<9} {:<12} MESSAGE",
            "STATUS", "SEVERITY", "CHECK"
        );
        let mut findings: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.tenant_id == tenant.tenant_id)
            .collect();
        findings.sort_by_key(|f| {
            (
                order(f.status),
                std::cmp::Reverse(f.severity),
                f.check_id.clone(),
            )
        });
        for f in findings {
            let _ = writeln!(
                out,
                "  {:<14} {:<9} {:<12} {}",
                f.status.as_str(),
                f.severity.as_str(),
                Safe(&f.check_id),
                Safe(&f.message)
            );
        }
    }
    if !report.scores.by_owner.is_empty() {
        let _ = writeln!(out, "\nFailures by owner:");
        for (owner, score) in &report.scores.by_owner {
            let _ = writeln!(
                out,
                "  {}: {} fail, {} error, {} waived",
                Safe(owner),
                score.fail,
                score.error,
                score.waived
            );
        }
    }
    if !report.exceptions.is_empty() {
        let _ = writeln!(out, "\nExceptions:");
        for e in &report.exceptions {
            let scope = e
                .object
                .as_deref()
                .map(|o| format!(" ({})", Safe(o)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  {:<8} {}{scope}, owner {}, expires {}",
                e.state,
                Safe(&e.check_id),
                Safe(&e.owner),
                e.expires
            );
        }
        if report.exceptions.iter().any(|e| e.state == "ambiguous") {
            let _ = writeln!(
                out,
                "  (ambiguous: the object's name is carried by several objects of a tenant, so the exception was not applied there; name the object by its id)"
            );
        }
    }
    let overall = report
        .scores
        .overall
        .percent
        .map(|p| format!("{p:.1}%"))
        .unwrap_or_else(|| "n/a".into());
    let s = &report.scores.overall;
    let _ = writeln!(
        out,
        "\nOverall score {overall}: {} pass, {} fail, {} error, {} not applicable, {} manual, {} waived",
        s.pass, s.fail, s.error, s.not_applicable, s.manual, s.waived
    );
    out
}

/// Failures first, then errors, then the rest.
fn order(status: Status) -> u8 {
    match status {
        Status::Fail => 0,
        Status::Error => 1,
        Status::Manual => 2,
        Status::NotApplicable => 3,
        Status::Waived => 4,
        Status::Pass => 5,
    }
}

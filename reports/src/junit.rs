//! `report.junit.xml`: findings as test results, so that CI systems (GitLab,
//! GitHub Actions reporters, Jenkins, Azure DevOps) show them natively.
//!
//! One `<testsuite>` per tenant, one `<testcase>` per check on that tenant.
//! `fail` → `<failure>`, `error` → `<error>` (evidence missing: fail closed,
//! never a pass), `not_applicable` and `manual` → `<skipped>`, `pass` and
//! `waived` → a passing test case (a waived one says so in `<system-out>`).
//!
//! Written to the Jenkins xUnit `junit-10.xsd`, the schema most consumers
//! accept: `<testsuites>` carries name, tests, failures, errors and time (that
//! schema allows no `skipped` there), each `<testsuite>` adds skipped and
//! timestamp. Every text goes through [`escape`], which also drops the
//! characters XML 1.0 cannot carry, so tenant data can never break the file.

use crate::glance::tenant_name;
use crate::{write_atomically, Finding, Report, Status};
use std::fmt::Write as _;
use std::path::Path;

/// Affected objects listed in a failure's text; the rest are counted.
const MAX_AFFECTED: usize = 200;

pub fn write(report: &Report, path: &Path) -> std::io::Result<()> {
    let xml = render(report);
    write_atomically(path, |out| out.write_all(xml.as_bytes()))
}

#[derive(Default)]
struct Counts {
    tests: usize,
    failures: usize,
    errors: usize,
    skipped: usize,
}

impl Counts {
    fn of<'a>(findings: impl Iterator<Item = &'a Finding>) -> Counts {
        let mut c = Counts::default();
        for f in findings {
            c.tests += 1;
            match f.status {
                Status::Fail => c.failures += 1,
                Status::Error => c.errors += 1,
                Status::NotApplicable | Status::Manual => c.skipped += 1,
                Status::Pass | Status::Waived => {}
            }
        }
        c
    }
}

pub fn render(report: &Report) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let all = Counts::of(report.findings.iter());
    let _ = writeln!(
        out,
        "<testsuites name=\"tenantaudit {}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"0\">",
        escape(&report.run.id),
        all.tests,
        all.failures,
        all.errors
    );
    // The junit-10 timestamp has no zone designator; it is UTC.
    let timestamp = report.run.started_at.format("%Y-%m-%dT%H:%M:%S");
    // Tenants in report order; a finding whose tenant is not listed (a
    // hand-edited report) still gets a suite, so nothing is dropped.
    let mut tenant_ids: Vec<&str> = report
        .tenants
        .iter()
        .map(|t| t.tenant_id.as_str())
        .collect();
    for f in &report.findings {
        if !tenant_ids.contains(&f.tenant_id.as_str()) {
            tenant_ids.push(&f.tenant_id);
        }
    }
    for tenant_id in tenant_ids {
        let findings: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| f.tenant_id == tenant_id)
            .collect();
        let c = Counts::of(findings.iter().copied());
        let tenant = report.tenants.iter().find(|t| t.tenant_id == tenant_id);
        let provider = tenant.map(|t| t.provider.as_str()).unwrap_or("");
        let label = tenant.map(|t| t.label.as_str()).unwrap_or(tenant_id);
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" id=\"{}\" package=\"tenantaudit.{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"0\" timestamp=\"{timestamp}\">",
            escape(&format!("{} ({provider} {tenant_id})", tenant_name(report, tenant_id))),
            escape(tenant_id),
            escape(label),
            c.tests,
            c.failures,
            c.errors,
            c.skipped
        );
        let _ = writeln!(out, "    <properties>");
        for (name, value) in [
            ("provider", provider.to_string()),
            ("tenant_id", tenant_id.to_string()),
            (
                "score",
                crate::glance::percent_text(
                    report
                        .scores
                        .by_tenant
                        .get(tenant_id)
                        .and_then(|s| s.percent),
                ),
            ),
        ] {
            let _ = writeln!(
                out,
                "      <property name=\"{name}\" value=\"{}\"/>",
                escape(&value)
            );
        }
        let _ = writeln!(out, "    </properties>");
        for f in findings {
            testcase(&mut out, f, label);
        }
        let _ = writeln!(out, "  </testsuite>");
    }
    out.push_str("</testsuites>\n");
    out
}

fn testcase(out: &mut String, f: &Finding, label: &str) {
    let _ = write!(
        out,
        "    <testcase name=\"{}\" classname=\"{}\" time=\"0\"",
        escape(&format!("{} {}", f.check_id, f.title)),
        escape(&format!("tenantaudit.{label}.{}", f.area)),
    );
    let message = escape(&f.message);
    match f.status {
        Status::Pass => out.push_str("/>\n"),
        Status::Fail => {
            let _ = writeln!(
                out,
                ">\n      <failure message=\"{message}\" type=\"{}\">{}</failure>\n    </testcase>",
                f.severity,
                escape(&details(f))
            );
        }
        Status::Error => {
            let _ = writeln!(
                out,
                ">\n      <error message=\"{message}\" type=\"evidence_missing\">{}</error>\n    </testcase>",
                escape(&details(f))
            );
        }
        Status::NotApplicable | Status::Manual => {
            let _ = writeln!(
                out,
                ">\n      <skipped message=\"{}: {message}\"/>\n    </testcase>",
                f.status
            );
        }
        Status::Waived => {
            let _ = writeln!(
                out,
                ">\n      <system-out>{}</system-out>\n    </testcase>",
                escape(&format!(
                    "waived by exception: {}\n{}",
                    f.message,
                    exceptions(f)
                ))
            );
        }
    }
}

/// The body of a failure or error: what to fix, who owns it, which objects.
fn details(f: &Finding) -> String {
    let mut text = format!("{}\nseverity: {}\n", f.message, f.severity);
    if let Some(fix) = &f.fix {
        let _ = writeln!(text, "to fix: {fix}");
    }
    if let Some(owner) = &f.owner {
        let _ = writeln!(text, "owner: {owner}");
    }
    for o in f.affected.iter().take(MAX_AFFECTED) {
        let _ = writeln!(
            text,
            "affected: {} ({}): {}",
            o.display_name, o.id, o.reason
        );
    }
    if f.affected.len() > MAX_AFFECTED {
        let _ = writeln!(
            text,
            "… and {} more affected objects (see report.csv)",
            f.affected.len() - MAX_AFFECTED
        );
    }
    let _ = writeln!(text, "remediation: {}", f.remediation);
    if !f.references.is_empty() {
        let _ = writeln!(text, "references: {}", f.references.join(", "));
    }
    let _ = write!(text, "docs: {}", f.docs);
    text
}

fn exceptions(f: &Finding) -> String {
    f.exceptions
        .iter()
        .map(|e| {
            format!(
                "approved by {} (owner {}) until {}: {}",
                e.approved_by, e.owner, e.expires, e.justification
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Escapes text for XML element content and double- or single-quoted
/// attributes. Characters XML 1.0 does not allow at all (most C0 controls,
/// lone surrogates cannot occur in a `str`, U+FFFE/U+FFFF) become U+FFFD, so
/// that no tenant value can make the document ill-formed.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Kept as character references so attribute values keep them
            // (a parser normalises literal newlines in attributes to spaces).
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_markup_and_drops_characters_xml_cannot_hold() {
        assert_eq!(
            escape("<script>alert('1')</script> & \"x\""),
            "&lt;script&gt;alert(&apos;1&apos;)&lt;/script&gt; &amp; &quot;x&quot;"
        );
        assert_eq!(escape("a\u{0}b\u{1b}c\nd"), "a\u{FFFD}b\u{FFFD}c&#10;d");
    }
}

//! `report.ocsf.json`: every finding as an OCSF **Compliance Finding**
//! (class_uid 2003, category Findings), for SIEM and data-lake ingestion.
//!
//! The file is a JSON array with one event per line. Each event carries every
//! attribute the class requires in OCSF 1.3.0 (activity_id, category_uid,
//! class_uid, type_uid, severity_id, time, metadata with product and version,
//! finding_info with uid and title, compliance with standards) and the
//! recommended ones tenantaudit knows (status_id, message, resources,
//! remediation, cloud). What OCSF has no attribute for (area, owner, evidence,
//! exceptions) sits in `unmapped.tenantaudit`.
//!
//! `<`, `>` and `&` in strings are written as `\u003c`, `\u003e`, `\u0026`:
//! the same JSON value, but a SIEM console that pastes a field into HTML
//! unescaped still gets no markup from a tenant's data.

use crate::catalog::{Catalog, Framework};
use crate::glance::tenant_name;
use crate::{write_atomically, Finding, Report, Severity, Status};
use serde_json::{json, Value};
use std::io::Write;
use std::path::Path;

/// The OCSF schema version the events follow.
pub const OCSF_VERSION: &str = "1.3.0";
pub const CLASS_UID: u32 = 2003;
pub const CATEGORY_UID: u32 = 2;
/// Activity 1, Create: each run creates the finding's current state.
pub const ACTIVITY_ID: u32 = 1;
pub const TYPE_UID: u32 = CLASS_UID * 100 + ACTIVITY_ID;
/// Affected objects carried as `resources` per event; SIEMs cap event size.
/// The total and the number left out are in `unmapped.tenantaudit`.
const MAX_RESOURCES: usize = 500;

pub fn write(report: &Report, catalog: &Catalog, path: &Path) -> std::io::Result<()> {
    write_atomically(path, |out| {
        out.write_all(b"[")?;
        for (i, finding) in report.findings.iter().enumerate() {
            out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
            let mut ser = serde_json::Serializer::with_formatter(&mut *out, MarkupSafe);
            serde::Serialize::serialize(&event(report, catalog, finding), &mut ser)?;
        }
        out.write_all(b"\n]\n")
    })
}

/// One Compliance Finding event.
pub fn event(report: &Report, catalog: &Catalog, f: &Finding) -> Value {
    let time = report.run.finished_at.timestamp_millis();
    let (severity_id, severity) = severity(f.severity);
    let (compliance_id, compliance) = compliance_status(f.status);
    // Finding lifecycle: an approved exception suppresses the finding;
    // everything else is reported anew each run.
    let (status_id, status) = if f.status == Status::Waived {
        (3, "Suppressed")
    } else {
        (1, "New")
    };
    let resources: Vec<Value> = f
        .affected
        .iter()
        .take(MAX_RESOURCES)
        .map(|o| {
            json!({
                "uid": o.id,
                "name": o.display_name,
                "type": format!("{} object", f.provider),
                "data": { "reason": o.reason },
            })
        })
        .collect();
    json!({
        "activity_id": ACTIVITY_ID,
        "activity_name": "Create",
        "category_uid": CATEGORY_UID,
        "category_name": "Findings",
        "class_uid": CLASS_UID,
        "class_name": "Compliance Finding",
        "type_uid": TYPE_UID,
        "type_name": "Compliance Finding: Create",
        "severity_id": severity_id,
        "severity": severity,
        "status_id": status_id,
        "status": status,
        "time": time,
        "message": f.message,
        "metadata": {
            "version": OCSF_VERSION,
            "product": {
                "name": report.tool.name,
                "vendor_name": "tenantaudit",
                "version": report.tool.version,
            },
            "uid": format!("{}/{}/{}", report.run.id, f.tenant_id, f.check_id),
            "log_name": "tenantaudit",
            "profiles": ["cloud"],
        },
        "cloud": {
            "provider": provider_name(&f.provider),
            "account": {
                "uid": f.tenant_id,
                "name": tenant_name(report, &f.tenant_id),
            },
        },
        "finding_info": {
            // Stable across runs, so a SIEM can follow one check on one tenant.
            "uid": format!("tenantaudit:{}:{}:{}", f.provider, f.tenant_id, f.check_id),
            "title": f.title,
            "desc": f.message,
            "types": [format!("tenantaudit/{}", f.area)],
            "created_time": time,
            "last_seen_time": report.run.evaluated_at.timestamp_millis(),
            "product_uid": report.tool.name,
        },
        "compliance": {
            // The control tenantaudit evaluated; the framework requirements
            // it maps to follow, each named with its framework.
            "control": f.check_id,
            "requirements": requirements(catalog, &f.check_id),
            "standards": standards(catalog, &f.check_id),
            "status_id": compliance_id,
            "status": compliance,
            "status_code": f.status.as_str(),
            "status_detail": f.message,
        },
        "remediation": {
            "desc": f.remediation,
            "references": [f.docs],
        },
        "resources": resources,
        "unmapped": {
            "tenantaudit": {
                "status": f.status.as_str(),
                "area": f.area.as_str(),
                "owner": f.owner,
                "fix": f.fix,
                "affected_total": f.affected.len(),
                "affected_omitted": f.affected.len().saturating_sub(MAX_RESOURCES),
                "evidence": f.evidence,
                "exceptions": f.exceptions,
            }
        },
    })
}

/// OCSF severity_id: 2 Low, 3 Medium, 4 High, 5 Critical.
fn severity(severity: Severity) -> (u8, &'static str) {
    match severity {
        Severity::Low => (2, "Low"),
        Severity::Medium => (3, "Medium"),
        Severity::High => (4, "High"),
        Severity::Critical => (5, "Critical"),
    }
}

/// compliance.status_id: 1 Pass, 2 Warning ("did not yield a result due to
/// missing information": our `error`), 3 Fail, 99 Other. A waived failure is
/// still a failed control (its finding is Suppressed, not passed).
fn compliance_status(status: Status) -> (u8, &'static str) {
    match status {
        Status::Pass => (1, "Pass"),
        Status::Error => (2, "Warning"),
        Status::Fail | Status::Waived => (3, "Fail"),
        Status::NotApplicable => (99, "Not Applicable"),
        Status::Manual => (99, "Manual"),
    }
}

fn provider_name(provider: &str) -> &str {
    match provider {
        "m365" => "Microsoft 365",
        "salesforce" => "Salesforce",
        other => other,
    }
}

/// The frameworks a check's controls belong to, in catalog order.
/// `compliance.standards` is required: a check the catalog does not know
/// (none in a build whose catalog test passes) names tenantaudit itself
/// rather than a framework it does not belong to.
fn standards(catalog: &Catalog, check_id: &str) -> Vec<String> {
    let controls = catalog.controls_of(check_id);
    let standards: Vec<String> = catalog
        .frameworks
        .iter()
        .filter(|fw| controls.iter().any(|c| c.framework == fw.id))
        .map(Framework::label)
        .collect();
    if standards.is_empty() {
        return vec![format!("tenantaudit check {check_id}")];
    }
    standards
}

/// Each control as `<standard> <control id>` (OCSF's example:
/// `NIST.800-53.r5 AU-10`), so that a requirement names its framework.
fn requirements(catalog: &Catalog, check_id: &str) -> Vec<String> {
    catalog
        .controls_of(check_id)
        .iter()
        .map(|c| match catalog.framework(c.framework) {
            Some(framework) => format!("{} {}", framework.label(), c.control),
            None => format!("{} {}", c.framework, c.control),
        })
        .collect()
}

/// serde_json's compact output, with `<`, `>`, `&` (and the JavaScript line
/// separators) in strings written as `\uXXXX` escapes.
struct MarkupSafe;

impl serde_json::ser::Formatter for MarkupSafe {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            let escaped = match c {
                '<' => "\\u003c",
                '>' => "\\u003e",
                '&' => "\\u0026",
                '\u{2028}' => "\\u2028",
                '\u{2029}' => "\\u2029",
                _ => continue,
            };
            writer.write_all(&fragment.as_bytes()[start..i])?;
            writer.write_all(escaped.as_bytes())?;
            start = i + c.len_utf8();
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }
}

#[cfg(test)]
mod tests {
    use super::{requirements, standards, Catalog, Framework, MarkupSafe};

    #[test]
    fn markup_is_escaped_and_the_value_round_trips() {
        let value = serde_json::json!({"name": "<script>alert(1)</script> & \u{2028}"});
        let mut out = Vec::new();
        let mut ser = serde_json::Serializer::with_formatter(&mut out, MarkupSafe);
        serde::Serialize::serialize(&value, &mut ser).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(!text.contains('<') && !text.contains('&'), "{text}");
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&text).unwrap(),
            value
        );
    }

    #[test]
    fn controls_map_to_standards_and_requirements() {
        use crate::catalog::{CheckEntry, ControlRef};
        let control = |framework, control: &str| ControlRef {
            framework,
            control: control.into(),
            title: None,
        };
        let catalog = Catalog {
            frameworks: vec![
                Framework {
                    id: "scuba",
                    name: "CISA SCuBA",
                    version: None,
                    controls_total: None,
                },
                Framework {
                    id: "nist-800-53",
                    name: "NIST SP 800-53",
                    version: Some("Rev. 5"),
                    controls_total: None,
                },
            ],
            checks: vec![CheckEntry {
                id: "X-1",
                title: "t",
                rationale: "",
                logic: "",
                remediation: "",
                controls: vec![
                    control("nist-800-53", "AC-2(3)"),
                    control("scuba", "MS.AAD.3.2v2"),
                ],
            }],
        };
        assert_eq!(
            standards(&catalog, "X-1"),
            ["CISA SCuBA", "NIST SP 800-53 Rev. 5"]
        );
        assert_eq!(
            requirements(&catalog, "X-1"),
            ["NIST SP 800-53 Rev. 5 AC-2(3)", "CISA SCuBA MS.AAD.3.2v2"]
        );
        assert_eq!(standards(&catalog, "Y-1"), ["tenantaudit check Y-1"]);
    }
}

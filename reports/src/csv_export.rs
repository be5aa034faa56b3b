//! `report.csv`: one row per finding × affected object (a finding with no
//! affected object gets one row with empty object columns).
//!
//! The columns are a public contract, documented in the README; add new ones at
//! the end only.

use crate::{write_atomically, Finding, Report};
use std::path::Path;

pub const COLUMNS: [&str; 16] = [
    "provider",
    "tenant_id",
    "check_id",
    "title",
    "area",
    "severity",
    "status",
    "object_id",
    "object_name",
    "object_reason",
    "message",
    "fix",
    "owner",
    "references",
    "remediation",
    "docs",
];

pub fn write(report: &Report, path: &Path) -> std::io::Result<()> {
    write_atomically(path, |out| {
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(COLUMNS)?;
        for finding in &report.findings {
            for row in rows(finding) {
                writer
                    .write_record(row.iter().map(|cell| neutralise_formula(cell).into_owned()))?;
            }
        }
        writer.flush()?;
        Ok(())
    })
}

fn rows(finding: &Finding) -> Vec<[String; 16]> {
    let row = |id: &str, name: &str, reason: &str| {
        [
            finding.provider.clone(),
            finding.tenant_id.clone(),
            finding.check_id.clone(),
            finding.title.clone(),
            finding.area.to_string(),
            finding.severity.to_string(),
            finding.status.to_string(),
            id.to_string(),
            name.to_string(),
            reason.to_string(),
            finding.message.clone(),
            finding.fix.clone().unwrap_or_default(),
            finding.owner.clone().unwrap_or_default(),
            finding.references.join("; "),
            finding.remediation.clone(),
            finding.docs.clone(),
        ]
    };
    if finding.affected.is_empty() {
        return vec![row("", "", "")];
    }
    finding
        .affected
        .iter()
        .map(|object| row(&object.id, &object.display_name, &object.reason))
        .collect()
}

/// Spreadsheet-injection defence (OWASP "CSV injection"): a cell a spreadsheet
/// would evaluate as a formula is prefixed with a single quote.
pub fn neutralise_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::neutralise_formula;

    #[test]
    fn formula_cells_are_prefixed_and_plain_cells_kept() {
        assert_eq!(
            neutralise_formula("=HYPERLINK(\"x\")"),
            "'=HYPERLINK(\"x\")"
        );
        assert_eq!(neutralise_formula("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise_formula("+1"), "'+1");
        assert_eq!(neutralise_formula("Alice"), "Alice");
        assert_eq!(neutralise_formula(""), "");
    }
}

#[cfg(test)]
#[path = "csv_proptest.rs"]
mod proptests;

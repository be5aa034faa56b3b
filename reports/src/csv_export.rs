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
        let mut writer = csv::WriterBuilder::new()
            .buffer_capacity(1 << 16)
            .from_writer(out);
        writer.write_record(COLUMNS)?;
        for finding in &report.findings {
            write_rows(&mut writer, finding)?;
        }
        writer.flush()?;
        Ok(())
    })
}

/// One finding's rows. The cells every row of the finding shares are made
/// (and neutralised) once and borrowed by each row: a finding with 100,000
/// affected objects costs no copy of its title or remediation per object.
fn write_rows<W: std::io::Write>(
    writer: &mut csv::Writer<W>,
    finding: &Finding,
) -> csv::Result<()> {
    let (area, severity, status) = (
        finding.area.to_string(),
        finding.severity.to_string(),
        finding.status.to_string(),
    );
    let references = finding.references.join("; ");
    let head = [
        finding.provider.as_str(),
        &finding.tenant_id,
        &finding.check_id,
        &finding.title,
        &area,
        &severity,
        &status,
    ]
    .map(neutralise_formula);
    let tail = [
        finding.message.as_str(),
        finding.fix.as_deref().unwrap_or_default(),
        finding.owner.as_deref().unwrap_or_default(),
        &references,
        &finding.remediation,
        &finding.docs,
    ]
    .map(neutralise_formula);
    let mut row = |id: &str, name: &str, reason: &str| {
        let object = [id, name, reason].map(neutralise_formula);
        writer.write_record(
            head.iter()
                .chain(&object)
                .chain(&tail)
                .map(|c| c.as_bytes()),
        )
    };
    if finding.affected.is_empty() {
        return row("", "", "");
    }
    for object in &finding.affected {
        row(&object.id, &object.display_name, &object.reason)?;
    }
    Ok(())
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

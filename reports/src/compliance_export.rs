//! `compliance.json` and `compliance.csv` (`--format compliance`): the
//! framework view of a run, one row per control with the checks behind it
//! and its status per tenant (rules in [`crate::compliance`]), plus each
//! framework's coverage. Both files are written, each atomically.

use crate::catalog::Catalog;
use crate::compliance::Coverage;
use crate::compliance::{coverage, rows, ComplianceRow};
use crate::csv_export::neutralise_formula;
use crate::glance::tenant_label;
use crate::{write_atomically, Report};
use schemars::JsonSchema;
use serde::Serialize;
use std::path::Path;

pub const SCHEMA: &str = "tenantaudit.compliance/v1";
/// The CSV's fixed columns; one status column per tenant (its label) follows.
pub const COLUMNS: [&str; 7] = [
    "framework",
    "version",
    "control",
    "title",
    "checks",
    "status",
    "checks_by_tenant",
];

/// `compliance.json` (`tenantaudit schema compliance` prints its schema).
#[derive(Debug, Serialize, JsonSchema)]
pub struct ComplianceDocument {
    /// Always `tenantaudit.compliance/v1`.
    pub schema: &'static str,
    /// The run of the report.json beside it.
    pub run_id: String,
    /// Each framework with how many of its controls the checks cover.
    pub frameworks: Vec<Coverage>,
    /// One row per framework control a check maps to.
    pub controls: Vec<ComplianceRow>,
}

/// Writes `path` (the JSON) and `compliance.csv` beside it.
pub fn write(report: &Report, catalog: &Catalog, path: &Path) -> std::io::Result<()> {
    let document = ComplianceDocument {
        schema: SCHEMA,
        run_id: report.run.id.clone(),
        frameworks: coverage(catalog),
        controls: rows(report, catalog),
    };
    write_atomically(path, |out| {
        serde_json::to_writer_pretty(&mut *out, &document)?;
        out.write_all(b"\n")
    })?;
    write_csv(
        report,
        &document.controls,
        &path.with_file_name("compliance.csv"),
    )
}

fn write_csv(report: &Report, rows: &[ComplianceRow], path: &Path) -> std::io::Result<()> {
    write_atomically(path, |out| {
        let mut csv = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(out);
        let header = COLUMNS
            .iter()
            .map(|c| c.to_string())
            .chain(report.tenants.iter().map(|t| tenant_label(t).to_string()));
        csv.write_record(header.map(|h| neutralise_formula(&h).into_owned()))?;
        for row in rows {
            let detail = row
                .tenants
                .iter()
                .filter(|t| !t.checks.is_empty())
                .map(|t| {
                    let checks: Vec<String> = t
                        .checks
                        .iter()
                        .map(|c| format!("{} {}", c.check_id, c.status))
                        .collect();
                    format!("{}: {}", t.tenant, checks.join(", "))
                })
                .collect::<Vec<_>>()
                .join("; ");
            let cells = [
                row.framework.to_string(),
                row.version.unwrap_or_default().to_string(),
                row.control.clone(),
                row.title.unwrap_or_default().to_string(),
                row.checks.join(" "),
                row.status.as_str().to_string(),
                detail,
            ]
            .into_iter()
            .chain(row.tenants.iter().map(|t| t.status.as_str().to_string()));
            csv.write_record(cells.map(|c| neutralise_formula(&c).into_owned()))?;
        }
        csv.flush()
    })
}

//! The report formats a run can write, and the one entry point that writes
//! any of them (`--format`, the evidence bundle).

use crate::catalog::Catalog;
use crate::matrix::Matrix;
use crate::{
    compliance_export, csv_export, html, json_export, junit, markdown, ocsf, xlsx, Report,
};
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use std::str::FromStr;

/// One output format; each is written by its own module to its own file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    Json,
    Csv,
    Html,
    Markdown,
    Junit,
    Ocsf,
    /// `compliance.json` and `compliance.csv`: one row per framework control.
    Compliance,
    Xlsx,
}

impl Format {
    /// Every format, in the order they are written and listed.
    pub const ALL: [Format; 8] = [
        Format::Json,
        Format::Csv,
        Format::Html,
        Format::Markdown,
        Format::Junit,
        Format::Ocsf,
        Format::Compliance,
        Format::Xlsx,
    ];

    /// What `audit` and `check` write unless `--format` says otherwise: the
    /// machine-readable contract and the spreadsheet.
    pub const DEFAULT: [Format; 2] = [Format::Json, Format::Csv];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Html => "html",
            Format::Markdown => "markdown",
            Format::Junit => "junit",
            Format::Ocsf => "ocsf",
            Format::Compliance => "compliance",
            Format::Xlsx => "xlsx",
        }
    }

    /// The file the format is written to, inside the output folder.
    pub fn file_name(self) -> &'static str {
        match self {
            Format::Json => "report.json",
            Format::Csv => "report.csv",
            Format::Html => "report.html",
            Format::Markdown => "report.md",
            Format::Junit => "report.junit.xml",
            Format::Ocsf => "report.ocsf.json",
            // compliance.csv is written beside it.
            Format::Compliance => "compliance.json",
            Format::Xlsx => "report.xlsx",
        }
    }

    /// A comma-separated list such as `json,html`; `all` stands for every
    /// format. Duplicates are dropped; the result follows [`Format::ALL`].
    pub fn parse_list(list: &str) -> Result<Vec<Format>, String> {
        let mut formats = Vec::new();
        for item in list.split(',').map(str::trim) {
            if item.eq_ignore_ascii_case("all") {
                formats.extend(Format::ALL);
            } else {
                formats.push(item.parse()?);
            }
        }
        formats.sort();
        formats.dedup();
        Ok(formats)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Format, String> {
        Format::ALL
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(s) || (s == "md" && *f == Format::Markdown))
            .ok_or_else(|| {
                let names: Vec<_> = Format::ALL.iter().map(|f| f.as_str()).collect();
                format!(
                    "unknown report format {s:?}; expected {} or all",
                    names.join(", ")
                )
            })
    }
}

/// One earlier run's scores, for the trend chart of the HTML report. The
/// run history fills these; without history the trend is left out.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendPoint {
    pub run_id: String,
    pub at: DateTime<Utc>,
    pub percent: Option<f64>,
    /// Tenant id → its score in that run. A tenant absent from the run, or
    /// present with no score (nothing evaluated, a partial run), is a gap
    /// in its line, never a zero.
    pub tenants: BTreeMap<String, Option<f64>>,
}

/// A finding that changed since the tenant's previous recorded run.
#[derive(Debug, Clone, PartialEq)]
pub struct RunChange {
    pub tenant_id: String,
    pub check_id: String,
    /// `new` (failing now, not before) or `resolved` (failing before, not now).
    pub change: &'static str,
    pub severity: String,
    pub message: String,
}

/// What the formats show beside the Report itself: the responsibility
/// matrix and the check catalog with its framework controls (static data of
/// the binary, linked to its checks), the score trend of earlier runs
/// (oldest first; may be empty) and what changed since the previous run.
#[derive(Debug, Clone, Copy)]
pub struct ExportContext<'a> {
    pub matrix: &'a Matrix,
    pub catalog: &'a Catalog,
    pub trend: &'a [TrendPoint],
    /// Empty without history, or on a tenant's first recorded run.
    pub changes: &'a [RunChange],
}

/// Writes `report` in `format` to `path`, atomically (see [`crate::write_atomically`]).
pub fn write(
    format: Format,
    report: &Report,
    context: ExportContext<'_>,
    path: &Path,
) -> std::io::Result<()> {
    match format {
        Format::Json => json_export::write(report, path),
        Format::Csv => csv_export::write(report, path),
        Format::Html => html::write(report, context, path),
        Format::Markdown => markdown::write(report, path),
        Format::Junit => junit::write(report, path),
        Format::Ocsf => ocsf::write(report, context.catalog, path),
        Format::Compliance => compliance_export::write(report, context.catalog, path),
        Format::Xlsx => xlsx::write(report, context.catalog, path),
    }
}

#[cfg(test)]
mod tests {
    use super::Format;

    #[test]
    fn lists_parse_with_all_and_duplicates() {
        assert_eq!(
            Format::parse_list("html, json,html").unwrap(),
            vec![Format::Json, Format::Html]
        );
        assert_eq!(Format::parse_list("all").unwrap(), Format::ALL.to_vec());
        assert_eq!(Format::parse_list("md").unwrap(), vec![Format::Markdown]);
        let error = Format::parse_list("json,pdf").unwrap_err();
        assert!(
            error.contains("\"pdf\"") && error.contains("junit"),
            "{error}"
        );
        assert!(Format::parse_list("").is_err());
    }
}

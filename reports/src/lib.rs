//! The Report contract (`tenantaudit.report/v1`) and every exporter.
//!
//! Checks produce findings; this crate owns what a finding looks like on the
//! wire and how it is written out. Nothing here knows how data was collected.

mod area;
pub mod csv_export;
mod finding;
pub mod json_export;
mod report;
mod score;
mod write;

pub use area::{Area, Severity};
pub use finding::{AffectedObject, Evidence, Finding, Status};
pub use report::{
    CollectionSummary, Report, ReportLoadError, RunInfo, TenantSummary, ToolInfo, REPORT_SCHEMA,
};
pub use score::{Score, Scores};
pub use write::write_atomically;

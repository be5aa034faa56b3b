//! The Report contract (`tenantaudit.report/v1`) and every exporter.
//!
//! Checks produce findings; this crate owns what a finding looks like on the
//! wire and how it is written out. Nothing here knows how data was collected.

mod area;
pub mod catalog;
pub mod compliance;
pub mod compliance_export;
pub mod csv_export;
mod finding;
pub mod format;
mod glance;
pub mod html;
pub mod json_export;
pub mod junit;
pub mod markdown;
pub mod matrix;
pub mod ocsf;
mod report;
mod score;
mod write;
pub mod xlsx;

pub use area::{Area, Severity};
pub use catalog::{Catalog, CheckEntry, ControlRef, Framework};
pub use finding::{AffectedObject, Evidence, ExceptionDetails, Finding, Status};
pub use format::{ExportContext, Format, RunChange, TrendPoint};
pub use report::{
    CollectionSummary, ExceptionStatus, Report, ReportLoadError, RunInfo, TenantSummary, ToolInfo,
    REPORT_SCHEMA,
};
pub use score::{Score, Scores};
pub use write::write_atomically;

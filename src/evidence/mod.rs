//! The evidence bundle (`--evidence DIR`): everything an auditor needs to
//! re-derive the findings, with a manifest of SHA-256 hashes that `verify`
//! recomputes. Layout:
//!
//! ```text
//! DIR/manifest.json             schema tenantaudit.evidence/v1: every file, hash, size, time
//! DIR/raw/<label>/NNNN-<path>.json.gz   raw API pages, gzip, as received
//! DIR/snapshots/<label>.json    the snapshots
//! DIR/reports/...               the reports, every format
//! DIR/config.json               the effective configuration, without secrets
//! DIR/exceptions.<ext>          the exceptions file, when one was used
//! ```

mod manifest;
mod raw_pages;
mod verify;

pub use manifest::{write_manifest, Manifest};
pub use raw_pages::RawPages;
pub use verify::verify;

//! The evidence bundle (`--evidence DIR`): everything an auditor needs to
//! re-derive the findings, with a manifest of SHA-256 hashes that `verify`
//! recomputes. Layout:
//!
//! ```text
//! DIR/manifest.json             schema tenantaudit.evidence/v1: every file, hash, size, time
//! DIR/manifest.json.sig         with --sign-key: Ed25519 signature of manifest.json (raw 64 bytes)
//! DIR/raw/<label>/NNNN-<path>.json.gz   raw API pages, gzip, as received
//! DIR/snapshots/<label>.json    the snapshots
//! DIR/reports/...               the reports, every format
//! DIR/config.json               the effective configuration, without secrets
//! DIR/exceptions.<ext>          the exceptions file, when one was used
//! ```
//!
//! Beside the bundle, `<DIR>.manifest.sha256` holds the manifest's digest in
//! `sha256sum` format (the run also prints it on stdout): a copy kept
//! elsewhere is what makes rewriting a file together with its manifest entry
//! detectable.

mod manifest;
mod raw_pages;
mod signing;
mod verify;

pub use manifest::{write_digest_file, write_manifest, Manifest, MANIFEST};
pub use raw_pages::RawPages;
pub use signing::{load_public_key, ManifestSigner};
pub use verify::{verify, Expectations};

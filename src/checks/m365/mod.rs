//! Microsoft 365 checks (CHECKS.md, "Microsoft 365").

pub mod app_registration;
mod conditional_access;
pub mod global_admin_count;
pub mod guest_access;
pub mod legacy_auth;
pub mod mfa_all_users;
pub mod mfa_capable;
pub mod roles;
pub mod user_consent;

use super::{need, Missing};
use tenantaudit_connector::snapshot::m365::M365Section;
use tenantaudit_connector::snapshot::Snapshot;

/// The Microsoft 365 section of a snapshot the registry only hands M365 checks.
fn section(snapshot: &Snapshot) -> Result<&M365Section, Missing> {
    need(
        snapshot.m365(),
        "organization",
        "Microsoft 365 provider section",
    )
}

//! Salesforce checks (CHECKS.md, "Salesforce").

pub mod connected_app_approval;
pub mod mfa_required;
pub mod modify_all_data;
pub mod session_timeout;

use super::{need, Missing};
use tenantaudit_connector::snapshot::salesforce::{SalesforceSection, SecuritySettings};
use tenantaudit_connector::snapshot::Snapshot;

pub const SECURITY_SETTINGS: &str = "security_settings";

fn section(snapshot: &Snapshot) -> Result<&SalesforceSection, Missing> {
    need(
        snapshot.salesforce(),
        "organization",
        "Salesforce provider section",
    )
}

fn security_settings(snapshot: &Snapshot) -> Result<&SecuritySettings, Missing> {
    need(
        section(snapshot)?.security_settings.as_ref(),
        SECURITY_SETTINGS,
        "the SecuritySettings row",
    )
}

/// A boolean setting under SecuritySettings `Metadata`; absent or not a boolean is missing evidence.
fn bool_setting(settings: &SecuritySettings, path: &str) -> Result<bool, Missing> {
    need(
        settings.setting(path).and_then(|v| v.as_bool()).as_ref(),
        SECURITY_SETTINGS,
        path,
    )
    .copied()
}

//! Salesforce checks.

pub mod admin_permissions;
pub mod admin_phishing_resistant;
pub mod api_client_permissions;
pub mod api_enabled;
pub mod callout_endpoints;
pub mod certificates;
pub mod clickjack_csrf;
pub mod connected_app_approval;
pub mod data_classification;
pub mod event_log_retention;
pub mod external_sharing;
pub mod guest_api;
pub mod guest_object_access;
pub mod health_check_score;
mod holders;
pub mod internal_sharing;
pub mod ip_enforcement;
pub mod key_rotation;
pub mod login_as_any_user;
pub mod login_ip_ranges;
pub mod mfa_registration;
pub mod mfa_required;
pub mod mfa_waivers;
pub mod modify_all_data;
pub mod password_policy;
pub mod refresh_token_policy;
pub mod session_hardening;
pub mod session_timeout;
pub mod setup_changes;
pub mod sso_only;
pub mod tokens_inactive_users;
pub mod unused_tokens;

use super::{need, Missing, Outcome};
use crate::checks::{agree, plural};
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

/// Passes when every listed boolean SecuritySettings setting is true; each
/// one that is off is named. A setting not reported is missing evidence.
fn settings_all_on(
    settings: &SecuritySettings,
    wanted: &[(&str, &str)],
    pass: &str,
) -> Result<Outcome, Missing> {
    let mut off = Vec::new();
    for (path, label) in wanted {
        if !bool_setting(settings, path)? {
            off.push((*path, *label));
        }
    }
    let mut outcome = Outcome::verdict(
        !off.is_empty(),
        pass,
        format!(
            "{} of {} {} off: {}",
            off.len(),
            plural(wanted.len(), "setting", "settings"),
            agree(off.len(), "is", "are"),
            off.iter().map(|(_, l)| *l).collect::<Vec<_>>().join(", ")
        ),
    );
    for (path, label) in off {
        outcome = outcome.affected(path, label, "off").evidence(
            SECURITY_SETTINGS,
            format!("Metadata.{path}"),
            false,
        );
    }
    Ok(outcome)
}

/// The user by id, for names in findings.
/// Usernames by user id, built once per check: a lookup per affected object
/// (a scan of 50,000 users per token made SF-APP-04 quadratic).
fn usernames(sf: &SalesforceSection) -> std::collections::HashMap<&str, &str> {
    sf.users
        .iter()
        .flatten()
        .map(|u| (u.id.as_str(), u.username.as_str()))
        .collect()
}

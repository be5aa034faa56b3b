//! Checks written once on the common model, run for every provider.

pub mod admins_without_mfa;
pub mod disabled_account_grants;
pub mod disabled_admins;
pub mod dormant_accounts;
pub mod offboarding_drift;

use std::collections::HashMap;
use tenantaudit_connector::snapshot::{Principal, Snapshot};
use tenantaudit_connector::Provider;

/// Disabled accounts by id, with their login: what offboarding left behind.
fn disabled_logins(principals: &[Principal]) -> HashMap<&str, &str> {
    principals
        .iter()
        .filter(|p| !p.enabled)
        .map(|p| (p.id.as_str(), p.login.as_str()))
        .collect()
}

/// The collection behind the common model's admin assignments, to name in an
/// error when they are missing.
fn admin_source(snapshot: &Snapshot) -> &'static str {
    match snapshot.provider() {
        Provider::M365 => "role_assignments",
        Provider::Salesforce => "permission_set_assignments",
    }
}

/// The collection behind the common model's OAuth grants.
fn grant_source(snapshot: &Snapshot) -> &'static str {
    match snapshot.provider() {
        Provider::M365 => "oauth2_permission_grants",
        Provider::Salesforce => "oauth_tokens",
    }
}

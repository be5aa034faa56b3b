//! Microsoft 365 checks.

// Checks, one per file.
pub mod admin_consent_workflow;
pub mod admin_phishing_resistant_methods;
pub mod admin_session;
pub mod admin_sspr;
pub mod agent_risk_block;
pub mod anyone_links;
pub mod app_credentials;
pub mod app_management_policy;
pub mod app_owners;
pub mod app_registration;
pub mod audit_log;
pub mod authenticator_context;
pub mod authenticator_hardening;
pub mod auto_forwarding;
pub mod banned_passwords;
pub mod break_glass;
pub mod ca_exclusions;
pub mod calendar_sharing;
pub mod cloud_only_admins;
pub mod consent_request_reviews;
pub mod customer_key;
pub mod default_user_permissions;
pub mod device_code_flow;
pub mod external_sharing;
pub mod fido2_keys;
pub mod fine_grained_roles;
pub mod ga_activation_approval;
pub mod global_admin_count;
pub mod guest_access;
pub mod guest_group_owners;
pub mod guest_invites;
pub mod guest_resharing;
pub mod invitation_account_match;
pub mod legacy_auth;
pub mod link_defaults;
pub mod mailbox_audit;
pub mod managed_device;
pub mod methods_migration;
pub mod mfa_all_users;
pub mod mfa_capable;
pub mod password_expiry;
pub mod permanent_assignments;
pub mod phishing_resistant_admins;
pub mod phishing_resistant_all;
pub mod report_suspicious_activity;
pub mod risky_app_consent;
pub mod risky_user_alerts;
pub mod security_info_registration;
pub mod self_service_sign_up;
pub mod sensitivity_labels;
pub mod sharepoint_legacy_auth;
pub mod sharing_domains;
pub mod sign_in_risk_block;
pub mod smart_lockout;
pub mod stale_guests;
pub mod system_preferred_mfa;
pub mod temporary_access_pass;
pub mod tenant_wide_consents;
pub mod third_party_app_roles;
pub mod unverified_consented_apps;
pub mod user_consent;
pub mod user_risk_block;
pub mod weak_methods;

// Logic shared by several checks.
mod app_risk;
mod authentication_strength;
mod authorization_policy;
mod conditional_access;
mod directory_settings;
mod exchange;
mod licence;
mod methods_policy;
mod not_collected;
mod phishing_resistant;
mod privileged;
mod risk_block;
pub mod roles;
mod security_defaults;
mod sharepoint;

use super::{need, Missing};
pub use licence::notes;
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

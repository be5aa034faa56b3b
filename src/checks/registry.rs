//! The one list of checks. `checks list`, `checks explain`, the docs pages and
//! report metadata all come from here.

use super::{common, m365, salesforce, Check};

macro_rules! registry {
    ($($module:path),* $(,)?) => {
        &[$({
            use $module as check;
            Check { meta: &check::META, evaluate: check::evaluate }
        }),*]
    };
}

pub static ALL: &[Check] = registry![
    m365::mfa_all_users,
    m365::mfa_capable,
    m365::legacy_auth,
    m365::global_admin_count,
    m365::guest_access,
    m365::app_registration,
    m365::user_consent,
    m365::cloud_only_admins,
    m365::permanent_assignments,
    m365::ga_activation_approval,
    m365::guest_invites,
    m365::default_user_permissions,
    m365::stale_guests,
    m365::password_expiry,
    m365::break_glass,
    m365::phishing_resistant_admins,
    m365::phishing_resistant_all,
    m365::weak_methods,
    m365::authenticator_context,
    m365::methods_migration,
    m365::admin_phishing_resistant_methods,
    m365::user_risk_block,
    m365::sign_in_risk_block,
    m365::device_code_flow,
    m365::security_info_registration,
    m365::admin_session,
    m365::ca_exclusions,
    m365::sharepoint_legacy_auth,
    m365::external_sharing,
    m365::anyone_links,
    m365::sharing_domains,
    m365::guest_resharing,
    m365::invitation_account_match,
    m365::link_defaults,
    m365::guest_group_owners,
    m365::admin_consent_workflow,
    m365::third_party_app_roles,
    m365::tenant_wide_consents,
    m365::app_credentials,
    m365::app_management_policy,
    m365::app_owners,
    m365::unverified_consented_apps,
    m365::audit_log,
    m365::mailbox_audit,
    m365::risky_user_alerts,
    m365::auto_forwarding,
    m365::calendar_sharing,
    m365::sensitivity_labels,
    salesforce::mfa_required,
    salesforce::modify_all_data,
    salesforce::session_timeout,
    salesforce::connected_app_approval,
    salesforce::api_enabled,
    salesforce::admin_permissions,
    salesforce::login_as_any_user,
    salesforce::password_policy,
    salesforce::sso_only,
    salesforce::mfa_waivers,
    salesforce::mfa_registration,
    salesforce::admin_phishing_resistant,
    salesforce::session_hardening,
    salesforce::clickjack_csrf,
    salesforce::login_ip_ranges,
    salesforce::ip_enforcement,
    salesforce::health_check_score,
    salesforce::internal_sharing,
    salesforce::external_sharing,
    salesforce::guest_object_access,
    salesforce::guest_api,
    salesforce::refresh_token_policy,
    salesforce::tokens_inactive_users,
    salesforce::unused_tokens,
    salesforce::api_client_permissions,
    salesforce::certificates,
    salesforce::callout_endpoints,
    salesforce::event_log_retention,
    salesforce::setup_changes,
    salesforce::data_classification,
    common::dormant_accounts,
    common::disabled_admins,
    common::admins_without_mfa,
    common::disabled_account_grants,
    common::offboarding_drift,
];

pub fn find(id: &str) -> Option<&'static Check> {
    ALL.iter().find(|c| c.meta.id.eq_ignore_ascii_case(id))
}

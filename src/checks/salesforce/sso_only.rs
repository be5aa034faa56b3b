//! SF-ID-06: SSO-only login when SSO is configured.

use super::{bool_setting, security_settings, SECURITY_SETTINGS};
use crate::checks::{check_meta, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

const SAML: &str = "singleSignOnSettings.enableSamlLogin";
const DISABLED: &str = "singleSignOnSettings.isLoginWithSalesforceCredentialsDisabled";

check_meta! {
    id: "SF-ID-06",
    title: "With SSO configured, users cannot log in with Salesforce passwords",
    providers: &[Provider::Salesforce],
    area: Area::Identity,
    severity: Severity::Medium,
    needs: &[SECURITY_SETTINGS],
    references: &["SBS-AUTH-001", "SBS-AUTH-002"],
    rationale: "A local Salesforce password next to SSO is a second front door that the identity provider's MFA, conditional access and offboarding never see.",
    logic: "not_applicable when SAML single sign-on is off (`singleSignOnSettings.enableSamlLogin` false). Otherwise passes when `singleSignOnSettings.isLoginWithSalesforceCredentialsDisabled` is true. The catalog also asks for the bypass users to be on an allow-list; the API gives no per-user list of who may still use a password, so that part is left to review by hand.",
    remediation: "Setup → Single Sign-On Settings: select \"Disable login with Salesforce credentials\" once every user has a working SSO login; keep a documented break-glass administrator.",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let settings = security_settings(ctx.snapshot)?;
    if !bool_setting(settings, SAML)? {
        return Ok(Outcome::not_applicable(
            "SAML single sign-on is not enabled",
            "nothing to do until SSO is configured",
        )
        .evidence(SECURITY_SETTINGS, format!("Metadata.{SAML}"), false));
    }
    let disabled = bool_setting(settings, DISABLED)?;
    Ok(Outcome::verdict(
        !disabled,
        "SSO is configured and login with Salesforce credentials is disabled",
        "SSO is configured but users can still log in with Salesforce passwords",
    )
    .evidence(SECURITY_SETTINGS, format!("Metadata.{DISABLED}"), disabled))
}

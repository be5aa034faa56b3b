//! SF-MFA-01: MFA required for direct UI logins.

use super::{bool_setting, security_settings, SECURITY_SETTINGS};
use crate::checks::{check_meta, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

const SETTING: &str = "sessionSettings.enableMFADirectUILoginOptIn";

check_meta! {
    id: "SF-MFA-01",
    title: "MFA is required for all direct UI logins",
    providers: &[Provider::Salesforce],
    area: Area::Mfa,
    severity: Severity::Critical,
    needs: &[SECURITY_SETTINGS],
    references: &["Salesforce MFA requirement", "HC Identity.mfaEnabled"],
    rationale: "Salesforce requires MFA for direct logins by contract; without the org-wide setting a user without a method signs in with a password alone.",
    logic: "Passes when the SecuritySettings metadata field `sessionSettings.enableMFADirectUILoginOptIn` (\"Require multi-factor authentication (MFA) for all direct UI logins to your Salesforce org\") is true. Users holding \"Waive Multi-Factor Authentication for Exempt Users\" are exempt from it; SF-MFA-02 names them.",
    remediation: "Setup → Identity Verification: select \"Require multi-factor authentication (MFA) for all direct UI logins to your Salesforce org\".",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let on = bool_setting(security_settings(ctx.snapshot)?, SETTING)?;
    Ok(Outcome::verdict(
        !on,
        "MFA is required for all direct UI logins",
        "the org does not require MFA for direct UI logins",
    )
    .evidence(SECURITY_SETTINGS, format!("Metadata.{SETTING}"), on))
}

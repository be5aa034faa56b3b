//! SF-ID-04: administrators cannot log in as any user.

use super::{bool_setting, security_settings, SECURITY_SETTINGS};
use crate::checks::{check_meta, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

const SETTING: &str = "enableAdminLoginAsAnyUser";

check_meta! {
    id: "SF-ID-04",
    title: "Administrators cannot log in as any user without being granted access",
    providers: &[Provider::Salesforce],
    area: Area::Identity,
    severity: Severity::Medium,
    needs: &[SECURITY_SETTINGS],
    references: &["HC LoginAccessPolicies"],
    rationale: "With \"Administrators Can Log in as Any User\", an admin acts as anyone without that user's consent; changes then look like the user's own.",
    logic: "Passes when the SecuritySettings metadata field `enableAdminLoginAsAnyUser` is false (Setup → Login Access Policies). SF-LOG-02 names Setup changes made through Login-As.",
    remediation: "Setup → Login Access Policies: clear \"Administrators Can Log in as Any User\", so users grant access case by case.",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let on = bool_setting(security_settings(ctx.snapshot)?, SETTING)?;
    Ok(Outcome::verdict(
        on,
        "administrators need the user's grant to log in as them",
        "administrators can log in as any user",
    )
    .evidence(SECURITY_SETTINGS, format!("Metadata.{SETTING}"), on))
}

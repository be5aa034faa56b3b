//! M365-ID-12: administrators cannot reset their password by self-service.

use super::authorization_policy::{self, COLLECTION};
use crate::checks::{check_meta, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

check_meta! {
    id: "M365-ID-12",
    title: "Administrators cannot reset their own password by self-service",
    providers: &[Provider::M365],
    area: Area::Identity,
    severity: Severity::Medium,
    needs: &[COLLECTION],
    references: &["EIDSCA.AP01"],
    rationale: "Self-service reset lets whoever controls an admin's phone or mailbox take over the admin account; admins should reset through another admin.",
    logic: "Passes when the authorization policy's `allowedToUseSSPR` is false. When Graph does not report it, Microsoft's default applies: administrators may use self-service password reset, so the check fails. SCuBA and CIS have no rule on this; the verdict follows EIDSCA.",
    remediation: "Graph: `PATCH /policies/authorizationPolicy` with `{\"allowedToUseSSPR\": false}` (Update-MgPolicyAuthorizationPolicy -AllowedToUseSspr:$false); there is no switch for it in the admin center.",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let policy = authorization_policy::policy(ctx.snapshot)?;
    // Administrators may use SSPR unless the tenant turned it off.
    let allowed = policy.allowed_to_use_sspr.unwrap_or(true);
    let shown = match policy.allowed_to_use_sspr {
        Some(v) => v.to_string(),
        None => "true (default)".to_string(),
    };
    Ok(Outcome::verdict(
        allowed,
        "administrators cannot use self-service password reset",
        "administrators can reset their password by self-service",
    )
    .evidence(COLLECTION, "allowedToUseSSPR", shown))
}

//! M365-MFA-01: MFA for all users.

use super::conditional_access::{self, COLLECTION};
use crate::checks::{check_meta, need, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

check_meta! {
    id: "M365-MFA-01",
    title: "MFA is required for all users",
    providers: &[Provider::M365],
    area: Area::Mfa,
    severity: Severity::Critical,
    needs: &[COLLECTION],
    references: &["MS.AAD.3.2v2", "CIS 5.2.2.2"],
    rationale: "Passwords alone are phished, sprayed and reused; MFA for every user stops most account takeovers.",
    logic: "Passes when an enabled conditional-access policy targeting all users and all apps, excluding only the approved exclusions, requires MFA (the `mfa` control, or an authentication strength, not offered as an OR alternative to another control). With no conditional-access policy at all, security defaults being on also passes. Report-only policies do not count; a policy that falls short is named with why. Unlike ScubaGear, an OR with another grant control does not count, because a user could satisfy the other control instead.",
    remediation: "Create (or enable) a conditional-access policy for all users and all cloud apps that grants access only with MFA, excluding only the break-glass accounts; or, without Entra ID P1, turn on security defaults.",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let m365 = super::section(ctx.snapshot)?;
    let policies = need(
        m365.conditional_access_policies.as_ref(),
        COLLECTION,
        "policies",
    )?;
    if policies.is_empty() {
        let defaults = need(
            m365.security_defaults.as_ref(),
            "security_defaults",
            "policy",
        )?;
        let on = *need(
            defaults.is_enabled.as_ref(),
            "security_defaults",
            "isEnabled",
        )?;
        return Ok(Outcome::verdict(
            !on,
            "no conditional-access policies; security defaults require MFA",
            "no conditional-access policy and security defaults are off: nothing requires MFA",
        )
        .evidence("security_defaults", "isEnabled", on));
    }
    Ok(conditional_access::verdict(
        policies,
        ctx.exclusions,
        |p| {
            conditional_access::requires(p, "mfa")
                || conditional_access::required_strength(p).is_some()
        },
        "MFA for all users",
    ))
}

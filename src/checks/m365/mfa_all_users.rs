//! M365-MFA-01: MFA for all users.

use super::conditional_access::{self, Resources, Target, COLLECTION};
use super::security_defaults;
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
    logic: "Passes when an enabled conditional-access policy targeting all users and all apps, excluding only the approved exclusions, requires MFA: the `mfa` control, or an authentication strength that amounts to MFA, not offered as an OR alternative to another control. A strength counts only when every allowed combination is multifactor (two different methods, or one that is multifactor alone such as FIDO2, Windows Hello, certificate MFA, phone sign-in or a Temporary Access Pass); the three built-in strengths are known by id, a custom one is judged by its `allowedCombinations` (Graph returns them expanded in the policy), and one with no combinations is not MFA. Security defaults satisfy this control (Microsoft Learn, \"Security defaults in Microsoft Entra ID\": all users register for MFA and are prompted when necessary, admins on every sign-in), so with security defaults on the check passes by security defaults. Without Entra ID P1 (service plan AAD_PREMIUM, or AAD_PREMIUM_P2 which includes it) conditional access cannot be used, so a tenant with security defaults off fails with that fix. Report-only policies do not count; a policy that falls short is named with why, in the message and in its row. Unlike ScubaGear, an OR with another grant control does not count, because a user could satisfy the other control instead.",
    remediation: "Create (or enable) a conditional-access policy for all users and all cloud apps that grants access only with MFA, excluding only the break-glass accounts; or, without Entra ID P1, turn on security defaults.",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let policies = need(
        super::section(ctx.snapshot)?
            .conditional_access_policies
            .as_ref(),
        COLLECTION,
        "policies",
    )?;
    let by_policy = conditional_access::judged_verdict(
        policies,
        ctx.exclusions,
        &Target::AllUsers,
        &Resources::AllApps,
        conditional_access::requires_mfa,
        "MFA for all users",
    );
    security_defaults::or_security_defaults(ctx, by_policy, "MFA for all users")
}

//! M365-CA-01: legacy authentication blocked.

use super::conditional_access::{self, COLLECTION};
use super::security_defaults;
use crate::checks::{check_meta, need, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

check_meta! {
    id: "M365-CA-01",
    title: "Legacy authentication is blocked",
    providers: &[Provider::M365],
    area: Area::Access,
    severity: Severity::Critical,
    needs: &[COLLECTION],
    references: &["MS.AAD.1.1v1", "CIS 5.2.2.3"],
    rationale: "Legacy protocols (POP, IMAP, SMTP AUTH, older Office clients) cannot do MFA, so password spraying goes straight through them.",
    logic: "Passes when an enabled conditional-access policy for all users and all apps, excluding only the approved exclusions, has client app types including both `exchangeActiveSync` and `other` and the grant control `block`. Security defaults satisfy this control (Microsoft Learn, \"Security defaults in Microsoft Entra ID\": they block legacy authentication protocols), so with security defaults on the check passes by security defaults. Without Entra ID P1 (service plan AAD_PREMIUM, or AAD_PREMIUM_P2 which includes it) conditional access cannot be used, so a tenant with security defaults off fails with that fix. A report-only policy is named, with why it does not count, but does not count.",
    remediation: "Create a conditional-access policy: all users (exclude only break-glass accounts), all cloud apps, client apps Exchange ActiveSync and Other clients, grant Block; set it to On. Without Entra ID P1, turn on security defaults.",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let m365 = super::section(ctx.snapshot)?;
    let policies = need(
        m365.conditional_access_policies.as_ref(),
        COLLECTION,
        "policies",
    )?;
    let by_policy = conditional_access::verdict(
        policies,
        ctx.exclusions,
        |p| {
            let types = &p.conditions.client_app_types;
            ["exchangeActiveSync", "other"]
                .iter()
                .all(|t| types.iter().any(|x| x == t))
                && conditional_access::requires(p, "block")
        },
        "legacy authentication block",
    );
    security_defaults::or_security_defaults(ctx, by_policy, "legacy authentication block")
}

//! M365-CA-04: device code flow blocked.

use super::conditional_access::{self, COLLECTION};
use super::licence::{self, SKUS};
use crate::checks::{check_meta, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

check_meta! {
    id: "M365-CA-04",
    title: "Device code flow is blocked",
    providers: &[Provider::M365],
    area: Area::Access,
    severity: Severity::Medium,
    needs: &[COLLECTION, SKUS],
    references: &["MS.AAD.3.9v1", "CIS 5.2.2.12"],
    rationale: "Device code phishing gets a user to enter an attacker's code on the real sign-in page, handing over a token that MFA already approved.",
    logic: "Passes when an enabled conditional-access policy for all users and all apps, excluding only the approved exclusions, has `authenticationFlows.transferMethods` containing `deviceCodeFlow` and the grant control `block`. `transferMethods` is a flag enum sent as one comma-joined string; each flag is compared on its own. Licence: only conditional access can do this, so without Entra ID P1 (service plan AAD_PREMIUM, or AAD_PREMIUM_P2 which includes it, in `subscribedSkus`) the check is not applicable, naming the licence. Security defaults do not satisfy it (Microsoft Learn, \"Security defaults in Microsoft Entra ID\": they block legacy authentication protocols, not the device code flow, which is modern authentication), so they do not change the verdict.",
    remediation: "Create a conditional-access policy: all users (exclude break-glass accounts and any approved device-code users), all cloud apps, condition Authentication flows → Device code flow, grant Block; set it to On.",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let policies = match conditional_access::licensed_policies(ctx, licence::require_p1)? {
        Ok(policies) => policies,
        Err(not_licensed) => return Ok(not_licensed),
    };
    Ok(conditional_access::verdict(
        policies,
        ctx.exclusions,
        |p| {
            let flows = p
                .conditions
                .authentication_flows
                .as_ref()
                .and_then(|f| f.transfer_methods.as_deref())
                .unwrap_or_default();
            flows.split(',').any(|m| m.trim() == "deviceCodeFlow")
                && conditional_access::requires(p, "block")
        },
        "device code flow block",
    ))
}

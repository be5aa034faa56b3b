//! M365-CA-09: a managed device is required to sign in.

use super::conditional_access::{self, COLLECTION};
use super::licence::{self, SKUS};
use crate::checks::{check_meta, Context, Missing, Outcome};
use tenantaudit_connector::snapshot::m365::ConditionalAccessPolicy;
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

/// Grant controls that prove a managed device.
const DEVICE_CONTROLS: [&str; 2] = ["compliantDevice", "domainJoinedDevice"];

check_meta! {
    id: "M365-CA-09",
    title: "A managed device (compliant or hybrid-joined) is required to sign in",
    providers: &[Provider::M365],
    area: Area::Access,
    severity: Severity::Medium,
    needs: &[COLLECTION, SKUS],
    references: &["MS.AAD.3.7v1"],
    rationale: "A stolen password and MFA prompt are worth much less when the sign-in must also come from a device the organisation manages.",
    logic: "Passes when an enabled conditional-access policy for all users and all apps, excluding only the approved exclusions, requires a managed device: its grant controls include `compliantDevice` or `domainJoinedDevice`, and either the operator is `AND` or every alternative (built-in control or authentication strength) is one of those two. ScubaGear asks for exactly the two controls joined by OR; a policy requiring only one of them, or one of them AND MFA, is stricter and counts too. Each policy that asks for a managed device but does not count is named with why. Licence: only conditional access can do this, so without Entra ID P1 (service plan AAD_PREMIUM, or AAD_PREMIUM_P2 which includes it, in `subscribedSkus`) the check is not applicable, naming the licence. Security defaults do not satisfy it (Microsoft Learn, \"Security defaults in Microsoft Entra ID\": they require no device state), so they do not change the verdict.",
    remediation: "Create a conditional-access policy: all users (exclude break-glass accounts), all resources, Grant → Require device to be marked as compliant and Require Microsoft Entra hybrid joined device, \"Require one of the selected controls\"; set it to On.",
    params: &[],
}

fn requires_managed_device(policy: &ConditionalAccessPolicy) -> bool {
    let Some(grant) = &policy.grant_controls else {
        return false;
    };
    let is_device = |c: &String| DEVICE_CONTROLS.contains(&c.as_str());
    grant.built_in_controls.iter().any(is_device)
        && (grant.operator.as_deref() == Some("AND")
            || (grant.authentication_strength.is_none()
                && grant.built_in_controls.iter().all(is_device)))
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let policies = match conditional_access::licensed_policies(ctx, licence::require_p1)? {
        Ok(policies) => policies,
        Err(not_licensed) => return Ok(not_licensed),
    };
    Ok(conditional_access::verdict(
        policies,
        ctx.exclusions,
        requires_managed_device,
        "require a managed device",
    ))
}

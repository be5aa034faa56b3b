//! M365-CA-05: registering security info needs a managed device or trusted location.

use super::conditional_access::{self, Resources, Target, COLLECTION};
use super::licence::{self, SKUS};
use crate::checks::{check_meta, Context, Missing, Outcome};
use tenantaudit_connector::snapshot::m365::ConditionalAccessPolicy;
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

const ACTION: &str = "urn:user:registersecurityinfo";
const DEVICE_CONTROLS: &[&str] = &["compliantDevice", "domainJoinedDevice"];

check_meta! {
    id: "M365-CA-05",
    title: "Registering security info requires a managed device or a trusted location",
    providers: &[Provider::M365],
    area: Area::Access,
    severity: Severity::Medium,
    needs: &[COLLECTION, SKUS],
    references: &["MS.AAD.3.8v1", "CIS 5.2.2.10"],
    rationale: "An attacker with a phished password registers their own MFA method first; tying registration to a managed device or the office stops that.",
    logic: "Passes when an enabled conditional-access policy for all users, excluding only the approved exclusions, targets the user action `urn:user:registersecurityinfo` and either requires a compliant or hybrid-joined device (`compliantDevice` / `domainJoinedDevice`, alone or as the only alternatives) or blocks every location except trusted ones (`includeLocations` `All`, `excludeLocations` `AllTrusted`, grant `block`). SCuBA MS.AAD.3.8v1 and CIS 5.2.2.10 ask for a managed device; the trusted-location alternative comes from this catalog, and the passing policy is named so the reader can tell which way was found. Licence: only conditional access can do this, so without Entra ID P1 (service plan AAD_PREMIUM, or AAD_PREMIUM_P2 which includes it, in `subscribedSkus`) the check is not applicable, naming the licence. Security defaults do not satisfy it (Microsoft Learn, \"Security defaults in Microsoft Entra ID\": they make users register for MFA within 14 days but do not restrict where they register from), so they do not change the verdict.",
    remediation: "Create a conditional-access policy: all users (exclude break-glass accounts), user action \"Register security information\", grant \"Require device to be marked as compliant\" (or block all locations but trusted ones); set it to On.",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let policies = match conditional_access::licensed_policies(ctx, licence::require_p1)? {
        Ok(policies) => policies,
        Err(not_licensed) => return Ok(not_licensed),
    };
    Ok(conditional_access::verdict_for(
        policies,
        ctx.exclusions,
        &Target::AllUsers,
        &Resources::UserAction(ACTION),
        |p| needs_managed_device(p) || trusted_locations_only(p),
        "security info registration from managed devices or trusted locations",
    ))
}

/// Every grant alternative is a device control (an OR between compliant and
/// hybrid-joined still requires a managed device).
fn needs_managed_device(p: &ConditionalAccessPolicy) -> bool {
    let Some(grant) = &p.grant_controls else {
        return false;
    };
    let device = |c: &String| DEVICE_CONTROLS.contains(&c.as_str());
    if grant.operator.as_deref() == Some("AND") {
        return grant.built_in_controls.iter().any(device);
    }
    grant.authentication_strength.is_none()
        && !grant.built_in_controls.is_empty()
        && grant.built_in_controls.iter().all(device)
}

fn trusted_locations_only(p: &ConditionalAccessPolicy) -> bool {
    let locations = p.conditions.locations.clone().unwrap_or_default();
    locations.include_locations.iter().any(|l| l == "All")
        && locations
            .exclude_locations
            .iter()
            .any(|l| l == "AllTrusted")
        && conditional_access::requires(p, "block")
}

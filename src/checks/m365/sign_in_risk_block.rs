//! M365-CA-03: high sign-in risk blocked.

use super::licence::SKUS;
use super::risk_block;
use crate::checks::{check_meta, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

check_meta! {
    id: "M365-CA-03",
    title: "Sign-ins at high risk are blocked",
    providers: &[Provider::M365],
    area: Area::Access,
    severity: Severity::High,
    needs: &[SKUS],
    references: &["MS.AAD.2.3v1", "CIS 5.2.2.7"],
    rationale: "A high-risk sign-in (anonymous IP, impossible travel, token replay) is most likely not the user; blocking it stops the attacker at the door.",
    logic: "Reads `subscribedSkus`, then `conditional_access_policies`. Not applicable without Entra ID P2. Passes when an enabled conditional-access policy for all users and all apps, excluding only the approved exclusions, has `signInRiskLevels` containing `high` and the grant control `block`. Only `block` counts, as SCuBA MS.AAD.2.3v1 asks; a policy that instead requires MFA does not count. Security defaults do not satisfy it (Microsoft Learn, \"Security defaults in Microsoft Entra ID\": they prompt for MFA when Entra ID deems it necessary but block no risk level), so they do not change the verdict.",
    remediation: "Create a conditional-access policy: all users (exclude break-glass accounts), all cloud apps, condition sign-in risk High, grant Block; set it to On.",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    risk_block::verdict(ctx, |c| &c.sign_in_risk_levels, "block high sign-in risk")
}

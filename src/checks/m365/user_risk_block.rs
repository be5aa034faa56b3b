//! M365-CA-02: high user risk blocked.

use super::licence::SKUS;
use super::risk_block;
use crate::checks::{check_meta, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

check_meta! {
    id: "M365-CA-02",
    title: "Users at high risk are blocked",
    providers: &[Provider::M365],
    area: Area::Access,
    severity: Severity::High,
    needs: &[SKUS],
    references: &["MS.AAD.2.1v1", "CIS 5.2.2.6"],
    rationale: "A user Identity Protection rates high risk (leaked credentials, attacker activity) is probably compromised; letting them sign in hands the attacker a session.",
    logic: "Reads `subscribedSkus`, then `conditional_access_policies`. Not applicable without Entra ID P2 (service plan AAD_PREMIUM_P2 in `subscribedSkus`). Passes when an enabled conditional-access policy for all users and all apps, excluding only the approved exclusions, has `userRiskLevels` containing `high` and the grant control `block`. Only `block` counts, as SCuBA MS.AAD.2.1v1 asks; a policy that instead requires a password change is named but does not count. Security defaults do not satisfy it (Microsoft Learn, \"Security defaults in Microsoft Entra ID\": they prompt for MFA when Entra ID deems it necessary but block no risk level), so they do not change the verdict.",
    remediation: "Create a conditional-access policy: all users (exclude break-glass accounts), all cloud apps, condition user risk High, grant Block; set it to On.",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    risk_block::verdict(ctx, |c| &c.user_risk_levels, "block high user risk")
}

//! M365-ID-06: who may invite guests.

use super::authorization_policy::{self, COLLECTION};
use crate::checks::{check_meta, need, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

check_meta! {
    id: "M365-ID-06",
    title: "Only admins and guest inviters can invite guests",
    providers: &[Provider::M365],
    area: Area::Identity,
    severity: Severity::Medium,
    needs: &[COLLECTION],
    references: &["MS.AAD.8.2v1", "CIS 5.1.6.3", "EIDSCA.AP04"],
    rationale: "When anyone can invite, external accounts join the directory without anyone deciding they should.",
    logic: "Passes when `authorizationPolicy.allowInvitesFrom` is `adminsAndGuestInviters` or `none`. `adminsGuestInvitersAndAllMembers`, `everyone` and any value Graph may add later fail.",
    remediation: "Entra admin center → External Identities → External collaboration settings: set guest invite restrictions to \"Only users assigned to specific admin roles can invite guest users\" (or no one).",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let policy = authorization_policy::policy(ctx.snapshot)?;
    let from = need(
        policy.allow_invites_from.as_deref(),
        COLLECTION,
        "allowInvitesFrom",
    )?;
    Ok(Outcome::verdict(
        !matches!(from, "adminsAndGuestInviters" | "none"),
        format!("guest invitations are limited ({from})"),
        format!("guest invitations are open ({from})"),
    )
    .evidence(COLLECTION, "allowInvitesFrom", from))
}

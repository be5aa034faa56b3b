//! M365-ID-05: guest directory access is restricted.

use super::authorization_policy::{self, COLLECTION};
use crate::checks::{check_meta, need, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

/// Guest role template ids (authorizationPolicy, Microsoft Learn).
const RESTRICTED_GUEST: &str = "2af84b1e-32c8-42b7-82bc-daa82404023b";
const LIMITED_GUEST: &str = "10dae51f-b6af-4016-8d66-8c2a99b929b3";
const MEMBER_LIKE: &str = "a0b1b346-4d3e-4e8b-98f8-753987be4970";

check_meta! {
    id: "M365-ID-05",
    title: "Guest directory access is restricted",
    providers: &[Provider::M365],
    area: Area::Identity,
    severity: Severity::Medium,
    needs: &[COLLECTION],
    references: &["MS.AAD.8.1v1", "CIS 5.1.6.2", "EIDSCA.AP07"],
    rationale: "With member-like access a guest can enumerate every user, group and role in the directory — a reconnaissance gift.",
    logic: "Passes when `authorizationPolicy.guestUserRoleId` is the restricted guest role (2af84b1e-…) or the limited guest role (10dae51f-…), as SCuBA allows; CIS asks for the restricted role only. Any other value, including an unknown one, fails.",
    remediation: "Entra admin center → External Identities → External collaboration settings → Guest user access: \"Guest user access is restricted to properties and memberships of their own directory objects\".",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let policy = authorization_policy::policy(ctx.snapshot)?;
    let role = need(
        policy.guest_user_role_id.as_deref(),
        COLLECTION,
        "guestUserRoleId",
    )?;
    let meaning = match role {
        RESTRICTED_GUEST => "restricted guest access",
        LIMITED_GUEST => "limited guest access",
        MEMBER_LIKE => "the same access as members",
        _ => "an unrecognised guest role",
    };
    Ok(Outcome::verdict(
        !matches!(role, RESTRICTED_GUEST | LIMITED_GUEST),
        format!("guests have {meaning}"),
        format!("guests have {meaning}"),
    )
    .evidence(COLLECTION, "guestUserRoleId", role))
}

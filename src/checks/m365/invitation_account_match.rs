//! M365-SHR-05: Sharing invitations must be accepted by the invited account.

use super::sharepoint::{self, COLLECTION};
use crate::checks::{check_meta, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

check_meta! {
    id: "M365-SHR-05",
    title: "Sharing invitations must be accepted by the invited account",
    providers: &[Provider::M365],
    area: Area::Sharing,
    severity: Severity::Low,
    needs: &[COLLECTION],
    references: &["CIS 7.2.x"],
    rationale: "Without the match, an invitation forwarded to someone else is redeemed by that someone else.",
    logic: "Passes when `isRequireAcceptingUserToMatchInvitedUserEnabled` is true.",
    remediation: "SharePoint admin center → Policies → Sharing → More external sharing settings: select \"Guests must sign in using the same account to which sharing invitations are sent\".",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let on = sharepoint::flag(
        ctx,
        |s| s.is_require_accepting_user_to_match_invited_user_enabled,
        "isRequireAcceptingUserToMatchInvitedUserEnabled",
    )?;
    Ok(Outcome::verdict(
        !on,
        "invitations must be accepted by the invited account",
        "anyone holding an invitation can accept it",
    )
    .evidence(
        COLLECTION,
        "isRequireAcceptingUserToMatchInvitedUserEnabled",
        on,
    ))
}

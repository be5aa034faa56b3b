//! M365-SHR-02: No anonymous \"Anyone\" links, or they expire.

use super::sharepoint::{self, COLLECTION};
use crate::checks::{check_meta, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

check_meta! {
    id: "M365-SHR-02",
    title: "No anonymous \"Anyone\" links, or they expire",
    providers: &[Provider::M365],
    area: Area::Sharing,
    severity: Severity::High,
    needs: &[COLLECTION],
    references: &["MS.SHAREPOINT.3.1v1", "CIS 7.2.3"],
    rationale: "An Anyone link works for whoever gets it, forever unless it expires: forwarded mail or a pasted URL publishes the file.",
    logic: "Passes when `sharingCapability` is not `externalUserAndGuestSharing` (Anyone links are then impossible). When it is, the link expiry (`RequireAnonymousLinksExpireInDays`, at most `days` 30) lives only in the SharePoint admin REST API, which this configuration does not reach: the finding is `manual` and says what to look at.",
    remediation: "SharePoint admin center → Policies → Sharing: lower the level below \"Anyone\", or under \"Choose expiration and permissions options for Anyone links\" set links to expire within 30 days.",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let capability = sharepoint::capability(ctx)?;
    if capability != "externalUserAndGuestSharing" {
        return Ok(
            Outcome::pass(format!("Anyone links are not allowed ({capability})")).evidence(
                COLLECTION,
                "sharingCapability",
                capability,
            ),
        );
    }
    Ok(Outcome::manual(
        "Anyone links are allowed (sharingCapability externalUserAndGuestSharing); their expiry is only in the SharePoint admin REST API, which is not configured: check SharePoint admin center → Policies → Sharing → \"These links must expire within this many days\" is 30 or less",
    )
    .evidence(COLLECTION, "sharingCapability", capability))
}

//! M365-SHR-02: No anonymous \"Anyone\" links, or they expire.

use super::sharepoint::{self, ADMIN, ANYONE, COLLECTION};
use crate::checks::{check_meta, Context, Missing, Outcome, ParamDefault, ParamSpec};
use tenantaudit_connector::snapshot::CollectionStatus;
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
    logic: "Passes when Graph's `sharingCapability` is not `externalUserAndGuestSharing` (Anyone links are then impossible). When it is, the link expiry lives only in the SharePoint admin REST API (`_api/SPO.Tenant`, collection `sharepoint_admin`, opt-in): passes when `RequireAnonymousLinksExpireInDays` is between 1 and `days` (30), fails when it is longer or 0 (links never expire; ScubaGear's `<= 30` would pass 0). The admin API's `SharingCapability` must agree (2, Anyone) or the finding is an error. Without the admin source configured the finding is `manual`; when it failed, `error`.",
    remediation: "SharePoint admin center → Policies → Sharing: lower the level below \"Anyone\", or under \"Choose expiration and permissions options for Anyone links\" set links to expire within 30 days.",
    params: &[ParamSpec { name: "days", doc: "longest Anyone-link lifetime allowed, in days", default: ParamDefault::Int(30) }],
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
    // The expiry is only in the admin API: its record decides what can be said.
    let record = ctx.snapshot.collection(ADMIN);
    match record.map(|r| r.status) {
        Some(CollectionStatus::Ok) => {}
        Some(CollectionStatus::Error) => {
            let error = record.and_then(|r| r.error.as_ref());
            return Ok(Outcome::error(
                format!(
                    "Anyone links are allowed and their expiry could not be read: collection {ADMIN} failed ({})",
                    error.map(|e| e.message.as_str()).unwrap_or("no detail recorded")
                ),
                error.map(|e| e.fix.clone()).unwrap_or_default(),
            ));
        }
        _ => {
            let how = record
                .map(|r| r.permission.as_str())
                .unwrap_or("not collected");
            return Ok(Outcome::manual(format!(
                "Anyone links are allowed (sharingCapability externalUserAndGuestSharing); their expiry is only in the SharePoint admin REST API, which is {how}: check SharePoint admin center → Policies → Sharing → \"These links must expire within this many days\" is 30 or less"
            ))
            .evidence(COLLECTION, "sharingCapability", capability));
        }
    }
    let admin_capability =
        sharepoint::admin_number(ctx, |t| t.sharing_capability, "SharingCapability")?;
    if admin_capability != ANYONE {
        return Ok(Outcome::error(
            format!("Graph says Anyone links are allowed but the SharePoint admin API says SharingCapability {admin_capability}: the two disagree"),
            "collect again; if it persists, compare both in the SharePoint admin center",
        ));
    }
    let expiry = sharepoint::admin_number(
        ctx,
        |t| t.require_anonymous_links_expire_in_days,
        "RequireAnonymousLinksExpireInDays",
    )?;
    let days = ctx.params.int("days");
    let outcome = if expiry <= 0 {
        Outcome::fail("Anyone links are allowed and never expire")
    } else {
        Outcome::verdict(
            expiry > days,
            format!("Anyone links are allowed and expire after {expiry} days (at most {days})"),
            format!(
                "Anyone links are allowed and expire only after {expiry} days (more than {days})"
            ),
        )
    };
    Ok(outcome
        .evidence(COLLECTION, "sharingCapability", capability)
        .evidence(ADMIN, "SharingCapability", admin_capability)
        .evidence(ADMIN, "RequireAnonymousLinksExpireInDays", expiry))
}

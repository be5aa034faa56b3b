//! M365-SHR-03: External sharing is restricted to allowed domains.

use super::sharepoint::{self, COLLECTION};
use crate::checks::{check_meta, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

check_meta! {
    id: "M365-SHR-03",
    title: "External sharing is restricted to allowed domains",
    providers: &[Provider::M365],
    area: Area::Sharing,
    severity: Severity::Medium,
    needs: &[COLLECTION],
    references: &["MS.SHAREPOINT.1.3v1", "CIS 7.2.6"],
    rationale: "An allow-list keeps files from being shared with any address on the internet, including a typo or a personal mailbox.",
    logic: "Not applicable when `sharingCapability` is `disabled`. Otherwise passes when `sharingDomainRestrictionMode` is `allowList`; `none`, `blockList` and unknown values fail.",
    remediation: "SharePoint admin center → Policies → Sharing → More external sharing settings: \"Limit external sharing by domain\", allow only the partner domains you work with.",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let capability = sharepoint::capability(ctx)?;
    if capability == "disabled" {
        return Ok(Outcome::not_applicable(
            "external sharing is disabled",
            "nothing to restrict while external sharing is off",
        ));
    }
    let mode = crate::checks::need(
        sharepoint::settings(ctx)?
            .sharing_domain_restriction_mode
            .as_deref(),
        COLLECTION,
        "sharingDomainRestrictionMode",
    )?;
    Ok(Outcome::verdict(
        mode != "allowList",
        "external sharing is limited to allowed domains",
        format!("external sharing is not limited to allowed domains ({mode})"),
    )
    .evidence(COLLECTION, "sharingDomainRestrictionMode", mode))
}

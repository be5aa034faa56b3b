//! M365-SHR-01: SharePoint and OneDrive external sharing is limited.

use super::sharepoint::{self, COLLECTION};
use crate::checks::{check_meta, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

check_meta! {
    id: "M365-SHR-01",
    title: "SharePoint and OneDrive external sharing is limited",
    providers: &[Provider::M365],
    area: Area::Sharing,
    severity: Severity::High,
    needs: &[COLLECTION],
    references: &["MS.SHAREPOINT.1.1v1", "CIS 7.2.3"],
    rationale: "The tenant-wide sharing level caps every site: above existing guests, anyone in the organisation can bring new outsiders to its files.",
    logic: "Passes when `admin/sharepoint/settings.sharingCapability` is `disabled` or `existingExternalUserSharingOnly`. `externalUserSharingOnly` (new and existing guests), `externalUserAndGuestSharing` (anyone) and unknown values fail.",
    remediation: "SharePoint admin center → Policies → Sharing: set SharePoint (and OneDrive) to \"Existing guests\" or \"Only people in your organization\".",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let capability = sharepoint::capability(ctx)?;
    Ok(Outcome::verdict(
        !matches!(capability, "disabled" | "existingExternalUserSharingOnly"),
        format!("external sharing is limited ({capability})"),
        format!("external sharing is open beyond existing guests ({capability})"),
    )
    .evidence(COLLECTION, "sharingCapability", capability))
}

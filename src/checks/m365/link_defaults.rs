//! M365-SHR-06: default sharing link is "specific people", view only.

use super::not_collected;
use crate::checks::{check_meta, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

check_meta! {
    id: "M365-SHR-06",
    title: "The default sharing link is \"specific people\" with view permission",
    providers: &[Provider::M365],
    area: Area::Sharing,
    severity: Severity::Medium,
    needs: &[],
    references: &["MS.SHAREPOINT.2.1v1", "MS.SHAREPOINT.2.2v1", "CIS 7.2.7", "CIS 7.2.11"],
    rationale: "Users take the default: if it is an organisation-wide or edit link, files are over-shared one click at a time.",
    logic: "The tenant's `DefaultSharingLinkType` and `DefaultLinkPermission` are only in the SharePoint admin REST API (collection `sharepoint_admin`), which this configuration does not reach yet: the finding is `manual` and says what to look at. It should pass when the link type is Direct (specific people) and the permission View.",
    remediation: "SharePoint admin center → Policies → Sharing → File and folder links: default link type \"Specific people\", default permission \"View\".",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    not_collected::manual(
        ctx,
        "sharepoint_admin",
        "SharePoint admin center → Policies → Sharing → File and folder links: the default is \"Specific people\" and the permission \"View\" (Get-SPOTenant: DefaultSharingLinkType Direct, DefaultLinkPermission View)",
    )
}

//! M365-SHR-06: default sharing link is "specific people", view only.

use super::sharepoint::{self, ADMIN};
use crate::checks::{check_meta, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

check_meta! {
    id: "M365-SHR-06",
    title: "The default sharing link is \"specific people\" with view permission",
    providers: &[Provider::M365],
    area: Area::Sharing,
    severity: Severity::Medium,
    needs: &[ADMIN],
    references: &["MS.SHAREPOINT.2.1v1", "MS.SHAREPOINT.2.2v1", "CIS 7.2.7", "CIS 7.2.11"],
    rationale: "Users take the default: if it is an organisation-wide or edit link, files are over-shared one click at a time.",
    logic: "Reads the tenant's `DefaultSharingLinkType` and `DefaultLinkPermission` from the SharePoint admin REST API (`_api/SPO.Tenant`, collection `sharepoint_admin`; opt-in: `sharepoint_admin` under `[tenant.endpoints]` with certificate auth and Sites.FullControl.All on SharePoint). Passes when the link type is 1 (Direct: specific people) and the permission 1 (View); fails naming what else is set (link types 2 Internal, 3 AnonymousAccess; permission 2 Edit). A missing value is an error. Without the source configured the finding is `manual`.",
    remediation: "SharePoint admin center → Policies → Sharing → File and folder links: default link type \"Specific people\", default permission \"View\".",
    params: &[],
}

fn link_type(value: i64) -> &'static str {
    match value {
        0 => "None (the site's default)",
        1 => "Specific people",
        2 => "Only people in your organization",
        3 => "Anyone with the link",
        _ => "unknown",
    }
}

fn permission(value: i64) -> &'static str {
    match value {
        0 => "None (the site's default)",
        1 => "View",
        2 => "Edit",
        _ => "unknown",
    }
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let kind = sharepoint::admin_number(
        ctx,
        |t| t.default_sharing_link_type,
        "DefaultSharingLinkType",
    )?;
    let perm =
        sharepoint::admin_number(ctx, |t| t.default_link_permission, "DefaultLinkPermission")?;
    let mut wrong = Vec::new();
    if kind != 1 {
        wrong.push(format!(
            "the default link is \"{}\" ({kind})",
            link_type(kind)
        ));
    }
    if perm != 1 {
        wrong.push(format!(
            "the default permission is \"{}\" ({perm})",
            permission(perm)
        ));
    }
    Ok(Outcome::verdict(
        !wrong.is_empty(),
        "the default link is \"Specific people\" with \"View\" permission",
        format!(
            "{}; it should be \"Specific people\" with \"View\"",
            wrong.join(" and ")
        ),
    )
    .evidence(ADMIN, "DefaultSharingLinkType", kind)
    .evidence(ADMIN, "DefaultLinkPermission", perm))
}

//! M365-SHR-04: External users cannot reshare.

use super::sharepoint::{self, COLLECTION};
use crate::checks::{check_meta, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

check_meta! {
    id: "M365-SHR-04",
    title: "External users cannot reshare",
    providers: &[Provider::M365],
    area: Area::Sharing,
    severity: Severity::Medium,
    needs: &[COLLECTION],
    references: &["CIS 7.2.5"],
    rationale: "When guests can reshare, the organisation no longer decides who sees its files.",
    logic: "Passes when `isResharingByExternalUsersEnabled` is false.",
    remediation: "SharePoint admin center → Policies → Sharing → More external sharing settings: clear \"Allow guests to share items they don't own\".",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let on = sharepoint::flag(
        ctx,
        |s| s.is_resharing_by_external_users_enabled,
        "isResharingByExternalUsersEnabled",
    )?;
    Ok(Outcome::verdict(
        on,
        "guests cannot reshare",
        "guests can reshare items they do not own",
    )
    .evidence(COLLECTION, "isResharingByExternalUsersEnabled", on))
}

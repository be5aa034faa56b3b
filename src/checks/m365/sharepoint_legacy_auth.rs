//! M365-CA-08: SharePoint legacy authentication protocols off.

use super::sharepoint::{self, COLLECTION};
use crate::checks::{check_meta, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

check_meta! {
    id: "M365-CA-08",
    title: "SharePoint does not accept legacy authentication",
    providers: &[Provider::M365],
    area: Area::Access,
    severity: Severity::Medium,
    needs: &[COLLECTION],
    references: &["CIS 7.2.1"],
    rationale: "Legacy SharePoint protocols authenticate without modern auth, so they bypass MFA and conditional access.",
    logic: "Passes when `admin/sharepoint/settings.isLegacyAuthProtocolsEnabled` is false.",
    remediation: "SharePoint admin center → Policies → Access control → Apps that don't use modern authentication: Block access (or `Set-SPOTenant -LegacyAuthProtocolsEnabled $false`).",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let on = sharepoint::flag(
        ctx,
        |s| s.is_legacy_auth_protocols_enabled,
        "isLegacyAuthProtocolsEnabled",
    )?;
    Ok(Outcome::verdict(
        on,
        "SharePoint legacy authentication protocols are off",
        "SharePoint accepts legacy authentication protocols",
    )
    .evidence(COLLECTION, "isLegacyAuthProtocolsEnabled", on))
}

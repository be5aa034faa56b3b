//! M365-APP-01: only admins register applications.

use super::authorization_policy::{self, COLLECTION};
use crate::checks::{check_meta, need, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

check_meta! {
    id: "M365-APP-01",
    title: "Only administrators can register applications",
    providers: &[Provider::M365],
    area: Area::Apps,
    severity: Severity::High,
    needs: &[COLLECTION],
    references: &["MS.AAD.5.1v1", "CIS 5.1.2.2", "EIDSCA.AP10"],
    rationale: "An app any user registers can be used to phish consent or to persist access outside admin review.",
    logic: "Passes when `authorizationPolicy.defaultUserRolePermissions.allowedToCreateApps` is false.",
    remediation: "Entra admin center → Users → User settings: set \"Users can register applications\" to No.",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let defaults = authorization_policy::default_user_permissions(ctx.snapshot)?;
    let allowed = *need(
        defaults.allowed_to_create_apps.as_ref(),
        COLLECTION,
        "defaultUserRolePermissions.allowedToCreateApps",
    )?;
    Ok(Outcome::verdict(
        allowed,
        "users cannot register applications",
        "every user can register applications",
    )
    .evidence(
        COLLECTION,
        "defaultUserRolePermissions.allowedToCreateApps",
        allowed,
    ))
}

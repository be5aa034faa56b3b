//! M365-APP-02: user consent to apps is off or limited.

use super::authorization_policy::{self, COLLECTION};
use crate::checks::{check_meta, need, Context, Missing, Outcome, ParamDefault, ParamSpec};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

check_meta! {
    id: "M365-APP-02",
    title: "User consent to apps is off or limited to verified publishers and low-risk permissions",
    providers: &[Provider::M365],
    area: Area::Apps,
    severity: Severity::Critical,
    needs: &[COLLECTION],
    references: &["MS.AAD.5.2v1", "CIS 5.1.5.1", "EIDSCA.AP08"],
    rationale: "Consent phishing turns one user's click into an app with standing access to mail and files.",
    logic: "Fails when `defaultUserRolePermissions.permissionGrantPoliciesAssigned` holds a policy from `forbidden` (by default `ManagePermissionGrantsForSelf.microsoft-user-default-legacy`, which lets users consent to any app for any delegated permission). A strict profile adds `ManagePermissionGrantsForSelf.microsoft-user-default-recommended` to `forbidden`, as CIS does.",
    remediation: "Entra admin center → Enterprise applications → Consent and permissions: \"Do not allow user consent\", or \"Allow user consent for apps from verified publishers, for selected permissions\".",
    params: &[ParamSpec {
        name: "forbidden",
        doc: "permission grant policies users must not be assigned",
        default: ParamDefault::List(&["ManagePermissionGrantsForSelf.microsoft-user-default-legacy"]),
    }],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let defaults = authorization_policy::default_user_permissions(ctx.snapshot)?;
    let assigned = need(
        defaults.permission_grant_policies_assigned.as_ref(),
        COLLECTION,
        "defaultUserRolePermissions.permissionGrantPoliciesAssigned",
    )?;
    let forbidden = ctx.params.list("forbidden");
    let offending: Vec<&String> = assigned.iter().filter(|p| forbidden.contains(p)).collect();
    let mut outcome = Outcome::verdict(
        !offending.is_empty(),
        "users cannot consent to unvetted apps",
        "users can consent to apps beyond verified publishers and low-risk permissions",
    )
    .evidence(
        COLLECTION,
        "defaultUserRolePermissions.permissionGrantPoliciesAssigned",
        assigned.clone(),
    );
    for policy in offending {
        outcome = outcome.affected(policy.clone(), policy.clone(), "assigned to every user");
    }
    Ok(outcome)
}

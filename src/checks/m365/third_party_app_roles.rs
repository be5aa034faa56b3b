//! M365-APP-04: third-party apps with high-privilege application permissions.

use super::app_risk::{self, HIGH_RISK, SERVICE_PRINCIPALS};
use crate::checks::plural;
use crate::checks::{check_meta, Context, Missing, Outcome, ParamDefault, ParamSpec};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

check_meta! {
    id: "M365-APP-04",
    title: "No third-party app holds high-privilege application permissions",
    providers: &[Provider::M365],
    area: Area::Apps,
    severity: Severity::Critical,
    needs: &[SERVICE_PRINCIPALS],
    references: &["CIS 5.1.5.x", "seed: third-party integration security"],
    rationale: "An application permission works without any user: a vendor breach becomes a breach of this tenant's directory, mail or files.",
    logic: "For every service principal registered by another organisation (`appOwnerOrganizationId` neither this tenant nor Microsoft's; unreported counts as foreign), each app role it holds (`appRoleAssignments`, resolved to a permission name through the resource's `appRoles`) must not be in `high_risk`, unless the app's `appId` is in `allowed_apps`. An assignment whose role cannot be resolved is reported (fail closed).",
    remediation: "Review each named app with its business owner: remove the permission (Enterprise applications → the app → Permissions → Revoke), replace it with a narrower one, or add the app's appId to `allowed_apps` with a documented reason.",
    params: &[
        ParamSpec { name: "high_risk", doc: "application permissions that count as high-risk", default: ParamDefault::List(HIGH_RISK) },
        ParamSpec { name: "allowed_apps", doc: "appIds of third-party apps approved to hold them", default: ParamDefault::List(&[]) },
    ],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let principals = app_risk::service_principals(ctx)?;
    let by_id = app_risk::by_id(principals);
    let high_risk = ctx.params.list("high_risk");
    let allowed = ctx.params.list("allowed_apps");
    let tenant = &ctx.snapshot.tenant.tenant_id;
    let mut risky = Vec::new();
    for sp in principals
        .iter()
        .filter(|sp| app_risk::third_party(sp, tenant))
    {
        if sp.app_id.as_ref().is_some_and(|a| allowed.contains(a)) {
            continue;
        }
        for a in &sp.app_role_assignments {
            let permission = by_id
                .get(a.resource_id.as_str())
                .and_then(|r| r.app_roles.iter().find(|role| role.id == a.app_role_id))
                .and_then(|role| role.value.clone());
            let resource = a
                .resource_display_name
                .clone()
                .unwrap_or_else(|| a.resource_id.clone());
            match permission {
                Some(p) if high_risk.contains(&p) => {
                    risky.push((sp, format!("holds {p} on {resource}")))
                }
                Some(_) => {}
                None => risky.push((
                    sp,
                    format!("holds unresolved app role {} on {resource}", a.app_role_id),
                )),
            }
        }
    }
    let mut outcome = Outcome::verdict(
        !risky.is_empty(),
        "no third-party app holds a high-risk application permission",
        format!(
            "{} held by third-party apps",
            plural(
                risky.len(),
                "high-risk application permission",
                "high-risk application permissions"
            )
        ),
    )
    .evidence(SERVICE_PRINCIPALS, "$[*].appRoleAssignments", risky.len());
    for (sp, reason) in risky {
        outcome = outcome.affected(
            sp.app_id.clone().unwrap_or_else(|| sp.id.clone()),
            app_risk::name(sp),
            reason,
        );
    }
    Ok(outcome)
}

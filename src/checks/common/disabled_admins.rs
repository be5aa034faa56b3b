//! COM-ID-02: disabled accounts still holding admin roles.

use crate::checks::plural;
use crate::checks::{check_meta, need, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

const USERS: &str = "users";

check_meta! {
    id: "COM-ID-02",
    title: "Disabled accounts hold no admin roles",
    providers: &[Provider::M365, Provider::Salesforce],
    area: Area::Identity,
    severity: Severity::High,
    needs: &[
        USERS,
        "m365:role_assignments",
        "m365:role_group_members",
        "salesforce:permission_sets",
        "salesforce:permission_set_assignments",
    ],
    references: &["offboarding", "NIST 800-53 AC-2(3)"],
    rationale: "A disabled account keeps its rights: re-enabling it, by mistake or by an attacker with the right role, restores admin access nobody reviewed.",
    logic: "Every privileged assignment of the common model (Microsoft 365: the catalog's privileged Entra roles, active or PIM eligible; Salesforce: admin permissions through profiles and permission sets) whose principal is a disabled account is named. Licences and app ownership are not in the common model yet: Microsoft 365 app registrations owned only by disabled accounts are reported by M365-APP-08.",
    remediation: "Remove the roles (Entra) or permission sets (Salesforce) from each named disabled account as part of offboarding.",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let principals = need(ctx.snapshot.common.principals.as_ref(), USERS, "principals")?;
    let assignments = need(
        ctx.snapshot.common.admin_assignments.as_ref(),
        super::admin_source(ctx.snapshot),
        "admin assignments",
    )?;
    let disabled = super::disabled_logins(principals);
    let mut held = Vec::new();
    for a in assignments {
        if let Some(login) = disabled.get(a.principal_id.as_str()) {
            held.push((a, *login));
        }
    }
    let mut outcome = Outcome::verdict(
        !held.is_empty(),
        "no disabled account holds an admin role",
        format!(
            "{} held by disabled accounts",
            plural(held.len(), "admin role is", "admin roles are")
        ),
    )
    .evidence(USERS, "common.admin_assignments", held.len());
    for (a, login) in held {
        outcome = outcome.affected(
            a.principal_id.clone(),
            login,
            format!("disabled; holds {} ({})", a.role, a.via),
        );
    }
    Ok(outcome)
}

//! M365-ID-01: Global Administrator count.

use super::roles::GLOBAL_ADMINISTRATOR;
use crate::checks::{check_meta, need, Context, Missing, Outcome, ParamDefault, ParamSpec};
use std::collections::BTreeMap;
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

const COLLECTION: &str = "role_assignments";

check_meta! {
    id: "M365-ID-01",
    title: "Global Administrator count is between min and max",
    providers: &[Provider::M365],
    area: Area::Identity,
    severity: Severity::High,
    needs: &[COLLECTION],
    references: &["MS.AAD.7.1v1", "CIS 1.1.3"],
    rationale: "Too few Global Administrators risks lock-out; too many widens the blast radius of one phished admin.",
    logic: "Counts the distinct principals holding Global Administrator (role template 62e90394-69f5-4237-9190-012177145e10) in the directory's role assignments. Passes when the count is between `min` and `max`. The default max is CIS's 4, stricter than SCuBA's 8. A group holding the role is an error until its members can be expanded (fail closed): a group would hide how many people hold the role.",
    remediation: "Keep two to four Global Administrators (including the break-glass accounts); move other admins to least-privileged roles such as User Administrator or Exchange Administrator.",
    params: &[
        ParamSpec { name: "min", doc: "fewest Global Administrators allowed", default: ParamDefault::Int(2) },
        ParamSpec { name: "max", doc: "most Global Administrators allowed (SCuBA allows 8)", default: ParamDefault::Int(4) },
    ],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let m365 = super::section(ctx.snapshot)?;
    let assignments = need(m365.role_assignments.as_ref(), COLLECTION, "assignments")?;
    let mut holders = BTreeMap::new();
    for assignment in assignments
        .iter()
        .filter(|a| a.role_definition_id == GLOBAL_ADMINISTRATOR)
    {
        let principal = need(
            assignment.principal.as_ref(),
            COLLECTION,
            "expanded principal",
        )?;
        if principal.odata_type.as_deref() == Some("#microsoft.graph.group") {
            return Err(Missing {
                collection: COLLECTION,
                what: format!(
                    "members of group {} holding Global Administrator",
                    principal.display_name.as_deref().unwrap_or(&principal.id)
                ),
            });
        }
        let name = principal
            .user_principal_name
            .clone()
            .or_else(|| principal.display_name.clone())
            .unwrap_or_else(|| principal.id.clone());
        holders.insert(assignment.principal_id.clone(), name);
    }
    let (min, max) = (ctx.params.int("min"), ctx.params.int("max"));
    let count = holders.len() as i64;
    let mut outcome = Outcome::verdict(
        count < min || count > max,
        format!("{count} Global Administrators (allowed {min}–{max})"),
        format!("{count} Global Administrators, outside the allowed {min}–{max}"),
    )
    .evidence(
        COLLECTION,
        "$[?(@.roleDefinitionId=='62e90394-69f5-4237-9190-012177145e10')]",
        count,
    );
    for (id, name) in holders {
        outcome = outcome.affected(id, name, "holds Global Administrator");
    }
    Ok(outcome)
}

//! M365-ID-01: Global Administrator count.

use super::privileged::{self, ASSIGNMENTS, GROUP_MEMBERS};
use super::roles::GLOBAL_ADMINISTRATOR;
use crate::checks::{check_meta, plural, Context, Missing, Outcome, ParamDefault, ParamSpec};
use std::collections::BTreeMap;
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

check_meta! {
    id: "M365-ID-01",
    title: "Global Administrator count is between min and max",
    providers: &[Provider::M365],
    area: Area::Identity,
    severity: Severity::High,
    needs: &[ASSIGNMENTS, GROUP_MEMBERS],
    references: &["MS.AAD.7.1v1", "CIS 1.1.3"],
    rationale: "Too few Global Administrators risks lock-out; too many widens the blast radius of one phished admin.",
    logic: "Counts the distinct principals holding Global Administrator (role template 62e90394-69f5-4237-9190-012177145e10): active assignments, plus PIM eligible assignments when the tenant has Entra ID P2 (without P2 nobody can be eligible; if reading them fails, the check is an error). Passes when the count is between `min` and `max`. The default max is CIS's 4, stricter than SCuBA's 8. A group holding the role counts each of its members (`role_group_members`); if they cannot be read, the check is an error (fail closed): a group would hide how many people hold the role.",
    remediation: "Keep two to four Global Administrators (including the break-glass accounts); move other admins to least-privileged roles such as User Administrator or Exchange Administrator.",
    params: &[
        ParamSpec { name: "min", doc: "fewest Global Administrators allowed", default: ParamDefault::Int(2) },
        ParamSpec { name: "max", doc: "most Global Administrators allowed (SCuBA allows 8)", default: ParamDefault::Int(4) },
    ],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let mut holders = BTreeMap::new();
    for h in privileged::holders(ctx, &[GLOBAL_ADMINISTRATOR])? {
        holders.entry(h.principal_id).or_insert((h.name, h.how));
    }
    let (min, max) = (ctx.params.int("min"), ctx.params.int("max"));
    let count = holders.len() as i64;
    let mut outcome = Outcome::verdict(
        count < min || count > max,
        format!(
            "{} (allowed {min}–{max})",
            plural(
                holders.len(),
                "Global Administrator",
                "Global Administrators"
            )
        ),
        format!(
            "{}, outside the allowed {min}–{max}",
            plural(
                holders.len(),
                "Global Administrator",
                "Global Administrators"
            )
        ),
    )
    .evidence(
        ASSIGNMENTS,
        "$[?(@.roleDefinitionId=='62e90394-69f5-4237-9190-012177145e10')]",
        count,
    );
    for (id, (name, how)) in holders {
        outcome = outcome.affected(id, name, format!("holds Global Administrator ({how})"));
    }
    Ok(outcome)
}

//! M365-ID-11: admins hold fine-grained roles rather than Global Administrator.

use super::privileged::{self, ASSIGNMENTS, GROUP_MEMBERS};
use super::roles::{privileged_ids, privileged_name, GLOBAL_ADMINISTRATOR};
use crate::checks::{agree, check_meta, plural, Context, Missing, Outcome};
use std::collections::BTreeMap;
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

check_meta! {
    id: "M365-ID-11",
    title: "Privileged users hold fine-grained roles rather than Global Administrator",
    providers: &[Provider::M365],
    area: Area::Identity,
    severity: Severity::High,
    needs: &[ASSIGNMENTS, GROUP_MEMBERS],
    references: &["MS.AAD.7.2v1"],
    rationale: "Most admin work needs one scoped role; every Global Administrator who could do with less widens what one phished account can do.",
    logic: "Counts the distinct users holding Global Administrator and the distinct users holding another privileged role (the catalog's privileged set) but not Global Administrator, from active assignments plus PIM eligible ones, group assignments expanded, as M365-ID-01 does. Passes when Global Administrators are no more than the others, ScubaGear's least-privilege score of at most 1. ScubaGear also fails this policy whenever its Global Administrator count (MS.AAD.7.1v1) fails; here that is M365-ID-01's finding alone, one control a finding. Service principals are not counted.",
    remediation: "Move admins who do not need tenant-wide control to the least-privileged role for their work (User, Exchange, SharePoint, Application or Security Administrator, ...) and remove their Global Administrator assignment.",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let ga_name = privileged_name(GLOBAL_ADMINISTRATOR);
    let mut global = BTreeMap::new();
    let mut scoped = BTreeMap::new();
    for h in privileged::holders(ctx, &privileged_ids())?
        .into_iter()
        .filter(|h| h.is_user())
    {
        let holders = if Some(h.role) == ga_name {
            &mut global
        } else {
            &mut scoped
        };
        holders.entry(h.principal_id).or_insert(h.name);
    }
    scoped.retain(|id, _| !global.contains_key(id));
    let (ga, others) = (global.len(), scoped.len());
    let mut outcome = Outcome::verdict(
        ga > others,
        format!(
            "{}, {} in fine-grained privileged roles",
            plural(ga, "Global Administrator", "Global Administrators"),
            plural(others, "user", "users")
        ),
        format!(
            "{} {} the {} in fine-grained privileged roles",
            plural(ga, "Global Administrator", "Global Administrators"),
            agree(ga, "outnumbers", "outnumber"),
            plural(others, "user", "users")
        ),
    )
    .evidence(
        ASSIGNMENTS,
        format!("$[?(@.roleDefinitionId=='{GLOBAL_ADMINISTRATOR}')]"),
        ga,
    )
    .evidence(ASSIGNMENTS, "fine-grained privileged role holders", others);
    if ga > others {
        for (id, name) in global {
            outcome = outcome.affected(id, name, "holds Global Administrator");
        }
    }
    Ok(outcome)
}

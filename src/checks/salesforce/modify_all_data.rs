//! SF-ID-01: Modify All Data holders.

use super::holders::{allowed, holders, MODIFY_ALL_DATA, NEEDS, SETS};
use super::section;
use crate::checks::plural;
use crate::checks::{check_meta, Context, Missing, Outcome, ParamDefault, ParamSpec};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

check_meta! {
    id: "SF-ID-01",
    title: "Few, approved users hold Modify All Data",
    providers: &[Provider::Salesforce],
    area: Area::Identity,
    severity: Severity::High,
    needs: &NEEDS,
    references: &["SBS-ACS-004"],
    rationale: "Modify All Data bypasses sharing and lets its holder read, change and delete every record.",
    logic: "Resolves Modify All Data through every permission set an active user is assigned, including the sets that carry profiles' permissions (`IsOwnedByProfile`), and counts distinct users. Passes when the count is at most `max` and, when `allow` is set, every holder's username or id is on it. A permission set whose `PermissionsModifyAllData` is not reported is an error (fail closed).",
    remediation: "Remove Modify All Data from profiles and permission sets of users who do not administer the org; grant narrower permissions (View All on specific objects) instead.",
    params: &[
        ParamSpec { name: "max", doc: "most active holders allowed", default: ParamDefault::Int(5) },
        ParamSpec { name: "allow", doc: "usernames or user ids allowed to hold it (empty: any, within max)", default: ParamDefault::List(&[]) },
    ],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let holders = holders(section(ctx.snapshot)?, &MODIFY_ALL_DATA)?;
    let max = ctx.params.int("max");
    let allow = ctx.params.list("allow");
    let unapproved = |id: &str, username: &str| !allow.is_empty() && !allowed(allow, id, username);
    let outside = holders
        .iter()
        .filter(|(id, h)| unapproved(id, h.username))
        .count();
    let count = holders.len() as i64;
    let mut outcome = Outcome::verdict(
        count > max || outside > 0,
        format!(
            "{} Modify All Data (allowed {max})",
            plural(holders.len(), "active user holds", "active users hold")
        ),
        if outside > 0 {
            format!(
                "{} Modify All Data, {outside} not on the allow-list",
                plural(holders.len(), "active user holds", "active users hold")
            )
        } else {
            format!(
                "{} Modify All Data, more than {max}",
                plural(holders.len(), "active user holds", "active users hold")
            )
        },
    )
    .evidence(SETS, "$[?(@.PermissionsModifyAllData==true)].Id", count);
    for (id, holder) in holders {
        let approval = if unapproved(id, holder.username) {
            "; not on the allow-list"
        } else {
            ""
        };
        let via: Vec<_> = holder.via.into_iter().collect();
        outcome = outcome.affected(
            id,
            holder.username,
            format!("via {}{approval}", via.join(", ")),
        );
    }
    Ok(outcome)
}

//! SF-ID-01: Modify All Data holders.

use super::section;
use crate::checks::{check_meta, need, Context, Missing, Outcome, ParamDefault, ParamSpec};
use std::collections::{BTreeMap, HashMap, HashSet};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

const SETS: &str = "permission_sets";
const ASSIGNMENTS: &str = "permission_set_assignments";
const USERS: &str = "users";

check_meta! {
    id: "SF-ID-01",
    title: "Few, approved users hold Modify All Data",
    providers: &[Provider::Salesforce],
    area: Area::Identity,
    severity: Severity::High,
    needs: &[SETS, ASSIGNMENTS, USERS],
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
    let sf = section(ctx.snapshot)?;
    let sets = need(sf.permission_sets.as_ref(), SETS, "permission sets")?;
    let assignments = need(
        sf.permission_set_assignments.as_ref(),
        ASSIGNMENTS,
        "assignments",
    )?;
    let users = need(sf.users.as_ref(), USERS, "users")?;
    let mut granting = BTreeMap::new();
    for set in sets {
        let what = format!("PermissionsModifyAllData of {}", set.name);
        if *need(set.permissions_modify_all_data.as_ref(), SETS, &what)? {
            granting.insert(set.id.as_str(), set);
        }
    }
    let active: HashMap<&str, &str> = users
        .iter()
        .filter(|u| u.is_active != Some(false))
        .map(|u| (u.id.as_str(), u.username.as_str()))
        .collect();
    let mut holders: BTreeMap<&str, HashSet<String>> = BTreeMap::new();
    for assignment in assignments {
        if let (Some(set), Some(_)) = (
            granting.get(assignment.permission_set_id.as_str()),
            active.get(assignment.assignee_id.as_str()),
        ) {
            holders
                .entry(assignment.assignee_id.as_str())
                .or_default()
                .insert(set.display_name());
        }
    }
    let max = ctx.params.int("max");
    let allow = ctx.params.list("allow");
    let unapproved =
        |id: &str| !allow.is_empty() && !allow.iter().any(|a| a == id || a == active[id]);
    let outside = holders.keys().filter(|id| unapproved(id)).count();
    let count = holders.len() as i64;
    let mut outcome = Outcome::verdict(
        count > max || outside > 0,
        format!("{count} active users hold Modify All Data (allowed {max})"),
        if outside > 0 {
            format!("{count} active users hold Modify All Data, {outside} not on the allow-list")
        } else {
            format!("{count} active users hold Modify All Data, more than {max}")
        },
    )
    .evidence(
        SETS,
        "$[?(@.PermissionsModifyAllData==true)].Id",
        granting.keys().copied().collect::<Vec<_>>(),
    );
    for (id, via) in holders {
        let mut via: Vec<String> = via.into_iter().collect();
        via.sort();
        let approval = if unapproved(id) {
            "; not on the allow-list"
        } else {
            ""
        };
        outcome = outcome.affected(id, active[id], format!("via {}{approval}", via.join(", ")));
    }
    Ok(outcome)
}

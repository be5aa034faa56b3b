//! SF-SHR-04: guest users have no API access.

use super::section;
use crate::checks::{agree, plural};
use crate::checks::{check_meta, need, Context, Missing, Outcome};
use std::collections::BTreeSet;
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

const USERS: &str = "users";
const SETS: &str = "permission_sets";

check_meta! {
    id: "SF-SHR-04",
    title: "Guest user profiles do not have API Enabled",
    providers: &[Provider::Salesforce],
    area: Area::Sharing,
    severity: Severity::Critical,
    needs: &[USERS, SETS],
    references: &["Salesforce guest advisory"],
    rationale: "API Enabled on a guest profile lets anyone query the org's APIs without logging in.",
    logic: "Guest profiles are the profiles of users whose `UserType` is Guest (each site has one). Passes when the permission set owned by each such profile has `PermissionsApiEnabled` false. not_applicable when the org has no guest user; a guest profile whose permission set or flag is not reported is an error.",
    remediation: "Setup → Sites → the site → Public Access Settings: clear API Enabled on the guest profile.",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let sf = section(ctx.snapshot)?;
    let users = need(sf.users.as_ref(), USERS, "users")?;
    let sets = need(sf.permission_sets.as_ref(), SETS, "permission sets")?;
    let mut profiles = BTreeSet::new();
    for user in users
        .iter()
        .filter(|u| u.user_type.as_deref() == Some("Guest"))
    {
        profiles.insert(need(
            user.profile_id.as_deref(),
            USERS,
            &format!("ProfileId of {}", user.username),
        )?);
    }
    if profiles.is_empty() {
        return Ok(Outcome::not_applicable(
            "the org has no site guest user",
            "nothing to do",
        ));
    }
    let mut enabled = Vec::new();
    for profile in &profiles {
        let set = need(
            sets.iter().find(|s| {
                s.is_owned_by_profile == Some(true) && s.profile_id.as_deref() == Some(*profile)
            }),
            SETS,
            &format!("the permission set of guest profile {profile}"),
        )?;
        let api = need(
            set.permissions_api_enabled.as_ref(),
            SETS,
            &format!("PermissionsApiEnabled of {}", set.name),
        )?;
        if *api {
            enabled.push(set);
        }
    }
    let mut outcome = Outcome::verdict(
        !enabled.is_empty(),
        format!(
            "none of {} has API Enabled",
            plural(profiles.len(), "guest profile", "guest profiles")
        ),
        format!(
            "{} of {} {} API Enabled",
            enabled.len(),
            plural(profiles.len(), "guest profile", "guest profiles"),
            agree(enabled.len(), "has", "have")
        ),
    )
    .evidence(
        SETS,
        "$[?(@.IsOwnedByProfile==true)].PermissionsApiEnabled",
        enabled.len(),
    );
    for set in enabled {
        outcome = outcome.affected(
            set.profile_id.clone().unwrap_or_default(),
            set.display_name(),
            "guest profile with API Enabled",
        );
    }
    Ok(outcome)
}

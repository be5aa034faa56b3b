//! Who holds a user permission: active users, through every permission set
//! they are assigned, including the sets that carry profiles' permissions
//! (`IsOwnedByProfile`), so profiles and permission sets resolve the same way.

use super::section;
use crate::checks::{agree, all, plural};
use crate::checks::{need, Context, Missing, Outcome};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use tenantaudit_connector::snapshot::salesforce::{PermissionSet, SalesforceSection};

pub const SETS: &str = "permission_sets";
pub const ASSIGNMENTS: &str = "permission_set_assignments";
pub const USERS: &str = "users";
/// What every holder check reads.
pub const NEEDS: [&str; 3] = [SETS, ASSIGNMENTS, USERS];

/// A user permission by its Setup label and its PermissionSet field.
pub struct Perm {
    pub label: &'static str,
    pub field: &'static str,
    pub get: fn(&PermissionSet) -> Option<bool>,
}

pub const MODIFY_ALL_DATA: Perm = Perm {
    label: "Modify All Data",
    field: "PermissionsModifyAllData",
    get: |s| s.permissions_modify_all_data,
};
pub const API_ENABLED: Perm = Perm {
    label: "API Enabled",
    field: "PermissionsApiEnabled",
    get: |s| s.permissions_api_enabled,
};
pub const AUTHOR_APEX: Perm = Perm {
    label: "Author Apex",
    field: "PermissionsAuthorApex",
    get: |s| s.permissions_author_apex,
};
pub const CUSTOMIZE_APPLICATION: Perm = Perm {
    label: "Customize Application",
    field: "PermissionsCustomizeApplication",
    get: |s| s.permissions_customize_application,
};
pub const MANAGE_USERS: Perm = Perm {
    label: "Manage Users",
    field: "PermissionsManageUsers",
    get: |s| s.permissions_manage_users,
};
pub const WAIVE_MFA: Perm = Perm {
    label: "Waive Multi-Factor Authentication for Exempt Users",
    field: "PermissionsBypassMFAForUiLogins",
    get: |s| s.permissions_bypass_mfa_for_ui_logins,
};
pub const USE_ANY_API_CLIENT: Perm = Perm {
    label: "Use Any API Client",
    field: "PermissionsUseAnyApiClient",
    get: |s| s.permissions_use_any_api_client,
};
pub const APPROVE_UNINSTALLED_APPS: Perm = Perm {
    label: "Approve Uninstalled Connected Apps",
    field: "PermissionsCanApproveUninstalledApps",
    get: |s| s.permissions_can_approve_uninstalled_apps,
};

/// Whether an optional permission exists in this org (describe reported it).
pub fn exists(sf: &SalesforceSection, perm: &Perm) -> Result<bool, Missing> {
    let fields = need(
        sf.permission_set_fields.as_ref(),
        SETS,
        "the permission fields describe reported",
    )?;
    Ok(fields.iter().any(|f| f == perm.field))
}

/// An active user holding a permission, and the sets it comes through.
pub struct Holder<'a> {
    pub username: &'a str,
    pub via: BTreeSet<String>,
}

/// Active holders of `perm` by user id. A set whose value for the permission
/// is not reported is missing evidence (fail closed).
pub fn holders<'a>(
    sf: &'a SalesforceSection,
    perm: &Perm,
) -> Result<BTreeMap<&'a str, Holder<'a>>, Missing> {
    let sets = need(sf.permission_sets.as_ref(), SETS, "permission sets")?;
    let assignments = need(
        sf.permission_set_assignments.as_ref(),
        ASSIGNMENTS,
        "assignments",
    )?;
    let users = need(sf.users.as_ref(), USERS, "users")?;
    let mut granting = HashMap::new();
    for set in sets {
        let what = format!("{} of {}", perm.field, set.name);
        if *need((perm.get)(set).as_ref(), SETS, &what)? {
            granting.insert(set.id.as_str(), set);
        }
    }
    // Fail closed: a user whose state is not reported counts as active.
    let active: HashMap<&str, &str> = users
        .iter()
        .filter(|u| u.is_active != Some(false))
        .map(|u| (u.id.as_str(), u.username.as_str()))
        .collect();
    let mut holders: BTreeMap<&str, Holder> = BTreeMap::new();
    for assignment in assignments {
        let set = granting.get(assignment.permission_set_id.as_str());
        let user = active.get_key_value(assignment.assignee_id.as_str());
        if let (Some(set), Some((id, username))) = (set, user) {
            holders
                .entry(id)
                .or_insert_with(|| Holder {
                    username,
                    via: BTreeSet::new(),
                })
                .via
                .insert(set.display_name());
        }
    }
    Ok(holders)
}

/// Whether `allow` names the user by id or username.
pub fn allowed(allow: &[String], id: &str, username: &str) -> bool {
    allow
        .iter()
        .any(|a| a == id || a.eq_ignore_ascii_case(username))
}

/// Every active holder of each of `perms` must be on the `allow` parameter;
/// each one who is not is named with the sets the permission comes through.
pub fn allow_list_outcome(ctx: &Context, perms: &[&Perm]) -> Result<Outcome, Missing> {
    let sf = section(ctx.snapshot)?;
    let allow = ctx.params.list("allow");
    let mut outside = Vec::new();
    let mut total = 0;
    for perm in perms {
        for (id, holder) in holders(sf, perm)? {
            total += 1;
            if !allowed(allow, id, holder.username) {
                let via: Vec<_> = holder.via.into_iter().collect();
                outside.push((id, holder.username, perm.label, via.join(", ")));
            }
        }
    }
    let labels: Vec<_> = perms.iter().map(|p| p.label).collect();
    let labels = labels.join(" / ");
    let mut outcome = Outcome::verdict(
        !outside.is_empty(),
        format!(
            "{} of {labels} {} on the allow-list",
            all(total, "active holder", "active holders"),
            agree(total, "is", "are")
        ),
        format!(
            "{} of {} of {labels} {} not on the allow-list",
            outside.len(),
            plural(total, "active holder", "active holders"),
            agree(outside.len(), "is", "are")
        ),
    )
    .evidence(
        SETS,
        format!(
            "$[?({})].Id",
            perms
                .iter()
                .map(|p| format!("@.{}==true", p.field))
                .collect::<Vec<_>>()
                .join(" || ")
        ),
        outside.len(),
    );
    for (id, username, label, via) in outside {
        outcome = outcome.affected(id, username, format!("holds {label} via {via}"));
    }
    Ok(outcome)
}

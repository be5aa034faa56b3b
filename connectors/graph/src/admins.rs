//! Entra privileged role holders → the common model's admin assignments.

use crate::roles;
use tenantaudit_connector::snapshot::m365::{
    DirectoryObject, GroupMembers, RoleAssignment, RoleScheduleInstance,
};
use tenantaudit_connector::snapshot::AdminAssignment;

const GROUP: &str = "#microsoft.graph.group";

/// Active assignments, plus PIM eligible ones when they were collected. A role
/// held by a group is held by each member; when the members could not be
/// read, the group itself appears ("to a group"), so that checks can tell.
pub fn from_roles(
    active: &[RoleAssignment],
    eligible: Option<&[RoleScheduleInstance]>,
    members: Option<&[GroupMembers]>,
) -> Vec<AdminAssignment> {
    let active = active.iter().map(|a| {
        (
            &a.role_definition_id,
            &a.principal_id,
            a.principal.as_ref(),
            "active assignment",
        )
    });
    let eligible = eligible.unwrap_or_default().iter().map(|e| {
        (
            &e.role_definition_id,
            &e.principal_id,
            e.principal.as_ref(),
            "eligible (PIM)",
        )
    });
    let mut out = Vec::new();
    for (role_id, principal_id, principal, how) in active.chain(eligible) {
        let Some(role) = roles::privileged_name(role_id) else {
            continue;
        };
        let group = principal.filter(|p| p.odata_type.as_deref() == Some(GROUP));
        let expanded = group.and_then(|_| {
            members
                .unwrap_or_default()
                .iter()
                .find(|g| &g.group_id == principal_id)
        });
        match (group, expanded) {
            (None, _) => out.push(assignment(principal_id, role, how.to_string())),
            (Some(_), None) => {
                out.push(assignment(principal_id, role, format!("{how}, to a group")))
            }
            (Some(g), Some(expanded)) => {
                for member in &expanded.members {
                    out.push(assignment(
                        &member.id,
                        role,
                        format!("{how}, through group {}", name(g)),
                    ));
                }
            }
        }
    }
    out
}

fn assignment(principal_id: &str, role: &str, via: String) -> AdminAssignment {
    AdminAssignment {
        principal_id: principal_id.to_string(),
        role: role.to_string(),
        via,
    }
}

fn name(group: &DirectoryObject) -> &str {
    group.display_name.as_deref().unwrap_or(&group.id)
}

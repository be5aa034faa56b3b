//! Who holds a privileged role: active assignments, plus PIM eligible ones
//! when the tenant has PIM and they were read, with roles held by a group
//! expanded to the group's members. Shared by every check that asks "who are
//! the admins".

use super::roles::privileged_name;
use crate::checks::{need, Context, Missing};
use tenantaudit_connector::snapshot::m365::{DirectoryObject, RoleScheduleInstance};
use tenantaudit_connector::snapshot::CollectionStatus;

pub const ASSIGNMENTS: &str = "role_assignments";
pub const ELIGIBILITY: &str = "role_eligibility_schedules";
pub const GROUP_MEMBERS: &str = "role_group_members";
const GROUP: &str = "#microsoft.graph.group";
const SERVICE_PRINCIPAL: &str = "#microsoft.graph.servicePrincipal";

pub struct Holder<'a> {
    pub principal_id: &'a str,
    /// UPN, else display name, else id.
    pub name: String,
    pub role: &'static str,
    /// `active` or `eligible`, and the group it comes through.
    pub how: String,
    principal: &'a DirectoryObject,
}

impl Holder<'_> {
    /// Service principals cannot be synced, sign in interactively or register
    /// MFA; an unreported type counts as a user (fail closed).
    pub fn is_user(&self) -> bool {
        self.principal.odata_type.as_deref() != Some(SERVICE_PRINCIPAL)
    }
}

/// The holders of any role in `roles` (template ids). A group's members are
/// holders too; if they were not read, or a member is itself a group, the
/// evidence is missing (fail closed): the group would hide who holds the role.
pub fn holders<'a>(ctx: &Context<'a>, roles: &[&str]) -> Result<Vec<Holder<'a>>, Missing> {
    let m365 = super::section(ctx.snapshot)?;
    let active = need(m365.role_assignments.as_ref(), ASSIGNMENTS, "assignments")?;
    let mut all = Vec::new();
    for a in active {
        all.push((
            &a.principal_id,
            &a.role_definition_id,
            a.principal.as_ref(),
            ASSIGNMENTS,
            "active",
        ));
    }
    for e in eligible(ctx)? {
        all.push((
            &e.principal_id,
            &e.role_definition_id,
            e.principal.as_ref(),
            ELIGIBILITY,
            "eligible",
        ));
    }
    let mut holders = Vec::new();
    for (principal_id, role_id, principal, collection, how) in all {
        if !roles.iter().any(|r| r.eq_ignore_ascii_case(role_id)) {
            continue;
        }
        let role = privileged_name(role_id).unwrap_or("a privileged role");
        let p = need(principal, collection, "expanded principal")?;
        if p.odata_type.as_deref() != Some(GROUP) {
            holders.push(holder(principal_id, p, role, how.to_string()));
            continue;
        }
        let group = p.display_name.as_deref().unwrap_or(&p.id);
        let what = || format!("members of group {group} holding {role}");
        let members = need(m365.role_group_members.as_ref(), GROUP_MEMBERS, &what())?;
        let members = need(
            members.iter().find(|g| &g.group_id == principal_id),
            GROUP_MEMBERS,
            &what(),
        )?;
        for m in &members.members {
            if m.odata_type.as_deref() == Some(GROUP) {
                return Err(Missing {
                    collection: GROUP_MEMBERS,
                    what: format!("members of group {} nested in {group}", m.id),
                });
            }
            holders.push(holder(
                &m.id,
                m,
                role,
                format!("{how}, through group {group}"),
            ));
        }
    }
    Ok(holders)
}

fn holder<'a>(id: &'a str, p: &'a DirectoryObject, role: &'static str, how: String) -> Holder<'a> {
    let name = p
        .user_principal_name
        .clone()
        .or_else(|| p.display_name.clone())
        .unwrap_or_else(|| id.to_string());
    Holder {
        principal_id: id,
        name,
        role,
        how,
        principal: p,
    }
}

/// PIM eligible assignments: none when the tenant has no PIM (not licensed),
/// missing evidence when reading them failed.
fn eligible<'a>(ctx: &Context<'a>) -> Result<&'a [RoleScheduleInstance], Missing> {
    let status = ctx.snapshot.collection(ELIGIBILITY).map(|r| r.status);
    match status {
        Some(CollectionStatus::NotLicensed | CollectionStatus::Skipped) => Ok(&[]),
        _ => need(
            super::section(ctx.snapshot)?
                .role_eligibility_schedule_instances
                .as_deref(),
            ELIGIBILITY,
            "PIM eligible assignments",
        ),
    }
}

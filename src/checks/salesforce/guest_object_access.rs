//! SF-SHR-03: guest users' object access.

use super::section;
use crate::checks::plural;
use crate::checks::{check_meta, need, Context, Missing, Outcome, ParamDefault, ParamSpec};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

const PERMISSIONS: &str = "guest_object_permissions";

check_meta! {
    id: "SF-SHR-03",
    title: "Guest (unauthenticated) users have no unapproved object access",
    providers: &[Provider::Salesforce],
    area: Area::Sharing,
    severity: Severity::Critical,
    needs: &[PERMISSIONS],
    references: &["SBS-CPORTAL-002"],
    rationale: "Anything a site guest profile may read or write, anyone on the internet may: misconfigured guest access is the classic Experience Cloud data leak.",
    logic: "Reads `ObjectPermissions` of permission sets owned by profiles whose `UserType` is Guest. Every granted access (Read, Create, Edit, Delete, View All, Modify All) must be on `allow`, written `Object.Access` (e.g. `Knowledge__kav.Read`). An access flag that is not reported counts as granted (fail closed). No guest profile, no rows: pass.",
    remediation: "Setup → Sites (or Digital Experiences) → the site's guest user profile: remove object permissions the site does not need; guest users should at most read public objects.",
    params: &[ParamSpec { name: "allow", doc: "approved guest accesses, as Object.Access (Read, Create, Edit, Delete, ViewAllRecords, ModifyAllRecords)", default: ParamDefault::List(&[]) }],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let rows = need(
        section(ctx.snapshot)?.guest_object_permissions.as_ref(),
        PERMISSIONS,
        "object permissions",
    )?;
    let allow = ctx.params.list("allow");
    let mut outside = Vec::new();
    for row in rows {
        let flags = [
            ("Read", row.permissions_read),
            ("Create", row.permissions_create),
            ("Edit", row.permissions_edit),
            ("Delete", row.permissions_delete),
            ("ViewAllRecords", row.permissions_view_all_records),
            ("ModifyAllRecords", row.permissions_modify_all_records),
        ];
        for (access, granted) in flags {
            let key = format!("{}.{access}", row.sobject_type);
            if granted != Some(false) && !allow.iter().any(|a| a.eq_ignore_ascii_case(&key)) {
                outside.push((row, access, granted.is_none()));
            }
        }
    }
    let mut outcome = Outcome::verdict(
        !outside.is_empty(),
        format!(
            "guest profiles hold only approved object access ({})",
            plural(rows.len(), "row", "rows")
        ),
        format!(
            "guest profiles hold {}",
            plural(
                outside.len(),
                "unapproved object access",
                "unapproved object accesses"
            )
        ),
    )
    .evidence(PERMISSIONS, "$[*].SobjectType", outside.len());
    for (row, access, unknown) in outside {
        let reason = if unknown {
            format!("{access} not reported (counted as granted)")
        } else {
            format!("guest users may {access}")
        };
        outcome = outcome.affected(
            row.id.clone(),
            format!("{} on {}", row.sobject_type, row.parent_id),
            reason,
        );
    }
    Ok(outcome)
}

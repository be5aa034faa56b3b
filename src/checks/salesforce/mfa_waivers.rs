//! SF-MFA-02: no MFA waivers outside the allow-list.

use super::holders::{allow_list_outcome, exists, NEEDS, WAIVE_MFA};
use super::section;
use crate::checks::{check_meta, Context, Missing, Outcome, ParamDefault, ParamSpec};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

check_meta! {
    id: "SF-MFA-02",
    title: "No one is exempt from MFA without approval",
    providers: &[Provider::Salesforce],
    area: Area::Mfa,
    severity: Severity::High,
    needs: &NEEDS,
    references: &["SBS-AUTH"],
    rationale: "\"Waive Multi-Factor Authentication for Exempt Users\" switches the org-wide MFA requirement off for its holders.",
    logic: "Resolves `PermissionsBypassMFAForUiLogins` through permission sets and profiles of active users; every holder must be on `allow`. Describe decides whether the org has the permission at all: where it does not, nobody can be exempt and the check is not_applicable (never a pass on a field that was not read).",
    remediation: "Remove the waiver from every permission set and profile; keep it only for documented exceptions (test automation, Salesforce-approved cases) listed in `allow`.",
    params: &[ParamSpec { name: "allow", doc: "usernames or user ids allowed to be exempt", default: ParamDefault::List(&[]) }],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    if !exists(section(ctx.snapshot)?, &WAIVE_MFA)? {
        return Ok(Outcome::not_applicable(
            "this org has no \"Waive Multi-Factor Authentication for Exempt Users\" permission (PermissionSet describe does not list PermissionsBypassMFAForUiLogins)",
            "nothing to do",
        ));
    }
    allow_list_outcome(ctx, &[&WAIVE_MFA])
}

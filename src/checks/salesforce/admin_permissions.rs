//! SF-ID-03: Author Apex, Customize Application and Manage Users holders.

use super::holders::{allow_list_outcome, AUTHOR_APEX, CUSTOMIZE_APPLICATION, MANAGE_USERS, NEEDS};
use crate::checks::{check_meta, Context, Missing, Outcome, ParamDefault, ParamSpec};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

check_meta! {
    id: "SF-ID-03",
    title: "Author Apex, Customize Application and Manage Users are held only by approved admins",
    providers: &[Provider::Salesforce],
    area: Area::Identity,
    severity: Severity::Medium,
    needs: &NEEDS,
    references: &["SBS-ACS"],
    rationale: "Each of these is a path to full control: Apex runs in system mode, Customize Application changes the org's security configuration, Manage Users can grant any profile.",
    logic: "For each of Author Apex, Customize Application and Manage Users, resolves the active holders through permission sets and profiles; every holder must be on `allow`. A holder of several is named once per permission. An empty allow-list approves nobody.",
    remediation: "Remove these permissions from everyone who does not administer the org; use delegated administration for user management.",
    params: &[ParamSpec { name: "allow", doc: "usernames or user ids allowed to hold these permissions", default: ParamDefault::List(&[]) }],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    allow_list_outcome(ctx, &[&AUTHOR_APEX, &CUSTOMIZE_APPLICATION, &MANAGE_USERS])
}

//! SF-ID-02: API Enabled only where needed.

use super::holders::{allow_list_outcome, API_ENABLED, NEEDS};
use crate::checks::{check_meta, Context, Missing, Outcome, ParamDefault, ParamSpec};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

check_meta! {
    id: "SF-ID-02",
    title: "API Enabled is held only by approved (integration) users",
    providers: &[Provider::Salesforce],
    area: Area::Identity,
    severity: Severity::High,
    needs: &NEEDS,
    references: &["SBS-ACS-002"],
    rationale: "API access lets a stolen password export data in bulk, outside the UI's session and MFA controls; most people never need it.",
    logic: "Resolves API Enabled through every permission set and profile an active user is assigned. Every holder must be on `allow` (usernames or user ids). An empty allow-list approves nobody, so the check fails until the integration users are listed: that is the point of the SBS control. A permission set whose `PermissionsApiEnabled` is not reported is an error.",
    remediation: "Remove API Enabled from profiles used by people (Standard User often has it) and grant it through a permission set assigned only to integration users; list those in `allow`.",
    params: &[ParamSpec { name: "allow", doc: "usernames or user ids allowed to hold API Enabled", default: ParamDefault::List(&[]) }],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    allow_list_outcome(ctx, &[&API_ENABLED])
}

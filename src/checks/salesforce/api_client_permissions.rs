//! SF-APP-05: "Use Any API Client" and "Approve Uninstalled Connected Apps".

use super::holders::{
    allow_list_outcome, exists, Perm, APPROVE_UNINSTALLED_APPS, NEEDS, USE_ANY_API_CLIENT,
};
use super::section;
use crate::checks::{check_meta, Context, Missing, Outcome, ParamDefault, ParamSpec};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity, Status};

check_meta! {
    id: "SF-APP-05",
    title: "Only approved users may bypass connected-app approval",
    providers: &[Provider::Salesforce],
    area: Area::Apps,
    severity: Severity::High,
    needs: &NEEDS,
    references: &["SBS-ACS-003", "SBS-ACS-006"],
    rationale: "\"Use Any API Client\" bypasses API Access Control and \"Approve Uninstalled Connected Apps\" lets a user authorize apps no admin installed: both reopen the door SF-APP-01 closes.",
    logic: "Every active holder of each permission (through permission sets and profiles) must be on `allow`. Describe decides which of the two PermissionSet fields exist: `PermissionsUseAnyApiClient` exists only with API Access Control, and without it the permission has no effect. Salesforce does not expose \"Approve Uninstalled Connected Apps\" as a PermissionSet field (no `PermissionsCanApproveUninstalledApps` in describe), so when it is absent that half cannot be decided by API and, unless the other half fails, the finding is manual.",
    remediation: "Remove both permissions from profiles and permission sets of users who do not administer connected apps; list the few who do in `allow`. Review \"Approve Uninstalled Connected Apps\" under Setup → Permission Sets when the API does not show it.",
    params: &[ParamSpec { name: "allow", doc: "usernames or user ids allowed to hold these permissions", default: ParamDefault::List(&[]) }],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let sf = section(ctx.snapshot)?;
    let mut readable: Vec<&Perm> = Vec::new();
    let mut notes = Vec::new();
    if exists(sf, &USE_ANY_API_CLIENT)? {
        readable.push(&USE_ANY_API_CLIENT);
    } else {
        notes.push("Use Any API Client does not exist here (API Access Control is off)");
    }
    let mut unreadable = None;
    if exists(sf, &APPROVE_UNINSTALLED_APPS)? {
        readable.push(&APPROVE_UNINSTALLED_APPS);
    } else {
        unreadable = Some(APPROVE_UNINSTALLED_APPS.label);
    }
    let mut outcome = allow_list_outcome(ctx, &readable)?;
    if let Some(label) = unreadable {
        if outcome.status == Status::Pass {
            let mut manual = Outcome::manual(format!(
                "{}; review the holders of \"{label}\" by hand: the API does not expose it",
                outcome.message
            ));
            manual.evidence = outcome.evidence;
            outcome = manual;
        } else {
            outcome.message = format!("{}; \"{label}\" is not readable by API", outcome.message);
        }
    }
    if !notes.is_empty() {
        outcome.message = format!("{} ({})", outcome.message, notes.join("; "));
    }
    Ok(outcome)
}

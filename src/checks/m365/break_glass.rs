//! M365-ID-10: emergency access (break-glass) accounts.

use super::conditional_access::COLLECTION as CA;
use super::roles::GLOBAL_ADMINISTRATOR;
use crate::checks::{agree, all, plural};
use crate::checks::{check_meta, need, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

const USERS: &str = "users";
const ROLES: &str = "role_assignments";

check_meta! {
    id: "M365-ID-10",
    title: "Emergency access accounts exist and are excluded from conditional access",
    providers: &[Provider::M365],
    area: Area::Identity,
    severity: Severity::High,
    needs: &[USERS, ROLES, CA],
    references: &["Maester MT.1005"],
    rationale: "When conditional access or federation breaks, only a cloud-only Global Administrator that no policy can block gets the tenant back.",
    logic: "The break-glass accounts are the users approved under `[tenant.exclusions] users` in the config; with none configured, the check fails. Each must exist, be enabled, be cloud-only (no `onPremisesSyncEnabled`, no `onPremisesImmutableId`), hold an active Global Administrator assignment, and be listed in `excludeUsers` of every enabled conditional-access policy. Exclusion through a group is not accepted, because group membership is not read. Without Entra ID P1 there are no conditional-access policies to be excluded from, so that part holds trivially; security defaults cannot exclude anyone, which is why break-glass accounts need strong credentials of their own.",
    remediation: "Create two cloud-only accounts on the `onmicrosoft.com` domain with permanent Global Administrator and phishing-resistant credentials, exclude them by user from every conditional-access policy, list their ids under `[tenant.exclusions] users`, and monitor their sign-ins.",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let m365 = super::section(ctx.snapshot)?;
    let users = need(m365.users.as_ref(), USERS, "users")?;
    let roles = need(m365.role_assignments.as_ref(), ROLES, "assignments")?;
    let policies = need(m365.conditional_access_policies.as_ref(), CA, "policies")?;
    let configured = &ctx.exclusions.users;
    if configured.is_empty() {
        return Ok(Outcome::fail(
            "no break-glass accounts are configured under [tenant.exclusions] users",
        ));
    }
    let mut problems = Vec::new();
    for id in configured {
        let Some(user) = users.iter().find(|u| &u.id == id) else {
            problems.push((
                id.clone(),
                id.clone(),
                "no such user in the tenant".to_string(),
            ));
            continue;
        };
        let mut reasons = Vec::new();
        if user.account_enabled != Some(true) {
            reasons.push("not enabled".to_string());
        }
        if user.on_premises_sync_enabled == Some(true)
            || user
                .on_premises_immutable_id
                .as_deref()
                .is_some_and(|i| !i.is_empty())
        {
            reasons.push("synced from on-premises".to_string());
        }
        let ga = roles
            .iter()
            .any(|a| &a.principal_id == id && a.role_definition_id == GLOBAL_ADMINISTRATOR);
        if !ga {
            reasons.push("no active Global Administrator assignment".to_string());
        }
        for p in policies.iter().filter(|p| p.state == "enabled") {
            let excluded = p
                .conditions
                .users
                .as_ref()
                .is_some_and(|u| u.exclude_users.contains(id));
            if !excluded {
                reasons.push(format!(
                    "not excluded from policy \"{}\"",
                    p.display_name.as_deref().unwrap_or(&p.id)
                ));
            }
        }
        if !reasons.is_empty() {
            let name = user
                .user_principal_name
                .clone()
                .unwrap_or_else(|| id.clone());
            problems.push((id.clone(), name, reasons.join("; ")));
        }
    }
    let mut outcome = Outcome::verdict(
        !problems.is_empty(),
        format!(
            "{} ready",
            all(
                configured.len(),
                "break-glass account is",
                "break-glass accounts are"
            )
        ),
        format!(
            "{} of {} {} not ready",
            problems.len(),
            plural(
                configured.len(),
                "break-glass account",
                "break-glass accounts"
            ),
            agree(problems.len(), "is", "are")
        ),
    )
    .evidence(USERS, "approved_exclusions.users", configured.clone());
    for (id, name, reason) in problems {
        outcome = outcome.affected(id, name, reason);
    }
    Ok(outcome)
}

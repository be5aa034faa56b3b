//! When a conditional-access policy counts (CHECKS.md, rules for every check):
//! it is `enabled`, targets all users and all apps, and excludes nobody but
//! the approved exclusions from config. Everything else is named.

use crate::checks::Outcome;
use crate::config::Exclusions;
use tenantaudit_connector::snapshot::m365::ConditionalAccessPolicy;

pub const COLLECTION: &str = "conditional_access_policies";

/// Why a policy that does the right thing still does not count.
pub fn shortfalls(policy: &ConditionalAccessPolicy, exclusions: &Exclusions) -> Vec<String> {
    let mut reasons = Vec::new();
    match policy.state.as_str() {
        "enabled" => {}
        "enabledForReportingButNotEnforced" => reasons.push("report-only, not enforced".into()),
        other => reasons.push(format!("state is {other}")),
    }
    let users = policy.conditions.users.clone().unwrap_or_default();
    if !users.include_users.iter().any(|u| u == "All") {
        reasons.push("does not include all users".into());
    }
    let apps = policy.conditions.applications.clone().unwrap_or_default();
    if !apps.include_applications.iter().any(|a| a == "All") {
        reasons.push("does not include all cloud apps".into());
    }
    for app in &apps.exclude_applications {
        reasons.push(format!("excludes application {app}"));
    }
    for user in users
        .exclude_users
        .iter()
        .filter(|u| !exclusions.users.contains(u))
    {
        reasons.push(format!("excludes user {user}, not an approved exclusion"));
    }
    for group in users
        .exclude_groups
        .iter()
        .filter(|g| !exclusions.groups.contains(g))
    {
        reasons.push(format!("excludes group {group}, not an approved exclusion"));
    }
    for role in &users.exclude_roles {
        reasons.push(format!("excludes directory role {role}"));
    }
    if users
        .exclude_guests_or_external_users
        .as_ref()
        .is_some_and(|v| !v.is_null())
    {
        reasons.push("excludes guests or external users".into());
    }
    reasons
}

/// Whether the grant requires `control` (an OR with other controls lets a user
/// pick the other one, so it does not require it).
pub fn requires(policy: &ConditionalAccessPolicy, control: &str) -> bool {
    let Some(grant) = &policy.grant_controls else {
        return false;
    };
    let alternatives =
        grant.built_in_controls.len() + usize::from(grant.authentication_strength.is_some());
    grant.built_in_controls.iter().any(|c| c == control)
        && (alternatives == 1 || grant.operator.as_deref() == Some("AND"))
}

/// The verdict shared by "is there an enforcing policy that does X" checks:
/// pass naming the policy that counts, else fail naming every candidate and
/// why it falls short.
pub fn verdict(
    policies: &[ConditionalAccessPolicy],
    exclusions: &Exclusions,
    does_it: impl Fn(&ConditionalAccessPolicy) -> bool,
    what: &str,
) -> Outcome {
    let candidates: Vec<_> = policies.iter().filter(|p| does_it(p)).collect();
    let counting = candidates
        .iter()
        .find(|p| shortfalls(p, exclusions).is_empty());
    if let Some(policy) = counting {
        let name = policy.display_name.clone().unwrap_or_default();
        return Outcome::pass(format!("{what}: enforced by policy \"{name}\""))
            .evidence(
                COLLECTION,
                format!("$[?(@.id=='{}')].state", policy.id),
                policy.state.clone(),
            )
            .affected(policy.id.clone(), name, "enforcing policy");
    }
    let mut outcome = if candidates.is_empty() {
        Outcome::fail(format!("{what}: no conditional-access policy does this"))
    } else {
        Outcome::fail(format!(
            "{what}: {} policy(ies) do this but none counts",
            candidates.len()
        ))
    };
    for policy in candidates {
        let name = policy.display_name.clone().unwrap_or_default();
        let reasons = shortfalls(policy, exclusions).join("; ");
        outcome = outcome.affected(policy.id.clone(), name, reasons).evidence(
            COLLECTION,
            format!("$[?(@.id=='{}')].state", policy.id),
            policy.state.clone(),
        );
    }
    outcome
}

//! When a conditional-access policy counts (the rules every conditional-access check shares):
//! it is `enabled`, targets all users and all apps, and excludes nobody but
//! the approved exclusions from config. Everything else is named.

use crate::checks::Outcome;
use crate::config::Exclusions;
use tenantaudit_connector::snapshot::m365::ConditionalAccessPolicy;

pub const COLLECTION: &str = "conditional_access_policies";

/// Whom a policy must cover to count.
pub enum Target<'a> {
    /// `includeUsers` holds `All`.
    AllUsers,
    /// Every one of these role templates is in `includeRoles` (or all users are).
    Roles(&'a [&'a str]),
}

/// What a policy must apply to.
pub enum Resources<'a> {
    /// `includeApplications` holds `All` and nothing is excluded.
    AllApps,
    /// A user action such as `urn:user:registersecurityinfo`.
    UserAction(&'a str),
}

/// Why a policy does not count for `target` and `resources`: not enforced,
/// too narrow, or excluding someone outside the approved exclusions.
pub fn shortfalls_for(
    policy: &ConditionalAccessPolicy,
    exclusions: &Exclusions,
    target: &Target,
    resources: &Resources,
) -> Vec<String> {
    let mut reasons = Vec::new();
    match policy.state.as_str() {
        "enabled" => {}
        "enabledForReportingButNotEnforced" => reasons.push("report-only, not enforced".into()),
        other => reasons.push(format!("state is {other}")),
    }
    let users = policy.conditions.users.clone().unwrap_or_default();
    let all_users = users.include_users.iter().any(|u| u == "All");
    match target {
        Target::AllUsers if !all_users => reasons.push("does not include all users".into()),
        Target::Roles(roles) if !all_users => {
            for role in roles.iter().filter(|r| {
                !users
                    .include_roles
                    .iter()
                    .any(|i| i.eq_ignore_ascii_case(r))
            }) {
                let name = super::roles::privileged_name(role).unwrap_or(role);
                reasons.push(format!("does not include role {name}"));
            }
        }
        _ => {}
    }
    let apps = policy.conditions.applications.clone().unwrap_or_default();
    match resources {
        Resources::AllApps => {
            if !apps.include_applications.iter().any(|a| a == "All") {
                reasons.push("does not include all cloud apps".into());
            }
            for app in &apps.exclude_applications {
                reasons.push(format!("excludes application {app}"));
            }
        }
        Resources::UserAction(action) => {
            if !apps
                .include_user_actions
                .iter()
                .any(|a| a.eq_ignore_ascii_case(action))
            {
                reasons.push(format!("does not target user action {action}"));
            }
        }
    }
    // A device-platform condition narrows the policy to some devices.
    if let Some(platforms) = &policy.conditions.platforms {
        let all = platforms.include_platforms.iter().any(|p| p == "all");
        if !platforms.include_platforms.is_empty() && !all {
            reasons.push(format!(
                "applies only to platforms {}",
                platforms.include_platforms.join(", ")
            ));
        }
        if !platforms.exclude_platforms.is_empty() {
            reasons.push(format!(
                "excludes platforms {}",
                platforms.exclude_platforms.join(", ")
            ));
        }
    }
    reasons.extend(unapproved_exclusions(policy, exclusions));
    reasons
}

/// Every exclusion of a policy that config did not approve: users and groups
/// outside `[tenant.exclusions]`, any role, and guests or external users.
pub fn unapproved_exclusions(
    policy: &ConditionalAccessPolicy,
    exclusions: &Exclusions,
) -> Vec<String> {
    let users = policy.conditions.users.clone().unwrap_or_default();
    let mut reasons = Vec::new();
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
    verdict_for(
        policies,
        exclusions,
        &Target::AllUsers,
        &Resources::AllApps,
        does_it,
        what,
    )
}

/// [`verdict`] for a policy that must cover `target` and `resources`.
pub fn verdict_for(
    policies: &[ConditionalAccessPolicy],
    exclusions: &Exclusions,
    target: &Target,
    resources: &Resources,
    does_it: impl Fn(&ConditionalAccessPolicy) -> bool,
    what: &str,
) -> Outcome {
    let shortfalls = |p: &ConditionalAccessPolicy| shortfalls_for(p, exclusions, target, resources);
    let candidates: Vec<_> = policies.iter().filter(|p| does_it(p)).collect();
    let counting = candidates.iter().find(|p| shortfalls(p).is_empty());
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
        let reasons = shortfalls(policy).join("; ");
        outcome = outcome.affected(policy.id.clone(), name, reasons).evidence(
            COLLECTION,
            format!("$[?(@.id=='{}')].state", policy.id),
            policy.state.clone(),
        );
    }
    outcome
}

/// The authentication strength a policy requires, unless it is offered as an
/// OR alternative to a built-in control (then a user could pick the other).
pub fn required_strength(
    policy: &ConditionalAccessPolicy,
) -> Option<&tenantaudit_connector::snapshot::m365::AuthenticationStrength> {
    let grant = policy.grant_controls.as_ref()?;
    let strength = grant.authentication_strength.as_ref()?;
    (grant.built_in_controls.is_empty() || grant.operator.as_deref() == Some("AND"))
        .then_some(strength)
}

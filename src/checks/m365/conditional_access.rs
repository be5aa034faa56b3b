//! When a conditional-access policy counts (the rules every conditional-access check shares):
//! it is `enabled`, targets all users and all apps, and excludes nobody but
//! the approved exclusions from config. Everything else is named, in the
//! message as well as in the affected-object rows.

use super::authentication_strength;
use crate::checks::{agree, need, plural, Context, Missing, Outcome};
use crate::config::Exclusions;
use tenantaudit_connector::snapshot::m365::{AuthenticationStrength, ConditionalAccessPolicy};

pub const COLLECTION: &str = "conditional_access_policies";

/// What a check reads when only conditional access can satisfy it.
pub type Licensed<'a> = Result<&'a [ConditionalAccessPolicy], Outcome>;

/// The tenant's policies, or, without the licence `licence` asks for, the
/// `not_applicable` outcome that names it (conditional access cannot be
/// bought there, so there is nothing to fail).
pub fn licensed_policies<'a>(
    ctx: &Context<'a>,
    licence: fn(&Context) -> Result<Option<Outcome>, Missing>,
) -> Result<Licensed<'a>, Missing> {
    if let Some(not_licensed) = licence(ctx)? {
        return Ok(Err(not_licensed));
    }
    let section = super::section(ctx.snapshot)?;
    let policies = need(
        section.conditional_access_policies.as_ref(),
        COLLECTION,
        "policies",
    )?;
    Ok(Ok(policies))
}

/// Whom a policy must cover to count.
pub enum Target<'a> {
    /// `includeUsers` holds `All`.
    AllUsers,
    /// Every one of these role templates is in `includeRoles` (or all users are).
    Roles(&'a [&'a str]),
}

/// What a policy must apply to.
pub enum Resources<'a> {
    /// `includeApplications` holds `All` and nothing unapproved is excluded.
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
    reasons.extend(policy_exclusions(policy, exclusions).unapproved);
    reasons
}

/// A policy's exclusions, sorted into those config approved and the rest.
#[derive(Default)]
pub struct PolicyExclusions {
    pub approved: Vec<String>,
    pub unapproved: Vec<String>,
}

/// Every exclusion of a policy: users, groups, roles and applications by id,
/// guests and external users by type, each approved when it is listed under
/// `[tenant.exclusions]`.
pub fn policy_exclusions(
    policy: &ConditionalAccessPolicy,
    exclusions: &Exclusions,
) -> PolicyExclusions {
    let users = policy.conditions.users.clone().unwrap_or_default();
    let apps = policy.conditions.applications.clone().unwrap_or_default();
    let mut sorted = PolicyExclusions::default();
    let mut sort = |kind: &str, excluded: &[String], approved: &[String]| {
        for id in excluded {
            let what = match kind {
                "directory role" => super::roles::privileged_name(id)
                    .map(|name| format!("directory role {name} ({id})"))
                    .unwrap_or_else(|| format!("directory role {id}")),
                _ => format!("{kind} {id}"),
            };
            if approved.iter().any(|a| a.eq_ignore_ascii_case(id)) {
                sorted.approved.push(what);
            } else {
                sorted
                    .unapproved
                    .push(format!("excludes {what}, not an approved exclusion"));
            }
        }
    };
    sort("user", &users.exclude_users, &exclusions.users);
    sort("group", &users.exclude_groups, &exclusions.groups);
    sort("directory role", &users.exclude_roles, &exclusions.roles);
    sort(
        "application",
        &apps.exclude_applications,
        &exclusions.applications,
    );
    if let Some(guests) = users
        .exclude_guests_or_external_users
        .as_ref()
        .filter(|v| !v.is_null())
    {
        let stated: Vec<&str> = guests
            .get("guestOrExternalUserTypes")
            .and_then(|t| t.as_str())
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .collect();
        // `none` is Graph's way of saying no guest type is excluded.
        let types: Vec<String> = stated
            .iter()
            .filter(|t| **t != "none")
            .map(|t| t.to_string())
            .collect();
        sort("guest type", &types, &exclusions.guest_user_types);
        if stated.is_empty() {
            sorted
                .unapproved
                .push("excludes guests or external users of unstated types".into());
        }
    }
    sorted
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
    judged_verdict(
        policies,
        exclusions,
        target,
        resources,
        |p| does_it(p).then(Vec::new),
        what,
    )
}

/// The verdict where being a candidate is not all-or-nothing: `judge` says
/// whether a policy is meant to do the thing (`None` when not) and why it
/// still falls short in how it does it (a weak authentication strength).
pub fn judged_verdict(
    policies: &[ConditionalAccessPolicy],
    exclusions: &Exclusions,
    target: &Target,
    resources: &Resources,
    judge: impl Fn(&ConditionalAccessPolicy) -> Option<Vec<String>>,
    what: &str,
) -> Outcome {
    let candidates: Vec<_> = policies
        .iter()
        .filter_map(|p| {
            judge(p).map(|mut reasons| {
                reasons.extend(shortfalls_for(p, exclusions, target, resources));
                (p, reasons)
            })
        })
        .collect();
    if let Some((policy, _)) = candidates.iter().find(|(_, reasons)| reasons.is_empty()) {
        let name = policy.display_name.clone().unwrap_or_default();
        let approved = policy_exclusions(policy, exclusions).approved;
        let (message, reason) = if approved.is_empty() {
            (
                format!("{what}: enforced by policy \"{name}\""),
                "enforcing policy".to_string(),
            )
        } else {
            (
                format!(
                    "{what}: enforced by policy \"{name}\", with {}",
                    plural(approved.len(), "approved exclusion", "approved exclusions")
                ),
                format!(
                    "enforcing policy; approved exclusions: {}",
                    approved.join(", ")
                ),
            )
        };
        return Outcome::pass(message)
            .evidence(
                COLLECTION,
                format!("$[?(@.id=='{}')].state", policy.id),
                policy.state.clone(),
            )
            .affected(policy.id.clone(), name, reason);
    }
    let mut outcome = if candidates.is_empty() {
        Outcome::fail(format!("{what}: no conditional-access policy does this"))
    } else {
        let why: Vec<_> = candidates
            .iter()
            .map(|(p, reasons)| {
                format!(
                    "\"{}\" ({})",
                    p.display_name.as_deref().unwrap_or(&p.id),
                    reasons.join("; ")
                )
            })
            .collect();
        Outcome::fail(format!(
            "{what}: {} {} this but none counts: {}",
            plural(candidates.len(), "policy", "policies"),
            agree(candidates.len(), "does", "do"),
            why.join(", ")
        ))
    };
    for (policy, reasons) in candidates {
        let name = policy.display_name.clone().unwrap_or_default();
        outcome = outcome
            .affected(policy.id.clone(), name, reasons.join("; "))
            .evidence(
                COLLECTION,
                format!("$[?(@.id=='{}')].state", policy.id),
                policy.state.clone(),
            );
    }
    outcome
}

/// The authentication strength a policy requires, unless it is offered as an
/// OR alternative to a built-in control (then a user could pick the other).
pub fn required_strength(policy: &ConditionalAccessPolicy) -> Option<&AuthenticationStrength> {
    let grant = policy.grant_controls.as_ref()?;
    let strength = grant.authentication_strength.as_ref()?;
    (grant.built_in_controls.is_empty() || grant.operator.as_deref() == Some("AND"))
        .then_some(strength)
}

/// Whether a policy requires MFA: the `mfa` control, or an authentication
/// strength; a strength that does not amount to MFA makes the policy a
/// candidate that falls short, with why.
pub fn requires_mfa(policy: &ConditionalAccessPolicy) -> Option<Vec<String>> {
    if requires(policy, "mfa") {
        return Some(Vec::new());
    }
    let strength = required_strength(policy)?;
    Some(
        authentication_strength::mfa(strength)
            .err()
            .into_iter()
            .collect(),
    )
}

//! M365-CA-07: conditional-access exclusions are only the approved ones.

use super::conditional_access::{self, COLLECTION};
use super::licence::{self, SKUS};
use crate::checks::{agree, check_meta, plural, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

check_meta! {
    id: "M365-CA-07",
    title: "Conditional-access policies exclude only the approved accounts and groups",
    providers: &[Provider::M365],
    area: Area::Access,
    severity: Severity::High,
    needs: &[COLLECTION, SKUS],
    references: &["SCuBA CapExclusions"],
    rationale: "Every exclusion is a hole in the policy; an exclusion nobody approved is usually a forgotten test or a workaround that became permanent.",
    logic: "For every enabled conditional-access policy, each excluded user, group, directory role (by template id), application (by app id, or `Office365` / `MicrosoftAdminPortals`) and guest or external user type must be one of the approved exclusions in config (`[tenant.exclusions]` `users`, `groups`, `roles`, `applications`, `guest_user_types`); a guest exclusion that names no type is never approved. Each unapproved exclusion is named with its policy, in the message and in its row; approved ones are named as approved. Report-only and disabled policies enforce nothing and are not judged. Licence: without Entra ID P1 (service plan AAD_PREMIUM, or AAD_PREMIUM_P2 which includes it) there is no conditional access to exclude anyone from, so the check is not applicable, naming the licence; security defaults have no exclusions.",
    remediation: "Remove each named exclusion, or approve it by adding its id under `[tenant.exclusions]` (`users`, `groups`, `roles`, `applications`) or its type under `guest_user_types` in the config, with a reason in your change record.",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let policies = match conditional_access::licensed_policies(ctx, licence::require_p1)? {
        Ok(policies) => policies,
        Err(not_licensed) => return Ok(not_licensed),
    };
    let enforcing: Vec<_> = policies.iter().filter(|p| p.state == "enabled").collect();
    let mut offending = Vec::new();
    let mut approved = 0;
    let mut rows = Vec::new();
    for p in &enforcing {
        let found = conditional_access::policy_exclusions(p, ctx.exclusions);
        approved += found.approved.len();
        let name = p.display_name.clone().unwrap_or_default();
        if !found.unapproved.is_empty() {
            offending.push(format!("\"{name}\" ({})", found.unapproved.join("; ")));
        }
        let mut reasons = found.unapproved.clone();
        if !found.approved.is_empty() {
            reasons.push(format!("approved: {}", found.approved.join(", ")));
        }
        if !reasons.is_empty() {
            rows.push((
                p.id.clone(),
                name,
                reasons.join("; "),
                found.unapproved.len(),
            ));
        }
    }
    let enabled = plural(enforcing.len(), "enabled policy", "enabled policies");
    let mut outcome = if offending.is_empty() {
        Outcome::pass(format!(
            "{enabled} {} only approved exclusions ({})",
            agree(enforcing.len(), "has", "have"),
            plural(approved, "approved exclusion", "approved exclusions")
        ))
    } else {
        Outcome::fail(format!(
            "{} of {enabled} {} unapproved exclusions: {}",
            offending.len(),
            agree(offending.len(), "has", "have"),
            offending.join(", ")
        ))
    };
    for (id, name, reason, unapproved) in rows {
        outcome = outcome
            .evidence(
                COLLECTION,
                format!("$[?(@.id=='{id}')].conditions.users"),
                unapproved,
            )
            .affected(id, name, reason);
    }
    Ok(outcome)
}

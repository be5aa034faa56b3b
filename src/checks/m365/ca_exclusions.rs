//! M365-CA-07: conditional-access exclusions are only the approved ones.

use super::conditional_access::{self, COLLECTION};
use crate::checks::{check_meta, need, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

check_meta! {
    id: "M365-CA-07",
    title: "Conditional-access policies exclude only the approved accounts and groups",
    providers: &[Provider::M365],
    area: Area::Access,
    severity: Severity::High,
    needs: &[COLLECTION],
    references: &["SCuBA CapExclusions"],
    rationale: "Every exclusion is a hole in the policy; an exclusion nobody approved is usually a forgotten test or a workaround that became permanent.",
    logic: "For every enabled conditional-access policy, each excluded user or group must be one of the approved exclusions in config (`[tenant.exclusions]`); any excluded directory role and any guest/external-user exclusion is reported. Each unapproved exclusion is named with its policy. Report-only and disabled policies enforce nothing and are not judged.",
    remediation: "Remove each named exclusion, or approve it by adding the object id under `[tenant.exclusions] users` / `groups` in the config with a reason in your change record.",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let policies = need(
        super::section(ctx.snapshot)?
            .conditional_access_policies
            .as_ref(),
        COLLECTION,
        "policies",
    )?;
    let enforcing: Vec<_> = policies.iter().filter(|p| p.state == "enabled").collect();
    let mut outcome = Outcome::pass(format!(
        "{} enabled policies exclude only approved accounts and groups",
        enforcing.len()
    ));
    let mut offending = 0;
    for p in &enforcing {
        let reasons = conditional_access::unapproved_exclusions(p, ctx.exclusions);
        if reasons.is_empty() {
            continue;
        }
        offending += 1;
        outcome = outcome
            .affected(
                p.id.clone(),
                p.display_name.clone().unwrap_or_default(),
                reasons.join("; "),
            )
            .evidence(
                COLLECTION,
                format!("$[?(@.id=='{}')].conditions.users", p.id),
                reasons.len(),
            );
    }
    if offending > 0 {
        outcome.status = tenantaudit_report::Status::Fail;
        outcome.message = format!("{offending} enabled policies have unapproved exclusions");
    }
    Ok(outcome)
}

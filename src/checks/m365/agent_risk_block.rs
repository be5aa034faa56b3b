//! M365-CA-10: high-risk agent identities are blocked.

use super::conditional_access::policy_exclusions;
use super::licence::{self, SKUS};
use crate::checks::{agree, check_meta, need, plural, Context, Missing, Outcome};
use tenantaudit_connector::snapshot::m365::ConditionalAccessPolicy;
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

const COLLECTION: &str = "conditional_access_policies_beta";

check_meta! {
    id: "M365-CA-10",
    title: "Sign-ins by high-risk agent identities are blocked",
    providers: &[Provider::M365],
    area: Area::Access,
    severity: Severity::High,
    needs: &[SKUS],
    references: &["MS.AAD.9.1v1"],
    rationale: "AI agents act on their own with the permissions they were given; one that Identity Protection rates high-risk should be stopped before it acts.",
    logic: "Not applicable without Entra ID P2 (as ScubaGear requires). Reads the conditional-access policies from Graph **beta**: the agent-identity conditions are documented there only (`conditions.agentIdRiskLevels`, a comma-joined multi-value enum, and `conditions.clientApplications.includeAgentIdServicePrincipals`), so this collection is read besides the v1.0 one. Passes when an `enabled` policy includes all agent identities (`includeAgentIdServicePrincipals` holds `All`), has `agentIdRiskLevels` containing `high`, targets all resources and all client app types (`clientAppTypes` holds `all`, as ScubaGear reads it) with no excluded agent identity, excludes no user, group, role, application or guest type outside the approved exclusions, and has the grant control `block`. Each candidate that does not count is named with why.",
    remediation: "Create a conditional-access policy: Agents (Preview) → Include All agent identities; all resources; Conditions → Agent risk High; Grant Block; set it to On.",
    params: &[],
}

fn blocks_high_risk_agents(policy: &ConditionalAccessPolicy) -> bool {
    let c = &policy.conditions;
    let high = c
        .agent_id_risk_levels
        .as_deref()
        .unwrap_or_default()
        .split(',')
        .any(|level| level.trim() == "high");
    let blocks = policy
        .grant_controls
        .as_ref()
        .is_some_and(|g| g.built_in_controls.iter().any(|b| b == "block"));
    high && blocks
}

/// Why a policy that blocks high-risk agents does not count.
fn shortfalls(policy: &ConditionalAccessPolicy, ctx: &Context) -> Vec<String> {
    let mut reasons = Vec::new();
    if policy.state != "enabled" {
        reasons.push(format!("state is {}", policy.state));
    }
    let agents = policy
        .conditions
        .client_applications
        .clone()
        .unwrap_or_default();
    if !agents
        .include_agent_id_service_principals
        .iter()
        .any(|a| a == "All")
    {
        reasons.push("does not include all agent identities".to_string());
    }
    for agent in &agents.exclude_agent_id_service_principals {
        reasons.push(format!("excludes agent identity {agent}"));
    }
    let apps = policy.conditions.applications.clone().unwrap_or_default();
    if !apps.include_applications.iter().any(|a| a == "All") {
        reasons.push("does not include all resources".to_string());
    }
    if !policy
        .conditions
        .client_app_types
        .iter()
        .any(|t| t == "all")
    {
        reasons.push("does not cover all client app types".to_string());
    }
    reasons.extend(policy_exclusions(policy, ctx.exclusions).unapproved);
    reasons
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    if let Some(not_licensed) = licence::require_p2(ctx)? {
        return Ok(not_licensed);
    }
    let policies = need(
        super::section(ctx.snapshot)?
            .conditional_access_policies_beta
            .as_ref(),
        COLLECTION,
        "policies",
    )?;
    let candidates: Vec<_> = policies
        .iter()
        .filter(|p| blocks_high_risk_agents(p))
        .map(|p| (p, shortfalls(p, ctx)))
        .collect();
    let name = |p: &ConditionalAccessPolicy| p.display_name.clone().unwrap_or_default();
    if let Some((policy, _)) = candidates.iter().find(|(_, why)| why.is_empty()) {
        return Ok(Outcome::pass(format!(
            "high-risk agents are blocked by policy \"{}\"",
            name(policy)
        ))
        .evidence(
            COLLECTION,
            format!("$[?(@.id=='{}')].conditions.agentIdRiskLevels", policy.id),
            policy.conditions.agent_id_risk_levels.clone(),
        )
        .affected(policy.id.clone(), name(policy), "enforcing policy"));
    }
    let why: Vec<_> = candidates
        .iter()
        .map(|(p, why)| format!("\"{}\" ({})", name(p), why.join("; ")))
        .collect();
    let mut outcome = if why.is_empty() {
        Outcome::fail("no policy blocks high-risk agent identities")
    } else {
        Outcome::fail(format!(
            "no enforcing policy blocks high-risk agent identities; {} {} but none counts: {}",
            plural(candidates.len(), "policy", "policies"),
            agree(candidates.len(), "tries", "try"),
            why.join(", ")
        ))
    };
    for (policy, why) in candidates {
        outcome = outcome
            .affected(policy.id.clone(), name(policy), why.join("; "))
            .evidence(
                COLLECTION,
                format!("$[?(@.id=='{}')].state", policy.id),
                policy.state.clone(),
            );
    }
    Ok(outcome)
}

//! COM-ID-01: dormant enabled accounts.

use crate::checks::{agree, all, plural};
use crate::checks::{check_meta, need, Context, Missing, Outcome, ParamDefault, ParamSpec};
use tenantaudit_connector::snapshot::PrincipalKind;
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

const USERS: &str = "users";

check_meta! {
    id: "COM-ID-01",
    title: "No dormant enabled accounts",
    providers: &[Provider::M365, Provider::Salesforce],
    area: Area::Identity,
    severity: Severity::High,
    needs: &[USERS],
    references: &["CIS 5.1.6.x", "SBS-ACS", "NIST 800-53 AC-2(3)"],
    rationale: "An enabled account nobody uses is a credential nobody watches: leavers, forgotten test users and shared logins.",
    logic: "Every enabled member account (Entra members, Salesforce Standard users; guests are covered by their own checks) must have signed in within `days`. An account that never signed in counts once it is older than `days`; one whose creation date is unknown counts too (fail closed). Microsoft 365 uses the latest of interactive, non-interactive and successful sign-ins; Salesforce uses LastLoginDate. Ages are measured from the snapshot's collection time.",
    remediation: "Disable or delete each named account after confirming with its owner; for Salesforce, deactivate or freeze the user.",
    params: &[ParamSpec { name: "days", doc: "days without sign-in after which an account is dormant", default: ParamDefault::Int(90) }],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let principals = need(ctx.snapshot.common.principals.as_ref(), USERS, "principals")?;
    let days = ctx.params.int("days");
    let cutoff = ctx.now - chrono::Duration::days(days);
    let mut dormant = Vec::new();
    let mut in_scope = 0;
    for p in principals
        .iter()
        .filter(|p| p.enabled && p.kind == PrincipalKind::Member)
    {
        in_scope += 1;
        let reason = match (p.last_sign_in, p.created) {
            (Some(last), _) if last < cutoff => format!("last sign-in {}", last.format("%Y-%m-%d")),
            (Some(_), _) => continue,
            (None, Some(created)) if created < cutoff => {
                format!("never signed in; created {}", created.format("%Y-%m-%d"))
            }
            (None, Some(_)) => continue,
            (None, None) => "never signed in; creation date unknown".to_string(),
        };
        dormant.push((p, reason));
    }
    let mut outcome = Outcome::verdict(
        !dormant.is_empty(),
        format!(
            "{} signed in within {days} days",
            all(in_scope, "enabled member", "enabled members")
        ),
        format!(
            "{} of {} {} not signed in for {days} days",
            dormant.len(),
            plural(in_scope, "enabled member", "enabled members"),
            agree(dormant.len(), "has", "have")
        ),
    )
    .evidence(USERS, "$[*].lastSignIn", dormant.len());
    for (p, reason) in dormant {
        outcome = outcome.affected(p.id.clone(), p.login.clone(), reason);
    }
    Ok(outcome)
}

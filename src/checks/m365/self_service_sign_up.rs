//! M365-ID-13: nobody joins the tenant or signs up for subscriptions by email alone.

use super::authorization_policy::{self, COLLECTION};
use crate::checks::{check_meta, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

check_meta! {
    id: "M365-ID-13",
    title: "Users cannot join the tenant or sign up for subscriptions by email verification",
    providers: &[Provider::M365],
    area: Area::Identity,
    severity: Severity::Medium,
    needs: &[COLLECTION],
    references: &["EIDSCA.AP05", "EIDSCA.AP06"],
    rationale: "Self-service sign-up adds accounts and trial subscriptions nobody approved, outside onboarding and licensing.",
    logic: "Passes when the authorization policy's `allowedToSignUpEmailBasedSubscriptions` and `allowEmailVerifiedUsersToJoinOrganization` are both false. A flag Graph does not report counts as allowed, the default of a new tenant (assumed: Microsoft's reference does not state a default). SCuBA and CIS have no rule on these; the verdict follows EIDSCA.",
    remediation: "Graph: `PATCH /policies/authorizationPolicy` with `{\"allowedToSignUpEmailBasedSubscriptions\": false, \"allowEmailVerifiedUsersToJoinOrganization\": false}`.",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let policy = authorization_policy::policy(ctx.snapshot)?;
    let flags = [
        (
            "allowedToSignUpEmailBasedSubscriptions",
            policy.allowed_to_sign_up_email_based_subscriptions,
            "users can sign up for email-based subscriptions",
        ),
        (
            "allowEmailVerifiedUsersToJoinOrganization",
            policy.allow_email_verified_users_to_join_organization,
            "anyone with a verified email address in a tenant domain can join",
        ),
    ];
    let allowed: Vec<_> = flags
        .iter()
        .filter(|(_, value, _)| value.unwrap_or(true))
        .collect();
    let mut outcome = Outcome::verdict(
        !allowed.is_empty(),
        "self-service sign-up is off",
        "self-service sign-up is on",
    );
    for (name, value, _) in &flags {
        let shown = value.map_or_else(|| "true (default)".to_string(), |v| v.to_string());
        outcome = outcome.evidence(COLLECTION, *name, shown);
    }
    for (name, _, meaning) in allowed {
        outcome = outcome.affected(*name, *name, *meaning);
    }
    Ok(outcome)
}

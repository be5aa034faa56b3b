//! M365-APP-03: admin consent workflow on.

use crate::checks::plural;
use crate::checks::{check_meta, need, Context, Missing, Outcome};
use tenantaudit_connector::snapshot::m365::AdminConsentRequestPolicy;
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

pub const COLLECTION: &str = "admin_consent_request_policy";

/// The admin consent request policy and whether it is on: what both
/// consent-workflow checks (M365-APP-03, M365-APP-11) start from.
pub fn policy<'a>(ctx: &Context<'a>) -> Result<(&'a AdminConsentRequestPolicy, bool), Missing> {
    let policy = need(
        super::section(ctx.snapshot)?
            .admin_consent_request_policy
            .as_ref(),
        COLLECTION,
        "policy",
    )?;
    let enabled = *need(policy.is_enabled.as_ref(), COLLECTION, "isEnabled")?;
    Ok((policy, enabled))
}

check_meta! {
    id: "M365-APP-03",
    title: "The admin consent workflow is on, with reviewers",
    providers: &[Provider::M365],
    area: Area::Apps,
    severity: Severity::Medium,
    needs: &[COLLECTION],
    references: &["MS.AAD.5.3v1", "CIS 5.1.5.2", "EIDSCA.CR01"],
    rationale: "With user consent restricted, the workflow gives users a sanctioned way to ask, instead of a workaround.",
    logic: "Passes when `adminConsentRequestPolicy.isEnabled` is true and `reviewers` names at least one reviewer.",
    remediation: "Entra admin center → Enterprise applications → Consent and permissions → Admin consent settings: \"Users can request admin consent to apps they are unable to consent to\" Yes, and choose reviewers.",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let (policy, enabled) = policy(ctx)?;
    let reviewers = policy.reviewers.len();
    let outcome = if !enabled {
        Outcome::fail("the admin consent workflow is off")
    } else if reviewers == 0 {
        Outcome::fail("the admin consent workflow is on but has no reviewers")
    } else {
        Outcome::pass(format!(
            "the admin consent workflow is on with {}",
            plural(reviewers, "reviewer scope", "reviewer scopes")
        ))
    };
    Ok(outcome.evidence(COLLECTION, "isEnabled", enabled).evidence(
        COLLECTION,
        "reviewers",
        reviewers,
    ))
}

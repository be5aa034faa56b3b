//! M365-APP-10: users cannot consent to apps Microsoft flags as risky.

use super::authorization_policy;
use super::directory_settings::{self, CONSENT_POLICY};
use crate::checks::{check_meta, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

const BLOCK: &str = "BlockUserConsentForRiskyApps";

check_meta! {
    id: "M365-APP-10",
    title: "Users cannot consent to apps Microsoft flags as risky",
    providers: &[Provider::M365],
    area: Area::Apps,
    severity: Severity::High,
    needs: &[authorization_policy::COLLECTION, directory_settings::COLLECTION],
    references: &["EIDSCA.AP09", "EIDSCA.CP03"],
    rationale: "An app Microsoft's risk signals flag is the consent-phishing case; even where users may consent, that app should need an admin.",
    logic: "Fails when the authorization policy's `allowUserConsentForRiskyApps` is true, or when the Consent Policy Settings directory setting (template dffd5d46-495d-40a9-8e21-954ff55e198a) has `BlockUserConsentForRiskyApps` false. Where the tenant left either unset, Microsoft's defaults apply: `allowUserConsentForRiskyApps` false (documented in the authorizationPolicy reference) and `BlockUserConsentForRiskyApps` true (the template's default value). SCuBA and CIS cover user consent as a whole (M365-APP-02); this is EIDSCA's narrower rule.",
    remediation: "Graph: `PATCH /policies/authorizationPolicy` with `{\"allowUserConsentForRiskyApps\": false}`, and set `BlockUserConsentForRiskyApps` to true in the Consent Policy Settings directory setting (`PATCH /groupSettings/{id}`).",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let policy = authorization_policy::policy(ctx.snapshot)?;
    let allow = policy.allow_user_consent_for_risky_apps;
    let block = directory_settings::setting(ctx, CONSENT_POLICY, BLOCK, "true")?;
    let mut gaps = Vec::new();
    if allow == Some(true) {
        gaps.push((
            "allowUserConsentForRiskyApps",
            "true in the authorization policy",
        ));
    }
    if !block.is("true") {
        gaps.push((BLOCK, "false in the Consent Policy Settings"));
    }
    let mut outcome = Outcome::verdict(
        !gaps.is_empty(),
        "user consent to risky apps is blocked",
        "users can consent to apps flagged as risky",
    )
    .evidence(
        authorization_policy::COLLECTION,
        "allowUserConsentForRiskyApps",
        allow.map_or_else(|| "false (default)".to_string(), |v| v.to_string()),
    )
    .evidence(
        directory_settings::COLLECTION,
        block.path(CONSENT_POLICY),
        block.shown(),
    );
    for (name, why) in gaps {
        outcome = outcome.affected(name, name, why);
    }
    Ok(outcome)
}

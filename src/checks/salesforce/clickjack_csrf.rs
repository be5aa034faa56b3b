//! SF-ACC-03: clickjack and CSRF protection.

use super::{security_settings, settings_all_on, SECURITY_SETTINGS};
use crate::checks::{check_meta, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

const SETTINGS: [(&str, &str); 6] = [
    (
        "sessionSettings.enableClickjackSetup",
        "Clickjack protection for Setup pages",
    ),
    (
        "sessionSettings.enableClickjackNonsetupSFDC",
        "Clickjack protection for non-Setup Salesforce pages",
    ),
    (
        "sessionSettings.enableClickjackNonsetupUser",
        "Clickjack protection for customer Visualforce pages with standard headers",
    ),
    (
        "sessionSettings.enableClickjackNonsetupUserHeaderless",
        "Clickjack protection for customer Visualforce pages with headers disabled",
    ),
    (
        "sessionSettings.enableCSRFOnGet",
        "CSRF protection on GET requests on non-setup pages",
    ),
    (
        "sessionSettings.enableCSRFOnPost",
        "CSRF protection on POST requests on non-setup pages",
    ),
];

check_meta! {
    id: "SF-ACC-03",
    title: "Clickjack and CSRF protection are on everywhere",
    providers: &[Provider::Salesforce],
    area: Area::Access,
    severity: Severity::High,
    needs: &[SECURITY_SETTINGS],
    references: &["HC SessionSettings"],
    rationale: "Framing and cross-site request forgery let another site act in a signed-in user's session.",
    logic: "Passes when the four clickjack settings and both CSRF settings of SecuritySettings `sessionSettings` are true; each one that is off is named.",
    remediation: "Setup → Session Settings: select every clickjack protection and both CSRF protections the finding names.",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    settings_all_on(
        security_settings(ctx.snapshot)?,
        &SETTINGS,
        "all clickjack and CSRF protections are on",
    )
}

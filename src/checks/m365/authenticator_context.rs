//! M365-MFA-05: Microsoft Authenticator shows app and location context.

use super::methods_policy::{self, COLLECTION};
use crate::checks::{check_meta, need, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

check_meta! {
    id: "M365-MFA-05",
    title: "Microsoft Authenticator shows the app name and sign-in location",
    providers: &[Provider::M365],
    area: Area::Mfa,
    severity: Severity::Medium,
    needs: &[COLLECTION],
    references: &["MS.AAD.3.3v2", "CIS 5.2.3.1", "EIDSCA.AM06", "EIDSCA.AM07", "EIDSCA.AM09", "EIDSCA.AM10"],
    rationale: "Showing which app and where a sign-in comes from lets users spot an MFA-fatigue or phishing prompt they did not start.",
    logic: "Not applicable when the `MicrosoftAuthenticator` configuration is `disabled`. Otherwise passes when both `featureSettings.displayAppInformationRequiredState` and `displayLocationInformationRequiredState` have `state` `enabled`, `includeTarget.id` `all_users` and no excluded group. `default` (Microsoft-managed) does not count: SCuBA and CIS both ask for the explicit setting.",
    remediation: "Entra admin center → Protection → Authentication methods → Microsoft Authenticator → Configure: set \"Show application name\" and \"Show geographic location\" in push and passwordless notifications to Enabled for all users.",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let config = methods_policy::method(ctx, "MicrosoftAuthenticator")?;
    if config.state.as_deref() == Some("disabled") {
        return Ok(Outcome::not_applicable(
            "Microsoft Authenticator is disabled",
            "nothing to do while Microsoft Authenticator is off",
        ));
    }
    let features = need(
        config.settings.get("featureSettings"),
        COLLECTION,
        "MicrosoftAuthenticator.featureSettings",
    )?;
    let mut gaps = Vec::new();
    for name in [
        "displayAppInformationRequiredState",
        "displayLocationInformationRequiredState",
    ] {
        let feature = need(
            features.get(name),
            COLLECTION,
            &format!("featureSettings.{name}"),
        )?;
        let (state, why) = methods_policy::feature_gaps(feature, &["enabled"]);
        if !why.is_empty() {
            gaps.push((name, why.join("; "), state));
        }
    }
    let mut outcome = Outcome::verdict(
        !gaps.is_empty(),
        "Authenticator shows app name and location to all users",
        "Authenticator does not show app name and location to all users",
    );
    for (name, why, state) in gaps {
        outcome = outcome.affected(name, name, why).evidence(
            COLLECTION,
            format!("MicrosoftAuthenticator.featureSettings.{name}.state"),
            state,
        );
    }
    Ok(outcome)
}

//! M365-MFA-10: Microsoft Authenticator is on, with number matching for
//! everyone and no one-time codes.

use super::methods_policy::{self, COLLECTION};
use crate::checks::{check_meta, Context, Missing, Outcome, ParamDefault, ParamSpec};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

check_meta! {
    id: "M365-MFA-10",
    title: "Microsoft Authenticator is on, with number matching for everyone and no one-time codes",
    providers: &[Provider::M365],
    area: Area::Mfa,
    severity: Severity::Medium,
    needs: &[COLLECTION],
    references: &["EIDSCA.AM01", "EIDSCA.AM02", "EIDSCA.AM03", "EIDSCA.AM04"],
    rationale: "Number matching defeats push-fatigue approvals; one-time codes from the app can be phished like any code.",
    logic: "Reads the `MicrosoftAuthenticator` configuration of the authentication methods policy. Passes when its `state` is `enabled`, `isSoftwareOathEnabled` is false, and `featureSettings.numberMatchingRequiredState` has a state in `number_matching_states`, includes `all_users` and excludes no group. Microsoft's number-matching article states that number matching is on for every Authenticator push since May 2023, so `default` (Microsoft-managed) and an absent `numberMatchingRequiredState` count as on by default (Graph's generic description of `default` says disabled; the article is the specific one); set `number_matching_states` to `[\"enabled\"]` to require the explicit setting, as EIDSCA AM03 does. A missing `isSoftwareOathEnabled` is an error.",
    remediation: "Entra admin center → Protection → Authentication methods → Microsoft Authenticator: Enable for all users; Configure → Require number matching Enabled for all users; \"Allow use of Microsoft Authenticator OTP\" No.",
    params: &[ParamSpec {
        name: "number_matching_states",
        doc: "states of numberMatchingRequiredState that count as on",
        default: ParamDefault::List(&["enabled", "default"]),
    }],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let config = methods_policy::method(ctx, "MicrosoftAuthenticator")?;
    let mut gaps = methods_policy::unless_enabled(config);
    if methods_policy::flag(config, "/isSoftwareOathEnabled")? {
        gaps.push((
            "isSoftwareOathEnabled",
            "one-time codes from the app are allowed".to_string(),
        ));
    }
    let accepted: Vec<&str> = ctx
        .params
        .list("number_matching_states")
        .iter()
        .map(String::as_str)
        .collect();
    // Absent: Microsoft's managed default, which enforces number matching.
    let managed = serde_json::json!({"state": "default", "includeTarget": {"id": "all_users"}});
    let feature = config
        .settings
        .get("featureSettings")
        .and_then(|f| f.get("numberMatchingRequiredState"))
        .unwrap_or(&managed);
    let (_, why) = methods_policy::feature_gaps(feature, &accepted);
    if !why.is_empty() {
        gaps.push(("numberMatchingRequiredState", why.join("; ")));
    }
    Ok(methods_policy::verdict(
        config,
        gaps,
        "Authenticator is on with number matching for all users and no OTP",
        "Authenticator is off or weaker than the baseline",
    ))
}

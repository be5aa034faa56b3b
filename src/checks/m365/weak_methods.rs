//! M365-MFA-04: weak authentication methods are off.

use super::methods_policy::{self, COLLECTION};
use crate::checks::{check_meta, Context, Missing, Outcome};
use tenantaudit_connector::snapshot::m365::AuthenticationMethodConfiguration;
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

check_meta! {
    id: "M365-MFA-04",
    title: "SMS, voice and email authentication are disabled",
    providers: &[Provider::M365],
    area: Area::Mfa,
    severity: Severity::High,
    needs: &[COLLECTION],
    references: &["MS.AAD.3.5v2", "CIS 5.2.3.5", "CIS 5.2.3.7", "EIDSCA.AV01", "EIDSCA.AS04"],
    rationale: "SMS and voice codes are intercepted through SIM swaps and phishing; email OTP is only as strong as the mailbox.",
    logic: "Passes when the `Sms`, `Voice` and `Email` configurations of the authentication methods policy all have `state` `disabled`. A configuration missing from the policy is an error (fail closed). CIS splits the rule in two (5.2.3.5 SMS and voice, 5.2.3.7 email OTP); this check covers both. SCuBA's rule is stricter than EIDSCA's, which asks only that Voice be off (AV01) and that SMS not be usable as a first-factor sign-in (AS04): an SMS configuration whose `includeTargets` allow `isUsableForSignIn` is named as such.",
    remediation: "Entra admin center → Protection → Authentication methods → Policies: disable SMS, Voice call and Email OTP (after moving users to Microsoft Authenticator or FIDO2).",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let mut enabled = Vec::new();
    for id in ["Sms", "Voice", "Email"] {
        let config = methods_policy::method(ctx, id)?;
        if config.state.as_deref() != Some("disabled") {
            let mut state = config
                .state
                .clone()
                .unwrap_or_else(|| "not reported".into());
            if signs_in(config) {
                state.push_str(", usable for first-factor sign-in");
            }
            enabled.push((id, state));
        }
    }
    let mut outcome = Outcome::verdict(
        !enabled.is_empty(),
        "SMS, voice and email are disabled",
        format!(
            "weak methods are on: {}",
            enabled
                .iter()
                .map(|(id, _)| *id)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    );
    for (id, state) in enabled {
        outcome = outcome
            .affected(id, id, format!("state is {state}"))
            .evidence(
                COLLECTION,
                format!("authenticationMethodConfigurations[?(@.id=='{id}')].state"),
                state,
            );
    }
    Ok(outcome)
}

/// Whether any target of the method may use it to sign in without a
/// password (`isUsableForSignIn`, SMS only).
fn signs_in(config: &AuthenticationMethodConfiguration) -> bool {
    config
        .settings
        .get("includeTargets")
        .and_then(|t| t.as_array())
        .is_some_and(|targets| {
            targets
                .iter()
                .any(|t| t.get("isUsableForSignIn") == Some(&serde_json::Value::Bool(true)))
        })
}

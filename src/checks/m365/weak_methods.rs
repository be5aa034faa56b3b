//! M365-MFA-04: weak authentication methods are off.

use super::methods_policy::{self, COLLECTION};
use crate::checks::{check_meta, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

check_meta! {
    id: "M365-MFA-04",
    title: "SMS, voice and email authentication are disabled",
    providers: &[Provider::M365],
    area: Area::Mfa,
    severity: Severity::High,
    needs: &[COLLECTION],
    references: &["MS.AAD.3.5v2", "CIS 5.2.3.5", "CIS 5.2.3.7"],
    rationale: "SMS and voice codes are intercepted through SIM swaps and phishing; email OTP is only as strong as the mailbox.",
    logic: "Passes when the `Sms`, `Voice` and `Email` configurations of the authentication methods policy all have `state` `disabled`. A configuration missing from the policy is an error (fail closed). CIS splits the rule in two (5.2.3.5 SMS and voice, 5.2.3.7 email OTP); this check covers both.",
    remediation: "Entra admin center → Protection → Authentication methods → Policies: disable SMS, Voice call and Email OTP (after moving users to Microsoft Authenticator or FIDO2).",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let mut enabled = Vec::new();
    for id in ["Sms", "Voice", "Email"] {
        let config = methods_policy::method(ctx, id)?;
        if config.state.as_deref() != Some("disabled") {
            enabled.push((
                id,
                config
                    .state
                    .clone()
                    .unwrap_or_else(|| "not reported".into()),
            ));
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

//! M365-MFA-14: system-preferred MFA is on for all users.

use super::methods_policy::{self, BETA};
use crate::checks::{check_meta, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

check_meta! {
    id: "M365-MFA-14",
    title: "System-preferred MFA asks every user for their strongest registered method",
    providers: &[Provider::M365],
    area: Area::Mfa,
    severity: Severity::Low,
    needs: &[BETA],
    references: &[],
    rationale: "Without it, a user with a passkey can still be offered an SMS code first, and an attacker can steer the sign-in to the weakest method.",
    logic: "Reads `systemCredentialPreferences` of the authentication methods policy from Graph **beta**, the only version that documents it. Passes when its `state` is `enabled`, `includeTargets` holds `all_users` and `excludeTargets` is empty. When Graph does not return the setting, or its state is `default`, Microsoft's default applies, which Graph documents as disabled: the check fails. The issue that added this check lists it with the EIDSCA settings; Maester's EIDSCA set has no control id for it, so the check carries no reference.",
    remediation: "Entra admin center → Protection → Authentication methods → Settings: System-preferred multifactor authentication, State Enabled, Include All users.",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let policy = methods_policy::beta_policy(ctx)?;
    let setting = policy.system_credential_preferences.as_ref();
    let text = |pointer: &str| {
        setting
            .and_then(|s| s.pointer(pointer))
            .and_then(|v| v.as_str())
            .unwrap_or("default")
            .to_string()
    };
    let state = text("/state");
    let targets = |name: &str| {
        setting
            .and_then(|s| s.get(name))
            .and_then(|t| t.as_array())
            .map(|t| {
                t.iter()
                    .filter_map(|t| t.get("id").and_then(|id| id.as_str()))
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    let (included, excluded) = (targets("includeTargets"), targets("excludeTargets"));
    let mut why = Vec::new();
    if state != "enabled" {
        why.push(format!("state is {state}"));
    }
    if !included.iter().any(|id| id == "all_users") {
        why.push("does not include all users".to_string());
    }
    for id in &excluded {
        why.push(format!("excludes {id}"));
    }
    Ok(methods_policy::setting_verdict(
        "systemCredentialPreferences",
        "System-preferred MFA",
        state,
        why,
        "system-preferred MFA is on for all users",
        "system-preferred MFA is not on for all users",
    ))
}

//! Reading the authentication methods policy.

use crate::checks::{need, Context, Missing};
use tenantaudit_connector::snapshot::m365::{
    AuthenticationMethodConfiguration, AuthenticationMethodsPolicy,
};

pub const COLLECTION: &str = "authentication_methods_policy";

pub fn policy<'a>(ctx: &Context<'a>) -> Result<&'a AuthenticationMethodsPolicy, Missing> {
    need(
        super::section(ctx.snapshot)?
            .authentication_methods_policy
            .as_ref(),
        COLLECTION,
        "policy",
    )
}

pub const BETA: &str = "authentication_methods_policy_beta";

/// The policy as Graph beta returns it, for the settings documented there only.
pub fn beta_policy<'a>(ctx: &Context<'a>) -> Result<&'a AuthenticationMethodsPolicy, Missing> {
    need(
        super::section(ctx.snapshot)?
            .authentication_methods_policy_beta
            .as_ref(),
        BETA,
        "policy",
    )
}

/// One method's configuration (ids are `Sms`, `Voice`, `Email`, ...).
pub fn method<'a>(
    ctx: &Context<'a>,
    id: &str,
) -> Result<&'a AuthenticationMethodConfiguration, Missing> {
    need(
        policy(ctx)?
            .authentication_method_configurations
            .iter()
            .find(|c| c.id.eq_ignore_ascii_case(id)),
        COLLECTION,
        &format!("authenticationMethodConfigurations {id}"),
    )
}

/// The target id Graph uses for "no group excluded".
const NO_GROUP: &str = "00000000-0000-0000-0000-000000000000";

/// A feature setting (`state`, `includeTarget`, `excludeTarget`, the shape of
/// Microsoft Authenticator's `featureSettings`): its state, and why it is
/// not on for all users, where `accepted` lists the states that count as on.
pub fn feature_gaps(feature: &serde_json::Value, accepted: &[&str]) -> (String, Vec<String>) {
    let text = |pointer: &str| {
        feature
            .pointer(pointer)
            .and_then(|v| v.as_str())
            .unwrap_or("not reported")
    };
    let (state, target) = (text("/state"), text("/includeTarget/id"));
    let excluded = feature
        .pointer("/excludeTarget/id")
        .and_then(|v| v.as_str())
        .is_some_and(|id| id != NO_GROUP);
    let mut why = Vec::new();
    if !accepted.contains(&state) {
        why.push(format!("state is {state}"));
    }
    if target != "all_users" {
        why.push(format!("targets {target}, not all users"));
    }
    if excluded {
        why.push("excludes a group".to_string());
    }
    (state.to_string(), why)
}

/// A boolean property of a method's configuration (`isUsableOnce`, ...),
/// read by a JSON pointer; absent or not a boolean is missing evidence.
pub fn flag(config: &AuthenticationMethodConfiguration, pointer: &str) -> Result<bool, Missing> {
    let value = serde_json::Value::Object(config.settings.clone());
    need(
        value.pointer(pointer).and_then(|v| v.as_bool()).as_ref(),
        COLLECTION,
        &format!("{}{pointer}", config.id),
    )
    .copied()
}

/// A check's findings on one method: each gap is a setting and why it falls short.
pub fn verdict(
    config: &AuthenticationMethodConfiguration,
    gaps: Vec<(&str, String)>,
    pass: &str,
    fail: &str,
) -> crate::checks::Outcome {
    let mut outcome = crate::checks::Outcome::verdict(!gaps.is_empty(), pass, fail).evidence(
        COLLECTION,
        format!(
            "authenticationMethodConfigurations[?(@.id=='{}')].state",
            config.id
        ),
        config.state.clone(),
    );
    for (setting, why) in gaps {
        outcome = outcome.affected(setting, format!("{} {setting}", config.id), why);
    }
    outcome
}

/// The gaps of a method that should be on: none, or its `state`.
pub fn unless_enabled(config: &AuthenticationMethodConfiguration) -> Vec<(&'static str, String)> {
    let state = config.state.as_deref().unwrap_or("not reported");
    if state == "enabled" {
        Vec::new()
    } else {
        vec![("state", format!("state is {state}"))]
    }
}

/// The verdict on one tenant-wide setting of the beta policy, at `path`:
/// pass when nothing falls short, else fail naming the setting and why.
pub fn setting_verdict(
    path: &str,
    display: &str,
    state: String,
    why: Vec<String>,
    pass: &str,
    fail: &str,
) -> crate::checks::Outcome {
    let outcome = crate::checks::Outcome::verdict(!why.is_empty(), pass, fail).evidence(
        BETA,
        format!("{path}.state"),
        state,
    );
    if why.is_empty() {
        outcome
    } else {
        outcome.affected(path, display, why.join("; "))
    }
}

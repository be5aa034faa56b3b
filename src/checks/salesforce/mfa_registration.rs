//! SF-MFA-03: every active standard user has an MFA method.

use super::section;
use crate::checks::{agree, all, plural};
use crate::checks::{check_meta, need, Context, Missing, Outcome, ParamDefault, ParamSpec};
use std::collections::HashMap;
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

const METHODS: &str = "mfa_methods";
const USERS: &str = "users";

check_meta! {
    id: "SF-MFA-03",
    title: "Every active standard user has an MFA method registered",
    providers: &[Provider::Salesforce],
    area: Area::Mfa,
    severity: Severity::High,
    needs: &[USERS, METHODS],
    references: &["SBS-AUTH"],
    rationale: "Requiring MFA protects nobody who has no method: the first login registers whoever holds the password.",
    logic: "For every active user with `UserType` Standard, `TwoFactorMethodsInfo` must show Salesforce Authenticator, a TOTP app, a security key (U2F or WebAuthn) or a built-in authenticator. SMS and email are not MFA methods for Salesforce. A user with no TwoFactorMethodsInfo row has registered nothing. Users on `exempt` (API-only integration users, for example) are skipped. Each gap is named.",
    remediation: "Ask each named user to register a method (Settings → Advanced User Details → App Registration), or register one with them; API-only integration users belong in `exempt`.",
    params: &[ParamSpec { name: "exempt", doc: "usernames or user ids not required to register (API-only users)", default: ParamDefault::List(&[]) }],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let sf = section(ctx.snapshot)?;
    let users = need(sf.users.as_ref(), USERS, "users")?;
    let rows = need(
        sf.mfa_methods.as_ref(),
        METHODS,
        "TwoFactorMethodsInfo rows",
    )?;
    let methods: HashMap<&str, bool> = rows
        .iter()
        .map(|r| (r.user_id.as_str(), r.has_mfa_method()))
        .collect();
    let exempt = ctx.params.list("exempt");
    let mut in_scope = 0;
    let mut gaps = Vec::new();
    for user in users {
        let standard = user.user_type.as_deref() == Some("Standard");
        if !standard || user.is_active == Some(false) {
            continue;
        }
        if super::holders::allowed(exempt, &user.id, &user.username) {
            continue;
        }
        in_scope += 1;
        let reason = match methods.get(user.id.as_str()) {
            Some(true) => continue,
            Some(false) => "no MFA method registered (TwoFactorMethodsInfo all false)",
            None => "no MFA method registered (no TwoFactorMethodsInfo row)",
        };
        gaps.push((user, reason));
    }
    let mut outcome = Outcome::verdict(
        !gaps.is_empty(),
        format!(
            "{} {} an MFA method",
            all(in_scope, "active standard user", "active standard users"),
            agree(in_scope, "has", "have")
        ),
        format!(
            "{} of {} {} no MFA method",
            gaps.len(),
            plural(in_scope, "active standard user", "active standard users"),
            agree(gaps.len(), "has", "have")
        ),
    )
    .evidence(METHODS, "$[*].UserId", gaps.len());
    for (user, reason) in gaps {
        outcome = outcome.affected(user.id.clone(), user.username.clone(), reason);
    }
    Ok(outcome)
}

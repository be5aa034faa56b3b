//! SF-ID-05: password policy.

use super::{security_settings, SECURITY_SETTINGS};
use crate::checks::{check_meta, need, Context, Missing, Outcome, ParamDefault, ParamSpec};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

check_meta! {
    id: "SF-ID-05",
    title: "The password policy meets the baseline",
    providers: &[Provider::Salesforce],
    area: Area::Identity,
    severity: Severity::Medium,
    needs: &[SECURITY_SETTINGS],
    references: &["HC PasswordPolicies"],
    rationale: "Short, simple, reused or never-locked passwords fall to guessing and stuffing, MFA or not (API logins).",
    logic: "Reads SecuritySettings `passwordPolicies`: `minimumPasswordLength` ≥ `min_length`, `complexity` not `NoRestriction`, `historyRestriction` ≥ `min_history`, `maxLoginAttempts` at most `max_attempts` (`NoLimit` fails), `lockoutInterval` at least `min_lockout_minutes` (`Forever` passes), `expiration` at most `max_expiration_days` (`Never` fails; set it to 0 to accept any, as NIST 800-63B advises against forced rotation). Each shortfall is named; a value this version does not know fails rather than being guessed at. Profile-level password policies are not read.",
    remediation: "Setup → Password Policies: raise the values the finding names.",
    params: &[
        ParamSpec { name: "min_length", doc: "shortest password allowed", default: ParamDefault::Int(8) },
        ParamSpec { name: "min_history", doc: "fewest remembered passwords", default: ParamDefault::Int(3) },
        ParamSpec { name: "max_attempts", doc: "most invalid attempts before lockout", default: ParamDefault::Int(5) },
        ParamSpec { name: "min_lockout_minutes", doc: "shortest lockout", default: ParamDefault::Int(30) },
        ParamSpec { name: "max_expiration_days", doc: "longest password lifetime (0: any, including never)", default: ParamDefault::Int(90) },
    ],
}

fn attempts(value: &str) -> Option<i64> {
    Some(match value {
        "ThreeAttempts" => 3,
        "FiveAttempts" => 5,
        "TenAttempts" => 10,
        "NoLimit" => i64::MAX,
        _ => return None,
    })
}

fn lockout_minutes(value: &str) -> Option<i64> {
    Some(match value {
        "FifteenMinutes" => 15,
        "ThirtyMinutes" => 30,
        "SixtyMinutes" => 60,
        "Forever" => i64::MAX,
        _ => return None,
    })
}

fn expiration_days(value: &str) -> Option<i64> {
    Some(match value {
        "ThirtyDays" => 30,
        "SixtyDays" => 60,
        "NinetyDays" => 90,
        "SixMonths" => 180,
        "OneYear" => 365,
        "Never" => i64::MAX,
        _ => return None,
    })
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let settings = security_settings(ctx.snapshot)?;
    let text = |field: &str| -> Result<String, Missing> {
        let path = format!("passwordPolicies.{field}");
        let value = need(settings.setting(&path), SECURITY_SETTINGS, &path)?;
        // Metadata numbers arrive as strings ("12") or numbers.
        Ok(match value {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        })
    };
    let number = |field: &str| -> Result<i64, Missing> {
        let value = text(field)?;
        value.parse().map_err(|_| Missing {
            collection: SECURITY_SETTINGS,
            what: format!("passwordPolicies.{field} is not a number: {value:?}"),
        })
    };
    let p = ctx.params;
    let mut gaps = Vec::new();
    let length = number("minimumPasswordLength")?;
    if length < p.int("min_length") {
        gaps.push(format!("minimum length {length} < {}", p.int("min_length")));
    }
    let complexity = text("complexity")?;
    if complexity == "NoRestriction" {
        gaps.push("no complexity requirement".to_string());
    }
    let history = number("historyRestriction")?;
    if history < p.int("min_history") {
        gaps.push(format!("history {history} < {}", p.int("min_history")));
    }
    let max_attempts = text("maxLoginAttempts")?;
    match attempts(&max_attempts) {
        Some(n) if n <= p.int("max_attempts") => {}
        _ => gaps.push(format!("maxLoginAttempts {max_attempts}")),
    }
    let lockout = text("lockoutInterval")?;
    match lockout_minutes(&lockout) {
        Some(m) if m >= p.int("min_lockout_minutes") => {}
        _ => gaps.push(format!("lockoutInterval {lockout}")),
    }
    let expiration = text("expiration")?;
    let max_days = p.int("max_expiration_days");
    match expiration_days(&expiration) {
        _ if max_days == 0 => {}
        Some(d) if d <= max_days => {}
        _ => gaps.push(format!("expiration {expiration}")),
    }
    let summary = format!(
        "length {length}, {complexity}, history {history}, {max_attempts}, lockout {lockout}, expiration {expiration}"
    );
    let mut outcome = Outcome::verdict(
        !gaps.is_empty(),
        format!("password policy meets the baseline ({summary})"),
        format!("password policy falls short: {}", gaps.join("; ")),
    )
    .evidence(SECURITY_SETTINGS, "Metadata.passwordPolicies", summary);
    for gap in gaps {
        outcome = outcome.affected("passwordPolicies", "Password Policies", gap);
    }
    Ok(outcome)
}

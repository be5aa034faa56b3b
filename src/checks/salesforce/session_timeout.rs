//! SF-ACC-01: session timeout.

use super::{security_settings, SECURITY_SETTINGS};
use crate::checks::{check_meta, need, Context, Missing, Outcome, ParamDefault, ParamSpec};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

const SETTING: &str = "sessionSettings.sessionTimeout";

check_meta! {
    id: "SF-ACC-01",
    title: "Sessions time out within two hours",
    providers: &[Provider::Salesforce],
    area: Area::Access,
    severity: Severity::Medium,
    needs: &[SECURITY_SETTINGS],
    references: &["HC SessionSettings.timeout"],
    rationale: "A long idle session on a shared or stolen device is an open door.",
    logic: "Reads `sessionSettings.sessionTimeout` (metadata values FifteenMinutes … TwentyFourHours) and passes when it is at most `max_minutes`. A value this version does not know fails, naming the value, rather than being guessed at.",
    remediation: "Setup → Session Settings: set \"Timeout value\" to 2 hours or less.",
    params: &[ParamSpec { name: "max_minutes", doc: "longest idle timeout allowed", default: ParamDefault::Int(120) }],
}

fn minutes(value: &str) -> Option<i64> {
    Some(match value {
        "FifteenMinutes" => 15,
        "ThirtyMinutes" => 30,
        "SixtyMinutes" => 60,
        "TwoHours" => 120,
        "FourHours" => 240,
        "EightHours" => 480,
        "TwelveHours" => 720,
        "TwentyFourHours" => 1440,
        _ => return None,
    })
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let settings = security_settings(ctx.snapshot)?;
    let value = need(
        settings.setting(SETTING).and_then(|v| v.as_str()),
        SECURITY_SETTINGS,
        SETTING,
    )?;
    let max = ctx.params.int("max_minutes");
    let outcome = match minutes(value) {
        Some(m) => Outcome::verdict(
            m > max,
            format!("session timeout is {value} ({m} min, allowed {max})"),
            format!("session timeout is {value} ({m} min), longer than {max} min"),
        ),
        None => Outcome::fail(format!(
            "session timeout {value:?} is not a value this version knows; treated as too long"
        )),
    };
    Ok(outcome.evidence(SECURITY_SETTINGS, format!("Metadata.{SETTING}"), value))
}

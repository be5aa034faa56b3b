//! M365-ID-15: smart lockout locks out early and for long enough.

use super::directory_settings::{self, PASSWORD_RULES};
use crate::checks::{check_meta, Context, Missing, Outcome, ParamDefault, ParamSpec};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

check_meta! {
    id: "M365-ID-15",
    title: "Smart lockout locks an account after few failures, for at least a minute",
    providers: &[Provider::M365],
    area: Area::Identity,
    severity: Severity::Low,
    needs: &[directory_settings::COLLECTION],
    references: &["EIDSCA.PR05", "EIDSCA.PR06"],
    rationale: "A high lockout threshold or a short lockout gives password guessing more tries per hour.",
    logic: "Reads the Password Rule Settings directory setting (template 5cf42378-d67d-4f36-ba46-e8b86229381d). Passes when `LockoutThreshold` is at most `max_threshold` (10) and `LockoutDurationInSeconds` at least `min_duration_seconds` (60). Unset values take Microsoft's defaults, threshold 10 and 60 seconds, which pass. A value that is not a whole number fails closed. SCuBA and CIS have no rule on these; the defaults follow EIDSCA.",
    remediation: "Entra admin center → Protection → Authentication methods → Password protection: Lockout threshold 10 or lower, Lockout duration in seconds 60 or more.",
    params: &[
        ParamSpec { name: "max_threshold", doc: "most failed sign-ins before lockout", default: ParamDefault::Int(10) },
        ParamSpec { name: "min_duration_seconds", doc: "shortest first lockout, in seconds", default: ParamDefault::Int(60) },
    ],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let threshold = directory_settings::setting(ctx, PASSWORD_RULES, "LockoutThreshold", "10")?;
    let duration =
        directory_settings::setting(ctx, PASSWORD_RULES, "LockoutDurationInSeconds", "60")?;
    let (max, min) = (
        ctx.params.int("max_threshold"),
        ctx.params.int("min_duration_seconds"),
    );
    let number = |s: &directory_settings::Setting| s.value.trim().parse::<i64>().ok();
    let mut gaps = Vec::new();
    if number(&threshold).is_none_or(|n| n > max) {
        gaps.push((
            &threshold,
            format!("{}, allowed at most {max}", threshold.shown()),
        ));
    }
    if number(&duration).is_none_or(|n| n < min) {
        gaps.push((
            &duration,
            format!("{} seconds, required at least {min}", duration.shown()),
        ));
    }
    let mut outcome = Outcome::verdict(
        !gaps.is_empty(),
        format!(
            "smart lockout after {} failures for {} seconds",
            threshold.shown(),
            duration.shown()
        ),
        "smart lockout is weaker than the baseline",
    );
    for setting in [&threshold, &duration] {
        outcome = outcome.evidence(
            directory_settings::COLLECTION,
            setting.path(PASSWORD_RULES),
            setting.shown(),
        );
    }
    for (setting, why) in gaps {
        outcome = outcome.affected(setting.name, setting.name, why);
    }
    Ok(outcome)
}

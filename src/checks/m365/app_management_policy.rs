//! M365-APP-07: the default app management policy restricts password credentials.

use crate::checks::{check_meta, need, Context, Missing, Outcome, ParamDefault, ParamSpec};
use tenantaudit_connector::snapshot::m365::CredentialRestriction;
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

const COLLECTION: &str = "default_app_management_policy";

check_meta! {
    id: "M365-APP-07",
    title: "The app management policy blocks or limits app secrets",
    providers: &[Provider::M365],
    area: Area::Apps,
    severity: Severity::Medium,
    needs: &[COLLECTION],
    references: &["MS.AAD.5.5v1"],
    rationale: "Client secrets are the credential most often leaked from code and pipelines; the tenant policy stops new ones or caps their life.",
    logic: "Passes when `defaultAppManagementPolicy.isEnabled` is true and its `applicationRestrictions.passwordCredentials` has an enforced restriction (`state` `enabled`, or no state as older policies send) of type `passwordAddition`, or of type `passwordLifetime` with `maxLifetime` at most `max_days`. A lifetime that is not a plain ISO 8601 duration in years, months or days does not count.",
    remediation: "Entra admin center → Enterprise applications → App management policies (or `PATCH /policies/defaultAppManagementPolicy`): enable the policy and block password addition, or limit password lifetime to 12 months.",
    params: &[ParamSpec { name: "max_days", doc: "longest password lifetime the policy may allow, in days", default: ParamDefault::Int(365) }],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let policy = need(
        super::section(ctx.snapshot)?
            .default_app_management_policy
            .as_ref(),
        COLLECTION,
        "policy",
    )?;
    let enabled = *need(policy.is_enabled.as_ref(), COLLECTION, "isEnabled")?;
    let max_days = ctx.params.int("max_days");
    let restrictions = policy
        .application_restrictions
        .as_ref()
        .map(|r| r.password_credentials.as_slice())
        .unwrap_or_default();
    let limiting = restrictions.iter().find(|r| limits(r, max_days));
    let outcome = match (enabled, limiting) {
        (false, _) => Outcome::fail("the default app management policy is not enabled"),
        (true, None) => Outcome::fail(format!(
            "the policy neither blocks app secrets nor limits them to {max_days} days"
        )),
        (true, Some(r)) => Outcome::pass(format!(
            "the policy enforces {}",
            r.restriction_type.as_deref().unwrap_or_default()
        )),
    };
    Ok(outcome.evidence(COLLECTION, "isEnabled", enabled).evidence(
        COLLECTION,
        "applicationRestrictions.passwordCredentials",
        serde_json::to_value(restrictions).unwrap_or_default(),
    ))
}

fn limits(r: &CredentialRestriction, max_days: i64) -> bool {
    let enforced = r.state.as_deref().is_none_or(|s| s == "enabled");
    enforced
        && match r.restriction_type.as_deref() {
            Some("passwordAddition") => true,
            Some("passwordLifetime") => r
                .max_lifetime
                .as_deref()
                .and_then(duration_days)
                .is_some_and(|d| d <= max_days),
            _ => false,
        }
}

/// Days in an ISO 8601 date duration such as `P365D`, `P1Y` or `P6M`, counting
/// a year as 365 days and a month as 31 (rounding up, so limits are not
/// under-read). Time parts and anything else are `None`.
fn duration_days(text: &str) -> Option<i64> {
    let mut rest = text.strip_prefix('P')?;
    let mut days = 0;
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !c.is_ascii_digit())?;
        let n: i64 = rest[..digits].parse().ok()?;
        let unit = rest[digits..].chars().next()?;
        days += n * match unit {
            'Y' => 365,
            'M' => 31,
            'W' => 7,
            'D' => 1,
            _ => return None,
        };
        rest = &rest[digits + 1..];
    }
    Some(days)
}

#[cfg(test)]
mod tests {
    use super::duration_days;

    #[test]
    fn iso_durations() {
        assert_eq!(duration_days("P365D"), Some(365));
        assert_eq!(duration_days("P1Y"), Some(365));
        assert_eq!(duration_days("P2Y6M"), Some(916));
        assert_eq!(duration_days("PT12H"), None);
        assert_eq!(duration_days("365"), None);
    }
}

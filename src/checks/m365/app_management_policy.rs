//! M365-APP-07: the default app management policy restricts password credentials.

use crate::checks::{check_meta, need, Context, Missing, Outcome, ParamDefault, ParamSpec};
use chrono::{DateTime, Utc};
use tenantaudit_connector::snapshot::m365::{AppManagementConfiguration, CredentialRestriction};
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
    logic: "Passes when `defaultAppManagementPolicy.isEnabled` is true and both sides of the policy restrict password credentials: `applicationRestrictions.passwordCredentials` (secrets added to app registrations) and `servicePrincipalRestrictions.passwordCredentials` (secrets added to service principals, which an attacker with a foothold adds as readily). A side counts when it has an enforced restriction (`state` `enabled`, or no state as older policies send) of type `passwordAddition`, or of type `passwordLifetime` with `maxLifetime` at most `max_days`; a lifetime that is not a plain ISO 8601 duration in years, months or days does not count. `restrictForAppsCreatedAfterDateTime` is judged against the snapshot's collection time (Microsoft Graph: the date from which the restriction applies to newly created applications): a date still in the future means the restriction is not in force yet and does not count; a date in the past counts, and the message says that apps created before it are not restricted. Whatever is not covered is named.",
    remediation: "Entra admin center → Enterprise applications → App management policies (or `PATCH /policies/defaultAppManagementPolicy`): enable the policy and, for both applications and service principals, block password addition or limit password lifetime to 12 months, with no future start date.",
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
    let sides = [
        (
            "applications",
            "applicationRestrictions",
            &policy.application_restrictions,
        ),
        (
            "service principals",
            "servicePrincipalRestrictions",
            &policy.service_principal_restrictions,
        ),
    ];
    let mut covered = Vec::new();
    let mut gaps = Vec::new();
    let mut outcome = Outcome::pass("").evidence(COLLECTION, "isEnabled", enabled);
    for (side, field, config) in sides {
        let restrictions = restrictions(config);
        outcome = outcome.evidence(
            COLLECTION,
            format!("{field}.passwordCredentials"),
            serde_json::to_value(restrictions).unwrap_or_default(),
        );
        match cover(restrictions, max_days, ctx.now) {
            Ok(how) => covered.push(format!("{how} for {side}")),
            Err(why) => gaps.push(format!("{side}: {why}")),
        }
    }
    if !enabled {
        gaps.insert(0, "the default app management policy is not enabled".into());
    }
    outcome.message = if gaps.is_empty() {
        format!("the policy enforces {}", covered.join("; "))
    } else {
        outcome.status = tenantaudit_report::Status::Fail;
        let enforced = if covered.is_empty() {
            String::new()
        } else {
            format!(" (enforced: {})", covered.join("; "))
        };
        format!("not covered: {}{enforced}", gaps.join("; "))
    };
    Ok(outcome)
}

fn restrictions(config: &Option<AppManagementConfiguration>) -> &[CredentialRestriction] {
    config
        .as_ref()
        .map(|r| r.password_credentials.as_slice())
        .unwrap_or_default()
}

/// How a side's restrictions cover its secrets (naming who is left out when
/// the restriction starts at a past date), or why they do not.
fn cover(
    restrictions: &[CredentialRestriction],
    max_days: i64,
    now: DateTime<Utc>,
) -> Result<String, String> {
    let limiting: Vec<_> = restrictions
        .iter()
        .filter(|r| limits(r, max_days))
        .collect();
    let in_force = limiting
        .iter()
        .filter(|r| {
            r.restrict_for_apps_created_after_date_time
                .is_none_or(|d| d <= now)
        })
        .min_by_key(|r| r.restrict_for_apps_created_after_date_time);
    if let Some(r) = in_force {
        let kind = r.restriction_type.as_deref().unwrap_or_default();
        return Ok(match r.restrict_for_apps_created_after_date_time {
            Some(since) => format!(
                "{kind} only for apps created after {}; apps created before it are unrestricted",
                since.format("%Y-%m-%d")
            ),
            None => kind.to_string(),
        });
    }
    match limiting
        .iter()
        .filter_map(|r| r.restrict_for_apps_created_after_date_time)
        .min()
    {
        Some(start) => Err(format!(
            "the restriction applies only to apps created after {}, which is still in the future, so it is not in force yet",
            start.format("%Y-%m-%d")
        )),
        None => Err(format!(
            "nothing blocks app secrets or limits them to {max_days} days"
        )),
    }
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

//! SF-APP-02: refresh tokens expire.

use super::section;
use crate::checks::{agree, all, plural};
use crate::checks::{check_meta, need, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

const APPS: &str = "connected_apps";

check_meta! {
    id: "SF-APP-02",
    title: "Connected apps' refresh tokens expire",
    providers: &[Provider::Salesforce],
    area: Area::Apps,
    severity: Severity::Medium,
    needs: &[APPS],
    references: &["SBS-OAUTH-002"],
    rationale: "A refresh token valid until revoked is a permanent credential: stolen once, usable forever.",
    logic: "An app whose `ConnectedApplication.RefreshTokenValidityPeriod` is null has the default policy \"Refresh token is valid until revoked\" and fails; a period means the token expires (after that period, or when unused for it, per `OptionsRefreshTokenValidityMetric`). The object reference does not spell out that null means \"valid until revoked\"; this follows the Setup page, where only that policy has no period.",
    remediation: "Setup → Connected Apps OAuth Usage → Manage → Edit Policies: set Refresh Token Policy to \"Expire refresh token if not used for\" or \"Expire refresh token after\" a period.",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let apps = need(section(ctx.snapshot)?.connected_apps.as_ref(), APPS, "apps")?;
    let forever: Vec<_> = apps
        .iter()
        .filter(|a| a.refresh_token_validity_period.is_none())
        .collect();
    let mut outcome = Outcome::verdict(
        !forever.is_empty(),
        format!(
            "refresh tokens of {} expire",
            all(apps.len(), "connected app", "connected apps")
        ),
        format!(
            "{} of {} {} refresh tokens valid until revoked",
            forever.len(),
            plural(apps.len(), "connected app", "connected apps"),
            agree(forever.len(), "issues", "issue")
        ),
    )
    .evidence(APPS, "$[*].RefreshTokenValidityPeriod", forever.len());
    for app in forever {
        outcome = outcome.affected(
            app.id.clone(),
            app.name.clone(),
            "refresh token valid until revoked",
        );
    }
    Ok(outcome)
}

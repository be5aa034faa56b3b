//! COM-APP-01: OAuth grants or tokens held by disabled accounts.

use crate::checks::{check_meta, need, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

const USERS: &str = "users";

check_meta! {
    id: "COM-APP-01",
    title: "Disabled accounts hold no OAuth grants or tokens",
    providers: &[Provider::M365, Provider::Salesforce],
    area: Area::Apps,
    severity: Severity::High,
    needs: &[USERS, "m365:oauth2_permission_grants", "salesforce:oauth_tokens"],
    references: &["offboarding", "SBS-OAUTH"],
    rationale: "A consent or refresh token outlives the account that granted it: the app keeps its access after the person has left.",
    logic: "Every OAuth grant of the common model that acts for a principal (Microsoft 365: user consents in `oauth2PermissionGrants`; Salesforce: OAuth tokens) must not belong to a disabled account. Tenant-wide grants act for nobody in particular and are covered by M365-APP-05.",
    remediation: "Revoke each named grant (Entra: remove the user's consent from the enterprise app; Salesforce: revoke the OAuth token) as part of offboarding.",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let principals = need(ctx.snapshot.common.principals.as_ref(), USERS, "principals")?;
    let grants = need(
        ctx.snapshot.common.oauth_grants.as_ref(),
        super::grant_source(ctx.snapshot),
        "OAuth grants",
    )?;
    let disabled = super::disabled_logins(principals);
    let held: Vec<_> = grants
        .iter()
        .filter_map(|g| {
            let principal = g.principal_id.as_deref()?;
            disabled.get(principal).map(|login| (g, principal, *login))
        })
        .collect();
    let mut outcome = Outcome::verdict(
        !held.is_empty(),
        "no disabled account holds an OAuth grant",
        format!("{} OAuth grants are held by disabled accounts", held.len()),
    )
    .evidence(USERS, "common.oauth_grants", held.len());
    for (g, principal, login) in held {
        let app = g.app_name.clone().unwrap_or_else(|| g.app_id.clone());
        outcome = outcome.affected(
            principal,
            login,
            format!("disabled; grant to {app} ({})", g.scopes.join(" ")),
        );
    }
    Ok(outcome)
}

//! M365-APP-05: tenant-wide delegated consents to high-risk scopes.

use super::app_risk::{self, HIGH_RISK, SERVICE_PRINCIPALS};
use crate::checks::{agree, plural};
use crate::checks::{check_meta, need, Context, Missing, Outcome, ParamDefault, ParamSpec};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

const GRANTS: &str = "oauth2_permission_grants";

check_meta! {
    id: "M365-APP-05",
    title: "No tenant-wide consent to high-risk delegated permissions",
    providers: &[Provider::M365],
    area: Area::Apps,
    severity: Severity::High,
    needs: &[GRANTS, SERVICE_PRINCIPALS],
    references: &[],
    rationale: "A tenant-wide consent lets the app act as any user who signs in to it, up to the consented scope.",
    logic: "Every `oauth2PermissionGrant` with `consentType` `AllPrincipals` must hold no scope in `high_risk`, unless the client app's `appId` is in `allowed_apps`. The client is named from the service principals. Scopes are compared by name whatever the resource API.",
    remediation: "Review each named grant: revoke it (Enterprise applications → the app → Permissions), or add the app's appId to `allowed_apps` with a documented reason.",
    params: &[
        ParamSpec { name: "high_risk", doc: "delegated scopes that count as high-risk", default: ParamDefault::List(HIGH_RISK) },
        ParamSpec { name: "allowed_apps", doc: "appIds approved to hold them tenant-wide", default: ParamDefault::List(&[]) },
    ],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let grants = need(
        super::section(ctx.snapshot)?
            .oauth2_permission_grants
            .as_ref(),
        GRANTS,
        "grants",
    )?;
    let by_id = app_risk::by_id(app_risk::service_principals(ctx)?);
    let high_risk = ctx.params.list("high_risk");
    let allowed = ctx.params.list("allowed_apps");
    let mut risky = Vec::new();
    for g in grants
        .iter()
        .filter(|g| g.consent_type.as_deref() == Some("AllPrincipals"))
    {
        let client = by_id.get(g.client_id.as_str());
        let app_id = client
            .and_then(|c| c.app_id.clone())
            .unwrap_or_else(|| g.client_id.clone());
        if allowed.contains(&app_id) {
            continue;
        }
        let scopes: Vec<String> = g
            .scopes()
            .into_iter()
            .filter(|s| high_risk.contains(s))
            .collect();
        if !scopes.is_empty() {
            let name = client
                .map(|c| app_risk::name(c))
                .unwrap_or_else(|| g.client_id.clone());
            risky.push((
                app_id,
                name,
                format!("tenant-wide consent to {}", scopes.join(", ")),
            ));
        }
    }
    let mut outcome = Outcome::verdict(
        !risky.is_empty(),
        "no tenant-wide consent to a high-risk scope",
        format!(
            "{} {} tenant-wide consent to high-risk scopes",
            plural(risky.len(), "app", "apps"),
            agree(risky.len(), "holds", "hold")
        ),
    )
    .evidence(
        GRANTS,
        "$[?(@.consentType=='AllPrincipals')].scope",
        risky.len(),
    );
    for (id, name, reason) in risky {
        outcome = outcome.affected(id, name, reason);
    }
    Ok(outcome)
}

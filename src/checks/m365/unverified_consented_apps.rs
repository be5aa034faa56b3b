//! M365-APP-09: unverified multi-tenant apps with user consents.

use super::app_risk::{self, SERVICE_PRINCIPALS};
use crate::checks::plural;
use crate::checks::{check_meta, need, Context, Missing, Outcome};
use std::collections::BTreeMap;
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

const GRANTS: &str = "oauth2_permission_grants";

check_meta! {
    id: "M365-APP-09",
    title: "No unverified third-party app holds user consents",
    providers: &[Provider::M365],
    area: Area::Apps,
    severity: Severity::Medium,
    needs: &[GRANTS, SERVICE_PRINCIPALS],
    references: &[],
    rationale: "Consent-phishing apps are multi-tenant apps from unverified publishers; users who consented gave them their data.",
    logic: "For every `oauth2PermissionGrant` a user gave for themselves (`consentType` `Principal`), the client service principal must not be both third-party (registered by another organisation than this tenant or Microsoft) and without a `verifiedPublisher.verifiedPublisherId`. A grant whose client is not among the service principals is reported (fail closed).",
    remediation: "Review each named app: revoke the users' consents and disable the app if it is not known, or ask the vendor to complete publisher verification.",
    params: &[],
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
    let tenant = &ctx.snapshot.tenant.tenant_id;
    let mut apps: BTreeMap<String, (String, usize)> = BTreeMap::new();
    for g in grants
        .iter()
        .filter(|g| g.consent_type.as_deref() == Some("Principal"))
    {
        let (id, name) = match by_id.get(g.client_id.as_str()) {
            Some(sp) => {
                let unverified = sp
                    .verified_publisher
                    .as_ref()
                    .and_then(|v| v.verified_publisher_id.as_deref())
                    .is_none_or(str::is_empty);
                if !(unverified && app_risk::third_party(sp, tenant)) {
                    continue;
                }
                (
                    sp.app_id.clone().unwrap_or_else(|| sp.id.clone()),
                    app_risk::name(sp),
                )
            }
            None => (
                g.client_id.clone(),
                format!("unknown client {}", g.client_id),
            ),
        };
        apps.entry(id).or_insert((name, 0)).1 += 1;
    }
    let mut outcome = Outcome::verdict(
        !apps.is_empty(),
        "no unverified third-party app holds user consents",
        format!(
            "{} user consents",
            plural(
                apps.len(),
                "unverified third-party app holds",
                "unverified third-party apps hold"
            )
        ),
    )
    .evidence(GRANTS, "$[?(@.consentType=='Principal')]", apps.len());
    for (id, (name, count)) in apps {
        outcome = outcome.affected(
            id,
            name,
            format!(
                "unverified publisher; {}",
                plural(count, "user consent", "user consents")
            ),
        );
    }
    Ok(outcome)
}

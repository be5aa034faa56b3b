//! SF-DATA-02: Shield Platform Encryption keys (tenant secrets) are rotated.

use super::section;
use crate::checks::plural;
use crate::checks::{check_meta, need, Context, Missing, Outcome, ParamDefault, ParamSpec};
use std::collections::BTreeMap;
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

const SECRETS: &str = "tenant_secrets";

check_meta! {
    id: "SF-DATA-02",
    title: "Platform Encryption keys are rotated",
    providers: &[Provider::Salesforce],
    area: Area::Data,
    severity: Severity::Medium,
    needs: &[SECRETS],
    references: &["seed: customer-managed keys rotated every 12 months"],
    rationale: "Encryption key management stays with the customer in every service model; a key never rotated protects years of data with one secret.",
    logic: "Reads `TenantSecret` (Id, Type, Version, Status, Source, CreatedDate; never the secret value), which needs Manage Encryption Keys, not read-only but the only permission that reads it. Whether the org has Shield Platform Encryption is decided before the query: the PermissionSet describe lists `PermissionsManageEncryptionKeys` only with the feature, and without it the check is `not_applicable`, naming the licence. With it, a refused query (Salesforce answers `INVALID_TYPE` for an object the caller may not see) is an error naming Manage Encryption Keys, never \"no encryption\"; an org with it but no tenant secret has not turned encryption on: `not_applicable`. Otherwise, for each `Type` (Data, SearchIndex, …), the newest `ACTIVE` secret must be younger than `max_days` (365, the 12-month rotation); older ones fail, named with their source (`HSM` Salesforce-generated, `UPLOADED` BYOK, `REMOTE` cache-only). An active secret without `CreatedDate` is an error.",
    remediation: "Setup → Platform Encryption → Key Management: rotate (generate or upload) the tenant secret of each key type, at least every 12 months.",
    params: &[ParamSpec { name: "max_days", doc: "oldest an active tenant secret may be, in days", default: ParamDefault::Int(365) }],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let secrets = need(
        section(ctx.snapshot)?.tenant_secrets.as_ref(),
        SECRETS,
        "tenant secrets",
    )?;
    if secrets.is_empty() {
        return Ok(Outcome::not_applicable(
            "the org has no tenant secret: Platform Encryption is not in use",
            "Salesforce Shield Platform Encryption, with a tenant secret generated",
        ));
    }
    let max_days = ctx.params.int("max_days");
    // The newest active secret of each key type.
    let mut newest = BTreeMap::new();
    for secret in secrets
        .iter()
        .filter(|s| s.status.as_deref() == Some("ACTIVE"))
    {
        let created = *need(
            secret.created_date.as_ref(),
            SECRETS,
            &format!("CreatedDate of tenant secret {}", secret.id),
        )?;
        let kind = secret.secret_type.clone().unwrap_or_else(|| "Data".into());
        let slot = newest.entry(kind).or_insert((secret, created));
        if created > slot.1 {
            *slot = (secret, created);
        }
    }
    let stale: Vec<_> = newest
        .iter()
        .map(|(kind, (secret, created))| (kind, secret, (ctx.now - *created).num_days()))
        .filter(|(_, _, age)| *age > max_days)
        .collect();
    let mut outcome = Outcome::verdict(
        !stale.is_empty(),
        format!(
            "the active tenant secret of each key type ({}) is at most {max_days} days old",
            newest.keys().cloned().collect::<Vec<_>>().join(", ")
        ),
        format!(
            "{} an active tenant secret older than {max_days} days",
            plural(stale.len(), "key type has", "key types have")
        ),
    );
    for (kind, secret, age) in stale {
        outcome = outcome.affected(
            secret.id.clone(),
            format!(
                "{kind} tenant secret v{}",
                secret.version.unwrap_or_default()
            ),
            format!(
                "active for {age} days (source {})",
                secret.source.as_deref().unwrap_or("unknown")
            ),
        );
    }
    for (kind, (secret, created)) in &newest {
        outcome = outcome.evidence(
            SECRETS,
            format!("{kind}.{}.CreatedDate", secret.id),
            created.to_rfc3339(),
        );
    }
    Ok(outcome)
}

//! M365-DATA-04: Customer Key encryption keys are under review.

use super::exchange::{self, DATA_ENCRYPTION_POLICIES};
use crate::checks::plural;
use crate::checks::{check_meta, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

check_meta! {
    id: "M365-DATA-04",
    title: "Customer Key encryption keys are rotated",
    providers: &[Provider::M365],
    area: Area::Data,
    severity: Severity::Medium,
    needs: &[DATA_ENCRYPTION_POLICIES],
    references: &["seed: customer-managed keys rotated every 12 months"],
    rationale: "Encryption key management stays with the customer in every service model; with Customer Key the keys that protect mailboxes are the customer's to rotate.",
    logic: "Reads `Get-DataEncryptionPolicy` through the Exchange Online admin API (collection `exchange_data_encryption_policies`; opt-in: `exchange_admin` under `[tenant.endpoints]`, Exchange.ManageAsApp and the Global Reader role). No enabled data encryption policy: mailboxes use Microsoft-managed keys, `not_applicable` (Customer Key needs Microsoft 365 E5 or the add-on). Enabled policies: the keys they use (`AzureKeyIDs`) live in Azure Key Vault, outside the tenant, and no read-only Microsoft 365 API gives their creation or rotation dates: the finding is `manual` and names each vault key to check. A policy without `Enabled` is an error. Without the source configured the finding is `manual`.",
    remediation: "Azure portal → each Key Vault named in the finding → Keys: rotate each key at least every 12 months (a rotation policy on the key does it), then let Exchange pick up the new version.",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let policies = exchange::data_encryption_policies(ctx)?;
    let enabled = exchange::enabled(
        policies,
        DATA_ENCRYPTION_POLICIES,
        "data encryption policy",
        |p| p.name.as_deref(),
        |p| p.enabled,
    )?;
    if enabled.is_empty() {
        return Ok(Outcome::not_applicable(
            format!(
                "no enabled data encryption policy ({} read): mailboxes use Microsoft-managed keys",
                policies.len()
            ),
            "Customer Key (Microsoft 365 E5 or the Customer Key add-on) with a data encryption policy",
        ));
    }
    let keys: Vec<&str> = enabled
        .iter()
        .flat_map(|p| p.azure_key_ids.iter().map(String::as_str))
        .collect();
    let mut outcome = Outcome::manual(format!(
        "{} customer keys in Azure Key Vault; their rotation dates are not readable from Microsoft 365: check that each was rotated within 12 months: {}",
        plural(enabled.len(), "enabled data encryption policy uses", "enabled data encryption policies use"),
        keys.join(", ")
    ));
    for policy in enabled {
        outcome = outcome.evidence(
            DATA_ENCRYPTION_POLICIES,
            format!("{}.AzureKeyIDs", policy.name.as_deref().unwrap_or("?")),
            policy.azure_key_ids.clone(),
        );
    }
    Ok(outcome)
}

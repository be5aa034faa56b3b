//! Licences: how the tenant's SKUs and Graph's licence refusals decide what is
//! `not_licensed`.

use tenantaudit_connector::collect::Spec;
use tenantaudit_connector::snapshot::m365::SubscribedSku;
use tenantaudit_connector::snapshot::{CollectionRecord, CollectionStatus};
use tenantaudit_connector::ErrorKind;

/// Service plan `AAD_PREMIUM` (Entra ID P1) and `AAD_PREMIUM_P2` (Entra ID
/// P2, which includes P1), from Microsoft's "Product names and service plan
/// identifiers for licensing" table. Suites carry them as service plans:
/// Microsoft 365 E3 and Business Premium hold `AAD_PREMIUM`, E5 both.
pub const AAD_PREMIUM: &str = "41781fb2-bc02-4b7c-bd55-b576c07bb09d";
pub const AAD_PREMIUM_P2: &str = "eec0eb4f-6444-4f95-aba0-50c24d67f998";
pub const P2_LICENCE: &str = "Microsoft Entra ID P2 (service plan AAD_PREMIUM_P2)";
pub const P1_LICENCE: &str = "Microsoft Entra ID P1 (service plan AAD_PREMIUM)";
pub const PIM_LICENCE: &str =
    "Microsoft Entra ID P2 (service plan AAD_PREMIUM_P2) or Microsoft Entra ID Governance";

/// Graph's error code when a premium-only API is called on a tenant without
/// Entra ID P1/P2 (a 403, for `signInActivity` and the sign-in reports).
pub const NON_PREMIUM: &[&str] = &["Authentication_RequestFromNonPremiumTenantOrB2CTenant"];
/// Graph's error code when PIM is read on a tenant without Entra ID P2 or ID
/// Governance (a 400).
pub const PIM_UNLICENSED: &[&str] = &["AadPremiumLicenseRequired"];

/// Whether the tenant has Entra ID P2; `None` when the SKUs were not read.
pub fn has_p2(skus: Option<&[SubscribedSku]>) -> Option<bool> {
    has_plan(skus, &[AAD_PREMIUM_P2])
}

/// Whether the tenant has Entra ID P1, on its own or as part of P2.
pub fn has_p1(skus: Option<&[SubscribedSku]>) -> Option<bool> {
    has_plan(skus, &[AAD_PREMIUM, AAD_PREMIUM_P2])
}

/// Whether one of `plans` is in force. A plan counts unless it is clearly
/// off: its SKU suspended, deleted or locked out, or the plan itself
/// `Disabled`.
fn has_plan(skus: Option<&[SubscribedSku]>, plans: &[&str]) -> Option<bool> {
    let skus = skus?;
    Some(skus.iter().any(|sku| {
        let sku_off = matches!(
            sku.capability_status.as_deref(),
            Some("Suspended" | "Deleted" | "LockedOut")
        );
        !sku_off
            && sku.service_plans.iter().any(|plan| {
                plans
                    .iter()
                    .any(|id| plan.service_plan_id.eq_ignore_ascii_case(id))
                    && plan.provisioning_status.as_deref() != Some("Disabled")
            })
    }))
}

/// Turns Graph's licence refusals (an error answer quoting one of `codes`)
/// into `not_licensed`: a licence the tenant lacks, not a permission the app
/// lacks. Any other failure stays an error.
pub fn licence_refusal(
    record: CollectionRecord,
    codes: &[&str],
    licence: &str,
) -> CollectionRecord {
    let refused = record.error.as_ref().is_some_and(|e| {
        let message = e.message.to_lowercase();
        matches!(e.kind, ErrorKind::Forbidden | ErrorKind::Transport)
            && codes
                .iter()
                .any(|code| message.contains(&code.to_lowercase()))
    });
    if !refused {
        return record;
    }
    CollectionRecord {
        status: CollectionStatus::NotLicensed,
        error: None,
        licence: Some(licence.to_string()),
        ..record
    }
}

/// The record of a collection this configuration does not reach (no endpoint
/// configured for it); its checks are `manual`.
pub fn skipped(spec: Spec) -> CollectionRecord {
    CollectionRecord {
        status: CollectionStatus::Skipped,
        endpoints: Vec::new(),
        permission: spec.permission.to_string(),
        item_count: 0,
        pages: 0,
        sha256: None,
        error: None,
        licence: None,
    }
}

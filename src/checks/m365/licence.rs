//! Checks whose feature needs a licence the tenant may lack: Entra ID P1 for
//! conditional access, P2 for risk-based conditional access and Identity
//! Protection.

use crate::checks::{need, Context, Missing, Outcome};
use tenantaudit_connector::snapshot::m365::SubscribedSku;
use tenantaudit_connector::snapshot::Snapshot;
use tenantaudit_graph::licences::{has_p1, has_p2, P1_LICENCE, P2_LICENCE};

pub const SKUS: &str = "subscribed_skus";

/// `Some(not_applicable)` when the tenant has no Entra ID P2, by the same rule
/// the connector uses to skip PIM collections.
pub fn require_p2(ctx: &Context) -> Result<Option<Outcome>, Missing> {
    require(ctx, has_p2, P2_LICENCE, "no AAD_PREMIUM_P2")
}

/// `Some(not_applicable)` when the tenant has no Entra ID P1 (nor P2, which
/// includes it): conditional access cannot be bought there.
pub fn require_p1(ctx: &Context) -> Result<Option<Outcome>, Missing> {
    require(ctx, has_p1, P1_LICENCE, "no AAD_PREMIUM or AAD_PREMIUM_P2")
}

/// Whether the tenant has Entra ID P1; [`Missing`] when the SKUs were not read.
pub fn has_p1_licence(ctx: &Context) -> Result<bool, Missing> {
    Ok(has_p1(Some(skus(ctx)?)) == Some(true))
}

fn skus<'a>(ctx: &Context<'a>) -> Result<&'a [SubscribedSku], Missing> {
    need(
        super::section(ctx.snapshot)?.subscribed_skus.as_deref(),
        SKUS,
        "subscribed SKUs",
    )
}

fn require(
    ctx: &Context,
    has: fn(Option<&[SubscribedSku]>) -> Option<bool>,
    licence: &str,
    evidence: &str,
) -> Result<Option<Outcome>, Missing> {
    Ok((has(Some(skus(ctx)?)) != Some(true)).then(|| {
        Outcome::not_applicable(
            format!("the tenant has no {licence}"),
            format!("needs {licence}"),
        )
        .evidence(SKUS, "$[*].servicePlans[*].servicePlanId", evidence)
    }))
}

/// What a run summary says once per tenant about its licences: a Microsoft
/// 365 tenant whose SKUs were read and hold no Entra ID P1.
pub fn notes(snapshot: &Snapshot) -> Vec<String> {
    let skus = snapshot.m365().and_then(|m| m.subscribed_skus.as_deref());
    if skus.is_none() || has_p1(skus) == Some(true) {
        return Vec::new();
    }
    vec![format!(
        "the tenant has no {P1_LICENCE}: conditional-access checks are not applicable; security defaults are the protection it can turn on"
    )]
}

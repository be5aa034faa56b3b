//! Checks whose feature needs a licence the tenant may lack (Entra ID P2 for
//! risk-based conditional access and Identity Protection).

use crate::checks::{need, Context, Missing, Outcome};
use tenantaudit_graph::licences::{has_p2, P2_LICENCE};

pub const SKUS: &str = "subscribed_skus";

/// `Some(not_applicable)` when the tenant has no Entra ID P2, by the same rule
/// the connector uses to skip PIM collections.
pub fn require_p2(ctx: &Context) -> Result<Option<Outcome>, Missing> {
    let skus = need(
        super::section(ctx.snapshot)?.subscribed_skus.as_deref(),
        SKUS,
        "subscribed SKUs",
    )?;
    Ok((has_p2(Some(skus)) != Some(true)).then(|| {
        Outcome::not_applicable(
            format!("the tenant has no {P2_LICENCE}"),
            format!("needs {P2_LICENCE}"),
        )
        .evidence(
            SKUS,
            "$[*].servicePlans[*].servicePlanId",
            "no AAD_PREMIUM_P2",
        )
    }))
}

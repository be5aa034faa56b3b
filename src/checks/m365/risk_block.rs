//! Risk-based conditional access (M365-CA-02, -03): an enforcing policy for
//! all users and apps that blocks a given risk level. Needs Entra ID P2.

use super::conditional_access::{self, COLLECTION};
use super::licence;
use crate::checks::{need, Context, Missing, Outcome};
use tenantaudit_connector::snapshot::m365::Conditions;

pub fn verdict(
    ctx: &Context,
    levels: fn(&Conditions) -> &Vec<String>,
    what: &str,
) -> Result<Outcome, Missing> {
    if let Some(not_licensed) = licence::require_p2(ctx)? {
        return Ok(not_licensed);
    }
    let policies = need(
        super::section(ctx.snapshot)?
            .conditional_access_policies
            .as_ref(),
        COLLECTION,
        "policies",
    )?;
    Ok(conditional_access::verdict(
        policies,
        ctx.exclusions,
        |p| {
            levels(&p.conditions).iter().any(|l| l == "high")
                && conditional_access::requires(p, "block")
        },
        what,
    ))
}

//! Risk-based conditional access (M365-CA-02, -03): an enforcing policy for
//! all users and apps that blocks a given risk level. Needs Entra ID P2.

use super::conditional_access;
use super::licence;
use crate::checks::{Context, Missing, Outcome};
use tenantaudit_connector::snapshot::m365::Conditions;

pub fn verdict(
    ctx: &Context,
    levels: fn(&Conditions) -> &Vec<String>,
    what: &str,
) -> Result<Outcome, Missing> {
    let policies = match conditional_access::licensed_policies(ctx, licence::require_p2)? {
        Ok(policies) => policies,
        Err(not_licensed) => return Ok(not_licensed),
    };
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

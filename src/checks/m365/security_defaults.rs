//! Security defaults: Microsoft's baseline for tenants without conditional
//! access. Per Microsoft Learn ("Security defaults in Microsoft Entra ID")
//! they require every user to register for MFA, require MFA of admins and of
//! users when Entra ID deems it necessary, block legacy authentication
//! protocols and protect privileged activities such as Azure management.
//! Security defaults and conditional-access policies exclude each other.

use super::licence;
use crate::checks::{need, Context, Missing, Outcome};

const COLLECTION: &str = "security_defaults";

/// The verdict of a control that security defaults satisfy: the conditional-
/// access verdict when it passes, else a pass by security defaults when they
/// are on, else a fail that says what the tenant can do about it (without
/// Entra ID P1, only security defaults).
pub fn or_security_defaults(
    ctx: &Context,
    by_policy: Outcome,
    what: &str,
) -> Result<Outcome, Missing> {
    if by_policy.status == tenantaudit_report::Status::Pass {
        return Ok(by_policy);
    }
    let defaults = need(
        super::section(ctx.snapshot)?.security_defaults.as_ref(),
        COLLECTION,
        "policy",
    )?;
    let on = *need(defaults.is_enabled.as_ref(), COLLECTION, "isEnabled")?;
    if on {
        return Ok(
            Outcome::pass(format!("{what}: passes by security defaults, which are on")).evidence(
                COLLECTION,
                "isEnabled",
                on,
            ),
        );
    }
    if !licence::has_p1_licence(ctx)? {
        return Ok(Outcome::fail(format!(
            "{what}: security defaults are off and the tenant has no {}, so no conditional-access policy can do it either",
            tenantaudit_graph::licences::P1_LICENCE
        ))
        .evidence(COLLECTION, "isEnabled", on)
        .fix("turn on security defaults (Entra admin center → Overview → Properties → Manage security defaults)"));
    }
    Ok(Outcome {
        message: format!("{}; security defaults are off", by_policy.message),
        ..by_policy
    }
    .evidence(COLLECTION, "isEnabled", on))
}

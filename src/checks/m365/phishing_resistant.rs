//! What counts as phishing-resistant: in an authentication strength (CA grant)
//! and among a user's registered methods. Shared by M365-MFA-02, -03 and -08.

use super::authentication_strength;
use super::conditional_access::{self, Resources, Target};
use super::licence;
use crate::checks::{Context, Missing, Outcome};

/// `methodsRegistered` values of `userRegistrationDetails` that are
/// phishing-resistant: FIDO2 security keys and passkeys, Windows Hello.
pub const REGISTERED_METHODS: &[&str] = &[
    "fido2",
    "passKeyDeviceBound",
    "passKeyDeviceBoundAuthenticator",
    "passKeyDeviceBoundWindowsHello",
    "windowsHelloForBusiness",
];

/// Pass when an enforcing policy for `target` and all apps requires a strength
/// whose every combination is phishing-resistant; not applicable without
/// Entra ID P1, since only conditional access can require a strength.
pub fn verdict(ctx: &Context, target: &Target, what: &str) -> Result<Outcome, Missing> {
    let policies = match conditional_access::licensed_policies(ctx, licence::require_p1)? {
        Ok(policies) => policies,
        Err(not_licensed) => return Ok(not_licensed),
    };
    Ok(conditional_access::judged_verdict(
        policies,
        ctx.exclusions,
        target,
        &Resources::AllApps,
        |p| {
            conditional_access::required_strength(p).map(|s| {
                authentication_strength::phishing_resistant(s)
                    .err()
                    .into_iter()
                    .collect()
            })
        },
        what,
    ))
}

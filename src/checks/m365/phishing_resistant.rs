//! What counts as phishing-resistant: in an authentication strength (CA grant)
//! and among a user's registered methods. Shared by M365-MFA-02, -03 and -08.

use super::conditional_access::{self, Resources, Target, COLLECTION};
use crate::checks::{need, Context, Missing, Outcome};

/// Authentication-strength combinations that resist phishing (the catalog's rule).
pub const COMBINATIONS: &[&str] = &[
    "fido2",
    "windowsHelloForBusiness",
    "x509CertificateMultiFactor",
];

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
/// whose every combination is phishing-resistant. A strength whose
/// combinations Graph did not return cannot be judged and does not count.
pub fn verdict(ctx: &Context, target: &Target, what: &str) -> Result<Outcome, Missing> {
    let policies = need(
        super::section(ctx.snapshot)?
            .conditional_access_policies
            .as_ref(),
        COLLECTION,
        "policies",
    )?;
    Ok(conditional_access::verdict_for(
        policies,
        ctx.exclusions,
        target,
        &Resources::AllApps,
        |p| {
            conditional_access::required_strength(p).is_some_and(|s| {
                !s.allowed_combinations.is_empty()
                    && s.allowed_combinations
                        .iter()
                        .all(|c| COMBINATIONS.contains(&c.as_str()))
            })
        },
        what,
    ))
}

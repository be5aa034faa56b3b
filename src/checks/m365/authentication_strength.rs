//! When an authentication strength counts as MFA, or as phishing-resistant
//! MFA. A strength is a list of allowed combinations; a user may satisfy it
//! with any one of them, so it is only as strong as its weakest combination.
//!
//! Graph returns the strength expanded inside a conditional-access policy's
//! `grantControls.authenticationStrength` (with `allowedCombinations`), so no
//! separate read of `policies/authenticationStrengthPolicies` is needed.
//! Built-in strengths are known by id (their combinations are Microsoft's and
//! read-only); custom ones are judged by their combinations.

use tenantaudit_connector::snapshot::m365::AuthenticationStrength;

/// Built-in strengths (Graph, "List authenticationStrengthPolicies"): all
/// three satisfy MFA; only the last is phishing-resistant.
const BUILT_IN_MFA: &str = "00000000-0000-0000-0000-000000000002";
const BUILT_IN_PASSWORDLESS: &str = "00000000-0000-0000-0000-000000000003";
const BUILT_IN_PHISHING_RESISTANT: &str = "00000000-0000-0000-0000-000000000004";

/// `authenticationMethodModes` that are multifactor on their own (those the
/// built-in MFA strength allows without a second method).
const MULTIFACTOR_ALONE: &[&str] = &[
    "windowsHelloForBusiness",
    "fido2",
    "x509CertificateMultiFactor",
    "deviceBasedPush",
    "temporaryAccessPassOneTime",
    "temporaryAccessPassMultiUse",
    "federatedMultiFactor",
];

/// Modes that resist phishing (FIDO2 and passkeys, Windows Hello
/// for Business, certificate-based MFA).
pub const PHISHING_RESISTANT: &[&str] = &[
    "fido2",
    "windowsHelloForBusiness",
    "x509CertificateMultiFactor",
];

/// `Ok` when the strength requires MFA, else why not.
pub fn mfa(strength: &AuthenticationStrength) -> Result<(), String> {
    if [
        BUILT_IN_MFA,
        BUILT_IN_PASSWORDLESS,
        BUILT_IN_PHISHING_RESISTANT,
    ]
    .contains(&strength.id.as_str())
    {
        return Ok(());
    }
    judge(strength, multifactor, "single-factor")
}

/// `Ok` when every way to satisfy the strength is phishing-resistant.
pub fn phishing_resistant(strength: &AuthenticationStrength) -> Result<(), String> {
    if strength.id == BUILT_IN_PHISHING_RESISTANT {
        return Ok(());
    }
    if [BUILT_IN_MFA, BUILT_IN_PASSWORDLESS].contains(&strength.id.as_str()) {
        return Err(format!(
            "{} is the built-in \"{}\" strength, which allows methods that are not phishing-resistant",
            name(strength),
            if strength.id == BUILT_IN_MFA {
                "Multifactor authentication"
            } else {
                "Passwordless MFA"
            }
        ));
    }
    judge(
        strength,
        |c| PHISHING_RESISTANT.contains(&c),
        "non-phishing-resistant",
    )
}

fn judge(
    strength: &AuthenticationStrength,
    strong: impl Fn(&str) -> bool,
    weak: &str,
) -> Result<(), String> {
    if strength.allowed_combinations.is_empty() {
        return Err(format!(
            "{} has no allowed combinations, so it proves nothing",
            name(strength)
        ));
    }
    let weak_ones: Vec<_> = strength
        .allowed_combinations
        .iter()
        .filter(|c| !strong(c))
        .map(String::as_str)
        .collect();
    if weak_ones.is_empty() {
        return Ok(());
    }
    Err(format!(
        "{} allows {weak} {} {}",
        name(strength),
        crate::checks::agree(weak_ones.len(), "combination", "combinations"),
        weak_ones.join(" / ")
    ))
}

/// A combination (comma-joined modes) is multifactor when one of its modes is
/// multifactor alone or it joins two different modes (`password,sms`).
fn multifactor(combination: &str) -> bool {
    let mut modes: Vec<&str> = combination.split(',').map(str::trim).collect();
    modes.sort_unstable();
    modes.dedup();
    modes.len() >= 2 || modes.iter().any(|m| MULTIFACTOR_ALONE.contains(m))
}

fn name(strength: &AuthenticationStrength) -> String {
    format!(
        "authentication strength \"{}\"",
        strength.display_name.as_deref().unwrap_or(&strength.id)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strength(id: &str, combinations: &[&str]) -> AuthenticationStrength {
        AuthenticationStrength {
            id: id.into(),
            display_name: Some("custom".into()),
            allowed_combinations: combinations.iter().map(|c| c.to_string()).collect(),
        }
    }

    #[test]
    fn custom_strengths_are_as_strong_as_their_weakest_combination() {
        let custom = "5a2b3c4d-0000-4000-8000-000000000001";
        assert!(mfa(&strength(custom, &["password,sms", "fido2"])).is_ok());
        let err = mfa(&strength(custom, &["password,sms", "password"])).unwrap_err();
        assert!(err.contains("single-factor combination password"), "{err}");
        assert!(mfa(&strength(custom, &["sms"])).is_err());
        assert!(mfa(&strength(custom, &[])).is_err());
        assert!(
            phishing_resistant(&strength(custom, &["fido2", "windowsHelloForBusiness"])).is_ok()
        );
        assert!(phishing_resistant(&strength(custom, &["fido2", "deviceBasedPush"])).is_err());
    }

    #[test]
    fn built_in_strengths_are_known_by_id() {
        assert!(mfa(&strength(BUILT_IN_MFA, &[])).is_ok());
        assert!(phishing_resistant(&strength(BUILT_IN_PHISHING_RESISTANT, &[])).is_ok());
        assert!(phishing_resistant(&strength(BUILT_IN_PASSWORDLESS, &["fido2"])).is_err());
    }
}

//! M365-MFA-11: FIDO2 security keys are on, attested and limited to
//! approved models.

use super::methods_policy::{self, COLLECTION};
use crate::checks::{check_meta, plural, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

check_meta! {
    id: "M365-MFA-11",
    title: "FIDO2 security keys are on, self-service, attested and limited to approved models",
    providers: &[Provider::M365],
    area: Area::Mfa,
    severity: Severity::Medium,
    needs: &[COLLECTION],
    references: &["EIDSCA.AF01", "EIDSCA.AF02", "EIDSCA.AF03", "EIDSCA.AF04", "EIDSCA.AF05", "EIDSCA.AF06"],
    rationale: "Security keys are the phishing-resistant method users can register themselves; attestation and a key allow- or block-list keep out unknown or counterfeit authenticators.",
    logic: "Reads the `Fido2` configuration of the authentication methods policy. Passes when `state` is `enabled`, `isSelfServiceRegistrationAllowed` and `isAttestationEnforced` are true, and `keyRestrictions` has `isEnforced` true, `enforcementType` `allow` or `block` and at least one AAGUID in `aaGuids`. Each gap is named. A missing boolean is an error. SCuBA and CIS do not judge these settings; the verdict follows EIDSCA.",
    remediation: "Entra admin center → Protection → Authentication methods → Passkey (FIDO2): Enable for all users; Configure → Allow self-service set up Yes, Enforce attestation Yes, Enforce key restrictions Yes with the AAGUIDs of your approved key models.",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let config = methods_policy::method(ctx, "Fido2")?;
    let mut gaps = methods_policy::unless_enabled(config);
    for (pointer, name, why) in [
        (
            "/isSelfServiceRegistrationAllowed",
            "isSelfServiceRegistrationAllowed",
            "users cannot register keys themselves",
        ),
        (
            "/isAttestationEnforced",
            "isAttestationEnforced",
            "attestation is not enforced",
        ),
        (
            "/keyRestrictions/isEnforced",
            "keyRestrictions",
            "key restrictions are not enforced",
        ),
    ] {
        if !methods_policy::flag(config, pointer)? {
            gaps.push((name, why.to_string()));
        }
    }
    let restrictions = config.settings.get("keyRestrictions");
    let aaguids = restrictions
        .and_then(|r| r.get("aaGuids"))
        .and_then(|a| a.as_array())
        .map_or(0, |a| a.iter().filter(|g| g.is_string()).count());
    let kind = restrictions
        .and_then(|r| r.get("enforcementType"))
        .and_then(|t| t.as_str())
        .unwrap_or("not reported");
    if aaguids == 0 || !matches!(kind, "allow" | "block") {
        gaps.push((
            "aaGuids",
            format!(
                "{} on the {kind} list; approved models are not named",
                plural(aaguids, "AAGUID", "AAGUIDs")
            ),
        ));
    }
    Ok(methods_policy::verdict(
        config,
        gaps,
        "FIDO2 keys are on, attested and restricted to approved models",
        "FIDO2 security keys are off or not restricted",
    ))
}

//! M365-MFA-08: privileged role holders have a phishing-resistant method registered.

use super::phishing_resistant::REGISTERED_METHODS;
use super::privileged::{self, ASSIGNMENTS, GROUP_MEMBERS};
use super::roles::privileged_ids;
use crate::checks::{agree, all, plural};
use crate::checks::{check_meta, need, Context, Missing, Outcome};
use std::collections::{BTreeMap, HashMap};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

const REGISTRATION: &str = "user_registration_details";

check_meta! {
    id: "M365-MFA-08",
    title: "Privileged role holders have a phishing-resistant method registered",
    providers: &[Provider::M365],
    area: Area::Mfa,
    severity: Severity::High,
    needs: &[ASSIGNMENTS, GROUP_MEMBERS, REGISTRATION],
    references: &["MS.AAD.3.6v1 (registration side)"],
    rationale: "A policy requiring phishing-resistant MFA for admins locks out, or is quietly excluded for, every admin who has no such method.",
    logic: "For every user holding a privileged role (active or PIM eligible), `userRegistrationDetails.methodsRegistered` must contain one of `fido2`, `passKeyDeviceBound`, `passKeyDeviceBoundAuthenticator`, `passKeyDeviceBoundWindowsHello` or `windowsHelloForBusiness`. A holder with no registration entry counts as lacking one (fail closed). Service principals are out of scope.",
    remediation: "Have each named admin register a FIDO2 security key, a device-bound passkey or Windows Hello for Business (Temporary Access Pass helps bootstrap).",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let details = need(
        super::section(ctx.snapshot)?
            .user_registration_details
            .as_ref(),
        REGISTRATION,
        "details",
    )?;
    let methods: HashMap<&str, &Vec<String>> = details
        .iter()
        .map(|d| (d.id.as_str(), &d.methods_registered))
        .collect();
    let mut admins = BTreeMap::new();
    for h in privileged::holders(ctx, &privileged_ids())?
        .into_iter()
        .filter(|h| h.is_user())
    {
        admins.entry(h.principal_id).or_insert(h.name);
    }
    let mut gaps = Vec::new();
    for (id, name) in &admins {
        let reason = match methods.get(id) {
            None => "no registration details for this user".to_string(),
            Some(m) if m.iter().any(|x| REGISTERED_METHODS.contains(&x.as_str())) => continue,
            Some(m) if m.is_empty() => "no method registered".to_string(),
            Some(m) => format!("registered only {}", m.join(", ")),
        };
        gaps.push((*id, name.clone(), reason));
    }
    let mut outcome = Outcome::verdict(
        !gaps.is_empty(),
        format!(
            "{} {} a phishing-resistant method",
            all(admins.len(), "privileged user", "privileged users"),
            agree(admins.len(), "has", "have")
        ),
        format!(
            "{} of {} {} no phishing-resistant method",
            gaps.len(),
            plural(admins.len(), "privileged user", "privileged users"),
            agree(gaps.len(), "has", "have")
        ),
    )
    .evidence(REGISTRATION, "$[*].methodsRegistered", gaps.len());
    for (id, name, reason) in gaps {
        outcome = outcome.affected(id, name, reason);
    }
    Ok(outcome)
}

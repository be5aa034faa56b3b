//! SF-MFA-04: admins have a phishing-resistant method.

use super::holders::{holders, AUTHOR_APEX, CUSTOMIZE_APPLICATION, MANAGE_USERS, MODIFY_ALL_DATA};
use super::section;
use crate::checks::{agree, all, plural};
use crate::checks::{check_meta, need, Context, Missing, Outcome};
use std::collections::{BTreeMap, HashMap};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

const METHODS: &str = "mfa_methods";

check_meta! {
    id: "SF-MFA-04",
    title: "Administrators have a phishing-resistant MFA method",
    providers: &[Provider::Salesforce],
    area: Area::Mfa,
    severity: Severity::High,
    needs: &["permission_sets", "permission_set_assignments", "users", METHODS],
    references: &["SBS-AUTH"],
    rationale: "Push approvals and one-time codes can be phished in real time; a security key or built-in authenticator is bound to the real site.",
    logic: "Administrators are active users holding Modify All Data, Customize Application, Manage Users or Author Apex through any permission set or profile (View All Data alone is not administration). Each must have a security key (`HasU2F` or `HasSecurityKey`) or a built-in authenticator (`HasBuiltInAuthenticator`) in TwoFactorMethodsInfo; an admin without a row has none.",
    remediation: "Have each named administrator register a security key or a built-in authenticator (Touch ID, Windows Hello) and keep the weaker methods only as backup.",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let sf = section(ctx.snapshot)?;
    let rows = need(
        sf.mfa_methods.as_ref(),
        METHODS,
        "TwoFactorMethodsInfo rows",
    )?;
    let strong: HashMap<&str, bool> = rows
        .iter()
        .map(|r| (r.user_id.as_str(), r.has_phishing_resistant_method()))
        .collect();
    let mut admins: BTreeMap<&str, (&str, Vec<&str>)> = BTreeMap::new();
    for perm in [
        &MODIFY_ALL_DATA,
        &CUSTOMIZE_APPLICATION,
        &MANAGE_USERS,
        &AUTHOR_APEX,
    ] {
        for (id, holder) in holders(sf, perm)? {
            admins
                .entry(id)
                .or_insert((holder.username, Vec::new()))
                .1
                .push(perm.label);
        }
    }
    let weak: Vec<_> = admins
        .iter()
        .filter(|(id, _)| strong.get(**id) != Some(&true))
        .collect();
    let mut outcome = Outcome::verdict(
        !weak.is_empty(),
        format!(
            "{} {} a phishing-resistant method",
            all(admins.len(), "administrator", "administrators"),
            agree(admins.len(), "has", "have")
        ),
        format!(
            "{} of {} {} no phishing-resistant method",
            weak.len(),
            plural(admins.len(), "administrator", "administrators"),
            agree(weak.len(), "has", "have")
        ),
    )
    .evidence(
        METHODS,
        "$[*].HasSecurityKey|HasU2F|HasBuiltInAuthenticator",
        weak.len(),
    );
    for (id, (username, perms)) in weak {
        outcome = outcome.affected(
            *id,
            *username,
            format!(
                "holds {}; no security key or built-in authenticator",
                perms.join(", ")
            ),
        );
    }
    Ok(outcome)
}

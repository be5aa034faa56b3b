//! M365-MFA-07: every enabled member user is MFA-capable.

use crate::checks::{agree, all, plural};
use crate::checks::{check_meta, need, Context, Missing, Outcome};
use std::collections::HashMap;
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

const REGISTRATION: &str = "user_registration_details";
const USERS: &str = "users";

check_meta! {
    id: "M365-MFA-07",
    title: "Every enabled member user is MFA-capable",
    providers: &[Provider::M365],
    area: Area::Mfa,
    severity: Severity::High,
    needs: &[USERS, REGISTRATION],
    references: &["CIS 5.2.3.4"],
    rationale: "A policy that requires MFA protects nobody who has no method registered: the first sign-in registers whoever holds the password.",
    logic: "For every enabled member user (guests and disabled accounts are out of scope), `userRegistrationDetails.isMfaCapable` must be true. An enabled member with no registration entry counts as not capable (fail closed). Each gap is named.",
    remediation: "Run an authentication methods registration campaign (Entra → Protection → Authentication methods → Registration campaign) and follow up with each named user.",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let m365 = super::section(ctx.snapshot)?;
    let users = need(m365.users.as_ref(), USERS, "users")?;
    let details = need(
        m365.user_registration_details.as_ref(),
        REGISTRATION,
        "details",
    )?;
    let capable: HashMap<&str, Option<bool>> = details
        .iter()
        .map(|d| (d.id.as_str(), d.is_mfa_capable))
        .collect();
    let mut in_scope = 0;
    let mut gaps = Vec::new();
    for user in users {
        let member = user
            .user_type
            .as_deref()
            .is_none_or(|t| t.eq_ignore_ascii_case("member"));
        if !member || user.account_enabled == Some(false) {
            continue;
        }
        in_scope += 1;
        let reason = match capable.get(user.id.as_str()) {
            Some(Some(true)) => continue,
            Some(Some(false)) => "isMfaCapable is false",
            Some(None) => "isMfaCapable not reported",
            None => "no registration details for this user",
        };
        gaps.push((user, reason));
    }
    let mut outcome = Outcome::verdict(
        !gaps.is_empty(),
        format!(
            "{} MFA-capable",
            all(in_scope, "enabled member is", "enabled members are")
        ),
        format!(
            "{} of {} {} not MFA-capable",
            gaps.len(),
            plural(in_scope, "enabled member", "enabled members"),
            agree(gaps.len(), "is", "are")
        ),
    )
    .evidence(REGISTRATION, "$[*].isMfaCapable", gaps.len());
    for (user, reason) in gaps {
        outcome = outcome.affected(
            user.id.clone(),
            user.user_principal_name.clone().unwrap_or_default(),
            reason,
        );
    }
    Ok(outcome)
}

//! M365-ID-08: stale guests.

use crate::checks::{agree, all, plural};
use crate::checks::{check_meta, need, Context, Missing, Outcome, ParamDefault, ParamSpec};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

const USERS: &str = "users";

check_meta! {
    id: "M365-ID-08",
    title: "No stale guest accounts",
    providers: &[Provider::M365],
    area: Area::Identity,
    severity: Severity::Low,
    needs: &[USERS],
    references: &["CIS 5.1.6.x"],
    rationale: "Guests outlive the project they were invited for; an unused guest is access nobody reviews.",
    logic: "For every enabled guest: an invitation still `PendingAcceptance` more than `days` after the account was created is stale; an accepted guest with no sign-in of any kind within `days` (or none at all, once the account is older than `days`) is stale. A guest whose creation date is unknown counts (fail closed). A pending invitation younger than `days` is given the same grace as a new account.",
    remediation: "Remove or disable each named guest after checking with its sponsor; consider Entra access reviews for guests.",
    params: &[ParamSpec { name: "days", doc: "days after which an unused or unaccepted guest is stale", default: ParamDefault::Int(90) }],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let users = need(super::section(ctx.snapshot)?.users.as_ref(), USERS, "users")?;
    let days = ctx.params.int("days");
    let cutoff = ctx.now - chrono::Duration::days(days);
    let mut stale = Vec::new();
    let mut in_scope = 0;
    let guests = users.iter().filter(|u| {
        u.user_type
            .as_deref()
            .is_some_and(|t| t.eq_ignore_ascii_case("guest"))
            && u.account_enabled != Some(false)
    });
    for guest in guests {
        in_scope += 1;
        let old = guest.created_date_time.is_none_or(|c| c < cutoff);
        let created = guest
            .created_date_time
            .map(|c| c.format("%Y-%m-%d").to_string())
            .unwrap_or_else(|| "an unknown date".into());
        let last = guest.sign_in_activity.as_ref().and_then(|a| a.latest());
        let reason = if guest.external_user_state.as_deref() == Some("PendingAcceptance") {
            if !old {
                continue;
            }
            format!("invitation pending since {created}")
        } else {
            match last {
                Some(last) if last < cutoff => format!("last sign-in {}", last.format("%Y-%m-%d")),
                Some(_) => continue,
                None if old => format!("never signed in; created {created}"),
                None => continue,
            }
        };
        stale.push((guest, reason));
    }
    let mut outcome = Outcome::verdict(
        !stale.is_empty(),
        format!(
            "{} {} in use",
            all(in_scope, "enabled guest", "enabled guests"),
            agree(in_scope, "is", "are")
        ),
        format!(
            "{} of {} {} stale ({days} days)",
            stale.len(),
            plural(in_scope, "enabled guest", "enabled guests"),
            agree(stale.len(), "is", "are")
        ),
    )
    .evidence(USERS, "$[?(@.userType=='Guest')]", stale.len());
    for (guest, reason) in stale {
        outcome = outcome.affected(
            guest.id.clone(),
            guest.user_principal_name.clone().unwrap_or_default(),
            reason,
        );
    }
    Ok(outcome)
}

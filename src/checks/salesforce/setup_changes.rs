//! SF-LOG-02: Setup changes by Login-As or by now-inactive users.

use super::section;
use crate::checks::{agree, plural};
use crate::checks::{check_meta, need, Context, Missing, Outcome, ParamDefault, ParamSpec};
use std::collections::HashMap;
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

const TRAIL: &str = "setup_audit_trail";
const USERS: &str = "users";

check_meta! {
    id: "SF-LOG-02",
    title: "Setup changes made through Login-As or by now-inactive users are reviewed",
    providers: &[Provider::Salesforce],
    area: Area::Logging,
    severity: Severity::Medium,
    needs: &[TRAIL, USERS],
    references: &["Setup Audit Trail"],
    rationale: "A configuration change made while logged in as someone else, or by an account since deactivated, is exactly what an attacker or a departing admin leaves behind.",
    logic: "Reads the Setup Audit Trail (Salesforce keeps 180 days) and keeps the entries of the last `days`. An entry made through Login-As (`DelegateUser` set) or by a user who is now inactive or gone fails the check unless its Id is on `reviewed`. Each is named with its action and description. An entry without a creation date is an error.",
    remediation: "Review each named change (Setup → View Setup Audit Trail), revert what was not intended, then add its Id to `reviewed`.",
    params: &[
        ParamSpec { name: "days", doc: "how far back to look", default: ParamDefault::Int(30) },
        ParamSpec { name: "reviewed", doc: "Setup Audit Trail entry ids already reviewed", default: ParamDefault::List(&[]) },
    ],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let sf = section(ctx.snapshot)?;
    let trail = need(sf.setup_audit_trail.as_ref(), TRAIL, "entries")?;
    let active: HashMap<&str, bool> = need(sf.users.as_ref(), USERS, "users")?
        .iter()
        .map(|u| (u.id.as_str(), u.is_active != Some(false)))
        .collect();
    let days = ctx.params.int("days");
    let reviewed = ctx.params.list("reviewed");
    let cutoff = ctx.now - chrono::Duration::days(days);
    let mut in_window = 0;
    let mut flagged = Vec::new();
    for entry in trail {
        let when = need(
            entry.created_date.as_ref(),
            TRAIL,
            &format!("CreatedDate of {}", entry.id),
        )?;
        if *when < cutoff {
            continue;
        }
        in_window += 1;
        let who = entry
            .created_by
            .as_ref()
            .and_then(|c| c.username.clone())
            .unwrap_or_else(|| "unknown user".into());
        let reason = match (&entry.delegate_user, entry.created_by_id.as_deref()) {
            (Some(delegate), _) => format!("made by {delegate} logged in as {who}"),
            (None, Some(id)) if active.get(id) == Some(&true) => continue,
            (None, Some(_)) => format!("made by {who}, now inactive or gone"),
            (None, None) => "made by an unreported user".to_string(),
        };
        if reviewed.iter().any(|r| r == &entry.id) {
            continue;
        }
        flagged.push((entry, when, reason));
    }
    let mut outcome = Outcome::verdict(
        !flagged.is_empty(),
        format!(
            "none of {} in {days} days needs review",
            plural(in_window, "Setup change", "Setup changes")
        ),
        format!(
            "{} of {} in {days} days {} made through Login-As or by inactive users",
            flagged.len(),
            plural(in_window, "Setup change", "Setup changes"),
            agree(flagged.len(), "was", "were")
        ),
    )
    .evidence(TRAIL, "$[*].DelegateUser", flagged.len());
    for (entry, when, reason) in flagged {
        outcome = outcome.affected(
            entry.id.clone(),
            format!(
                "{} ({})",
                entry.action.clone().unwrap_or_default(),
                when.format("%Y-%m-%d")
            ),
            format!("{reason}: {}", entry.display.clone().unwrap_or_default()),
        );
    }
    Ok(outcome)
}

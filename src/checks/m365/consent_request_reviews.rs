//! M365-APP-11: admin consent requests reach reviewers and do not linger.

use super::admin_consent_workflow::{self, COLLECTION};
use crate::checks::{check_meta, need, Context, Missing, Outcome, ParamDefault, ParamSpec};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

check_meta! {
    id: "M365-APP-11",
    title: "Admin consent requests notify and remind reviewers, and expire within max_days",
    providers: &[Provider::M365],
    area: Area::Apps,
    severity: Severity::Low,
    needs: &[COLLECTION],
    references: &["EIDSCA.CR02", "EIDSCA.CR03", "EIDSCA.CR04"],
    rationale: "A request nobody hears about is a request users route around; one that never expires is approved long after anyone remembers why it was asked.",
    logic: "Not applicable while the admin consent workflow is off (M365-APP-03 reports that). Otherwise passes when `adminConsentRequestPolicy.notifyReviewers` and `remindersEnabled` are true and `requestDurationInDays` is at most `max_days` (30). A missing property is an error. SCuBA MS.AAD.5.3v1 asks only for the workflow itself; these are EIDSCA's rules.",
    remediation: "Entra admin center → Enterprise applications → Consent and permissions → Admin consent settings: Selected users will receive email notifications for requests Yes; will receive request expiration reminders Yes; Consent request expires after 30 days or fewer.",
    params: &[ParamSpec {
        name: "max_days",
        doc: "longest a consent request may stay open, in days",
        default: ParamDefault::Int(30),
    }],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let (policy, enabled) = admin_consent_workflow::policy(ctx)?;
    if !enabled {
        return Ok(Outcome::not_applicable(
            "the admin consent workflow is off",
            "turn the admin consent workflow on first (M365-APP-03)",
        )
        .evidence(COLLECTION, "isEnabled", false));
    }
    let notify = *need(
        policy.notify_reviewers.as_ref(),
        COLLECTION,
        "notifyReviewers",
    )?;
    let remind = *need(
        policy.reminders_enabled.as_ref(),
        COLLECTION,
        "remindersEnabled",
    )?;
    let days = *need(
        policy.request_duration_in_days.as_ref(),
        COLLECTION,
        "requestDurationInDays",
    )?;
    let max = ctx.params.int("max_days");
    let mut gaps = Vec::new();
    if !notify {
        gaps.push((
            "notifyReviewers",
            "reviewers are not notified of requests".to_string(),
        ));
    }
    if !remind {
        gaps.push((
            "remindersEnabled",
            "reviewers get no expiry reminders".to_string(),
        ));
    }
    if days > max {
        gaps.push((
            "requestDurationInDays",
            format!("requests stay open {days} days, allowed at most {max}"),
        ));
    }
    let mut outcome = Outcome::verdict(
        !gaps.is_empty(),
        format!("reviewers are notified and reminded; requests expire after {days} days"),
        "admin consent requests can go unseen or linger",
    )
    .evidence(COLLECTION, "notifyReviewers", notify)
    .evidence(COLLECTION, "remindersEnabled", remind)
    .evidence(COLLECTION, "requestDurationInDays", days);
    for (name, why) in gaps {
        outcome = outcome.affected(name, name, why);
    }
    Ok(outcome)
}

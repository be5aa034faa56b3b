//! SF-LOG-01: event log files cover the retention window.

use super::section;
use crate::checks::{check_meta, need, Context, Missing, Outcome, ParamDefault, ParamSpec};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

const LOGS: &str = "event_log_files";

/// Event types every org gets without Event Monitoring (one-day retention).
const FREE_TYPES: [&str; 5] = [
    "Login",
    "Logout",
    "ApiTotalUsage",
    "CORSViolation",
    "HostnameRedirects",
];

check_meta! {
    id: "SF-LOG-01",
    title: "Event log files cover the retention window",
    providers: &[Provider::Salesforce],
    area: Area::Logging,
    severity: Severity::Medium,
    needs: &[LOGS],
    references: &["SBS-INT-004"],
    rationale: "Without event logs for the last weeks there is no answer to \"who exported what\" after an incident.",
    logic: "Reads daily `EventLogFile`s. not_applicable when the org has only the event types every org gets free (Login, Logout, ApiTotalUsage, CORSViolation, HostnameRedirects) or none: that means no Event Monitoring licence. Otherwise passes when the oldest daily file's `LogDate` is at least `days` − 1 days before the collection (daily files appear the day after). A file without a `LogDate` is an error.",
    remediation: "Download event log files daily into your SIEM or storage (Salesforce keeps them 30 days with Event Monitoring, one day without), or buy Event Monitoring.",
    params: &[ParamSpec { name: "days", doc: "days of event logs that must be available", default: ParamDefault::Int(30) }],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let files = need(
        section(ctx.snapshot)?.event_log_files.as_ref(),
        LOGS,
        "event log files",
    )?;
    if files
        .iter()
        .all(|f| FREE_TYPES.contains(&f.event_type.as_str()))
    {
        return Ok(Outcome::not_applicable(
            "no Event Monitoring: the org has only the free event types",
            "Event Monitoring (Salesforce Shield or the add-on)",
        ));
    }
    let mut oldest = None;
    for file in files {
        let date = need(
            file.log_date.as_ref(),
            LOGS,
            &format!("LogDate of {}", file.id),
        )?;
        oldest = Some(oldest.map_or(*date, |o: chrono::DateTime<chrono::Utc>| o.min(*date)));
    }
    let oldest = oldest.expect("at least one licensed file");
    let days = ctx.params.int("days");
    let covered = (ctx.now.date_naive() - oldest.date_naive()).num_days();
    Ok(Outcome::verdict(
        covered < days - 1,
        format!(
            "event log files cover {covered} days (oldest {}), at least {days}",
            oldest.format("%Y-%m-%d")
        ),
        format!(
            "event log files cover only {covered} days (oldest {}), fewer than {days}",
            oldest.format("%Y-%m-%d")
        ),
    )
    .evidence(LOGS, "min($[*].LogDate)", oldest.to_rfc3339()))
}

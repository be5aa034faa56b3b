//! SF-ACC-05: login IP ranges enforced on every request.

use super::{bool_setting, security_settings, SECURITY_SETTINGS};
use crate::checks::{check_meta, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

const SETTING: &str = "sessionSettings.enforceIpRangesEveryRequest";

check_meta! {
    id: "SF-ACC-05",
    title: "Login IP ranges are enforced on every request",
    providers: &[Provider::Salesforce],
    area: Area::Access,
    severity: Severity::Medium,
    needs: &[SECURITY_SETTINGS],
    references: &["HC SessionSettings.enforceIpRangesEveryRequest"],
    rationale: "Without it, profile IP ranges are checked at login only; a session hijacked afterwards is usable from anywhere.",
    logic: "Passes when `sessionSettings.enforceIpRangesEveryRequest` (\"Enforce login IP ranges on every request\") is true.",
    remediation: "Setup → Session Settings: select \"Enforce login IP ranges on every request\".",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let on = bool_setting(security_settings(ctx.snapshot)?, SETTING)?;
    Ok(Outcome::verdict(
        !on,
        "login IP ranges are enforced on every request",
        "login IP ranges are checked at login only",
    )
    .evidence(SECURITY_SETTINGS, format!("Metadata.{SETTING}"), on))
}

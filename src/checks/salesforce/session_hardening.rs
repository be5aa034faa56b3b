//! SF-ACC-02: session hardening.

use super::{security_settings, settings_all_on, SECURITY_SETTINGS};
use crate::checks::{check_meta, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

const SETTINGS: [(&str, &str); 4] = [
    (
        "sessionSettings.lockSessionsToDomain",
        "Lock sessions to the domain in which they were first used",
    ),
    (
        "sessionSettings.requireHttpOnly",
        "Require HttpOnly attribute",
    ),
    (
        "sessionSettings.forceLogoutOnSessionTimeout",
        "Force logout on session timeout",
    ),
    (
        "sessionSettings.forceRelogin",
        "Force relogin after Login-As-User",
    ),
];

check_meta! {
    id: "SF-ACC-02",
    title: "Sessions are hardened against theft and reuse",
    providers: &[Provider::Salesforce],
    area: Area::Access,
    severity: Severity::High,
    needs: &[SECURITY_SETTINGS],
    references: &["HC SessionSettings"],
    rationale: "Session cookies readable by scripts, usable on other domains or left alive after timeout are what session hijacking needs.",
    logic: "Passes when all four SecuritySettings session fields are true: `lockSessionsToDomain`, `requireHttpOnly`, `forceLogoutOnSessionTimeout` and `forceRelogin`. Each one that is off is named. Locking sessions to the IP address is not required: Health Check rates it medium and it breaks users on mobile networks.",
    remediation: "Setup → Session Settings: select the settings the finding names.",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    settings_all_on(
        security_settings(ctx.snapshot)?,
        &SETTINGS,
        "sessions are locked to their domain, HttpOnly, logged out on timeout and re-authenticated after Login-As",
    )
}

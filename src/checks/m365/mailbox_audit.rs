//! M365-LOG-02: Mailbox auditing is on by default.

use super::exchange::{self, ORGANIZATION_CONFIG};
use crate::checks::{check_meta, need, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

check_meta! {
    id: "M365-LOG-02",
    title: "Mailbox auditing is on by default",
    providers: &[Provider::M365],
    area: Area::Logging,
    severity: Severity::Medium,
    needs: &[ORGANIZATION_CONFIG],
    references: &["MS.EXO.13.1v1"],
    rationale: "Mailbox audit records show who read or sent mail as whom, the first evidence asked for after a mailbox compromise.",
    logic: "Reads `Get-OrganizationConfig` through the Exchange Online admin API (collection `exchange_organization_config`; opt-in: `exchange_admin` under `[tenant.endpoints]`, Exchange.ManageAsApp and the Global Reader role). Passes when `AuditDisabled` is false, fails when true; a missing value is an error. Without the source configured the finding is `manual`.",
    remediation: "Exchange Online PowerShell: `Set-OrganizationConfig -AuditDisabled $false`.",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let config = exchange::organization_config(ctx)?;
    let disabled = *need(
        config.audit_disabled.as_ref(),
        ORGANIZATION_CONFIG,
        "AuditDisabled",
    )?;
    Ok(Outcome::verdict(
        disabled,
        "mailbox auditing is on by default (AuditDisabled false)",
        "mailbox auditing is off for the whole organisation (AuditDisabled true)",
    )
    .evidence(ORGANIZATION_CONFIG, "AuditDisabled", disabled))
}

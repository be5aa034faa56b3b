//! M365-LOG-02: Mailbox auditing is on by default.

use super::not_collected;
use crate::checks::{check_meta, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

check_meta! {
    id: "M365-LOG-02",
    title: "Mailbox auditing is on by default",
    providers: &[Provider::M365],
    area: Area::Logging,
    severity: Severity::Medium,
    needs: &[],
    references: &["MS.EXO.13.1v1"],
    rationale: "Mailbox audit records show who read or sent mail as whom, the first evidence asked for after a mailbox compromise.",
    logic: "The setting is only in the Exchange Online admin API (collection `exchange_online_admin`), which this configuration does not reach yet: the finding is `manual` and says what to look at. It should pass when the organisation config's `AuditDisabled` is false.",
    remediation: "Exchange Online PowerShell: `Set-OrganizationConfig -AuditDisabled $false`.",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    not_collected::manual(
        ctx,
        "exchange_online_admin",
        "Get-OrganizationConfig shows AuditDisabled False",
    )
}

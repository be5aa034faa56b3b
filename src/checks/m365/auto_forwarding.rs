//! M365-DATA-01: External automatic forwarding is off.

use super::not_collected;
use crate::checks::{check_meta, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

check_meta! {
    id: "M365-DATA-01",
    title: "External automatic forwarding is off",
    providers: &[Provider::M365],
    area: Area::Data,
    severity: Severity::High,
    needs: &[],
    references: &["MS.EXO.1.1v2", "CIS 6.2.1"],
    rationale: "Auto-forwarding to outside domains is the classic silent exfiltration rule after a mailbox takeover.",
    logic: "The setting is only in the Exchange Online admin API (collection `exchange_online_admin`), which this configuration does not reach yet: the finding is `manual` and says what to look at. It should pass when no remote domain has `AutoForwardEnabled` true, apart from an allow-list.",
    remediation: "Exchange admin center → Mail flow → Remote domains: turn off automatic forwarding for the Default (*) domain and every other one not explicitly approved.",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    not_collected::manual(
        ctx,
        "exchange_online_admin",
        "Get-RemoteDomain | ft DomainName,AutoForwardEnabled: no domain but approved partners has AutoForwardEnabled True",
    )
}

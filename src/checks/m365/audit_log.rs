//! M365-LOG-01: Unified audit log ingestion is on.

use super::not_collected;
use crate::checks::{check_meta, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

check_meta! {
    id: "M365-LOG-01",
    title: "Unified audit log ingestion is on",
    providers: &[Provider::M365],
    area: Area::Logging,
    severity: Severity::High,
    needs: &[],
    references: &["CIS 3.1.1"],
    rationale: "Without the unified audit log there is no record of who did what in Exchange, SharePoint, Teams or Entra to investigate with.",
    logic: "The setting is only in the Exchange Online admin API (collection `exchange_online_admin`), which this configuration does not reach yet: the finding is `manual` and says what to look at. It should pass when `UnifiedAuditLogIngestionEnabled` is true.",
    remediation: "Microsoft Purview portal → Audit → Start recording user and admin activity (or `Set-AdminAuditLogConfig -UnifiedAuditLogIngestionEnabled $true`).",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    not_collected::manual(
        ctx,
        "exchange_online_admin",
        "Get-AdminAuditLogConfig shows UnifiedAuditLogIngestionEnabled True (Purview portal → Audit shows recording is on)",
    )
}

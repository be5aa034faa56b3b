//! M365-LOG-01: Unified audit log ingestion is on.

use super::exchange::{self, ADMIN_AUDIT_LOG_CONFIG};
use crate::checks::{check_meta, need, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

check_meta! {
    id: "M365-LOG-01",
    title: "Unified audit log ingestion is on",
    providers: &[Provider::M365],
    area: Area::Logging,
    severity: Severity::High,
    needs: &[ADMIN_AUDIT_LOG_CONFIG],
    references: &["CIS 3.1.1"],
    rationale: "Without the unified audit log there is no record of who did what in Exchange, SharePoint, Teams or Entra to investigate with.",
    logic: "Reads `Get-AdminAuditLogConfig` through the Exchange Online admin API (collection `exchange_admin_audit_log_config`; opt-in: `exchange_admin` under `[tenant.endpoints]`, application permission Exchange.ManageAsApp and the Global Reader role). Passes when `UnifiedAuditLogIngestionEnabled` is true, fails when false; a missing value is an error. Without the source configured the finding is `manual`.",
    remediation: "Microsoft Purview portal → Audit → Start recording user and admin activity (or `Set-AdminAuditLogConfig -UnifiedAuditLogIngestionEnabled $true`).",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let config = exchange::admin_audit_log_config(ctx)?;
    let on = *need(
        config.unified_audit_log_ingestion_enabled.as_ref(),
        ADMIN_AUDIT_LOG_CONFIG,
        "UnifiedAuditLogIngestionEnabled",
    )?;
    Ok(Outcome::verdict(
        !on,
        "unified audit log ingestion is on",
        "unified audit log ingestion is off: no audit records are kept",
    )
    .evidence(
        ADMIN_AUDIT_LOG_CONFIG,
        "UnifiedAuditLogIngestionEnabled",
        on,
    ))
}

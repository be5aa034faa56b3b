//! Reading the Exchange Online admin collections (`Get-*` cmdlets' output).

use crate::checks::{need, Context, Missing};
use tenantaudit_connector::snapshot::m365::{
    AdminAuditLogConfig, DataEncryptionPolicy, ExchangeOrganizationConfig, RemoteDomain,
    SharingPolicy,
};

pub const ORGANIZATION_CONFIG: &str = "exchange_organization_config";
pub const ADMIN_AUDIT_LOG_CONFIG: &str = "exchange_admin_audit_log_config";
pub const REMOTE_DOMAINS: &str = "exchange_remote_domains";
pub const SHARING_POLICIES: &str = "exchange_sharing_policies";
pub const DATA_ENCRYPTION_POLICIES: &str = "exchange_data_encryption_policies";

pub fn organization_config<'a>(
    ctx: &Context<'a>,
) -> Result<&'a ExchangeOrganizationConfig, Missing> {
    need(
        super::section(ctx.snapshot)?
            .exchange_organization_config
            .as_ref(),
        ORGANIZATION_CONFIG,
        "Get-OrganizationConfig",
    )
}

pub fn admin_audit_log_config<'a>(ctx: &Context<'a>) -> Result<&'a AdminAuditLogConfig, Missing> {
    need(
        super::section(ctx.snapshot)?
            .exchange_admin_audit_log_config
            .as_ref(),
        ADMIN_AUDIT_LOG_CONFIG,
        "Get-AdminAuditLogConfig",
    )
}

pub fn remote_domains<'a>(ctx: &Context<'a>) -> Result<&'a [RemoteDomain], Missing> {
    need(
        super::section(ctx.snapshot)?
            .exchange_remote_domains
            .as_deref(),
        REMOTE_DOMAINS,
        "Get-RemoteDomain",
    )
}

pub fn sharing_policies<'a>(ctx: &Context<'a>) -> Result<&'a [SharingPolicy], Missing> {
    need(
        super::section(ctx.snapshot)?
            .exchange_sharing_policies
            .as_deref(),
        SHARING_POLICIES,
        "Get-SharingPolicy",
    )
}

pub fn data_encryption_policies<'a>(
    ctx: &Context<'a>,
) -> Result<&'a [DataEncryptionPolicy], Missing> {
    need(
        super::section(ctx.snapshot)?
            .exchange_data_encryption_policies
            .as_deref(),
        DATA_ENCRYPTION_POLICIES,
        "Get-DataEncryptionPolicy",
    )
}

/// The items whose `Enabled` is true; an item without `Enabled` is missing
/// evidence (a policy that may or may not apply decides nothing).
pub fn enabled<'a, T>(
    items: &'a [T],
    collection: &'static str,
    kind: &str,
    name: fn(&T) -> Option<&str>,
    enabled: fn(&T) -> Option<bool>,
) -> Result<Vec<&'a T>, Missing> {
    let mut on = Vec::new();
    for item in items {
        let label = name(item).unwrap_or("?");
        if *need(
            enabled(item).as_ref(),
            collection,
            &format!("Enabled of {kind} {label}"),
        )? {
            on.push(item);
        }
    }
    Ok(on)
}

//! Reading the SharePoint tenant settings (`admin/sharepoint/settings`).

use crate::checks::{need, Context, Missing};
use tenantaudit_connector::snapshot::m365::{SharepointSettings, SharepointTenant};

pub const COLLECTION: &str = "sharepoint_settings";

pub fn settings<'a>(ctx: &Context<'a>) -> Result<&'a SharepointSettings, Missing> {
    need(
        super::section(ctx.snapshot)?.sharepoint_settings.as_ref(),
        COLLECTION,
        "settings",
    )
}

/// `sharingCapability`, required by every sharing check.
pub fn capability<'a>(ctx: &Context<'a>) -> Result<&'a str, Missing> {
    need(
        settings(ctx)?.sharing_capability.as_deref(),
        COLLECTION,
        "sharingCapability",
    )
}

/// A boolean setting, named by its Graph property.
pub fn flag(
    ctx: &Context,
    value: fn(&SharepointSettings) -> Option<bool>,
    name: &str,
) -> Result<bool, Missing> {
    need(value(settings(ctx)?).as_ref(), COLLECTION, name).copied()
}

/// The SharePoint admin REST collection (`_api/SPO.Tenant`), opt-in.
pub const ADMIN: &str = "sharepoint_admin";

/// `SharingCapability` 2: Anyone links allowed.
pub const ANYONE: i64 = 2;

pub fn admin_tenant<'a>(ctx: &Context<'a>) -> Result<&'a SharepointTenant, Missing> {
    need(
        super::section(ctx.snapshot)?.sharepoint_tenant.as_ref(),
        ADMIN,
        "SPO.Tenant",
    )
}

/// An integer tenant property of `_api/SPO.Tenant`, named as the API names it.
pub fn admin_number(
    ctx: &Context,
    value: fn(&SharepointTenant) -> Option<i64>,
    name: &str,
) -> Result<i64, Missing> {
    need(value(admin_tenant(ctx)?).as_ref(), ADMIN, name).copied()
}

//! Reading the SharePoint tenant settings (`admin/sharepoint/settings`).

use crate::checks::{need, Context, Missing};
use tenantaudit_connector::snapshot::m365::SharepointSettings;

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

//! Which app permissions are high-risk, and reading service principals. Shared
//! by M365-APP-04, -05 and -09.

use crate::checks::{need, Context, Missing};
use std::collections::HashMap;
use tenantaudit_connector::snapshot::m365::ServicePrincipal;

pub const SERVICE_PRINCIPALS: &str = "service_principals";

/// Default high-risk permissions (M365-APP-04's list, plus the mail and
/// site permissions that give the same reach as delegated scopes).
pub const HIGH_RISK: &[&str] = &[
    "Directory.ReadWrite.All",
    "RoleManagement.ReadWrite.Directory",
    "Application.ReadWrite.All",
    "AppRoleAssignment.ReadWrite.All",
    "Mail.ReadWrite",
    "Mail.Send",
    "Files.ReadWrite.All",
    "Sites.FullControl.All",
    "Sites.ReadWrite.All",
    "User.ReadWrite.All",
];

/// Microsoft's own tenants: first-party apps are not third-party integrations.
pub const MICROSOFT_TENANTS: &[&str] = &[
    "f8cdef31-a31e-4b4a-93e4-5f571e91255a",
    "72f988bf-86f1-41af-91ab-2d7cd011db47",
];

pub fn service_principals<'a>(ctx: &Context<'a>) -> Result<&'a [ServicePrincipal], Missing> {
    need(
        super::section(ctx.snapshot)?.service_principals.as_deref(),
        SERVICE_PRINCIPALS,
        "service principals",
    )
}

/// Service principals by object id.
pub fn by_id(principals: &[ServicePrincipal]) -> HashMap<&str, &ServicePrincipal> {
    principals.iter().map(|sp| (sp.id.as_str(), sp)).collect()
}

/// Registered by another organisation (not this tenant, not Microsoft). An
/// unreported owner counts as foreign (fail closed).
pub fn third_party(sp: &ServicePrincipal, tenant_id: &str) -> bool {
    sp.app_owner_organization_id.as_deref().is_none_or(|owner| {
        !owner.eq_ignore_ascii_case(tenant_id)
            && !MICROSOFT_TENANTS
                .iter()
                .any(|m| m.eq_ignore_ascii_case(owner))
    })
}

pub fn name(sp: &ServicePrincipal) -> String {
    sp.display_name.clone().unwrap_or_else(|| sp.id.clone())
}

//! Access to the tenant's authorization policy, read by several checks.

use super::section;
use crate::checks::{need, Missing};
use tenantaudit_connector::snapshot::m365::{AuthorizationPolicy, DefaultUserRolePermissions};
use tenantaudit_connector::snapshot::Snapshot;

pub const COLLECTION: &str = "authorization_policy";

pub fn policy(snapshot: &Snapshot) -> Result<&AuthorizationPolicy, Missing> {
    need(
        section(snapshot)?.authorization_policy.as_ref(),
        COLLECTION,
        "policy",
    )
}

/// `defaultUserRolePermissions`: what every member may do by default.
pub fn default_user_permissions(
    snapshot: &Snapshot,
) -> Result<&DefaultUserRolePermissions, Missing> {
    need(
        policy(snapshot)?.default_user_role_permissions.as_ref(),
        COLLECTION,
        "defaultUserRolePermissions",
    )
}

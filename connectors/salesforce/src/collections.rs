//! Every Salesforce collection: its snapshot name, what the integration user
//! needs to read it, and its SOQL.

use tenantaudit_connector::collect::Spec;

pub const ORGANIZATION: Spec = Spec {
    name: "organization",
    permission: "API Enabled, View Setup and Configuration",
};
pub const ORGANIZATION_SOQL: &str =
    "SELECT Id, Name, OrganizationType, InstanceName, IsSandbox FROM Organization";

pub const USERS: Spec = Spec {
    name: "users",
    permission: "API Enabled, View All Users",
};
pub const USERS_SOQL: &str = "SELECT Id, Username, Name, Email, IsActive, UserType, LastLoginDate, CreatedDate, ProfileId, Profile.Name, FederationIdentifier FROM User";

pub const PERMISSION_SETS: Spec = Spec {
    name: "permission_sets",
    permission: "API Enabled, View Setup and Configuration",
};
pub const PERMISSION_SETS_SOQL: &str = "SELECT Id, Name, Label, IsOwnedByProfile, ProfileId, Profile.Name, PermissionsModifyAllData, PermissionsViewAllData, PermissionsApiEnabled, PermissionsAuthorApex, PermissionsCustomizeApplication, PermissionsManageUsers FROM PermissionSet";

pub const ASSIGNMENTS: Spec = Spec {
    name: "permission_set_assignments",
    permission: "API Enabled, View Setup and Configuration, View All Users",
};
/// Includes the assignments of profile-owned permission sets, so profile
/// permissions are resolved the same way as permission-set ones.
pub const ASSIGNMENTS_SOQL: &str =
    "SELECT Id, AssigneeId, PermissionSetId FROM PermissionSetAssignment";

pub const SECURITY_SETTINGS: Spec = Spec {
    name: "security_settings",
    permission: "API Enabled, View Setup and Configuration (Tooling API)",
};
/// Tooling allows the `Metadata` field only for a single row.
pub const SECURITY_SETTINGS_SOQL: &str = "SELECT Id, Metadata FROM SecuritySettings LIMIT 1";

pub const CONNECTED_APPS: Spec = Spec {
    name: "connected_apps",
    permission: "API Enabled, View Setup and Configuration",
};
pub const CONNECTED_APPS_SOQL: &str = "SELECT Id, Name, OptionsAllowAdminApprovedUsersOnly, OptionsRefreshTokenValidityMetric FROM ConnectedApplication";

pub const ALL: [Spec; 6] = [
    ORGANIZATION,
    USERS,
    PERMISSION_SETS,
    ASSIGNMENTS,
    SECURITY_SETTINGS,
    CONNECTED_APPS,
];

/// What the integration user needs, for `tenantaudit permissions salesforce`.
pub fn permissions() -> Vec<(&'static str, &'static str)> {
    ALL.iter()
        .map(|spec| (spec.name, spec.permission))
        .collect()
}

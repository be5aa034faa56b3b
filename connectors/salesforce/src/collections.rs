//! Every Salesforce collection: its snapshot name, what the integration user
//! needs to read it, and its SOQL. Field names are Salesforce's own (object
//! reference and Tooling API reference); the simulator refuses unknown ones.

use tenantaudit_connector::collect::Spec;

/// What every collection needs besides its own permission.
const BASE: &str = "API Enabled, View Setup and Configuration";

pub const ORGANIZATION: Spec = Spec {
    name: "organization",
    permission: BASE,
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
    permission: BASE,
};
/// Permissions every org has; queried as they are.
pub const PERMISSION_SETS_SOQL: &str = "SELECT Id, Name, Label, IsOwnedByProfile, ProfileId, Profile.Name, PermissionsModifyAllData, PermissionsViewAllData, PermissionsApiEnabled, PermissionsAuthorApex, PermissionsCustomizeApplication, PermissionsManageUsers";
/// Permissions that exist only with a feature (API Access Control) or are not
/// exposed in every org: describe decides which are queried.
pub const OPTIONAL_PERMISSIONS: [&str; 3] = [
    "PermissionsBypassMFAForUiLogins",
    "PermissionsUseAnyApiClient",
    "PermissionsCanApproveUninstalledApps",
];

pub const ASSIGNMENTS: Spec = Spec {
    name: "permission_set_assignments",
    permission: "API Enabled, View Setup and Configuration, View All Users",
};
/// Every assignment, inactive users' too: offboarding checks look for
/// deactivated users still holding permission sets. Includes the assignments
/// of profile-owned permission sets, so profile permissions resolve the same way.
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
    permission: BASE,
};
pub const CONNECTED_APPS_SOQL: &str = "SELECT Id, Name, OptionsAllowAdminApprovedUsersOnly, OptionsRefreshTokenValidityMetric, RefreshTokenValidityPeriod FROM ConnectedApplication";

pub const HEALTH_CHECK: Spec = Spec {
    name: "health_check",
    permission: "API Enabled, View Setup and Configuration, View Health Check (Tooling API)",
};
pub const HEALTH_CHECK_SOQL: &str =
    "SELECT Id, DurableId, Score, CustomBaselineId FROM SecurityHealthCheck";

pub const HEALTH_CHECK_RISKS: Spec = Spec {
    name: "health_check_risks",
    permission: "API Enabled, View Setup and Configuration, View Health Check (Tooling API)",
};
pub const HEALTH_CHECK_RISKS_SOQL: &str = "SELECT DurableId, Setting, SettingGroup, RiskType, OrgValue, OrgValueRaw, StandardValue FROM SecurityHealthCheckRisks";

pub const MFA_METHODS: Spec = Spec {
    name: "mfa_methods",
    permission: "API Enabled, View All Users, Manage Multi-Factor Authentication in API",
};
pub const MFA_METHODS_SOQL: &str = "SELECT UserId, HasSalesforceAuthenticator, HasTotp, HasU2F, HasSecurityKey, HasBuiltInAuthenticator FROM TwoFactorMethodsInfo";

pub const LOGIN_IP_RANGES: Spec = Spec {
    name: "login_ip_ranges",
    permission: BASE,
};
pub const LOGIN_IP_RANGES_SOQL: &str =
    "SELECT Id, ProfileId, StartAddress, EndAddress, Description FROM LoginIpRange";

pub const SHARING_MODELS: Spec = Spec {
    name: "sharing_models",
    permission: "API Enabled, View Setup and Configuration (Tooling API)",
};
pub const SHARING_MODELS_SOQL: &str = "SELECT QualifiedApiName, InternalSharingModel, ExternalSharingModel FROM EntityDefinition WHERE IsCustomizable = true";

pub const GUEST_OBJECT_PERMISSIONS: Spec = Spec {
    name: "guest_object_permissions",
    permission: BASE,
};
pub const GUEST_OBJECT_PERMISSIONS_SOQL: &str = "SELECT Id, ParentId, SobjectType, PermissionsRead, PermissionsCreate, PermissionsEdit, PermissionsDelete, PermissionsViewAllRecords, PermissionsModifyAllRecords FROM ObjectPermissions WHERE Parent.Profile.UserType = 'Guest'";

pub const OAUTH_TOKENS: Spec = Spec {
    name: "oauth_tokens",
    // Without Customize Application the query answers only the caller's own
    // tokens, which looks like a clean org: the permission is required.
    permission: "API Enabled, Customize Application (to see every user's tokens)",
};
/// Never the token columns (`AccessToken`, `DeleteToken`, `RequestToken`).
pub const OAUTH_TOKENS_SOQL: &str =
    "SELECT AppName, AppMenuItemId, UserId, CreatedDate, LastUsedDate, UseCount FROM OauthToken";

pub const CERTIFICATES: Spec = Spec {
    name: "certificates",
    permission: "API Enabled, View Setup and Configuration (Tooling API)",
};
pub const CERTIFICATES_SOQL: &str =
    "SELECT Id, DeveloperName, MasterLabel, ExpirationDate FROM Certificate";

pub const NAMED_CREDENTIALS: Spec = Spec {
    name: "named_credentials",
    permission: BASE,
};
pub const NAMED_CREDENTIALS_SOQL: &str =
    "SELECT Id, DeveloperName, MasterLabel, Endpoint FROM NamedCredential";

pub const REMOTE_SITES: Spec = Spec {
    name: "remote_sites",
    permission: "API Enabled, View Setup and Configuration (Tooling API)",
};
pub const REMOTE_SITES_SOQL: &str = "SELECT Id, SiteName, EndpointUrl, IsActive FROM RemoteProxy";

pub const EVENT_LOG_FILES: Spec = Spec {
    name: "event_log_files",
    permission: "API Enabled, View Event Log Files",
};
pub const EVENT_LOG_FILES_SOQL: &str =
    "SELECT Id, EventType, LogDate, Interval FROM EventLogFile WHERE Interval = 'Daily'";

pub const SETUP_AUDIT_TRAIL: Spec = Spec {
    name: "setup_audit_trail",
    permission: BASE,
};
/// The whole trail Salesforce keeps (180 days); checks apply their own window.
pub const SETUP_AUDIT_TRAIL_SOQL: &str = "SELECT Id, Action, Section, CreatedDate, CreatedById, CreatedBy.Username, DelegateUser, Display FROM SetupAuditTrail";

pub const FIELD_CLASSIFICATIONS: Spec = Spec {
    name: "field_classifications",
    permission: "API Enabled, View Setup and Configuration",
};
/// FieldDefinition must be filtered by its object, so one query per object,
/// sent together in one `composite` request.
pub const CLASSIFIED_OBJECTS: [&str; 5] = ["Account", "Contact", "Opportunity", "Case", "Lead"];
pub fn field_classifications_soql(object: &str) -> String {
    format!("SELECT QualifiedApiName, EntityDefinition.QualifiedApiName, SecurityClassification FROM FieldDefinition WHERE EntityDefinition.QualifiedApiName = '{object}'")
}

/// Shield Platform Encryption key material (never `SecretValue`). Whether
/// the org has Shield is decided by describe (see `encryption`).
pub const TENANT_SECRETS: Spec = Spec {
    name: "tenant_secrets",
    permission: "API Enabled, Manage Encryption Keys (not read-only: the only permission that reads TenantSecret)",
};
pub const TENANT_SECRETS_SOQL: &str =
    "SELECT Id, Type, Version, Status, Source, CreatedDate FROM TenantSecret";
pub const SHIELD_LICENCE: &str = "Salesforce Shield Platform Encryption";
/// The PermissionSet field of Manage Encryption Keys: an org shows it only
/// when it has Shield Platform Encryption.
pub const MANAGE_ENCRYPTION_KEYS: &str = "PermissionsManageEncryptionKeys";

pub const ALL: [Spec; 20] = [
    ORGANIZATION,
    USERS,
    PERMISSION_SETS,
    ASSIGNMENTS,
    SECURITY_SETTINGS,
    CONNECTED_APPS,
    HEALTH_CHECK,
    HEALTH_CHECK_RISKS,
    MFA_METHODS,
    LOGIN_IP_RANGES,
    SHARING_MODELS,
    GUEST_OBJECT_PERMISSIONS,
    OAUTH_TOKENS,
    CERTIFICATES,
    NAMED_CREDENTIALS,
    REMOTE_SITES,
    EVENT_LOG_FILES,
    SETUP_AUDIT_TRAIL,
    FIELD_CLASSIFICATIONS,
    TENANT_SECRETS,
];

/// What the integration user needs, for `tenantaudit permissions salesforce`.
pub fn permissions() -> Vec<(&'static str, &'static str)> {
    ALL.iter()
        .map(|spec| (spec.name, spec.permission))
        .collect()
}

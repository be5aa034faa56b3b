//! Every Graph collection: its snapshot name, the least-privileged application
//! permission it needs, and the request that reads it (v1.0, `$select`ed,
//! largest documented page size).

use tenantaudit_connector::collect::Spec;

pub const ORGANIZATION: Spec = Spec {
    name: "organization",
    permission: "Organization.Read.All",
};
pub const ORGANIZATION_PATH: &str =
    "organization?$select=id,displayName,verifiedDomains,onPremisesSyncEnabled";

pub const SUBSCRIBED_SKUS: Spec = Spec {
    name: "subscribed_skus",
    permission: "Organization.Read.All",
};
pub const SUBSCRIBED_SKUS_PATH: &str =
    "subscribedSkus?$select=skuId,skuPartNumber,capabilityStatus,servicePlans";

pub const USERS: Spec = Spec {
    name: "users",
    permission: "User.Read.All and AuditLog.Read.All (sign-in activity needs Entra ID P1)",
};

/// Selecting `signInActivity` caps `$top` at 500 (user-list, v1.0).
pub fn users_path() -> String {
    let select = [
        "id",
        "displayName",
        "userPrincipalName",
        "mail",
        "userType",
        "accountEnabled",
        "createdDateTime",
        "signInActivity",
        "onPremisesSyncEnabled",
        "onPremisesImmutableId",
        "externalUserState",
    ];
    format!("users?$select={}&$top=500", select.join(","))
}

pub const REGISTRATION: Spec = Spec {
    name: "user_registration_details",
    permission: "AuditLog.Read.All (needs Entra ID P1)",
};
pub const REGISTRATION_PATH: &str = "reports/authenticationMethods/userRegistrationDetails";

pub const CONDITIONAL_ACCESS: Spec = Spec {
    name: "conditional_access_policies",
    permission: "Policy.Read.All",
};
pub const CONDITIONAL_ACCESS_PATH: &str = "identity/conditionalAccess/policies";

/// The same policies from Graph beta: the agent-identity conditions
/// (MS.AAD.9.1v1) are documented there only.
pub const CONDITIONAL_ACCESS_BETA: Spec = Spec {
    name: "conditional_access_policies_beta",
    permission: "Policy.Read.All",
};

pub const AUTHORIZATION_POLICY: Spec = Spec {
    name: "authorization_policy",
    permission: "Policy.Read.All",
};
pub const AUTHORIZATION_POLICY_PATH: &str = "policies/authorizationPolicy";

pub const METHODS_POLICY: Spec = Spec {
    name: "authentication_methods_policy",
    permission: "Policy.Read.AuthenticationMethod",
};
pub const METHODS_POLICY_PATH: &str = "policies/authenticationMethodsPolicy";

/// The same policy from Graph beta, for the settings documented there only.
pub const METHODS_POLICY_BETA: Spec = Spec {
    name: "authentication_methods_policy_beta",
    permission: "Policy.Read.AuthenticationMethod",
};

pub const SECURITY_DEFAULTS: Spec = Spec {
    name: "security_defaults",
    permission: "Policy.Read.All",
};
pub const SECURITY_DEFAULTS_PATH: &str = "policies/identitySecurityDefaultsEnforcementPolicy";

pub const ROLE_ASSIGNMENTS: Spec = Spec {
    name: "role_assignments",
    permission: "RoleManagement.Read.Directory",
};
pub const ROLE_ASSIGNMENTS_PATH: &str =
    "roleManagement/directory/roleAssignments?$expand=principal";

/// PIM collections need Entra ID P2; without it they are `not_licensed`.
/// `$expand=principal` tells users from groups (ID-01 expands groups).
pub const ROLE_ELIGIBILITY: Spec = Spec {
    name: "role_eligibility_schedules",
    permission: "RoleEligibilitySchedule.Read.Directory (PIM, needs Entra ID P2)",
};
pub const ROLE_ELIGIBILITY_PATH: &str =
    "roleManagement/directory/roleEligibilityScheduleInstances?$expand=principal";

pub const ROLE_ASSIGNMENT_SCHEDULES: Spec = Spec {
    name: "role_assignment_schedules",
    permission: "RoleAssignmentSchedule.Read.Directory (PIM, needs Entra ID P2)",
};
pub const ROLE_ASSIGNMENT_SCHEDULES_PATH: &str =
    "roleManagement/directory/roleAssignmentScheduleInstances?$expand=principal";

/// Members of each group holding a privileged role, read after the role
/// assignments (role-assignable groups cannot nest groups).
pub const ROLE_GROUP_MEMBERS: Spec = Spec {
    name: "role_group_members",
    permission: "GroupMember.Read.All",
};
pub fn role_group_members_path(group_id: &str) -> String {
    format!("groups/{group_id}/members?$select=id,displayName,userPrincipalName,accountEnabled&$top=999")
}

/// Only Global Administrator's policy is read (M365-ID-04); the filter on
/// scope is required by the API.
pub const ROLE_POLICIES: Spec = Spec {
    name: "role_management_policies",
    permission: "RoleManagementPolicy.Read.Directory (PIM, needs Entra ID P2)",
};
pub const ROLE_POLICIES_PATH: &str = "policies/roleManagementPolicyAssignments?$filter=scopeId eq '/' and scopeType eq 'DirectoryRole' and roleDefinitionId eq '62e90394-69f5-4237-9190-012177145e10'&$expand=policy($expand=rules)";

pub const DOMAINS: Spec = Spec {
    name: "domains",
    permission: "Domain.Read.All",
};
pub const DOMAINS_PATH: &str =
    "domains?$select=id,authenticationType,isVerified,passwordValidityPeriodInDays";

pub const GROUP_SETTINGS: Spec = Spec {
    name: "group_settings",
    permission: "GroupSettings.Read.All",
};
pub const GROUP_SETTINGS_PATH: &str = "groupSettings";

pub const ADMIN_CONSENT_POLICY: Spec = Spec {
    name: "admin_consent_request_policy",
    permission: "Policy.Read.All",
};
pub const ADMIN_CONSENT_POLICY_PATH: &str = "policies/adminConsentRequestPolicy";

pub const APP_MANAGEMENT_POLICY: Spec = Spec {
    name: "default_app_management_policy",
    permission: "Policy.Read.ApplicationConfiguration",
};
pub const APP_MANAGEMENT_POLICY_PATH: &str = "policies/defaultAppManagementPolicy";

pub const APPLICATIONS: Spec = Spec {
    name: "applications",
    permission: "Application.Read.All",
};
pub const APPLICATIONS_PATH: &str = "applications?$select=id,appId,displayName,signInAudience,passwordCredentials,keyCredentials&$expand=owners($select=id,displayName,userPrincipalName,accountEnabled)&$top=999";

pub const SERVICE_PRINCIPALS: Spec = Spec {
    name: "service_principals",
    permission: "Application.Read.All",
};
pub const SERVICE_PRINCIPALS_PATH: &str = "servicePrincipals?$select=id,appId,displayName,appOwnerOrganizationId,servicePrincipalType,accountEnabled,verifiedPublisher,appRoles&$expand=appRoleAssignments&$top=999";

/// No `$top` is documented for this list; Graph pages it itself.
pub const OAUTH2_GRANTS: Spec = Spec {
    name: "oauth2_permission_grants",
    permission: "Directory.Read.All",
};
pub const OAUTH2_GRANTS_PATH: &str = "oauth2PermissionGrants";

pub const SHAREPOINT_SETTINGS: Spec = Spec {
    name: "sharepoint_settings",
    permission: "SharePointTenantSettings.Read.All",
};
pub const SHAREPOINT_SETTINGS_PATH: &str = "admin/sharepoint/settings";

/// Every label of the tenant, published or not: which labels a label policy
/// publishes to users has no documented application API.
pub const SENSITIVITY_LABELS: Spec = Spec {
    name: "sensitivity_labels",
    permission: "SensitivityLabel.Read",
};
pub const SENSITIVITY_LABELS_PATH: &str = "security/dataSecurityAndGovernance/sensitivityLabels";
/// Microsoft Graph documents no endpoint for the risky-user alert recipients.
pub const IDENTITY_PROTECTION_NOTIFICATIONS: Spec = Spec {
    name: "identity_protection_notifications",
    permission: "no documented API (Entra admin center → Identity Protection → Notifications; needs Entra ID P2)",
};

/// The least-privileged application permissions, for `tenantaudit permissions m365`.
pub fn permissions() -> Vec<(&'static str, &'static str)> {
    [
        ORGANIZATION,
        SUBSCRIBED_SKUS,
        USERS,
        REGISTRATION,
        CONDITIONAL_ACCESS,
        CONDITIONAL_ACCESS_BETA,
        AUTHORIZATION_POLICY,
        METHODS_POLICY,
        METHODS_POLICY_BETA,
        SECURITY_DEFAULTS,
        ROLE_ASSIGNMENTS,
        ROLE_ELIGIBILITY,
        ROLE_GROUP_MEMBERS,
        ROLE_ASSIGNMENT_SCHEDULES,
        ROLE_POLICIES,
        DOMAINS,
        GROUP_SETTINGS,
        ADMIN_CONSENT_POLICY,
        APP_MANAGEMENT_POLICY,
        APPLICATIONS,
        SERVICE_PRINCIPALS,
        OAUTH2_GRANTS,
        SHAREPOINT_SETTINGS,
        SENSITIVITY_LABELS,
    ]
    .into_iter()
    .map(|spec| (spec.name, spec.permission))
    .collect()
}

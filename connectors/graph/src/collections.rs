//! Every Graph collection: its snapshot name, the least-privileged application
//! permission it needs, and the request that reads it (v1.0, `$select`ed,
//! largest documented page size).

use tenantaudit_connector::collect::Spec;

pub const ORGANIZATION: Spec = Spec {
    name: "organization",
    permission: "Organization.Read.All",
};
pub const ORGANIZATION_PATH: &str = "organization?$select=id,displayName,verifiedDomains";

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

/// The least-privileged application permissions, for `tenantaudit permissions m365`.
pub fn permissions() -> Vec<(&'static str, &'static str)> {
    [
        ORGANIZATION,
        SUBSCRIBED_SKUS,
        USERS,
        REGISTRATION,
        CONDITIONAL_ACCESS,
        AUTHORIZATION_POLICY,
        METHODS_POLICY,
        SECURITY_DEFAULTS,
        ROLE_ASSIGNMENTS,
    ]
    .into_iter()
    .map(|spec| (spec.name, spec.permission))
    .collect()
}

//! Microsoft 365 provider section: Graph resources as the API returns them
//! (camelCase, documented property names), keeping only what checks read.
//! Unknown properties are dropped here but stay covered by the raw-page hash.
//! A field a check needs is an `Option`, so a missing one is visible as such.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Each field is `None` when its collection was not collected successfully.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct M365Section {
    pub organization: Option<Organization>,
    pub subscribed_skus: Option<Vec<SubscribedSku>>,
    pub users: Option<Vec<User>>,
    pub user_registration_details: Option<Vec<UserRegistrationDetails>>,
    pub conditional_access_policies: Option<Vec<ConditionalAccessPolicy>>,
    /// The same policies read from Graph beta, the only version that documents
    /// the agent-identity conditions (`agentIdRiskLevels`,
    /// `clientApplications.includeAgentIdServicePrincipals`).
    pub conditional_access_policies_beta: Option<Vec<ConditionalAccessPolicy>>,
    pub authorization_policy: Option<AuthorizationPolicy>,
    pub authentication_methods_policy: Option<AuthenticationMethodsPolicy>,
    /// The same policy from Graph beta, the only version that documents
    /// `reportSuspiciousActivitySettings` and `systemCredentialPreferences`.
    pub authentication_methods_policy_beta: Option<AuthenticationMethodsPolicy>,
    pub security_defaults: Option<SecurityDefaultsPolicy>,
    pub role_assignments: Option<Vec<RoleAssignment>>,
    /// PIM eligible assignments (Entra ID P2).
    pub role_eligibility_schedule_instances: Option<Vec<RoleScheduleInstance>>,
    /// PIM active assignments, permanent and activated (Entra ID P2).
    pub role_assignment_schedule_instances: Option<Vec<RoleScheduleInstance>>,
    /// Members of the groups that hold a privileged role (active or
    /// eligible), one entry per group.
    pub role_group_members: Option<Vec<GroupMembers>>,
    /// PIM settings of Global Administrator (Entra ID P2).
    pub role_management_policy_assignments: Option<Vec<RoleManagementPolicyAssignment>>,
    pub domains: Option<Vec<Domain>>,
    /// Tenant-wide directory settings (`groupSettings`).
    pub group_settings: Option<Vec<GroupSetting>>,
    pub admin_consent_request_policy: Option<AdminConsentRequestPolicy>,
    pub default_app_management_policy: Option<TenantAppManagementPolicy>,
    pub applications: Option<Vec<Application>>,
    pub service_principals: Option<Vec<ServicePrincipal>>,
    pub oauth2_permission_grants: Option<Vec<OAuth2PermissionGrant>>,
    /// SharePoint and OneDrive tenant settings (`admin/sharepoint/settings`).
    pub sharepoint_settings: Option<SharepointSettings>,
    /// Sensitivity labels of the tenant (`security/dataSecurityAndGovernance/sensitivityLabels`).
    pub sensitivity_labels: Option<Vec<SensitivityLabel>>,
    /// Exchange Online `Get-OrganizationConfig` (admin API, when configured).
    pub exchange_organization_config: Option<ExchangeOrganizationConfig>,
    /// Exchange Online `Get-AdminAuditLogConfig`.
    pub exchange_admin_audit_log_config: Option<AdminAuditLogConfig>,
    /// Exchange Online `Get-RemoteDomain`.
    pub exchange_remote_domains: Option<Vec<RemoteDomain>>,
    /// Exchange Online `Get-SharingPolicy`.
    pub exchange_sharing_policies: Option<Vec<SharingPolicy>>,
    /// Exchange Online `Get-DataEncryptionPolicy` (Customer Key).
    pub exchange_data_encryption_policies: Option<Vec<DataEncryptionPolicy>>,
    /// SharePoint admin REST `_api/SPO.Tenant` (when configured).
    pub sharepoint_tenant: Option<SharepointTenant>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Organization {
    pub id: String,
    pub display_name: Option<String>,
    #[serde(default, deserialize_with = "empty_if_null")]
    pub verified_domains: Vec<VerifiedDomain>,
    /// True while directory synchronisation from on-premises is on.
    pub on_premises_sync_enabled: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct VerifiedDomain {
    pub name: String,
    pub is_default: Option<bool>,
    pub is_initial: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SubscribedSku {
    pub sku_id: String,
    pub sku_part_number: Option<String>,
    pub capability_status: Option<String>,
    #[serde(default, deserialize_with = "empty_if_null")]
    pub service_plans: Vec<ServicePlanInfo>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ServicePlanInfo {
    pub service_plan_id: String,
    pub service_plan_name: Option<String>,
    pub provisioning_status: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub id: String,
    pub display_name: Option<String>,
    pub user_principal_name: Option<String>,
    pub mail: Option<String>,
    /// `Member` or `Guest`.
    pub user_type: Option<String>,
    pub account_enabled: Option<bool>,
    pub created_date_time: Option<DateTime<Utc>>,
    pub sign_in_activity: Option<SignInActivity>,
    pub on_premises_sync_enabled: Option<bool>,
    pub on_premises_immutable_id: Option<String>,
    pub external_user_state: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SignInActivity {
    #[serde(default, deserialize_with = "graph_time")]
    pub last_sign_in_date_time: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "graph_time")]
    pub last_non_interactive_sign_in_date_time: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "graph_time")]
    pub last_successful_sign_in_date_time: Option<DateTime<Utc>>,
}

/// Graph reports "no sign-in" as null, as `""` or as `0001-01-01T00:00:00Z`
/// (all three appear in Microsoft's own examples); each means never.
fn graph_time<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
    let text = Option::<String>::deserialize(d)?.unwrap_or_default();
    if text.is_empty() || text.starts_with("0001-01-01") {
        return Ok(None);
    }
    DateTime::parse_from_rfc3339(&text)
        .map(|t| Some(t.with_timezone(&Utc)))
        .map_err(|_| serde::de::Error::custom(format!("invalid timestamp {text:?}")))
}

impl SignInActivity {
    /// The latest sign-in of any kind: a user who only signs in non-interactively
    /// (a synced mail client, say) is not dormant.
    pub fn latest(&self) -> Option<DateTime<Utc>> {
        [
            self.last_sign_in_date_time,
            self.last_non_interactive_sign_in_date_time,
            self.last_successful_sign_in_date_time,
        ]
        .into_iter()
        .flatten()
        .max()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserRegistrationDetails {
    pub id: String,
    pub user_principal_name: Option<String>,
    pub user_display_name: Option<String>,
    /// `member` or `guest`.
    pub user_type: Option<String>,
    pub is_admin: Option<bool>,
    pub is_mfa_capable: Option<bool>,
    pub is_mfa_registered: Option<bool>,
    #[serde(default, deserialize_with = "empty_if_null")]
    pub methods_registered: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ConditionalAccessPolicy {
    pub id: String,
    pub display_name: Option<String>,
    /// `enabled`, `disabled` or `enabledForReportingButNotEnforced`.
    pub state: String,
    pub conditions: Conditions,
    pub grant_controls: Option<GrantControls>,
    pub session_controls: Option<SessionControls>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Conditions {
    pub users: Option<UsersCondition>,
    pub applications: Option<ApplicationsCondition>,
    #[serde(default, deserialize_with = "empty_if_null")]
    pub client_app_types: Vec<String>,
    #[serde(default, deserialize_with = "empty_if_null")]
    pub user_risk_levels: Vec<String>,
    #[serde(default, deserialize_with = "empty_if_null")]
    pub sign_in_risk_levels: Vec<String>,
    pub locations: Option<LocationsCondition>,
    pub platforms: Option<PlatformsCondition>,
    pub authentication_flows: Option<AuthenticationFlows>,
    /// Beta only: a flag enum sent as one comma-joined string (`low`,
    /// `medium`, `high`).
    pub agent_id_risk_levels: Option<String>,
    pub client_applications: Option<ClientApplicationsCondition>,
}

/// Service principals, and (beta only) agent identities, a policy covers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ClientApplicationsCondition {
    #[serde(default, deserialize_with = "empty_if_null")]
    pub include_agent_id_service_principals: Vec<String>,
    #[serde(default, deserialize_with = "empty_if_null")]
    pub exclude_agent_id_service_principals: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PlatformsCondition {
    #[serde(default, deserialize_with = "empty_if_null")]
    pub include_platforms: Vec<String>,
    #[serde(default, deserialize_with = "empty_if_null")]
    pub exclude_platforms: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct LocationsCondition {
    #[serde(default, deserialize_with = "empty_if_null")]
    pub include_locations: Vec<String>,
    #[serde(default, deserialize_with = "empty_if_null")]
    pub exclude_locations: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuthenticationFlows {
    /// A flag enum sent as one comma-joined string: `deviceCodeFlow`,
    /// `authenticationTransfer`.
    pub transfer_methods: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UsersCondition {
    #[serde(default, deserialize_with = "empty_if_null")]
    pub include_users: Vec<String>,
    #[serde(default, deserialize_with = "empty_if_null")]
    pub exclude_users: Vec<String>,
    #[serde(default, deserialize_with = "empty_if_null")]
    pub include_groups: Vec<String>,
    #[serde(default, deserialize_with = "empty_if_null")]
    pub exclude_groups: Vec<String>,
    #[serde(default, deserialize_with = "empty_if_null")]
    pub include_roles: Vec<String>,
    #[serde(default, deserialize_with = "empty_if_null")]
    pub exclude_roles: Vec<String>,
    /// Kept as the API sends it; any value here is an exclusion to report.
    pub exclude_guests_or_external_users: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ApplicationsCondition {
    #[serde(default, deserialize_with = "empty_if_null")]
    pub include_applications: Vec<String>,
    #[serde(default, deserialize_with = "empty_if_null")]
    pub exclude_applications: Vec<String>,
    #[serde(default, deserialize_with = "empty_if_null")]
    pub include_user_actions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GrantControls {
    /// `AND` or `OR`.
    pub operator: Option<String>,
    #[serde(default, deserialize_with = "empty_if_null")]
    pub built_in_controls: Vec<String>,
    pub authentication_strength: Option<AuthenticationStrength>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuthenticationStrength {
    pub id: String,
    pub display_name: Option<String>,
    #[serde(default, deserialize_with = "empty_if_null")]
    pub allowed_combinations: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SessionControls {
    pub sign_in_frequency: Option<serde_json::Value>,
    pub persistent_browser: Option<serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuthorizationPolicy {
    pub id: String,
    pub allow_invites_from: Option<String>,
    pub guest_user_role_id: Option<String>,
    #[serde(rename = "allowedToUseSSPR")]
    pub allowed_to_use_sspr: Option<bool>,
    pub allowed_to_sign_up_email_based_subscriptions: Option<bool>,
    pub allow_email_verified_users_to_join_organization: Option<bool>,
    pub allow_user_consent_for_risky_apps: Option<bool>,
    pub default_user_role_permissions: Option<DefaultUserRolePermissions>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct DefaultUserRolePermissions {
    pub allowed_to_create_apps: Option<bool>,
    pub allowed_to_create_security_groups: Option<bool>,
    pub allowed_to_create_tenants: Option<bool>,
    pub allowed_to_read_bitlocker_keys_for_owned_device: Option<bool>,
    pub allowed_to_read_other_users: Option<bool>,
    pub permission_grant_policies_assigned: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuthenticationMethodsPolicy {
    pub id: String,
    pub policy_migration_state: Option<String>,
    /// Beta only: `state`, `includeTarget`, `voiceReportingCode`.
    pub report_suspicious_activity_settings: Option<serde_json::Value>,
    /// Beta only, system-preferred MFA: `state`, `includeTargets`, `excludeTargets`.
    pub system_credential_preferences: Option<serde_json::Value>,
    #[serde(default, deserialize_with = "empty_if_null")]
    pub authentication_method_configurations: Vec<AuthenticationMethodConfiguration>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuthenticationMethodConfiguration {
    /// `Fido2`, `MicrosoftAuthenticator`, `Sms`, `Voice`, `Email`, ...
    pub id: String,
    /// `enabled` or `disabled`.
    pub state: Option<String>,
    /// The method's own settings, as the API sends them.
    #[serde(flatten)]
    pub settings: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SecurityDefaultsPolicy {
    pub id: String,
    pub is_enabled: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RoleAssignment {
    pub id: String,
    pub principal_id: String,
    /// The role template id for built-in roles.
    pub role_definition_id: String,
    pub directory_scope_id: Option<String>,
    pub principal: Option<DirectoryObject>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct DirectoryObject {
    pub id: String,
    #[serde(rename = "@odata.type")]
    pub odata_type: Option<String>,
    pub display_name: Option<String>,
    pub user_principal_name: Option<String>,
    /// Users and service principals only.
    #[serde(default)]
    pub account_enabled: Option<bool>,
}

/// The members of one group (`GET groups/{id}/members`); not a Graph resource
/// itself, but Graph's member objects keyed by the group they were read from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GroupMembers {
    pub group_id: String,
    pub members: Vec<DirectoryObject>,
}

/// A PIM schedule instance (`unifiedRoleEligibilityScheduleInstance` or
/// `unifiedRoleAssignmentScheduleInstance`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RoleScheduleInstance {
    pub id: String,
    pub principal_id: String,
    pub role_definition_id: String,
    pub directory_scope_id: Option<String>,
    pub start_date_time: Option<DateTime<Utc>>,
    /// `null` for a permanent assignment.
    pub end_date_time: Option<DateTime<Utc>>,
    /// Active instances only: `Assigned` or `Activated`.
    pub assignment_type: Option<String>,
    /// `Direct`, `Group` or `Inherited`.
    pub member_type: Option<String>,
    pub principal: Option<DirectoryObject>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RoleManagementPolicyAssignment {
    pub id: String,
    pub policy_id: Option<String>,
    pub role_definition_id: Option<String>,
    pub scope_id: Option<String>,
    pub scope_type: Option<String>,
    pub policy: Option<RoleManagementPolicy>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RoleManagementPolicy {
    pub id: String,
    #[serde(default, deserialize_with = "empty_if_null")]
    pub rules: Vec<RoleManagementPolicyRule>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RoleManagementPolicyRule {
    /// e.g. `Approval_EndUser_Assignment`.
    pub id: String,
    #[serde(rename = "@odata.type")]
    pub odata_type: Option<String>,
    /// The rule's own properties (`setting`, `target`, ...), as the API sends them.
    #[serde(flatten)]
    pub settings: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Domain {
    pub id: String,
    /// `Managed` or `Federated`.
    pub authentication_type: Option<String>,
    pub is_verified: Option<bool>,
    pub password_validity_period_in_days: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GroupSetting {
    pub id: String,
    pub display_name: Option<String>,
    pub template_id: Option<String>,
    #[serde(default, deserialize_with = "empty_if_null")]
    pub values: Vec<SettingValue>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SettingValue {
    pub name: String,
    pub value: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AdminConsentRequestPolicy {
    pub is_enabled: Option<bool>,
    pub notify_reviewers: Option<bool>,
    pub reminders_enabled: Option<bool>,
    pub request_duration_in_days: Option<i64>,
    #[serde(default, deserialize_with = "empty_if_null")]
    pub reviewers: Vec<AccessReviewReviewerScope>,
    pub version: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AccessReviewReviewerScope {
    pub query: Option<String>,
    pub query_type: Option<String>,
    pub query_root: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TenantAppManagementPolicy {
    pub id: String,
    pub is_enabled: Option<bool>,
    pub application_restrictions: Option<AppManagementConfiguration>,
    /// The same restrictions for credentials added to service principals.
    pub service_principal_restrictions: Option<AppManagementConfiguration>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AppManagementConfiguration {
    #[serde(default, deserialize_with = "empty_if_null")]
    pub password_credentials: Vec<CredentialRestriction>,
    #[serde(default, deserialize_with = "empty_if_null")]
    pub key_credentials: Vec<CredentialRestriction>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CredentialRestriction {
    /// e.g. `passwordAddition`, `passwordLifetime`, `asymmetricKeyLifetime`.
    pub restriction_type: Option<String>,
    /// `enabled` or `disabled`; older policies omit it.
    pub state: Option<String>,
    /// ISO 8601 duration, e.g. `P365D`.
    pub max_lifetime: Option<String>,
    pub restrict_for_apps_created_after_date_time: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Application {
    pub id: String,
    pub app_id: Option<String>,
    pub display_name: Option<String>,
    pub sign_in_audience: Option<String>,
    #[serde(default, deserialize_with = "empty_if_null")]
    pub password_credentials: Vec<Credential>,
    #[serde(default, deserialize_with = "empty_if_null")]
    pub key_credentials: Vec<Credential>,
    /// From `$expand=owners`; required, so that a response without it is
    /// malformed rather than read as "no owners".
    #[serde(deserialize_with = "empty_if_null")]
    pub owners: Vec<DirectoryObject>,
}

/// A `passwordCredential` or `keyCredential`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Credential {
    pub key_id: Option<String>,
    pub display_name: Option<String>,
    pub start_date_time: Option<DateTime<Utc>>,
    pub end_date_time: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ServicePrincipal {
    pub id: String,
    pub app_id: Option<String>,
    pub display_name: Option<String>,
    /// The tenant that registered the app.
    pub app_owner_organization_id: Option<String>,
    pub service_principal_type: Option<String>,
    pub account_enabled: Option<bool>,
    pub verified_publisher: Option<VerifiedPublisher>,
    /// Roles this app (as a resource) defines.
    #[serde(default, deserialize_with = "empty_if_null")]
    pub app_roles: Vec<AppRole>,
    /// Roles granted to this app (from `$expand=appRoleAssignments`);
    /// required, so that a response without it is malformed rather than
    /// read as "no roles".
    #[serde(deserialize_with = "empty_if_null")]
    pub app_role_assignments: Vec<AppRoleAssignment>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct VerifiedPublisher {
    pub display_name: Option<String>,
    pub verified_publisher_id: Option<String>,
    pub added_date_time: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AppRole {
    pub id: String,
    /// The permission name, e.g. `Directory.ReadWrite.All`.
    pub value: Option<String>,
    pub display_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AppRoleAssignment {
    pub id: String,
    pub app_role_id: String,
    pub principal_id: Option<String>,
    pub principal_type: Option<String>,
    /// The resource service principal's object id.
    pub resource_id: String,
    pub resource_display_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct OAuth2PermissionGrant {
    pub id: String,
    /// Object id of the client service principal.
    pub client_id: String,
    /// `AllPrincipals` (tenant-wide) or `Principal`.
    pub consent_type: Option<String>,
    pub principal_id: Option<String>,
    pub resource_id: Option<String>,
    /// Space-separated delegated permissions.
    pub scope: Option<String>,
}

impl OAuth2PermissionGrant {
    pub fn scopes(&self) -> Vec<String> {
        self.scope
            .as_deref()
            .unwrap_or_default()
            .split_whitespace()
            .map(str::to_string)
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SharepointSettings {
    /// `disabled`, `externalUserSharingOnly`, `externalUserAndGuestSharing`,
    /// `existingExternalUserSharingOnly`.
    pub sharing_capability: Option<String>,
    /// `none`, `allowList`, `blockList`.
    pub sharing_domain_restriction_mode: Option<String>,
    pub sharing_allowed_domain_list: Option<Vec<String>>,
    pub is_resharing_by_external_users_enabled: Option<bool>,
    pub is_require_accepting_user_to_match_invited_user_enabled: Option<bool>,
    pub is_legacy_auth_protocols_enabled: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SensitivityLabel {
    pub id: String,
    pub name: Option<String>,
    pub display_name: Option<String>,
    pub is_enabled: Option<bool>,
}

// Exchange Online admin API objects: the cmdlets' output properties, PascalCase
// as the API sends them (`X-ResponseFormat: json`).

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase")]
pub struct ExchangeOrganizationConfig {
    pub name: Option<String>,
    /// `true` turns mailbox auditing off for the whole organisation.
    pub audit_disabled: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase")]
pub struct AdminAuditLogConfig {
    pub unified_audit_log_ingestion_enabled: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase")]
pub struct RemoteDomain {
    /// The object's immutable id.
    pub guid: Option<String>,
    pub name: Option<String>,
    /// `*` for the Default remote domain.
    pub domain_name: Option<String>,
    pub auto_forward_enabled: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase")]
pub struct SharingPolicy {
    pub guid: Option<String>,
    pub name: Option<String>,
    pub enabled: Option<bool>,
    /// Whether the policy applies to mailboxes that name no other.
    pub default: Option<bool>,
    /// `domain:Action,Action`, e.g. `*:CalendarSharingFreeBusySimple`.
    /// Required, so that an answer without it is malformed rather than read
    /// as "shares nothing".
    #[serde(deserialize_with = "empty_if_null")]
    pub domains: Vec<String>,
}

/// A Customer Key data encryption policy of Exchange Online mailboxes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase")]
pub struct DataEncryptionPolicy {
    pub guid: Option<String>,
    pub name: Option<String>,
    pub enabled: Option<bool>,
    /// The Azure Key Vault keys the policy wraps mailbox keys with.
    #[serde(rename = "AzureKeyIDs", default, deserialize_with = "empty_if_null")]
    pub azure_key_ids: Vec<String>,
}

/// `GET {sharepoint_admin}/_api/SPO.Tenant` (`odata=nometadata`): the
/// properties `Get-SPOTenant` shows, enums as their numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase")]
pub struct SharepointTenant {
    /// 0 Disabled, 1 ExternalUserSharingOnly, 2 ExternalUserAndGuestSharing
    /// (Anyone links), 3 ExistingExternalUserSharingOnly.
    pub sharing_capability: Option<i64>,
    /// 0 None, 1 Direct (specific people), 2 Internal, 3 AnonymousAccess.
    pub default_sharing_link_type: Option<i64>,
    /// 0 None, 1 View, 2 Edit.
    pub default_link_permission: Option<i64>,
    /// Days after which Anyone links expire; 0 (or less) means never.
    pub require_anonymous_links_expire_in_days: Option<i64>,
}

/// Graph sends some list properties as `null` rather than `[]`; both mean none.
fn empty_if_null<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

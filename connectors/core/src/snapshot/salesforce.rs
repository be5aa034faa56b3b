//! Salesforce provider section: sObjects and metadata as the API returns them
//! (PascalCase field names, relationships nested), keeping what checks read.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Each field is `None` when its collection was not collected successfully.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub struct SalesforceSection {
    pub organization: Option<Organization>,
    pub users: Option<Vec<User>>,
    pub permission_sets: Option<Vec<PermissionSet>>,
    pub permission_set_assignments: Option<Vec<PermissionSetAssignment>>,
    pub security_settings: Option<SecuritySettings>,
    pub connected_apps: Option<Vec<ConnectedApplication>>,
    /// The optional `Permissions*` fields of PermissionSet that describe
    /// reported, and so were queried. A permission missing here does not exist
    /// in this org (feature off, or not exposed to the API).
    #[serde(default)]
    pub permission_set_fields: Option<Vec<String>>,
    #[serde(default)]
    pub health_check: Option<HealthCheck>,
    #[serde(default)]
    pub health_check_risks: Option<Vec<HealthCheckRisk>>,
    #[serde(default)]
    pub mfa_methods: Option<Vec<TwoFactorMethodsInfo>>,
    #[serde(default)]
    pub login_ip_ranges: Option<Vec<LoginIpRange>>,
    #[serde(default)]
    pub sharing_models: Option<Vec<EntitySharing>>,
    #[serde(default)]
    pub guest_object_permissions: Option<Vec<ObjectPermission>>,
    #[serde(default)]
    pub oauth_tokens: Option<Vec<OauthToken>>,
    #[serde(default)]
    pub certificates: Option<Vec<Certificate>>,
    #[serde(default)]
    pub named_credentials: Option<Vec<NamedCredential>>,
    #[serde(default)]
    pub remote_sites: Option<Vec<RemoteSite>>,
    #[serde(default)]
    pub event_log_files: Option<Vec<EventLogFile>>,
    #[serde(default)]
    pub setup_audit_trail: Option<Vec<SetupAuditTrailEntry>>,
    #[serde(default)]
    pub field_classifications: Option<Vec<FieldDefinition>>,
    /// Shield Platform Encryption tenant secrets (metadata only).
    #[serde(default)]
    pub tenant_secrets: Option<Vec<TenantSecret>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase")]
pub struct TenantSecret {
    pub id: String,
    /// `Data`, `SearchIndex`, `EventBus`, `DeterministicData`, …
    #[serde(rename = "Type")]
    pub secret_type: Option<String>,
    pub version: Option<i64>,
    /// `ACTIVE`, `ARCHIVED` or `DESTROYED`.
    pub status: Option<String>,
    /// `HSM` (Salesforce-generated), `UPLOADED` (BYOK) or `REMOTE` (cache-only keys).
    pub source: Option<String>,
    #[serde(default, with = "sf_time")]
    #[schemars(with = "Option<DateTime<Utc>>")]
    pub created_date: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase")]
pub struct Organization {
    pub id: String,
    pub name: Option<String>,
    pub organization_type: Option<String>,
    pub instance_name: Option<String>,
    pub is_sandbox: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase")]
pub struct User {
    pub id: String,
    pub username: String,
    pub name: Option<String>,
    pub email: Option<String>,
    pub is_active: Option<bool>,
    /// `Standard`, `Guest`, `PowerPartner`, `CsnOnly`, ...
    pub user_type: Option<String>,
    #[serde(default, with = "sf_time")]
    #[schemars(with = "Option<DateTime<Utc>>")]
    pub last_login_date: Option<DateTime<Utc>>,
    #[serde(default, with = "sf_time")]
    #[schemars(with = "Option<DateTime<Utc>>")]
    pub created_date: Option<DateTime<Utc>>,
    pub profile_id: Option<String>,
    pub profile: Option<NamedRef>,
    pub federation_identifier: Option<String>,
}

/// A relationship field reduced to its name (e.g. `Profile.Name`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase")]
pub struct NamedRef {
    pub name: Option<String>,
}

/// A permission set, including the ones that carry a profile's permissions
/// (`IsOwnedByProfile`). A permission absent from the answer stays `None`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase")]
pub struct PermissionSet {
    pub id: String,
    pub name: String,
    pub label: Option<String>,
    pub is_owned_by_profile: Option<bool>,
    pub profile_id: Option<String>,
    pub profile: Option<NamedRef>,
    pub permissions_modify_all_data: Option<bool>,
    pub permissions_view_all_data: Option<bool>,
    pub permissions_api_enabled: Option<bool>,
    pub permissions_author_apex: Option<bool>,
    pub permissions_customize_application: Option<bool>,
    pub permissions_manage_users: Option<bool>,
    /// Optional permissions (see `permission_set_fields`).
    #[serde(default, rename = "PermissionsBypassMFAForUiLogins")]
    pub permissions_bypass_mfa_for_ui_logins: Option<bool>,
    #[serde(default)]
    pub permissions_use_any_api_client: Option<bool>,
    #[serde(default)]
    pub permissions_can_approve_uninstalled_apps: Option<bool>,
}

impl PermissionSet {
    /// The profile name for profile-owned sets, else the label or API name.
    pub fn display_name(&self) -> String {
        match (&self.profile, self.is_owned_by_profile) {
            (Some(NamedRef { name: Some(name) }), Some(true)) => format!("profile {name}"),
            _ => self.label.clone().unwrap_or_else(|| self.name.clone()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase")]
pub struct PermissionSetAssignment {
    pub id: String,
    pub assignee_id: String,
    pub permission_set_id: String,
}

/// Tooling `SecuritySettings`: the metadata as Salesforce returns it, kept whole
/// so that every setting a check names is read from the org's own answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase")]
pub struct SecuritySettings {
    pub metadata: serde_json::Map<String, serde_json::Value>,
}

impl SecuritySettings {
    /// A setting by its path under `Metadata`, e.g. `sessionSettings.sessionTimeout`.
    pub fn setting(&self, path: &str) -> Option<&serde_json::Value> {
        let mut parts = path.split('.');
        let mut value = self.metadata.get(parts.next()?)?;
        for part in parts {
            value = value.get(part)?;
        }
        (!value.is_null()).then_some(value)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase")]
pub struct ConnectedApplication {
    pub id: String,
    pub name: String,
    pub options_allow_admin_approved_users_only: Option<bool>,
    pub options_refresh_token_validity_metric: Option<bool>,
    /// The refresh token policy's period; null when tokens are valid until revoked.
    #[serde(default)]
    pub refresh_token_validity_period: Option<i64>,
}

/// Tooling `SecurityHealthCheck`: the org's Health Check score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase")]
pub struct HealthCheck {
    pub durable_id: Option<String>,
    /// 0–100; the API types it as a string.
    pub score: Option<String>,
    pub custom_baseline_id: Option<String>,
}

/// Tooling `SecurityHealthCheckRisks`: one setting against the baseline.
/// Checks match on `DurableId` and `RiskType`; `Setting` is the localised label.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase")]
pub struct HealthCheckRisk {
    pub durable_id: String,
    pub setting: Option<String>,
    pub setting_group: Option<String>,
    /// `HIGH_RISK`, `MEDIUM_RISK`, `MEETS_STANDARD`.
    pub risk_type: Option<String>,
    pub org_value: Option<String>,
    pub org_value_raw: Option<String>,
    pub standard_value: Option<String>,
}

/// `TwoFactorMethodsInfo`: the verification methods one user registered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase")]
pub struct TwoFactorMethodsInfo {
    pub user_id: String,
    pub has_salesforce_authenticator: Option<bool>,
    pub has_totp: Option<bool>,
    #[serde(rename = "HasU2F")]
    pub has_u2f: Option<bool>,
    pub has_security_key: Option<bool>,
    pub has_built_in_authenticator: Option<bool>,
}

impl TwoFactorMethodsInfo {
    /// A method Salesforce accepts for MFA (SMS and email are not).
    pub fn has_mfa_method(&self) -> bool {
        self.has_phishing_resistant_method()
            || self.has_salesforce_authenticator == Some(true)
            || self.has_totp == Some(true)
    }

    /// A security key (U2F or WebAuthn) or a built-in authenticator.
    pub fn has_phishing_resistant_method(&self) -> bool {
        [
            self.has_u2f,
            self.has_security_key,
            self.has_built_in_authenticator,
        ]
        .contains(&Some(true))
    }
}

/// `LoginIpRange`: an address range a profile's users may log in from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase")]
pub struct LoginIpRange {
    pub id: String,
    pub profile_id: String,
    pub start_address: String,
    pub end_address: String,
    pub description: Option<String>,
}

/// Tooling `EntityDefinition`: an object's org-wide defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase")]
pub struct EntitySharing {
    pub qualified_api_name: String,
    /// `Private`, `Read`, `ReadWrite`, `ReadWriteTransfer`, `FullAccess`, `ControlledByParent`, …
    pub internal_sharing_model: Option<String>,
    pub external_sharing_model: Option<String>,
}

/// `ObjectPermissions` of a permission set owned by a guest profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase")]
pub struct ObjectPermission {
    pub id: String,
    pub parent_id: String,
    pub sobject_type: String,
    pub permissions_read: Option<bool>,
    pub permissions_create: Option<bool>,
    pub permissions_edit: Option<bool>,
    pub permissions_delete: Option<bool>,
    pub permissions_view_all_records: Option<bool>,
    pub permissions_modify_all_records: Option<bool>,
}

/// `OauthToken`: a connected app's token held for a user. The API reserves
/// `Id` (always null), so a token is identified by user, app and creation.
/// The token values themselves are never queried.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase")]
pub struct OauthToken {
    pub app_name: Option<String>,
    pub app_menu_item_id: Option<String>,
    pub user_id: String,
    #[serde(default, with = "sf_time")]
    #[schemars(with = "Option<DateTime<Utc>>")]
    pub created_date: Option<DateTime<Utc>>,
    #[serde(default, with = "sf_time")]
    #[schemars(with = "Option<DateTime<Utc>>")]
    pub last_used_date: Option<DateTime<Utc>>,
    pub use_count: Option<u64>,
}

impl OauthToken {
    /// A stable identity for reports: user, app and creation time.
    pub fn key(&self) -> String {
        format!(
            "{}:{}:{}",
            self.user_id,
            self.app_name.as_deref().unwrap_or("?"),
            self.created_date
                .map(|t| t.to_rfc3339())
                .unwrap_or_default()
        )
    }
}

/// Tooling `Certificate`. `ExpirationDate` is a date (`YYYY-MM-DD`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase")]
pub struct Certificate {
    pub id: String,
    pub developer_name: String,
    pub master_label: Option<String>,
    pub expiration_date: Option<chrono::NaiveDate>,
}

/// `NamedCredential`: an authenticated callout endpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase")]
pub struct NamedCredential {
    pub id: String,
    pub developer_name: String,
    pub master_label: Option<String>,
    pub endpoint: Option<String>,
}

/// Tooling `RemoteProxy`: a remote site setting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase")]
pub struct RemoteSite {
    pub id: String,
    pub site_name: String,
    pub endpoint_url: Option<String>,
    pub is_active: Option<bool>,
}

/// `EventLogFile`: one day's (or hour's) log of one event type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase")]
pub struct EventLogFile {
    pub id: String,
    pub event_type: String,
    #[serde(default, with = "sf_time")]
    #[schemars(with = "Option<DateTime<Utc>>")]
    pub log_date: Option<DateTime<Utc>>,
    pub interval: Option<String>,
}

/// `SetupAuditTrail`: one change made in Setup (Salesforce keeps 180 days).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase")]
pub struct SetupAuditTrailEntry {
    pub id: String,
    pub action: Option<String>,
    pub section: Option<String>,
    #[serde(default, with = "sf_time")]
    #[schemars(with = "Option<DateTime<Utc>>")]
    pub created_date: Option<DateTime<Utc>>,
    pub created_by_id: Option<String>,
    pub created_by: Option<UsernameRef>,
    /// The Login-As user who made the change; null otherwise.
    pub delegate_user: Option<String>,
    pub display: Option<String>,
}

/// A relationship field reduced to its username (e.g. `CreatedBy.Username`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase")]
pub struct UsernameRef {
    pub username: Option<String>,
}

/// `FieldDefinition` of a sensitive object, with its data classification.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase")]
pub struct FieldDefinition {
    pub qualified_api_name: String,
    pub entity_definition: Option<QualifiedRef>,
    pub security_classification: Option<String>,
}

/// A relationship field reduced to its API name (`EntityDefinition.QualifiedApiName`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase")]
pub struct QualifiedRef {
    pub qualified_api_name: Option<String>,
}

/// Salesforce writes times as `2026-11-29T16:42:10.000+0000` (no colon in the
/// offset), which RFC 3339 parsers refuse; snapshots store RFC 3339.
mod sf_time {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(
        value: &Option<DateTime<Utc>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(time) => s.serialize_some(&time.to_rfc3339()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        let Some(text) = Option::<String>::deserialize(d)? else {
            return Ok(None);
        };
        DateTime::parse_from_rfc3339(&text)
            .or_else(|_| DateTime::parse_from_str(&text, "%Y-%m-%dT%H:%M:%S%.f%z"))
            .map(|t| Some(t.with_timezone(&Utc)))
            .map_err(|_| serde::de::Error::custom(format!("invalid Salesforce datetime {text:?}")))
    }
}

//! The common model: concepts every SaaS has, so that cross-provider checks
//! and offboarding are written once. Each field is `None` when the collection
//! behind it was not collected successfully (which one depends on the
//! provider; see `docs/snapshot.md`).

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CommonModel {
    /// From `users` (both providers).
    pub principals: Option<Vec<Principal>>,
    /// Privileged access: Entra privileged directory roles (`role_assignments`),
    /// Salesforce admin permissions through profiles and permission sets.
    #[serde(default)]
    pub admin_assignments: Option<Vec<AdminAssignment>>,
    /// Delegated OAuth access held by or granted to principals: Entra
    /// `oauth2PermissionGrants`, Salesforce `OauthToken`s.
    #[serde(default)]
    pub oauth_grants: Option<Vec<OAuthGrant>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PrincipalKind {
    /// An employee account (Entra member, Salesforce Standard user).
    Member,
    /// An invited external account (Entra guest, Salesforce site guest user).
    Guest,
    /// A partner, portal or community user.
    External,
    /// An account that runs automation rather than a person.
    Service,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Principal {
    pub id: String,
    pub kind: PrincipalKind,
    pub display_name: String,
    /// UPN (Microsoft 365) or username (Salesforce).
    pub login: String,
    pub email: Option<String>,
    /// Federation identifier (Salesforce) or on-premises immutable id (Entra).
    pub federation_id: Option<String>,
    pub enabled: bool,
    pub created: Option<DateTime<Utc>>,
    /// Latest sign-in of any kind the provider reports; `None` means never.
    pub last_sign_in: Option<DateTime<Utc>>,
    /// Whether the principal has an MFA method registered; `None` when the
    /// provider's registration data was not collected.
    #[serde(default)]
    pub mfa_registered: Option<bool>,
}

/// One privileged role a principal holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AdminAssignment {
    pub principal_id: String,
    /// The role or permission, as the provider names it (e.g. "Global
    /// Administrator", "Modify All Data").
    pub role: String,
    /// How it is held (e.g. "active assignment", "profile System Administrator").
    pub via: String,
}

/// Delegated OAuth access: a consent grant or an issued token.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct OAuthGrant {
    pub id: String,
    /// The client app's id and name.
    pub app_id: String,
    pub app_name: Option<String>,
    /// The principal the grant acts for; `None` for a tenant-wide grant.
    pub principal_id: Option<String>,
    pub scopes: Vec<String>,
    pub last_used: Option<DateTime<Utc>>,
}

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

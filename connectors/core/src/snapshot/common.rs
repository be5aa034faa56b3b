//! The common model: concepts every SaaS has, so that cross-provider checks
//! and offboarding are written once.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CommonModel {
    /// Absent when the `users` collection failed.
    pub principals: Option<Vec<Principal>>,
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
}

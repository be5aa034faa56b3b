//! Per-person reads for offboarding reviews: who a departing person is in
//! the directory, and what they still hold.
//!
//! Tenant-wide lists (users, consents, owners) are read once per review, so
//! that a leavers file of a hundred people costs a hundred times the
//! per-person requests, not a hundred times every list. Microsoft Graph does
//! not allow application permissions on `/users/{id}/ownedObjects` and
//! `/users/{id}/oauth2PermissionGrants`, so ownership and consents come from
//! the tenant-wide lists, filtered here by the person's object id.
//!
//! Every read goes through the shared read-only client and comes back as a
//! [`Collected`]: its record names the endpoint, the permission and, on
//! failure, the error and its fix, so the caller can report `unknown`.

use crate::{licences, GraphConnector};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use tenantaudit_connector::collect::{Collected, Collector, NoProgress, Paging, Spec};

/// Every account of the tenant, with the identifiers people are matched on.
pub const PEOPLE: Spec = Spec {
    name: "people",
    permission: "User.Read.All",
};
const PEOPLE_PATH: &str = "users?$select=id,displayName,userPrincipalName,mail,otherMails,proxyAddresses,accountEnabled,userType&$top=999";

pub const ACCOUNT: Spec = Spec {
    name: "account",
    permission: "User.Read.All and AuditLog.Read.All (sign-in activity needs Entra ID P1)",
};
pub const MEMBERSHIPS: Spec = Spec {
    name: "memberships",
    permission: "Directory.Read.All",
};
pub const ROLE_ASSIGNMENTS: Spec = Spec {
    name: "role_assignments",
    permission: "RoleManagement.Read.Directory",
};
pub const ROLE_ELIGIBILITY: Spec = Spec {
    name: "role_eligibility",
    permission: "RoleEligibilitySchedule.Read.Directory (PIM, needs Entra ID P2)",
};
pub const CONSENTS: Spec = Spec {
    name: "oauth2_permission_grants",
    permission: "Directory.Read.All",
};
pub const APP_OWNERS: Spec = Spec {
    name: "application_owners",
    permission: "Application.Read.All",
};
pub const SP_OWNERS: Spec = Spec {
    name: "service_principal_owners",
    permission: "Application.Read.All",
};
pub const GROUP_OWNERS: Spec = Spec {
    name: "group_owners",
    permission: "GroupMember.Read.All",
};
pub const METHODS: Spec = Spec {
    name: "authentication_methods",
    permission: "UserAuthenticationMethod.Read.All",
};

/// What offboarding needs from every request, for `tenantaudit permissions`
/// and the README.
pub fn permissions() -> Vec<(&'static str, &'static str)> {
    [
        PEOPLE,
        ACCOUNT,
        MEMBERSHIPS,
        ROLE_ASSIGNMENTS,
        ROLE_ELIGIBILITY,
        CONSENTS,
        APP_OWNERS,
        SP_OWNERS,
        GROUP_OWNERS,
        METHODS,
    ]
    .into_iter()
    .map(|s| (s.name, s.permission))
    .collect()
}

/// One directory account and the identifiers a person can be matched on.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DirectoryUser {
    pub id: String,
    pub display_name: Option<String>,
    pub user_principal_name: Option<String>,
    pub mail: Option<String>,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub other_mails: Vec<String>,
    /// `SMTP:primary@…`, `smtp:alias@…`, and non-SMTP addresses.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub proxy_addresses: Vec<String>,
    pub account_enabled: Option<bool>,
    pub user_type: Option<String>,
}

impl DirectoryUser {
    /// Every e-mail address of the account: `mail`, `otherMails` and the SMTP
    /// proxy addresses without their prefix.
    pub fn emails(&self) -> Vec<&str> {
        let smtp = self.proxy_addresses.iter().filter_map(|p| {
            p.split_once(':')
                .filter(|(kind, _)| kind.eq_ignore_ascii_case("smtp"))
                .map(|(_, address)| address)
        });
        self.mail
            .iter()
            .map(String::as_str)
            .chain(self.other_mails.iter().map(String::as_str))
            .chain(smtp)
            .collect()
    }
}

/// The user object's offboarding-relevant properties (`GET /users/{id}`).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountState {
    pub id: String,
    pub account_enabled: Option<bool>,
    /// Refresh tokens and session cookies issued before this are invalid
    /// (set by `revokeSignInSessions`).
    pub sign_in_sessions_valid_from_date_time: Option<DateTime<Utc>>,
    pub sign_in_activity: Option<SignIns>,
    /// `None` when Graph did not return the property; `[]` means none.
    pub assigned_licenses: Option<Vec<AssignedLicense>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignIns {
    pub last_sign_in_date_time: Option<String>,
    pub last_non_interactive_sign_in_date_time: Option<String>,
}

impl SignIns {
    /// The latest sign-in of either kind. Graph writes "never" as null, `""`
    /// or `0001-01-01T00:00:00Z`; all three read as `None`.
    pub fn latest(&self) -> Option<DateTime<Utc>> {
        [
            &self.last_sign_in_date_time,
            &self.last_non_interactive_sign_in_date_time,
        ]
        .into_iter()
        .flatten()
        .filter_map(|t| t.parse::<DateTime<Utc>>().ok())
        .filter(|t| t.timestamp() > 0)
        .max()
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AssignedLicense {
    pub sku_id: String,
}

/// A direct membership (`memberOf`): a group, directory role or
/// administrative unit.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Membership {
    pub id: String,
    #[serde(rename = "@odata.type")]
    pub odata_type: Option<String>,
    pub display_name: Option<String>,
    pub is_assignable_to_role: Option<bool>,
}

/// An active or eligible directory role assignment.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoleHolding {
    pub id: String,
    pub principal_id: String,
    pub role_definition_id: String,
    pub directory_scope_id: Option<String>,
    pub role_definition: Option<RoleDefinition>,
}

impl RoleHolding {
    /// The role's display name: expanded, else the built-in name, else its id.
    pub fn role_name(&self) -> String {
        self.role_definition
            .as_ref()
            .and_then(|d| d.display_name.clone())
            .or_else(|| crate::roles::privileged_name(&self.role_definition_id).map(String::from))
            .unwrap_or_else(|| self.role_definition_id.clone())
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoleDefinition {
    pub display_name: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Consent {
    pub id: String,
    pub client_id: String,
    pub consent_type: Option<String>,
    pub principal_id: Option<String>,
    pub scope: Option<String>,
}

/// An application, service principal or group with its owners' ids.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Owned {
    pub id: String,
    pub display_name: Option<String>,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub owners: Vec<OwnerRef>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct OwnerRef {
    pub id: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct AuthMethod {
    pub id: String,
    #[serde(rename = "@odata.type")]
    pub odata_type: Option<String>,
}

impl AuthMethod {
    /// The password is every account's and cannot be removed: not a residual.
    pub fn is_password(&self) -> bool {
        self.odata_type
            .as_deref()
            .is_some_and(|t| t.ends_with("passwordAuthenticationMethod"))
    }
}

/// What the tenant-wide lists say, read once per review.
pub struct Directory {
    pub users: Collected<Vec<DirectoryUser>>,
    pub consents: Collected<Vec<Consent>>,
    pub applications: Collected<Vec<Owned>>,
    pub service_principals: Collected<Vec<Owned>>,
    pub groups: Collected<Vec<Owned>>,
}

/// What one account still holds, each read with its own record.
pub struct Holdings {
    pub account: Collected<AccountState>,
    pub memberships: Collected<Vec<Membership>>,
    pub active_roles: Collected<Vec<RoleHolding>>,
    /// `not_licensed` when the tenant has no PIM: then none can exist.
    pub eligible_roles: Collected<Vec<RoleHolding>>,
    pub methods: Collected<Vec<AuthMethod>>,
}

impl GraphConnector {
    fn collector(&self) -> Collector<'_> {
        Collector {
            http: &self.http,
            token: &self.token,
            progress: &NoProgress,
            tenant: &self.label,
        }
    }

    /// The account's mailbox forwarding and inbox rules, when the Exchange
    /// Online admin source is configured.
    pub async fn mailbox_state(&self, upn: &str) -> Option<crate::exchange::MailboxState> {
        let exchange = self.exchange.as_ref()?;
        Some(
            exchange
                .mailbox_state(&self.collector(), &self.tenant_id, upn)
                .await,
        )
    }

    /// The tenant-wide lists an offboarding review needs.
    pub async fn directory(&self) -> Directory {
        let c = self.collector();
        let owners = "$select=id,displayName&$expand=owners($select=id)&$top=999";
        let (users, consents, applications, service_principals, groups) = tokio::join!(
            c.list(PEOPLE, self.url(PEOPLE_PATH), Paging::OData, &[]),
            c.list(
                CONSENTS,
                self.url("oauth2PermissionGrants"),
                Paging::OData,
                &[]
            ),
            c.list(
                APP_OWNERS,
                self.url(&format!("applications?{owners}")),
                Paging::OData,
                &[]
            ),
            c.list(
                SP_OWNERS,
                self.url(&format!("servicePrincipals?{owners}")),
                Paging::OData,
                &[]
            ),
            c.list(
                GROUP_OWNERS,
                self.url(&format!("groups?{owners}")),
                Paging::OData,
                &[]
            ),
        );
        Directory {
            users,
            consents,
            applications,
            service_principals,
            groups,
        }
    }

    /// What the account `user_id` (an id from [`Directory::users`]) holds.
    pub async fn holdings(&self, user_id: &str) -> Holdings {
        let c = self.collector();
        // Graph object ids are GUIDs; anything else must not reach a URL or filter.
        let id = guid(user_id);
        let account = format!("users/{id}?$select=id,accountEnabled,signInSessionsValidFromDateTime,signInActivity,assignedLicenses");
        let memberships =
            format!("users/{id}/memberOf?$select=id,displayName,isAssignableToRole&$top=999");
        let filter = format!("$filter=principalId eq '{id}'");
        let active = format!("roleManagement/directory/roleAssignments?{filter}&$expand=roleDefinition($select=displayName)");
        let eligible = format!("roleManagement/directory/roleEligibilityScheduleInstances?{filter}&$expand=roleDefinition($select=displayName)");
        let methods = format!("users/{id}/authentication/methods");
        let (account, memberships, active_roles, eligible_roles, methods) = tokio::join!(
            c.object(ACCOUNT, self.url(&account)),
            c.list(MEMBERSHIPS, self.url(&memberships), Paging::OData, &[]),
            c.list(ROLE_ASSIGNMENTS, self.url(&active), Paging::OData, &[]),
            c.list(ROLE_ELIGIBILITY, self.url(&eligible), Paging::OData, &[]),
            c.list(METHODS, self.url(&methods), Paging::OData, &[]),
        );
        let mut eligible_roles: Collected<Vec<RoleHolding>> = eligible_roles;
        eligible_roles.record = licences::licence_refusal(
            eligible_roles.record,
            licences::PIM_UNLICENSED,
            licences::PIM_LICENCE,
        );
        Holdings {
            account,
            memberships,
            active_roles: only_of(active_roles, user_id),
            eligible_roles: only_of(eligible_roles, user_id),
            methods,
        }
    }
}

/// The filter asks Graph for this principal's assignments only; keeping only
/// those here too means an answer that ignored the filter cannot attribute
/// someone else's role to the person.
fn only_of(mut roles: Collected<Vec<RoleHolding>>, user_id: &str) -> Collected<Vec<RoleHolding>> {
    if let Some(list) = roles.data.as_mut() {
        list.retain(|r| r.principal_id.eq_ignore_ascii_case(user_id));
    }
    roles
}

/// `id` when it is a GUID, else the nil GUID (which matches nothing): ids come
/// from Graph, but a URL and an OData filter are built from them.
fn guid(id: &str) -> &str {
    let ok = id.len() == 36
        && id.chars().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        });
    if ok {
        id
    } else {
        "00000000-0000-0000-0000-000000000000"
    }
}

pub(crate) fn null_as_empty<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_include_smtp_proxies_only() {
        let user: DirectoryUser = serde_json::from_value(serde_json::json!({
            "id": "x", "mail": "a@contoso.com", "otherMails": null,
            "proxyAddresses": ["SMTP:a@contoso.com", "smtp:al@contoso.com", "SIP:a@contoso.com"]
        }))
        .unwrap();
        assert_eq!(
            user.emails(),
            ["a@contoso.com", "a@contoso.com", "al@contoso.com"]
        );
    }

    #[test]
    fn non_guids_never_reach_a_url() {
        assert_eq!(guid("362f3808-4363-4e11-a5f3-032da1fe7d90").len(), 36);
        assert_eq!(guid("x' or 1 eq 1"), "00000000-0000-0000-0000-000000000000");
    }
}

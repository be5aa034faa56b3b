//! Per-person reads for offboarding reviews: the org's users (to match a
//! departing person on), and what one user still holds.
//!
//! Org-wide lists (users, permission sets, login IP ranges) are read once per
//! review; per-user queries filter on the user's Id with an equality WHERE.
//! `OauthToken` is read without its token columns, as everywhere else.

use crate::collections::{
    ASSIGNMENTS_SOQL, LOGIN_IP_RANGES_SOQL, OAUTH_TOKENS_SOQL, PERMISSION_SETS_SOQL, USERS_SOQL,
};
use crate::{batch, limits, Api, SalesforceConnector};
use serde::Deserialize;
use std::sync::Arc;
use tenantaudit_connector::collect::{Collected, Collector, NoProgress, Paging, Spec};
use tenantaudit_connector::http::HttpClient;
use tenantaudit_connector::snapshot::salesforce::{
    LoginIpRange, OauthToken, PermissionSet, PermissionSetAssignment, User,
};
use tenantaudit_connector::CollectError;

// The org-wide lists are the audit's own collections, asked the same way.
pub use crate::collections::{
    ASSIGNMENTS, LOGIN_IP_RANGES, OAUTH_TOKENS as TOKENS, PERMISSION_SETS, USERS as PEOPLE,
};

/// Whether the user is frozen (Setup → Users → Freeze).
pub const LOGIN: Spec = Spec {
    name: "user_login",
    permission: "API Enabled, View All Users",
};

pub fn permissions() -> Vec<(&'static str, &'static str)> {
    [
        PEOPLE,
        PERMISSION_SETS,
        LOGIN_IP_RANGES,
        ASSIGNMENTS,
        TOKENS,
        LOGIN,
    ]
    .into_iter()
    .map(|s| (s.name, s.permission))
    .collect()
}

/// `UserLogin`: one row per user, holding the frozen state.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserLogin {
    pub user_id: String,
    pub is_frozen: Option<bool>,
}

/// The org-wide lists, read once per review.
pub struct Org {
    pub users: Collected<Vec<User>>,
    pub permission_sets: Collected<Vec<PermissionSet>>,
    pub login_ip_ranges: Collected<Vec<LoginIpRange>>,
}

/// What one user holds.
pub struct Holdings {
    pub assignments: Collected<Vec<PermissionSetAssignment>>,
    pub tokens: Collected<Vec<OauthToken>>,
    /// One row per user in a real org; none means the state is not reported.
    pub login: Collected<Vec<UserLogin>>,
}

/// A connected org: its API and the client watching its limits.
pub struct OrgSession {
    api: Api,
    http: HttpClient,
}

impl SalesforceConnector {
    /// Signs in (token and instance URL) for a review's queries.
    pub async fn session(&self) -> Result<OrgSession, CollectError> {
        let http = self.http.with_observer(Arc::new(limits::ApiLimits::new(
            &self.label,
            self.api_warn_percent,
        )));
        let instance = self
            .token
            .access(&http)
            .await?
            .instance_url
            .ok_or_else(|| {
                CollectError::new(
                    tenantaudit_connector::ErrorKind::Auth,
                    "no instance URL: set instance_url with a pre-acquired token",
                )
            })?;
        Ok(OrgSession {
            api: Api::new(&instance, &self.api_version),
            http,
        })
    }

    fn collector<'a>(&'a self, session: &'a OrgSession) -> Collector<'a> {
        Collector {
            http: &session.http,
            token: &self.token,
            progress: &NoProgress,
            tenant: &self.label,
        }
    }

    pub async fn org(&self, session: &OrgSession) -> Org {
        let c = self.collector(session);
        let batch = batch();
        let query = |soql: &str| session.api.query(soql);
        // Only the permissions every org has; the privileged ones are among them.
        let sets = format!("{PERMISSION_SETS_SOQL} FROM PermissionSet");
        let (users, permission_sets, login_ip_ranges) = tokio::join!(
            c.list(PEOPLE, query(USERS_SOQL), Paging::Soql, &batch),
            c.list(PERMISSION_SETS, query(&sets), Paging::Soql, &batch),
            c.list(
                LOGIN_IP_RANGES,
                query(LOGIN_IP_RANGES_SOQL),
                Paging::Soql,
                &batch
            ),
        );
        Org {
            users,
            permission_sets,
            login_ip_ranges,
        }
    }

    /// What the user `user_id` (an Id from [`Org::users`]) holds.
    pub async fn holdings(&self, session: &OrgSession, user_id: &str) -> Holdings {
        let c = self.collector(session);
        let batch = batch();
        // Ids come from Salesforce, but they end up inside SOQL text.
        let id = sf_id(user_id);
        let assignments = format!("{ASSIGNMENTS_SOQL} WHERE AssigneeId = '{id}'");
        let tokens = format!("{OAUTH_TOKENS_SOQL} WHERE UserId = '{id}'");
        let login = format!("SELECT Id, UserId, IsFrozen FROM UserLogin WHERE UserId = '{id}'");
        let (assignments, tokens, login) = tokio::join!(
            c.list(
                ASSIGNMENTS,
                session.api.query(&assignments),
                Paging::Soql,
                &batch
            ),
            c.list(TOKENS, session.api.query(&tokens), Paging::Soql, &batch),
            c.list(LOGIN, session.api.query(&login), Paging::Soql, &batch),
        );
        Holdings {
            assignments,
            tokens,
            login,
        }
    }
}

/// `id` when it is a 15- or 18-character Salesforce Id, else an Id that
/// matches nothing.
fn sf_id(id: &str) -> &str {
    let ok = matches!(id.len(), 15 | 18) && id.chars().all(|c| c.is_ascii_alphanumeric());
    if ok {
        id
    } else {
        "000000000000000AAA"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_checked_before_they_reach_soql() {
        assert_eq!(sf_id("005Dn00000nppbjIAA"), "005Dn00000nppbjIAA");
        assert_eq!(sf_id("x' OR Id != '"), "000000000000000AAA");
    }
}

//! Salesforce users → the common model's principals.

use tenantaudit_connector::snapshot::salesforce::User;
use tenantaudit_connector::snapshot::{Principal, PrincipalKind};

pub fn from_users(users: &[User]) -> Vec<Principal> {
    users
        .iter()
        .map(|user| Principal {
            id: user.id.clone(),
            kind: match user.user_type.as_deref() {
                Some("Standard") => PrincipalKind::Member,
                Some("Guest") => PrincipalKind::Guest,
                Some("AutomatedProcess") => PrincipalKind::Service,
                // Partner, portal, community and Chatter-only users.
                _ => PrincipalKind::External,
            },
            display_name: user.name.clone().unwrap_or_default(),
            login: user.username.clone(),
            email: user.email.clone(),
            federation_id: user.federation_identifier.clone(),
            // Fail closed: an account whose state is not reported counts as active.
            enabled: user.is_active.unwrap_or(true),
            created: user.created_date,
            last_sign_in: user.last_login_date,
            mfa_registered: None,
        })
        .collect()
}

//! Entra users → the common model's principals.

use std::collections::HashMap;
use tenantaudit_connector::snapshot::m365::{User, UserRegistrationDetails};
use tenantaudit_connector::snapshot::{Principal, PrincipalKind};

/// `registration` is the registration report when it was collected; a user
/// missing from it has `mfa_registered: None` (not reported), never `false`
/// or `true` by guess.
pub fn from_users(
    users: &[User],
    registration: Option<&[UserRegistrationDetails]>,
) -> Vec<Principal> {
    let registered: HashMap<&str, Option<bool>> = registration
        .unwrap_or_default()
        .iter()
        .map(|d| (d.id.as_str(), d.is_mfa_registered))
        .collect();
    users
        .iter()
        .map(|user| Principal {
            id: user.id.clone(),
            kind: match user.user_type.as_deref() {
                Some(t) if t.eq_ignore_ascii_case("guest") => PrincipalKind::Guest,
                _ => PrincipalKind::Member,
            },
            display_name: user.display_name.clone().unwrap_or_default(),
            login: user.user_principal_name.clone().unwrap_or_default(),
            email: user.mail.clone(),
            federation_id: user.on_premises_immutable_id.clone(),
            // Fail closed: an account whose state is not reported counts as enabled.
            enabled: user.account_enabled.unwrap_or(true),
            created: user.created_date_time,
            last_sign_in: user.sign_in_activity.as_ref().and_then(|a| a.latest()),
            mfa_registered: registered.get(user.id.as_str()).copied().flatten(),
        })
        .collect()
}

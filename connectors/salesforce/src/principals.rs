//! The common model's Salesforce side: principals from users (with MFA
//! registration from `TwoFactorMethodsInfo`), admin assignments from
//! permission sets and profiles, OAuth grants from `OauthToken`.

use std::collections::HashMap;
use tenantaudit_connector::snapshot::salesforce::{PermissionSet, SalesforceSection, User};
use tenantaudit_connector::snapshot::{
    AdminAssignment, CommonModel, OAuthGrant, Principal, PrincipalKind,
};

pub fn common_model(sf: &SalesforceSection) -> CommonModel {
    CommonModel {
        principals: sf.users.as_deref().map(|users| principals(users, sf)),
        admin_assignments: admin_assignments(sf),
        oauth_grants: sf.oauth_tokens.as_ref().map(|tokens| {
            tokens
                .iter()
                .map(|token| OAuthGrant {
                    id: token.key(),
                    app_id: token
                        .app_menu_item_id
                        .clone()
                        .or_else(|| token.app_name.clone())
                        .unwrap_or_default(),
                    app_name: token.app_name.clone(),
                    principal_id: Some(token.user_id.clone()),
                    // OauthToken does not expose the token's scopes.
                    scopes: Vec::new(),
                    last_used: token.last_used_date,
                })
                .collect()
        }),
    }
}

fn principals(users: &[User], sf: &SalesforceSection) -> Vec<Principal> {
    // A user without a TwoFactorMethodsInfo row has registered nothing.
    let mfa: Option<HashMap<&str, bool>> = sf.mfa_methods.as_ref().map(|rows| {
        rows.iter()
            .map(|r| (r.user_id.as_str(), r.has_mfa_method()))
            .collect()
    });
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
            mfa_registered: mfa
                .as_ref()
                .map(|m| m.get(user.id.as_str()).copied().unwrap_or(false)),
        })
        .collect()
}

/// Whether a permission set grants one permission (`None`: not reported).
type Grants = fn(&PermissionSet) -> Option<bool>;

/// The permissions that make an admin, by their Setup names.
const ADMIN_PERMISSIONS: [(&str, Grants); 5] = [
    ("Modify All Data", |s| s.permissions_modify_all_data),
    ("View All Data", |s| s.permissions_view_all_data),
    ("Customize Application", |s| {
        s.permissions_customize_application
    }),
    ("Manage Users", |s| s.permissions_manage_users),
    ("Author Apex", |s| s.permissions_author_apex),
];

/// Every assignment (inactive users' too) of a set granting an admin
/// permission. A permission not reported counts as granted (fail closed).
fn admin_assignments(sf: &SalesforceSection) -> Option<Vec<AdminAssignment>> {
    let sets: HashMap<&str, &PermissionSet> = sf
        .permission_sets
        .as_ref()?
        .iter()
        .map(|s| (s.id.as_str(), s))
        .collect();
    let mut out = Vec::new();
    for assignment in sf.permission_set_assignments.as_ref()? {
        let Some(set) = sets.get(assignment.permission_set_id.as_str()) else {
            continue;
        };
        for (role, granted) in ADMIN_PERMISSIONS {
            if granted(set) != Some(false) {
                out.push(AdminAssignment {
                    principal_id: assignment.assignee_id.clone(),
                    role: role.to_string(),
                    via: set.display_name(),
                });
            }
        }
    }
    Some(out)
}

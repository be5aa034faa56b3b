//! Entra delegated permission grants → the common model's OAuth grants.

use std::collections::HashMap;
use tenantaudit_connector::snapshot::m365::{OAuth2PermissionGrant, ServicePrincipal};
use tenantaudit_connector::snapshot::OAuthGrant;

/// A grant's `clientId` is the client's service principal object id; its
/// name comes from the service principals when they were collected. Graph
/// does not report when a grant was last used.
pub fn from_grants(
    grants: &[OAuth2PermissionGrant],
    principals: Option<&[ServicePrincipal]>,
) -> Vec<OAuthGrant> {
    let names: HashMap<&str, &ServicePrincipal> = principals
        .unwrap_or_default()
        .iter()
        .map(|sp| (sp.id.as_str(), sp))
        .collect();
    grants
        .iter()
        .map(|grant| {
            let client = names.get(grant.client_id.as_str());
            OAuthGrant {
                id: grant.id.clone(),
                app_id: client
                    .and_then(|sp| sp.app_id.clone())
                    .unwrap_or_else(|| grant.client_id.clone()),
                app_name: client.and_then(|sp| sp.display_name.clone()),
                // Tenant-wide (`AllPrincipals`) grants act for nobody in particular.
                principal_id: match grant.consent_type.as_deref() {
                    Some("AllPrincipals") => None,
                    _ => grant.principal_id.clone(),
                },
                scopes: grant.scopes(),
                last_used: None,
            }
        })
        .collect()
}

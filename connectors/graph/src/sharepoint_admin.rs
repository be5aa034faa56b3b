//! SharePoint admin REST: the tenant's sharing defaults that Microsoft Graph
//! does not expose (default link type and permission, Anyone-link expiry),
//! from `GET {tenant}-admin.sharepoint.com/_api/SPO.Tenant`, the REST form of
//! `Get-SPOTenant` that ScubaGear also reads.
//!
//! SharePoint accepts app-only tokens only from a certificate (a client
//! secret's token is refused), and its only application permission that
//! reads tenant settings is `Sites.FullControl.All`, which also allows
//! writing: the source is opt-in, and tenantaudit sends it nothing but this GET.

use tenantaudit_connector::auth::TokenSource;
use tenantaudit_connector::collect::{Collected, Collector, Spec};
use tenantaudit_connector::http::HttpClient;
use tenantaudit_connector::snapshot::m365::SharepointTenant;
use url::Url;

pub const SHAREPOINT_ADMIN: Spec = Spec {
    name: "sharepoint_admin",
    permission: "Sites.FullControl.All (application permission of SharePoint, admin-consented; not read-only, the narrowest that reads tenant settings), with certificate auth",
};

pub const NOT_CONFIGURED: &str = "not configured: set sharepoint_admin = \"https://<tenant>-admin.sharepoint.com\" under [tenant.endpoints], with certificate auth (needs Sites.FullControl.All on SharePoint)";

/// The SharePoint admin site of one tenant, with its own token (resource
/// `{base}`).
pub struct SharepointAdmin {
    /// `https://contoso-admin.sharepoint.com` (or the simulator).
    pub base: Url,
    pub token: TokenSource,
    /// The tenant's client, bound to `base`: this token goes nowhere else.
    pub http: HttpClient,
}

impl SharepointAdmin {
    pub async fn tenant(&self, c: &Collector<'_>) -> Collected<SharepointTenant> {
        let admin = Collector {
            http: &self.http,
            token: &self.token,
            ..*c
        };
        let base = self.base.as_str().trim_end_matches('/');
        let url = Url::parse(&format!("{base}/_api/SPO.Tenant")).expect("valid SharePoint URL");
        // Without this Accept, SharePoint REST answers Atom XML.
        let accept = [("Accept", "application/json;odata=nometadata".to_string())];
        admin.object_with(SHAREPOINT_ADMIN, url, &accept).await
    }
}

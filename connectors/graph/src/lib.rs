//! tenantaudit-graph: collects a Microsoft 365 tenant through Microsoft Graph.

mod collections;
mod principals;

use collections::*;
use std::collections::BTreeMap;
use tenantaudit_connector::auth::TokenSource;
use tenantaudit_connector::collect::{Collector, Paging, Progress};
use tenantaudit_connector::http::HttpClient;
use tenantaudit_connector::snapshot::{
    m365::{self, M365Section},
    CommonModel, ProviderSection, Snapshot, TenantIdentity, SNAPSHOT_SCHEMA,
};
use tenantaudit_connector::{Connector, Provider};
use url::Url;

pub use collections::permissions;

pub struct GraphConnector {
    /// The tenant's label in the configuration.
    pub label: String,
    pub tenant_id: String,
    /// `https://graph.microsoft.com` (or a national cloud, or the simulator).
    pub graph_base: Url,
    pub http: HttpClient,
    pub token: TokenSource,
}

impl GraphConnector {
    fn url(&self, path_and_query: &str) -> Url {
        let base = self.graph_base.as_str().trim_end_matches('/');
        Url::parse(&format!("{base}/v1.0/{path_and_query}")).expect("valid Graph URL")
    }
}

impl Connector for GraphConnector {
    async fn collect(&self, progress: &dyn Progress) -> Snapshot {
        let started_at = chrono::Utc::now();
        let collector = Collector {
            http: &self.http,
            token: &self.token,
            progress,
            tenant: &self.label,
        };
        let c = &collector;
        // Independent collections run concurrently; the client's limit bounds them.
        let (org, skus, users, registration, ca, authz, methods, defaults, roles) = tokio::join!(
            c.list::<m365::Organization>(
                ORGANIZATION,
                self.url(ORGANIZATION_PATH),
                Paging::OData,
                &[]
            ),
            c.list(
                SUBSCRIBED_SKUS,
                self.url(SUBSCRIBED_SKUS_PATH),
                Paging::OData,
                &[]
            ),
            c.list(USERS, self.url(&users_path()), Paging::OData, &[]),
            c.list(
                REGISTRATION,
                self.url(REGISTRATION_PATH),
                Paging::OData,
                &[]
            ),
            c.list(
                CONDITIONAL_ACCESS,
                self.url(CONDITIONAL_ACCESS_PATH),
                Paging::OData,
                &[]
            ),
            c.object(AUTHORIZATION_POLICY, self.url(AUTHORIZATION_POLICY_PATH)),
            c.object(METHODS_POLICY, self.url(METHODS_POLICY_PATH)),
            c.object(SECURITY_DEFAULTS, self.url(SECURITY_DEFAULTS_PATH)),
            c.list(
                ROLE_ASSIGNMENTS,
                self.url(ROLE_ASSIGNMENTS_PATH),
                Paging::OData,
                &[]
            ),
        );
        let mut records = BTreeMap::new();
        let mut keep = |name: &str, record| {
            records.insert(name.to_string(), record);
        };
        keep(ORGANIZATION.name, org.record);
        keep(SUBSCRIBED_SKUS.name, skus.record);
        keep(USERS.name, users.record);
        keep(REGISTRATION.name, registration.record);
        keep(CONDITIONAL_ACCESS.name, ca.record);
        keep(AUTHORIZATION_POLICY.name, authz.record);
        keep(METHODS_POLICY.name, methods.record);
        keep(SECURITY_DEFAULTS.name, defaults.record);
        keep(ROLE_ASSIGNMENTS.name, roles.record);

        let organization = org.data.and_then(|mut orgs| orgs.pop());
        let tenant = TenantIdentity {
            provider: Provider::M365,
            tenant_id: self.tenant_id.clone(),
            domain: organization
                .as_ref()
                .and_then(|o| {
                    o.verified_domains
                        .iter()
                        .find(|d| d.is_default == Some(true))
                })
                .map(|d| d.name.clone())
                .unwrap_or_default(),
            display_name: organization
                .as_ref()
                .and_then(|o| o.display_name.clone())
                .unwrap_or_else(|| self.label.clone()),
            label: self.label.clone(),
        };
        let common = CommonModel {
            principals: users.data.as_deref().map(principals::from_users),
            ..CommonModel::default()
        };
        let section = M365Section {
            organization,
            subscribed_skus: skus.data,
            users: users.data,
            user_registration_details: registration.data,
            conditional_access_policies: ca.data,
            authorization_policy: authz.data,
            authentication_methods_policy: methods.data,
            security_defaults: defaults.data,
            role_assignments: roles.data,
        };
        Snapshot {
            schema: SNAPSHOT_SCHEMA.to_string(),
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
            tenant,
            started_at,
            finished_at: chrono::Utc::now(),
            collections: records,
            common,
            approved_exclusions: Default::default(),
            provider: ProviderSection::M365(Box::new(section)),
        }
    }
}

//! tenantaudit-salesforce: collects a Salesforce org through REST `query` and
//! Tooling `query`.

mod collections;
mod principals;

use collections::*;
use std::collections::BTreeMap;
use tenantaudit_connector::auth::TokenSource;
use tenantaudit_connector::collect::{failed_record, Collector, Paging, Progress};
use tenantaudit_connector::http::HttpClient;
use tenantaudit_connector::snapshot::salesforce::{self, SalesforceSection};
use tenantaudit_connector::snapshot::{
    CommonModel, ProviderSection, Snapshot, TenantIdentity, SNAPSHOT_SCHEMA,
};
use tenantaudit_connector::{Connector, Provider};
use url::Url;

pub use collections::permissions;

/// The REST API version used unless the configuration names another.
pub const DEFAULT_API_VERSION: &str = "65.0";

pub struct SalesforceConnector {
    pub label: String,
    /// e.g. `65.0`.
    pub api_version: String,
    pub http: HttpClient,
    pub token: TokenSource,
}

impl Connector for SalesforceConnector {
    async fn collect(&self, progress: &dyn Progress) -> Snapshot {
        let started_at = chrono::Utc::now();
        let base = match self.token.access(&self.http).await.map(|t| t.instance_url) {
            Ok(Some(instance)) => instance,
            Ok(None) => {
                let error = tenantaudit_connector::CollectError::new(
                    tenantaudit_connector::ErrorKind::Auth,
                    "no instance URL: set instance_url with a pre-acquired token",
                );
                return self.failed_snapshot(started_at, &error);
            }
            Err(error) => return self.failed_snapshot(started_at, &error),
        };
        let api = Api::new(&base, &self.api_version);
        let collector = Collector {
            http: &self.http,
            token: &self.token,
            progress,
            tenant: &self.label,
        };
        let c = &collector;
        let batch = batch();
        let (org, users, sets, assignments, security, apps) = tokio::join!(
            c.list::<salesforce::Organization>(
                ORGANIZATION,
                api.query(ORGANIZATION_SOQL),
                Paging::Soql,
                &batch
            ),
            c.list(USERS, api.query(USERS_SOQL), Paging::Soql, &batch),
            c.list(
                PERMISSION_SETS,
                api.query(PERMISSION_SETS_SOQL),
                Paging::Soql,
                &batch
            ),
            c.list(
                ASSIGNMENTS,
                api.query(ASSIGNMENTS_SOQL),
                Paging::Soql,
                &batch
            ),
            c.list::<salesforce::SecuritySettings>(
                SECURITY_SETTINGS,
                api.tooling(SECURITY_SETTINGS_SOQL),
                Paging::Soql,
                &[]
            ),
            c.list(
                CONNECTED_APPS,
                api.query(CONNECTED_APPS_SOQL),
                Paging::Soql,
                &batch
            ),
        );
        let mut records = BTreeMap::new();
        for (name, record) in [
            (ORGANIZATION.name, org.record),
            (USERS.name, users.record),
            (PERMISSION_SETS.name, sets.record),
            (ASSIGNMENTS.name, assignments.record),
            (SECURITY_SETTINGS.name, security.record),
            (CONNECTED_APPS.name, apps.record),
        ] {
            records.insert(name.to_string(), record);
        }
        let organization = org.data.and_then(|mut orgs| orgs.pop());
        let tenant = TenantIdentity {
            provider: Provider::Salesforce,
            tenant_id: organization
                .as_ref()
                .map(|o| o.id.clone())
                .unwrap_or_else(|| self.label.clone()),
            domain: base.host_str().unwrap_or_default().to_string(),
            display_name: organization
                .as_ref()
                .and_then(|o| o.name.clone())
                .unwrap_or_else(|| self.label.clone()),
            label: self.label.clone(),
        };
        let common = CommonModel {
            principals: users.data.as_deref().map(principals::from_users),
            ..CommonModel::default()
        };
        let section = SalesforceSection {
            organization,
            users: users.data,
            permission_sets: sets.data,
            permission_set_assignments: assignments.data,
            // The Tooling query returns the org's one SecuritySettings row.
            security_settings: security.data.and_then(|mut rows| rows.pop()),
            connected_apps: apps.data,
        };
        self.snapshot(started_at, tenant, records, common, section)
    }
}

impl SalesforceConnector {
    fn snapshot(
        &self,
        started_at: chrono::DateTime<chrono::Utc>,
        tenant: TenantIdentity,
        collections: BTreeMap<String, tenantaudit_connector::snapshot::CollectionRecord>,
        common: CommonModel,
        section: SalesforceSection,
    ) -> Snapshot {
        Snapshot {
            schema: SNAPSHOT_SCHEMA.to_string(),
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
            tenant,
            started_at,
            finished_at: chrono::Utc::now(),
            collections,
            common,
            approved_exclusions: Default::default(),
            provider: ProviderSection::Salesforce(Box::new(section)),
        }
    }

    /// Without a token nothing can be read: every collection is an error naming why.
    fn failed_snapshot(
        &self,
        started_at: chrono::DateTime<chrono::Utc>,
        error: &tenantaudit_connector::CollectError,
    ) -> Snapshot {
        tracing::warn!(tenant = %self.label, "{error}");
        let collections = ALL
            .iter()
            .map(|spec| {
                let record = failed_record(*spec, String::new(), error);
                (spec.name.to_string(), record)
            })
            .collect();
        let tenant = TenantIdentity {
            provider: Provider::Salesforce,
            tenant_id: self.label.clone(),
            domain: String::new(),
            display_name: self.label.clone(),
            label: self.label.clone(),
        };
        self.snapshot(
            started_at,
            tenant,
            collections,
            CommonModel::default(),
            SalesforceSection::default(),
        )
    }
}

/// REST and Tooling query URLs of one org.
struct Api {
    data: Url,
}

impl Api {
    fn new(instance: &Url, version: &str) -> Api {
        let data = instance
            .join(&format!("/services/data/v{version}/"))
            .expect("valid instance URL");
        Api { data }
    }

    fn query(&self, soql: &str) -> Url {
        self.with_query("query", soql)
    }

    fn tooling(&self, soql: &str) -> Url {
        self.with_query("tooling/query", soql)
    }

    fn with_query(&self, path: &str, soql: &str) -> Url {
        let mut url = self.data.join(path).expect("valid query URL");
        url.query_pairs_mut().append_pair("q", soql);
        url
    }
}

/// The largest batch Salesforce serves (2000); fewer round trips.
fn batch() -> [(&'static str, String); 1] {
    [("Sforce-Query-Options", "batchSize=2000".to_string())]
}

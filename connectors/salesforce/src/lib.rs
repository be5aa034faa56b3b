//! tenantaudit-salesforce: collects a Salesforce org through REST `query`,
//! Tooling `query`, `describe` and `composite`, watching the org's daily API
//! limit on every answer.

mod collections;
mod composite;
mod describe;
mod encryption;
mod limits;
pub mod person;
mod principals;

use collections::*;
use std::collections::BTreeMap;
use std::sync::Arc;
use tenantaudit_connector::auth::TokenSource;
use tenantaudit_connector::collect::{failed_record, Collected, Collector, Paging, Progress, Spec};
use tenantaudit_connector::http::HttpClient;
use tenantaudit_connector::snapshot::salesforce::{self, SalesforceSection};
use tenantaudit_connector::snapshot::{
    CollectionRecord, CommonModel, ProviderSection, Snapshot, TenantIdentity, SNAPSHOT_SCHEMA,
};
use tenantaudit_connector::{Connector, Provider};
use url::Url;

pub use collections::permissions;

/// The REST API version used unless the configuration names another.
pub const DEFAULT_API_VERSION: &str = "65.0";

/// Warn in the run log once API usage reaches this share of the daily limit.
pub const DEFAULT_API_WARN_PERCENT: u8 = 80;

pub struct SalesforceConnector {
    pub label: String,
    /// e.g. `65.0`.
    pub api_version: String,
    pub http: HttpClient,
    pub token: TokenSource,
    /// Stamps the snapshot's start and end.
    pub clock: tenantaudit_connector::Clock,
    /// Percentage of the daily API request limit above which the run warns.
    pub api_warn_percent: u8,
}

impl Connector for SalesforceConnector {
    async fn collect(&self, progress: &dyn Progress) -> Snapshot {
        let started_at = self.clock.now();
        let http = self.http.with_observer(Arc::new(limits::ApiLimits::new(
            &self.label,
            self.api_warn_percent,
        )));
        let base = match self.token.access(&http).await.map(|t| t.instance_url) {
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
            http: &http,
            token: &self.token,
            progress,
            tenant: &self.label,
        };
        let c = &collector;
        let api = &api;
        let batch = batch();
        let batch = &batch;
        macro_rules! query {
            ($spec:expr, $soql:expr) => {
                c.list($spec, api.query($soql), Paging::Soql, batch)
            };
        }
        // Tooling takes no batch header: it pages as it pleases.
        macro_rules! tooling {
            ($spec:expr, $soql:expr) => {
                c.list($spec, api.tooling($soql), Paging::Soql, &[])
            };
        }
        let classified: Vec<String> = CLASSIFIED_OBJECTS
            .iter()
            .map(|o| field_classifications_soql(o))
            .collect();
        let (
            (org, users, ((sets, set_fields), secrets), assignments, security, apps),
            (score, risks, mfa, ranges, sharing, guest),
            (tokens, certificates, credentials, sites, logs, trail, fields),
        ) = tokio::join!(
            async {
                tokio::join!(
                    query!(ORGANIZATION, ORGANIZATION_SOQL),
                    query!(USERS, USERS_SOQL),
                    async {
                        let fields = describe::permission_fields(c, api).await;
                        tokio::join!(
                            describe::permission_sets(c, api, &fields),
                            encryption::tenant_secrets(c, api, &fields),
                        )
                    },
                    query!(ASSIGNMENTS, ASSIGNMENTS_SOQL),
                    tooling!(SECURITY_SETTINGS, SECURITY_SETTINGS_SOQL),
                    query!(CONNECTED_APPS, CONNECTED_APPS_SOQL),
                )
            },
            async {
                tokio::join!(
                    tooling!(HEALTH_CHECK, HEALTH_CHECK_SOQL),
                    tooling!(HEALTH_CHECK_RISKS, HEALTH_CHECK_RISKS_SOQL),
                    query!(MFA_METHODS, MFA_METHODS_SOQL),
                    query!(LOGIN_IP_RANGES, LOGIN_IP_RANGES_SOQL),
                    tooling!(SHARING_MODELS, SHARING_MODELS_SOQL),
                    query!(GUEST_OBJECT_PERMISSIONS, GUEST_OBJECT_PERMISSIONS_SOQL),
                )
            },
            async {
                tokio::join!(
                    query!(OAUTH_TOKENS, OAUTH_TOKENS_SOQL),
                    tooling!(CERTIFICATES, CERTIFICATES_SOQL),
                    query!(NAMED_CREDENTIALS, NAMED_CREDENTIALS_SOQL),
                    tooling!(REMOTE_SITES, REMOTE_SITES_SOQL),
                    query!(EVENT_LOG_FILES, EVENT_LOG_FILES_SOQL),
                    query!(SETUP_AUDIT_TRAIL, SETUP_AUDIT_TRAIL_SOQL),
                    composite::queries(c, api, FIELD_CLASSIFICATIONS, &classified),
                )
            },
        );
        let mut records = BTreeMap::new();
        let mut keep = |spec: Spec, record: CollectionRecord| {
            records.insert(spec.name.to_string(), record);
        };
        let org: Collected<Vec<salesforce::Organization>> = org;
        keep(ORGANIZATION, org.record);
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
        let section = SalesforceSection {
            organization,
            users: take(&mut keep, USERS, users),
            permission_sets: take(&mut keep, PERMISSION_SETS, sets),
            permission_set_fields: set_fields,
            permission_set_assignments: take(&mut keep, ASSIGNMENTS, assignments),
            // The Tooling query returns the org's one SecuritySettings row.
            security_settings: take(&mut keep, SECURITY_SETTINGS, security)
                .and_then(|mut rows| rows.pop()),
            connected_apps: take(&mut keep, CONNECTED_APPS, apps),
            health_check: take(&mut keep, HEALTH_CHECK, score).and_then(|mut rows| rows.pop()),
            health_check_risks: take(&mut keep, HEALTH_CHECK_RISKS, risks),
            mfa_methods: take(&mut keep, MFA_METHODS, mfa),
            login_ip_ranges: take(&mut keep, LOGIN_IP_RANGES, ranges),
            sharing_models: take(&mut keep, SHARING_MODELS, sharing),
            guest_object_permissions: take(&mut keep, GUEST_OBJECT_PERMISSIONS, guest),
            oauth_tokens: take(&mut keep, OAUTH_TOKENS, tokens),
            certificates: take(&mut keep, CERTIFICATES, certificates),
            named_credentials: take(&mut keep, NAMED_CREDENTIALS, credentials),
            remote_sites: take(&mut keep, REMOTE_SITES, sites),
            event_log_files: take(&mut keep, EVENT_LOG_FILES, logs),
            setup_audit_trail: take(&mut keep, SETUP_AUDIT_TRAIL, trail),
            field_classifications: take(&mut keep, FIELD_CLASSIFICATIONS, fields),
            tenant_secrets: take(&mut keep, TENANT_SECRETS, secrets),
        };
        let common = principals::common_model(&section);
        self.snapshot(started_at, tenant, records, common, section)
    }
}

/// Files the record and hands back the data.
fn take<T>(
    keep: &mut impl FnMut(Spec, CollectionRecord),
    spec: Spec,
    collected: Collected<T>,
) -> Option<T> {
    keep(spec, collected.record);
    collected.data
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
            finished_at: self.clock.now(),
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
        // A failed sign-in is reported once per tenant by the run.
        if !self.token.is_sign_in_failure(error) {
            tracing::warn!(tenant = %self.label, "{error}");
        }
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

/// REST and Tooling URLs of one org.
pub(crate) struct Api {
    data: Url,
}

impl Api {
    fn new(instance: &Url, version: &str) -> Api {
        let data = instance
            .join(&format!("/services/data/v{version}/"))
            .expect("valid instance URL");
        Api { data }
    }

    /// A resource below `/services/data/vXX.X/`.
    pub(crate) fn path(&self, path: &str) -> Url {
        self.data.join(path).expect("valid resource URL")
    }

    pub(crate) fn query(&self, soql: &str) -> Url {
        self.with_query("query", soql)
    }

    fn tooling(&self, soql: &str) -> Url {
        self.with_query("tooling/query", soql)
    }

    fn with_query(&self, path: &str, soql: &str) -> Url {
        let mut url = self.path(path);
        url.query_pairs_mut().append_pair("q", soql);
        url
    }
}

/// The largest batch Salesforce serves (2000); fewer round trips.
pub(crate) fn batch() -> [(&'static str, String); 1] {
    [("Sforce-Query-Options", "batchSize=2000".to_string())]
}

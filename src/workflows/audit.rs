//! `audit` and `collect`: from a validated config to snapshots (and a report).

use crate::config::{AuthConfig, TenantConfig, ValidConfig};
use crate::evidence::RawPages;
use futures::{stream, StreamExt};
use secrecy::ExposeSecret;
use std::path::Path;
use std::sync::Arc;
use tenantaudit_connector::auth::{
    Credential, EntraCertificate, EntraClientSecret, EntraDeviceCode, EntraManagedIdentity,
    EntraWorkloadIdentity, SalesforceClientCredentials, SalesforceJwt, TokenSource,
};
use tenantaudit_connector::collect::Progress;
use tenantaudit_connector::http::HttpClient;
use tenantaudit_connector::snapshot::{CollectionStatus, Snapshot};
use tenantaudit_connector::{Clock, Connector, Provider};
use tenantaudit_graph::exchange::ExchangeAdmin;
use tenantaudit_graph::sharepoint_admin::SharepointAdmin;
use tenantaudit_graph::GraphConnector;
use tenantaudit_salesforce::SalesforceConnector;

pub(crate) enum AnyConnector {
    Graph(GraphConnector),
    Salesforce(SalesforceConnector),
}

impl AnyConnector {
    async fn collect(&self, progress: &dyn Progress) -> Snapshot {
        match self {
            AnyConnector::Graph(c) => c.collect(progress).await,
            AnyConnector::Salesforce(c) => c.collect(progress).await,
        }
    }

    fn token(&self) -> &TokenSource {
        match self {
            AnyConnector::Graph(c) => &c.token,
            AnyConnector::Salesforce(c) => &c.token,
        }
    }
}

/// One line per tenant whose sign-in failed, naming the cause, instead of
/// one per collection: they all failed for the same reason.
fn report_sign_in_failure(label: &str, token: &TokenSource, snapshot: &Snapshot) {
    let Some(failure) = token.sign_in_failure() else {
        return;
    };
    let not_read = snapshot
        .collections
        .values()
        .filter(|c| c.status == CollectionStatus::Error)
        .count();
    eprintln!(
        "error: tenant {label:?}: {}; {not_read} of {} collections not read",
        failure.message,
        snapshot.collections.len()
    );
}

/// Collects every configured tenant concurrently; one snapshot each. With an
/// evidence folder, every raw page is also streamed there as it arrives.
pub async fn collect_all(
    config: &ValidConfig,
    clock: Clock,
    progress: &dyn Progress,
    evidence: Option<&Path>,
) -> anyhow::Result<(Vec<Snapshot>, Vec<Arc<RawPages>>)> {
    let mut sinks = Vec::new();
    let mut connectors = Vec::new();
    for tenant in &config.tenants {
        let mut http = HttpClient::new(config.http.clone())?;
        if let Some(dir) = evidence {
            let sink = Arc::new(RawPages::new(dir, &tenant.label));
            http = http.with_raw_sink(sink.clone());
            sinks.push(sink);
        }
        // A clone shares the counters, for the run log.
        connectors.push((tenant, http.clone(), connector_for(tenant, http, clock)?));
    }
    // Tenants in parallel, but bounded: each has its own request limit, and
    // an MSP's hundred tenants must not open a hundred connection pools at once.
    let snapshots = stream::iter(
        connectors
            .iter()
            .map(|(tenant, http, connector)| async move {
                let mut snapshot = connector.collect(progress).await;
                report_sign_in_failure(&tenant.label, connector.token(), &snapshot);
                snapshot.approved_exclusions = tenant.exclusions.clone();
                log_outcomes(&tenant.label, &snapshot, connector.token());
                let stats = http.stats();
                tracing::info!(
                    tenant = %tenant.label,
                    requests = stats.requests(),
                    throttled = stats.throttled(),
                    retries = stats.retries(),
                    "collected"
                );
                snapshot
            }),
    )
    .buffered(config.max_tenants)
    .collect()
    .await;
    Ok((snapshots, sinks))
}

/// One log line per collection that was not read: a failure is a warning, a
/// licence the tenant lacks is an expected state (its checks are
/// `not_applicable`), so it is only information. After a failed sign-in,
/// reported once for the tenant, the failures (its own and those of the
/// collections waiting on another) are only detail.
fn log_outcomes(tenant: &str, snapshot: &Snapshot, token: &TokenSource) {
    let signed_in = token.sign_in_failure().is_none();
    for (collection, record) in &snapshot.collections {
        match (record.status, &record.error) {
            (CollectionStatus::Error, Some(error)) if !signed_in => {
                tracing::debug!(tenant, collection, "{}: {}", error.kind, error.message)
            }
            (CollectionStatus::Error, Some(error)) => {
                tracing::warn!(tenant, collection, "{}: {}", error.kind, error.message)
            }
            (CollectionStatus::NotLicensed, _) => tracing::info!(
                tenant,
                collection,
                "not licensed ({}): its checks are not_applicable",
                record.licence.as_deref().unwrap_or("licence unknown")
            ),
            _ => {}
        }
    }
}

pub(crate) fn connector_for(
    tenant: &TenantConfig,
    http: HttpClient,
    clock: Clock,
) -> anyhow::Result<AnyConnector> {
    let token = TokenSource::new(credential(tenant)?);
    Ok(match tenant.provider {
        Provider::M365 => AnyConnector::Graph(GraphConnector {
            label: tenant.label.clone(),
            tenant_id: tenant.tenant_id.clone(),
            graph_base: tenant.endpoints.graph_base.clone(),
            // Each token goes to its own API only (Salesforce's to the
            // instance its token names).
            exchange: admin_source(&token, &tenant.endpoints.exchange_admin).map(
                |(base, token)| {
                    Box::new(ExchangeAdmin {
                        http: http.bound_to(&base),
                        base,
                        token,
                    })
                },
            ),
            sharepoint_admin: admin_source(&token, &tenant.endpoints.sharepoint_admin).map(
                |(base, token)| {
                    Box::new(SharepointAdmin {
                        http: http.bound_to(&base),
                        base,
                        token,
                    })
                },
            ),
            http: http.bound_to(&tenant.endpoints.graph_base),
            token,
            clock,
        }),
        Provider::Salesforce => AnyConnector::Salesforce(SalesforceConnector {
            label: tenant.label.clone(),
            api_version: tenant.endpoints.api_version.clone(),
            http,
            token,
            clock,
            api_warn_percent: tenant.limits.api_warn_percent,
        }),
    })
}

/// An opt-in admin source: its base URL and a token of its own resource
/// (`{base}/.default`), with the tenant's credential. The config has already
/// refused credentials that cannot ask for another resource.
fn admin_source(token: &TokenSource, base: &Option<url::Url>) -> Option<(url::Url, TokenSource)> {
    let base = base.clone()?;
    let scope = format!("{}/.default", base.as_str().trim_end_matches('/'));
    token.for_scope(&scope).map(|token| (base, token))
}

fn credential(tenant: &TenantConfig) -> anyhow::Result<Credential> {
    let e = &tenant.endpoints;
    let authority = e.authority.as_str().trim_end_matches('/');
    let token_url = url::Url::parse(&format!(
        "{authority}/{}/oauth2/v2.0/token",
        tenant.tenant_id
    ))?;
    let scope = format!("{}/.default", e.graph_base.as_str().trim_end_matches('/'));
    Ok(match &tenant.auth {
        AuthConfig::EntraClientSecret { client_id, secret } => {
            Credential::EntraClientSecret(EntraClientSecret {
                token_url,
                client_id: client_id.clone(),
                secret: secret.expose_secret().into(),
                scope,
            })
        }
        AuthConfig::EntraCertificate {
            client_id,
            private_key,
            certificate,
        } => Credential::EntraCertificate(EntraCertificate {
            token_url,
            client_id: client_id.clone(),
            private_key_pem: private_key.expose_secret().into(),
            certificate_pem: certificate.clone(),
            scope,
        }),
        AuthConfig::EntraDeviceCode { client_id } => Credential::EntraDeviceCode(EntraDeviceCode {
            device_code_url: url::Url::parse(&format!(
                "{authority}/{}/oauth2/v2.0/devicecode",
                tenant.tenant_id
            ))?,
            token_url,
            client_id: client_id.clone(),
            scope,
        }),
        AuthConfig::EntraWorkloadIdentity {
            client_id,
            federated,
        } => Credential::EntraWorkloadIdentity(EntraWorkloadIdentity {
            token_url,
            client_id: client_id.clone(),
            scope,
            federated: federated.clone(),
        }),
        AuthConfig::EntraManagedIdentity {
            client_id,
            endpoint,
        } => Credential::EntraManagedIdentity(EntraManagedIdentity {
            endpoint: endpoint.clone(),
            client_id: client_id.clone(),
            // The v1 endpoints take the resource, not a scope.
            resource: scope.trim_end_matches("/.default").to_string(),
        }),
        AuthConfig::SalesforceJwt {
            consumer_key,
            username,
            private_key,
        } => Credential::SalesforceJwt(SalesforceJwt {
            login_url: e.salesforce_login.clone(),
            consumer_key: consumer_key.clone(),
            username: username.clone(),
            private_key_pem: private_key.expose_secret().into(),
        }),
        AuthConfig::SalesforceClientCredentials {
            consumer_key,
            secret,
        } => Credential::SalesforceClientCredentials(SalesforceClientCredentials {
            login_url: e.salesforce_login.clone(),
            consumer_key: consumer_key.clone(),
            consumer_secret: secret.expose_secret().into(),
        }),
        AuthConfig::Token {
            token,
            instance_url,
        } => Credential::Static {
            token: token.expose_secret().into(),
            instance_url: instance_url.clone(),
        },
    })
}

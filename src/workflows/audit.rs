//! `audit` and `collect`: from a validated config to snapshots (and a report).

use crate::config::{AuthConfig, TenantConfig, ValidConfig};
use futures::future::join_all;
use secrecy::ExposeSecret;
use tenantaudit_connector::auth::{
    Credential, EntraCertificate, EntraClientSecret, SalesforceJwt, TokenSource,
};
use tenantaudit_connector::collect::Progress;
use tenantaudit_connector::http::{HttpClient, HttpOptions};
use tenantaudit_connector::snapshot::Snapshot;
use tenantaudit_connector::{Connector, Provider};
use tenantaudit_graph::GraphConnector;
use tenantaudit_salesforce::SalesforceConnector;

enum AnyConnector {
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
}

/// Collects every configured tenant concurrently; one snapshot each.
pub async fn collect_all(
    config: &ValidConfig,
    progress: &dyn Progress,
) -> anyhow::Result<Vec<Snapshot>> {
    let connectors = config
        .tenants
        .iter()
        .map(|tenant| connector_for(tenant, &config.http).map(|c| (tenant, c)))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let snapshots = join_all(connectors.iter().map(|(tenant, connector)| async move {
        let mut snapshot = connector.collect(progress).await;
        snapshot.approved_exclusions = tenant.exclusions.clone();
        snapshot
    }))
    .await;
    Ok(snapshots)
}

fn connector_for(tenant: &TenantConfig, options: &HttpOptions) -> anyhow::Result<AnyConnector> {
    let http = HttpClient::new(options.clone())?;
    let token = TokenSource::new(credential(tenant)?);
    Ok(match tenant.provider {
        Provider::M365 => AnyConnector::Graph(GraphConnector {
            label: tenant.label.clone(),
            tenant_id: tenant.tenant_id.clone(),
            graph_base: tenant.endpoints.graph_base.clone(),
            http,
            token,
        }),
        Provider::Salesforce => AnyConnector::Salesforce(SalesforceConnector {
            label: tenant.label.clone(),
            api_version: tenant.endpoints.api_version.clone(),
            http,
            token,
        }),
    })
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
        AuthConfig::Token {
            token,
            instance_url,
        } => Credential::Static {
            token: token.expose_secret().into(),
            instance_url: instance_url.clone(),
        },
    })
}

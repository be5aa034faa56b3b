//! Entra workload identity federation: no stored secret. The client assertion
//! is a token that a trusted issuer (a Kubernetes cluster, GitHub Actions)
//! gives this workload; Entra accepts it for the app whose federated
//! credential names that issuer, subject and audience.

use super::entra::exchange_assertion;
use super::{token_error, AccessToken};
use crate::http::HttpClient;
use crate::{CollectError, ErrorKind};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use std::path::PathBuf;
use url::Url;

/// The audience Entra expects in a federated token.
pub const FEDERATION_AUDIENCE: &str = "api://AzureADTokenExchange";

/// Where the federated token comes from.
#[derive(Clone)]
pub enum FederatedToken {
    /// A token file (Kubernetes workload identity: `AZURE_FEDERATED_TOKEN_FILE`,
    /// a projected service-account token). Read again for every token request:
    /// the kubelet rotates it in place.
    File(PathBuf),
    /// GitHub Actions OIDC: `ACTIONS_ID_TOKEN_REQUEST_URL`, asked with the bearer
    /// `ACTIONS_ID_TOKEN_REQUEST_TOKEN` (the job needs `id-token: write`).
    GitHubActions {
        request_url: Url,
        request_token: SecretString,
    },
}

#[derive(Clone)]
pub struct EntraWorkloadIdentity {
    pub token_url: Url,
    pub client_id: String,
    pub scope: String,
    pub federated: FederatedToken,
}

/// GitHub's answer: `{"count": …, "value": "<JWT>"}`.
#[derive(Deserialize)]
struct ActionsIdToken {
    value: String,
}

impl EntraWorkloadIdentity {
    pub(super) async fn fetch(&self, http: &HttpClient) -> Result<AccessToken, CollectError> {
        let assertion = self.federated.read(http).await?;
        exchange_assertion(
            http,
            &self.token_url,
            &self.client_id,
            &self.scope,
            &assertion,
        )
        .await
    }
}

impl FederatedToken {
    async fn read(&self, http: &HttpClient) -> Result<SecretString, CollectError> {
        match self {
            FederatedToken::File(path) => {
                let text = tokio::fs::read_to_string(path).await.map_err(|e| {
                    CollectError::new(
                        ErrorKind::Auth,
                        format!(
                            "workload identity: cannot read the federated token file {}: {e}",
                            path.display()
                        ),
                    )
                })?;
                let token = text.trim();
                if token.is_empty() {
                    return Err(CollectError::new(
                        ErrorKind::Auth,
                        format!(
                            "workload identity: the federated token file {} is empty",
                            path.display()
                        ),
                    ));
                }
                Ok(SecretString::from(token.to_string()))
            }
            FederatedToken::GitHubActions {
                request_url,
                request_token,
            } => {
                let mut url = request_url.clone();
                url.query_pairs_mut()
                    .append_pair("audience", FEDERATION_AUDIENCE);
                let bearer = format!("Bearer {}", request_token.expose_secret());
                let response = http
                    .get_unauthenticated(&url, &[("authorization", bearer.as_str())])
                    .await?;
                if !response.status.is_success() {
                    return Err(token_error(
                        request_url,
                        format!("GitHub Actions OIDC answered {}", response.status),
                    ));
                }
                serde_json::from_slice::<ActionsIdToken>(&response.body)
                    .map(|t| SecretString::from(t.value))
                    .map_err(|e| {
                        token_error(
                            request_url,
                            format!("unreadable GitHub Actions OIDC answer: {e}"),
                        )
                    })
            }
        }
    }
}

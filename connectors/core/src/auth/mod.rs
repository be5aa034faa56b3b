//! Token sources: how a connector gets a bearer token, cached until it expires
//! or the API answers 401. A failed sign-in is cached too: every collection of
//! the tenant fails at once with its cause, instead of each one signing in
//! again (and a device-code sign-in prompting again).

mod entra;
mod entra_device_code;
mod entra_workload_identity;
mod jwt;
mod managed_identity;
mod salesforce_client_credentials;
mod salesforce_jwt;
mod salesforce_token;

pub use entra::{EntraCertificate, EntraClientSecret};
pub use entra_device_code::EntraDeviceCode;
pub use entra_workload_identity::{EntraWorkloadIdentity, FederatedToken, FEDERATION_AUDIENCE};
pub use jwt::check_private_key;
pub use managed_identity::{EntraManagedIdentity, ManagedIdentity, IMDS_TOKEN_URL};
pub use salesforce_client_credentials::SalesforceClientCredentials;
pub use salesforce_jwt::SalesforceJwt;

use crate::http::HttpClient;
use crate::{shown_url, CollectError, ErrorKind};
use secrecy::{ExposeSecret, SecretString};
use std::sync::OnceLock;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;
use url::Url;

/// How a tenant authenticates.
pub enum Credential {
    /// A token acquired elsewhere (e.g. `az account get-access-token`, `sf org display`).
    Static {
        token: SecretString,
        instance_url: Option<Url>,
    },
    EntraClientSecret(EntraClientSecret),
    EntraCertificate(EntraCertificate),
    EntraDeviceCode(EntraDeviceCode),
    EntraWorkloadIdentity(EntraWorkloadIdentity),
    EntraManagedIdentity(EntraManagedIdentity),
    SalesforceJwt(SalesforceJwt),
    SalesforceClientCredentials(SalesforceClientCredentials),
}

/// A bearer token and, for Salesforce, the instance it is valid on.
#[derive(Clone)]
pub struct AccessToken {
    pub token: SecretString,
    pub instance_url: Option<Url>,
    expires_at: Option<Instant>,
}

impl AccessToken {
    pub fn new(token: SecretString, instance_url: Option<Url>, lifetime: Option<Duration>) -> Self {
        // Renew a minute early so that a token does not expire mid-collection.
        let expires_at =
            lifetime.map(|l| Instant::now() + l.saturating_sub(Duration::from_secs(60)));
        AccessToken {
            token,
            instance_url,
            expires_at,
        }
    }

    fn is_fresh(&self) -> bool {
        self.expires_at.is_none_or(|at| Instant::now() < at)
    }
}

pub struct TokenSource {
    credential: Credential,
    cached: Mutex<Option<AccessToken>>,
    /// The sign-in failure, once one happened: final for this run (the token
    /// request itself was already retried).
    failed: OnceLock<CollectError>,
}

impl TokenSource {
    pub fn new(credential: Credential) -> Self {
        TokenSource {
            credential,
            cached: Mutex::new(None),
            failed: OnceLock::new(),
        }
    }

    /// The cached token, or a new one. Concurrent callers wait for one fetch;
    /// after a failed one they all get its error without another attempt.
    pub async fn access(&self, http: &HttpClient) -> Result<AccessToken, CollectError> {
        if let Some(error) = self.failed.get() {
            return Err(error.clone());
        }
        let mut cached = self.cached.lock().await;
        if let Some(error) = self.failed.get() {
            return Err(error.clone());
        }
        if let Some(token) = cached.as_ref().filter(|t| t.is_fresh()) {
            return Ok(token.clone());
        }
        let fetched = match &self.credential {
            Credential::Static {
                token,
                instance_url,
            } => Ok(AccessToken::new(token.clone(), instance_url.clone(), None)),
            Credential::EntraClientSecret(flow) => flow.fetch(http).await,
            Credential::EntraCertificate(flow) => flow.fetch(http).await,
            Credential::EntraDeviceCode(flow) => flow.fetch(http).await,
            Credential::EntraWorkloadIdentity(flow) => flow.fetch(http).await,
            Credential::EntraManagedIdentity(flow) => flow.fetch(http).await,
            Credential::SalesforceJwt(flow) => flow.fetch(http).await,
            Credential::SalesforceClientCredentials(flow) => flow.fetch(http).await,
        };
        match fetched {
            Ok(token) => {
                *cached = Some(token.clone());
                Ok(token)
            }
            Err(error) => Err(self.failed.get_or_init(|| error).clone()),
        }
    }

    /// Why signing in failed, once it did.
    pub fn sign_in_failure(&self) -> Option<&CollectError> {
        self.failed.get()
    }

    /// Whether `error` is this source's sign-in failure (so that callers
    /// report it once per tenant, not once per collection).
    pub fn is_sign_in_failure(&self, error: &CollectError) -> bool {
        self.failed
            .get()
            .is_some_and(|f| f.kind == error.kind && f.message == error.message)
    }

    /// A source for another resource's token with the same identity (Microsoft
    /// issues one token per resource: Graph, Exchange Online, SharePoint).
    /// `None` when the credential cannot ask for another scope: a token
    /// acquired elsewhere, or a Salesforce flow.
    pub fn for_scope(&self, scope: &str) -> Option<TokenSource> {
        let credential = match &self.credential {
            Credential::EntraClientSecret(flow) => {
                Credential::EntraClientSecret(EntraClientSecret {
                    scope: scope.to_string(),
                    ..flow.clone()
                })
            }
            Credential::EntraCertificate(flow) => Credential::EntraCertificate(EntraCertificate {
                scope: scope.to_string(),
                ..flow.clone()
            }),
            Credential::EntraDeviceCode(flow) => Credential::EntraDeviceCode(EntraDeviceCode {
                scope: scope.to_string(),
                ..flow.clone()
            }),
            Credential::EntraWorkloadIdentity(flow) => {
                Credential::EntraWorkloadIdentity(EntraWorkloadIdentity {
                    scope: scope.to_string(),
                    ..flow.clone()
                })
            }
            // The managed identity endpoints take the resource, not a scope.
            Credential::EntraManagedIdentity(flow) => {
                Credential::EntraManagedIdentity(EntraManagedIdentity {
                    resource: scope.trim_end_matches("/.default").to_string(),
                    ..flow.clone()
                })
            }
            Credential::Static { .. }
            | Credential::SalesforceJwt(_)
            | Credential::SalesforceClientCredentials(_) => return None,
        };
        Some(TokenSource::new(credential))
    }

    /// Drops `stale` from the cache (unless another caller already replaced it).
    /// A static token cannot be renewed, so the next 401 stands.
    pub async fn invalidate(&self, stale: &AccessToken) {
        let mut cached = self.cached.lock().await;
        if cached
            .as_ref()
            .is_some_and(|t| t.token.expose_secret() == stale.token.expose_secret())
        {
            *cached = None;
        }
    }
}

/// A token endpoint's refusal, without echoing anything we sent.
fn token_error(endpoint: &Url, detail: impl std::fmt::Display) -> CollectError {
    CollectError::new(
        ErrorKind::Auth,
        format!(
            "sign-in failed: POST {} refused: {detail}",
            shown_url(endpoint)
        ),
    )
}

/// A token request that got no answer: the client's error (its kind says
/// network, timeout...; its message the method, host and cause), marked as
/// the sign-in.
fn sign_in_unanswered(error: CollectError) -> CollectError {
    CollectError {
        message: format!("sign-in failed: {}", error.message),
        ..error
    }
}

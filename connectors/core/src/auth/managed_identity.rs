//! Azure managed identity: the platform hands the workload a token, no secret
//! stored. Virtual machines and AKS nodes ask the instance metadata service
//! (IMDS); App Service, Functions and Container Apps ask the endpoint named by
//! `IDENTITY_ENDPOINT` with the `X-IDENTITY-HEADER` it gives.

use super::{token_error, AccessToken};
use crate::http::HttpClient;
use crate::CollectError;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use std::time::Duration;
use url::Url;

/// The instance metadata service's token endpoint, the only default.
pub const IMDS_TOKEN_URL: &str = "http://169.254.169.254/metadata/identity/oauth2/token";

#[derive(Clone)]
pub enum ManagedIdentity {
    /// `GET {url}?api-version=2018-02-01&resource=…[&client_id=…]`, `Metadata: true`.
    Imds { url: Url },
    /// `GET {IDENTITY_ENDPOINT}?api-version=2019-08-01&resource=…[&client_id=…]`,
    /// `X-IDENTITY-HEADER: {IDENTITY_HEADER}`.
    AppService { url: Url, header: SecretString },
}

#[derive(Clone)]
pub struct EntraManagedIdentity {
    pub endpoint: ManagedIdentity,
    /// A user-assigned identity's client id; the system-assigned one without.
    pub client_id: Option<String>,
    /// The resource the token is for, e.g. `https://graph.microsoft.com`.
    pub resource: String,
}

/// Both endpoints answer numbers as strings (`"expires_in": "86399"`), the
/// App Service one without `expires_in`.
#[derive(Deserialize)]
struct Answer {
    access_token: String,
    expires_in: Option<serde_json::Value>,
    expires_on: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct Refusal {
    error: Option<String>,
    error_description: Option<String>,
    message: Option<String>,
}

impl EntraManagedIdentity {
    pub(super) async fn fetch(&self, http: &HttpClient) -> Result<AccessToken, CollectError> {
        let (mut url, api_version, header) = match &self.endpoint {
            ManagedIdentity::Imds { url } => {
                (url.clone(), "2018-02-01", ("metadata", "true".to_string()))
            }
            ManagedIdentity::AppService { url, header } => (
                url.clone(),
                "2019-08-01",
                ("x-identity-header", header.expose_secret().to_string()),
            ),
        };
        let endpoint = url.clone();
        {
            let mut query = url.query_pairs_mut();
            query
                .append_pair("api-version", api_version)
                .append_pair("resource", &self.resource);
            if let Some(client_id) = &self.client_id {
                query.append_pair("client_id", client_id);
            }
        }
        let response = http
            .get_unauthenticated(&url, &[(header.0, header.1.as_str())])
            .await?;
        if !response.status.is_success() {
            let detail = serde_json::from_slice::<Refusal>(&response.body)
                .ok()
                .and_then(|r| {
                    let text = [r.error, r.error_description.or(r.message)]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(": ");
                    (!text.is_empty()).then_some(text)
                })
                .unwrap_or_default();
            return Err(token_error(
                &endpoint,
                format!(
                    "managed identity endpoint answered {} {detail}",
                    response.status
                )
                .trim_end(),
            ));
        }
        let answer: Answer = serde_json::from_slice(&response.body)
            .map_err(|e| token_error(&endpoint, format!("unreadable token response: {e}")))?;
        let lifetime = seconds(answer.expires_in.as_ref()).or_else(|| {
            seconds(answer.expires_on.as_ref())
                .map(|on| on.saturating_sub(chrono::Utc::now().timestamp().max(0) as u64))
        });
        Ok(AccessToken::new(
            SecretString::from(answer.access_token),
            None,
            lifetime.map(Duration::from_secs),
        ))
    }
}

fn seconds(value: Option<&serde_json::Value>) -> Option<u64> {
    match value? {
        serde_json::Value::String(s) => s.trim().parse().ok(),
        other => other.as_u64(),
    }
}

//! Entra ID app-only flows through the `oauth2` crate: client secret, and
//! certificate (a signed client-assertion JWT, RFC 7523). Workload identity
//! federation sends its federated token through the same assertion exchange.

use super::{sign_in_unanswered, token_error, AccessToken};
use crate::http::HttpClient;
use crate::{CollectError, ErrorKind};
use base64::Engine;
use oauth2::basic::BasicClient;
use oauth2::{AuthType, ClientId, ClientSecret, Scope, TokenResponse, TokenUrl};
use secrecy::{ExposeSecret, SecretString};
use sha1::Digest;
use url::Url;

const ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

#[derive(Clone)]
pub struct EntraClientSecret {
    pub token_url: Url,
    pub client_id: String,
    pub secret: SecretString,
    /// e.g. `https://graph.microsoft.com/.default`.
    pub scope: String,
}

#[derive(Clone)]
pub struct EntraCertificate {
    pub token_url: Url,
    pub client_id: String,
    /// PEM private key (PKCS#8 or PKCS#1 RSA).
    pub private_key_pem: SecretString,
    /// PEM certificate whose public key Entra holds for the app.
    pub certificate_pem: String,
    pub scope: String,
}

impl EntraClientSecret {
    pub(super) async fn fetch(&self, http: &HttpClient) -> Result<AccessToken, CollectError> {
        let client = BasicClient::new(ClientId::new(self.client_id.clone()))
            .set_client_secret(ClientSecret::new(self.secret.expose_secret().to_string()))
            .set_token_uri(TokenUrl::from_url(self.token_url.clone()))
            .set_auth_type(AuthType::RequestBody);
        let request = client
            .exchange_client_credentials()
            .add_scope(Scope::new(self.scope.clone()));
        let response = request
            .request_async(http)
            .await
            .map_err(|e| refused(&self.token_url, e))?;
        Ok(AccessToken::new(
            SecretString::from(response.access_token().secret().to_string()),
            None,
            response.expires_in(),
        ))
    }
}

impl EntraCertificate {
    pub(super) async fn fetch(&self, http: &HttpClient) -> Result<AccessToken, CollectError> {
        let assertion = self.assertion()?;
        exchange_assertion(
            http,
            &self.token_url,
            &self.client_id,
            &self.scope,
            &assertion,
        )
        .await
    }

    /// The client assertion Entra documents: RS256, `x5t#S256` thumbprint of the
    /// certificate, `aud` the token endpoint, `iss` = `sub` = the client id.
    fn assertion(&self) -> Result<SecretString, CollectError> {
        let bad =
            |what: &str| CollectError::new(ErrorKind::Auth, format!("certificate auth: {what}"));
        let cert = pem::parse(&self.certificate_pem).map_err(|_| bad("certificate is not PEM"))?;
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let header = serde_json::json!({
            "x5t#S256": b64.encode(sha2::Sha256::digest(cert.contents())),
            "x5t": b64.encode(sha1::Sha1::digest(cert.contents())),
        });
        let now = chrono::Utc::now().timestamp();
        let claims = serde_json::json!({
            "aud": self.token_url.as_str(),
            "iss": self.client_id,
            "sub": self.client_id,
            "jti": uuid::Uuid::new_v4().to_string(),
            "nbf": now,
            "iat": now,
            "exp": now + 600,
        });
        super::jwt::sign_rs256(header, &claims, self.private_key_pem.expose_secret())
            .map(SecretString::from)
            .map_err(bad)
    }
}

/// Client credentials with a client assertion (RFC 7523): a JWT signed with
/// the app's certificate, or a federated token from a trusted issuer.
pub(super) async fn exchange_assertion(
    http: &HttpClient,
    token_url: &Url,
    client_id: &str,
    scope: &str,
    assertion: &SecretString,
) -> Result<AccessToken, CollectError> {
    let client = BasicClient::new(ClientId::new(client_id.to_string()))
        .set_token_uri(TokenUrl::from_url(token_url.clone()))
        .set_auth_type(AuthType::RequestBody);
    let response = client
        .exchange_client_credentials()
        .add_scope(Scope::new(scope.to_string()))
        .add_extra_param("client_assertion_type", ASSERTION_TYPE)
        .add_extra_param("client_assertion", assertion.expose_secret().to_string())
        .request_async(http)
        .await
        .map_err(|e| refused(token_url, e))?;
    Ok(AccessToken::new(
        SecretString::from(response.access_token().secret().to_string()),
        None,
        response.expires_in(),
    ))
}

/// The token endpoint's own error code and description (Entra's names the
/// AADSTS code); the oauth2 crate's messages never contain the request, so
/// nothing we sent is repeated. A request that got no answer keeps the
/// client's error, which names the cause.
pub(super) fn refused<RE, T>(
    endpoint: &url::Url,
    error: oauth2::RequestTokenError<RE, oauth2::StandardErrorResponse<T>>,
) -> CollectError
where
    RE: std::error::Error + Into<CollectError> + 'static,
    T: oauth2::ErrorResponseType + std::fmt::Display,
{
    let detail = match error {
        oauth2::RequestTokenError::ServerResponse(response) => {
            let mut text = response.error().to_string();
            if let Some(description) = response.error_description() {
                // Entra descriptions end with trace and correlation ids; the first line is the point.
                text.push_str(": ");
                text.push_str(description.lines().next().unwrap_or_default());
            }
            text
        }
        oauth2::RequestTokenError::Request(e) => return sign_in_unanswered(e.into()),
        oauth2::RequestTokenError::Parse(e, _) => format!("unreadable token response: {e}"),
        oauth2::RequestTokenError::Other(e) => e,
    };
    token_error(endpoint, detail)
}

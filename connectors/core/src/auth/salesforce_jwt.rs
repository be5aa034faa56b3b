//! Salesforce OAuth 2.0 JWT bearer flow: an RS256 assertion signed with the
//! connected app's key, exchanged at `/services/oauth2/token` for a token and
//! the org's instance URL.

use super::{token_error, AccessToken};
use crate::http::HttpClient;
use crate::{CollectError, ErrorKind};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use url::Url;

const GRANT_TYPE: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";

pub struct SalesforceJwt {
    /// `https://login.salesforce.com`, `https://test.salesforce.com` or a My Domain URL.
    pub login_url: Url,
    /// The connected app's consumer key.
    pub consumer_key: String,
    /// The integration user's username.
    pub username: String,
    pub private_key_pem: SecretString,
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: String,
    instance_url: Url,
}

#[derive(Deserialize)]
struct TokenRefusal {
    error: String,
    error_description: Option<String>,
}

impl SalesforceJwt {
    pub(super) async fn fetch(&self, http: &HttpClient) -> Result<AccessToken, CollectError> {
        let token_url = self
            .login_url
            .join("/services/oauth2/token")
            .map_err(|e| CollectError::new(ErrorKind::Auth, format!("bad login URL: {e}")))?;
        let assertion = self.assertion()?;
        let response = http
            .post_form(
                &token_url,
                &[
                    ("grant_type", GRANT_TYPE),
                    ("assertion", assertion.expose_secret()),
                ],
            )
            .await?;
        if !response.status.is_success() {
            let detail = match serde_json::from_slice::<TokenRefusal>(&response.body) {
                Ok(refusal) => format!(
                    "{}: {}",
                    refusal.error,
                    refusal.error_description.unwrap_or_default()
                ),
                Err(_) => format!("HTTP {}", response.status),
            };
            return Err(token_error(&token_url, detail));
        }
        let answer: TokenAnswer = serde_json::from_slice(&response.body)
            .map_err(|e| token_error(&token_url, format!("unreadable token response: {e}")))?;
        Ok(AccessToken::new(
            SecretString::from(answer.access_token),
            Some(answer.instance_url),
            None,
        ))
    }

    /// Claims Salesforce documents: `iss` consumer key, `sub` username, `aud` the
    /// login host, `exp` within three minutes.
    fn assertion(&self) -> Result<SecretString, CollectError> {
        let audience = self.login_url.origin().ascii_serialization();
        let claims = serde_json::json!({
            "iss": self.consumer_key,
            "sub": self.username,
            "aud": audience,
            "exp": chrono::Utc::now().timestamp() + 180,
        });
        let key = jsonwebtoken::EncodingKey::from_rsa_pem(
            self.private_key_pem.expose_secret().as_bytes(),
        )
        .map_err(|_| {
            CollectError::new(
                ErrorKind::Auth,
                "JWT bearer: private key is not an RSA PEM key",
            )
        })?;
        jsonwebtoken::encode(
            &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256),
            &claims,
            &key,
        )
        .map(SecretString::from)
        .map_err(|e| CollectError::new(ErrorKind::Auth, format!("JWT bearer: cannot sign: {e}")))
    }
}

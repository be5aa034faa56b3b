//! Salesforce OAuth 2.0 JWT bearer flow: an RS256 assertion signed with the
//! connected app's key, exchanged at `/services/oauth2/token` for a token and
//! the org's instance URL.

use super::salesforce_token::{exchange, token_url};
use super::AccessToken;
use crate::http::HttpClient;
use crate::{CollectError, ErrorKind};
use secrecy::{ExposeSecret, SecretString};
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

impl SalesforceJwt {
    pub(super) async fn fetch(&self, http: &HttpClient) -> Result<AccessToken, CollectError> {
        let url = token_url(&self.login_url)?;
        let assertion = self.assertion()?;
        exchange(
            http,
            &url,
            &[
                ("grant_type", GRANT_TYPE),
                ("assertion", assertion.expose_secret()),
            ],
        )
        .await
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
        super::jwt::sign_rs256(
            serde_json::json!({}),
            &claims,
            self.private_key_pem.expose_secret(),
        )
        .map(SecretString::from)
        .map_err(|e| CollectError::new(ErrorKind::Auth, format!("JWT bearer: {e}")))
    }
}

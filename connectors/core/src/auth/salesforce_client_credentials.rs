//! Salesforce OAuth 2.0 client credentials flow: the connected app's consumer
//! key and secret, exchanged at the org's My Domain token endpoint (Salesforce
//! refuses this flow on login.salesforce.com and test.salesforce.com). The
//! token acts as the app's configured "Run As" user.

use super::salesforce_token::{exchange, token_url};
use super::AccessToken;
use crate::http::HttpClient;
use crate::CollectError;
use secrecy::{ExposeSecret, SecretString};
use url::Url;

pub struct SalesforceClientCredentials {
    /// The My Domain URL, e.g. `https://acme.my.salesforce.com`.
    pub login_url: Url,
    pub consumer_key: String,
    pub consumer_secret: SecretString,
}

impl SalesforceClientCredentials {
    pub(super) async fn fetch(&self, http: &HttpClient) -> Result<AccessToken, CollectError> {
        let url = token_url(&self.login_url)?;
        exchange(
            http,
            &url,
            &[
                ("grant_type", "client_credentials"),
                ("client_id", &self.consumer_key),
                ("client_secret", self.consumer_secret.expose_secret()),
            ],
        )
        .await
    }
}

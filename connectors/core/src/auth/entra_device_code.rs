//! Entra ID device-code sign-in (delegated, RFC 8628) through the `oauth2`
//! crate, for an admin running tenantaudit by hand: the tool prints a code,
//! the admin signs in on another device, the tool polls for the token.

use super::entra::refused;
use super::AccessToken;
use crate::http::HttpClient;
use crate::CollectError;
use oauth2::basic::BasicClient;
use oauth2::{
    AuthType, ClientId, DeviceAuthorizationUrl, Scope, StandardDeviceAuthorizationResponse,
    TokenResponse, TokenUrl,
};
use secrecy::SecretString;
use std::time::Duration;
use url::Url;

/// How long the admin has to complete the sign-in.
const SIGN_IN_WINDOW: Duration = Duration::from_secs(900);

#[derive(Clone)]
pub struct EntraDeviceCode {
    /// `{authority}/{tenant}/oauth2/v2.0/devicecode`.
    pub device_code_url: Url,
    pub token_url: Url,
    /// A public client app registration with "Allow public client flows".
    pub client_id: String,
    pub scope: String,
}

impl EntraDeviceCode {
    pub(super) async fn fetch(&self, http: &HttpClient) -> Result<AccessToken, CollectError> {
        let client = BasicClient::new(ClientId::new(self.client_id.clone()))
            .set_token_uri(TokenUrl::from_url(self.token_url.clone()))
            .set_device_authorization_url(DeviceAuthorizationUrl::from_url(
                self.device_code_url.clone(),
            ))
            .set_auth_type(AuthType::RequestBody);
        let details: StandardDeviceAuthorizationResponse = client
            .exchange_device_code()
            .add_scope(Scope::new(self.scope.clone()))
            .request_async(http)
            .await
            .map_err(|e| refused(&self.device_code_url, e))?;
        // The one thing printed for the person at the keyboard, not a log line:
        // the user code is meant to be typed elsewhere and grants nothing alone.
        eprintln!(
            "To sign in, open {} and enter the code {}",
            details.verification_uri().as_str(),
            details.user_code().secret()
        );
        let response = client
            .exchange_device_access_token(&details)
            .request_async(http, tokio::time::sleep, Some(SIGN_IN_WINDOW))
            .await
            .map_err(|e| refused(&self.token_url, e))?;
        Ok(AccessToken::new(
            SecretString::from(response.access_token().secret().to_string()),
            None,
            response.expires_in(),
        ))
    }
}

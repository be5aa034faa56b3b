//! The Salesforce token endpoint (`/services/oauth2/token`) shared by every
//! Salesforce flow: it answers a token plus the org's instance URL.

use super::{sign_in_unanswered, token_error, AccessToken};
use crate::http::HttpClient;
use crate::{CollectError, ErrorKind};
use secrecy::SecretString;
use serde::Deserialize;
use url::Url;

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

/// `{login_url}/services/oauth2/token`.
pub(super) fn token_url(login_url: &Url) -> Result<Url, CollectError> {
    login_url
        .join("/services/oauth2/token")
        .map_err(|e| CollectError::new(ErrorKind::Auth, format!("bad login URL: {e}")))
}

/// Posts `form` and reads the answer; a refusal quotes Salesforce's error code
/// and description, never what was sent.
pub(super) async fn exchange(
    http: &HttpClient,
    token_url: &Url,
    form: &[(&str, &str)],
) -> Result<AccessToken, CollectError> {
    let response = http
        .post_form(token_url, form)
        .await
        .map_err(sign_in_unanswered)?;
    if !response.status.is_success() {
        let detail = match serde_json::from_slice::<TokenRefusal>(&response.body) {
            Ok(refusal) => format!(
                "{}: {}",
                refusal.error,
                refusal.error_description.unwrap_or_default()
            ),
            Err(_) => format!("HTTP {}", response.status),
        };
        return Err(token_error(token_url, detail));
    }
    let answer: TokenAnswer = serde_json::from_slice(&response.body)
        .map_err(|e| token_error(token_url, format!("unreadable token response: {e}")))?;
    Ok(AccessToken::new(
        SecretString::from(answer.access_token),
        Some(answer.instance_url),
        None,
    ))
}

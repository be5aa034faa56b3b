//! Secretless sign-in: an OIDC issuer standing in for a Kubernetes cluster and
//! GitHub Actions (it signs federated tokens with the simulator's key), and
//! the managed identity endpoints of Azure (IMDS, App Service).

use crate::state::{Api, SimState};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;
use std::collections::HashMap;
use std::sync::Arc;

/// The audience Entra requires in a federated token.
pub const FEDERATION_AUDIENCE: &str = "api://AzureADTokenExchange";

/// The issuer of the simulator's federated tokens.
pub fn issuer(base_url: &str) -> String {
    format!("{base_url}/oidc")
}

/// A federated token as the issuer signs it: RS256, one hour.
pub fn federated_token(state: &SimState, subject: &str, audience: &str) -> String {
    let now = chrono::Utc::now().timestamp();
    let claims = json!({
        "iss": issuer(&state.base_url),
        "sub": subject,
        "aud": audience,
        "iat": now,
        "nbf": now,
        "exp": now + 3600,
        "jti": uuid::Uuid::new_v4().to_string(),
    });
    state.credentials.key.sign(&claims)
}

#[derive(serde::Deserialize)]
struct FederatedClaims {
    iss: String,
    sub: String,
}

/// For a signed token with the federation audience: whether Entra would
/// accept it for the simulator's app (its issuer and subject are those of a
/// federated credential; Entra answers AADSTS70021 otherwise). `None` for
/// any other assertion.
pub fn federated_assertion(state: &SimState, assertion: &str) -> Option<bool> {
    let claims: FederatedClaims = state
        .credentials
        .key
        .verify(assertion, FEDERATION_AUDIENCE)?;
    Some(
        claims.iss == issuer(&state.base_url)
            && state
                .credentials
                .sim
                .federated_subjects
                .contains(&claims.sub),
    )
}

/// GitHub Actions' `ACTIONS_ID_TOKEN_REQUEST_URL`: the job's request token as
/// bearer, `audience` as asked; answers `{"count", "value"}`.
pub async fn actions_id_token(
    State(state): State<Arc<SimState>>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    if let Some(fault) = state.enter("GET /actions/idtoken".into(), Api::Graph).await {
        return fault;
    }
    let given = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let token = given
        .get(..7)
        .filter(|scheme| scheme.eq_ignore_ascii_case("bearer "))
        .map(|_| &given[7..]);
    if token != Some(state.credentials.sim.actions_request_token.as_str()) {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({"message": "Unauthorized"})),
        )
            .into_response();
    }
    let audience = query
        .get("audience")
        .cloned()
        .unwrap_or_else(|| "https://github.com/contoso".into());
    let subject = &state.credentials.sim.actions_subject;
    Json(json!({"count": 1, "value": federated_token(&state, subject, &audience)})).into_response()
}

/// IMDS `GET /metadata/identity/oauth2/token?api-version=2018-02-01&resource=…`
/// with `Metadata: true`; a `client_id` must be the user-assigned identity's.
pub async fn imds_token(
    State(state): State<Arc<SimState>>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    if let Some(fault) = state
        .enter("GET /metadata/identity/oauth2/token".into(), Api::Graph)
        .await
    {
        return fault;
    }
    if headers.get("metadata").and_then(|v| v.to_str().ok()) != Some("true") {
        return refusal("invalid_request", "Required metadata header not specified");
    }
    if query.get("api-version").map(String::as_str) != Some("2018-02-01") {
        return refusal(
            "invalid_request",
            "Required query variable 'api-version' is missing or invalid",
        );
    }
    managed_identity_token(&state, &query, true)
}

/// App Service / Container Apps `GET {IDENTITY_ENDPOINT}?api-version=2019-08-01&resource=…`
/// with `X-IDENTITY-HEADER`.
pub async fn app_service_token(
    State(state): State<Arc<SimState>>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    if let Some(fault) = state.enter("GET /msi/token".into(), Api::Graph).await {
        return fault;
    }
    let header = headers
        .get("x-identity-header")
        .and_then(|v| v.to_str().ok());
    if header != Some(state.credentials.sim.identity_header.as_str()) {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({"statusCode": 401, "message": "Unauthorized"})),
        )
            .into_response();
    }
    if query.get("api-version").map(String::as_str) != Some("2019-08-01") {
        return refusal("invalid_request", "api-version is missing or not supported");
    }
    managed_identity_token(&state, &query, false)
}

fn refusal(error: &str, description: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(json!({"error": error, "error_description": description})),
    )
        .into_response()
}

/// The token answer: numbers as strings, as both endpoints send them; IMDS
/// adds `expires_in`.
fn managed_identity_token(
    state: &SimState,
    query: &HashMap<String, String>,
    imds: bool,
) -> Response {
    let resource = query.get("resource").map(String::as_str).unwrap_or("");
    if url::Url::parse(resource).is_err() {
        return refusal(
            "invalid_resource",
            "AADSTS500011: The resource principal was not found",
        );
    }
    let sim = &state.credentials.sim;
    if let Some(client_id) = query.get("client_id") {
        if *client_id != sim.managed_identity_client_id {
            return refusal("invalid_request", "Identity not found");
        }
    }
    let token = state.issue_token("eyJ0eXAiOiJKV1QiLCJzaW0iOiJtc2kifQ.");
    let expires_on = (chrono::Utc::now().timestamp() + 3599).to_string();
    let mut body = json!({
        "access_token": token,
        "expires_on": expires_on,
        "resource": resource,
        "token_type": "Bearer",
        "client_id": sim.managed_identity_client_id,
    });
    if imds {
        body["expires_in"] = json!("3599");
        body["refresh_token"] = json!("");
        body["not_before"] = json!(chrono::Utc::now().timestamp().to_string());
    }
    Json(body).into_response()
}

//! Token endpoints: Entra v2.0 client credentials (secret or certificate
//! assertion) and Salesforce JWT bearer.

use crate::state::SimState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Form, Json};
use serde::Deserialize;
use serde_json::json;
use std::collections::HashMap;
use std::sync::Arc;

const CLIENT_ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
const JWT_BEARER_GRANT: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";

fn entra_error(status: StatusCode, error: &str, code: u32, description: &str) -> Response {
    let body = json!({
        "error": error,
        "error_description": format!("AADSTS{code}: {description}\r\nTrace ID: {}\r\nCorrelation ID: {}\r\nTimestamp: {}",
            uuid::Uuid::new_v4(), uuid::Uuid::new_v4(), chrono::Utc::now().format("%Y-%m-%d %H:%M:%SZ")),
        "error_codes": [code],
        "timestamp": chrono::Utc::now().format("%Y-%m-%d %H:%M:%SZ").to_string(),
        "trace_id": uuid::Uuid::new_v4().to_string(),
        "correlation_id": uuid::Uuid::new_v4().to_string()
    });
    (status, Json(body)).into_response()
}

#[derive(Deserialize)]
/// `aud` and `exp` are checked by [`crate::jwt::KeyPair::verify`].
struct AssertionClaims {
    iss: String,
    sub: String,
}

const DEVICE_CODE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";

/// `POST /{tenant}/oauth2/v2.0/devicecode`: starts a device-code sign-in.
pub async fn entra_device_code(
    State(state): State<Arc<SimState>>,
    Path(tenant): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    if let Some(fault) = state
        .enter(
            format!("POST /entra/{tenant}/oauth2/v2.0/devicecode"),
            crate::state::Api::Graph,
        )
        .await
    {
        return fault;
    }
    if form.get("client_id") != Some(&state.credentials.sim.entra_client_id) {
        return entra_error(
            StatusCode::BAD_REQUEST,
            "unauthorized_client",
            700016,
            "Application was not found in the directory.",
        );
    }
    let device_code = uuid::Uuid::new_v4().simple().to_string();
    state
        .device_codes
        .lock()
        .expect("lock")
        .insert(device_code.clone(), 0);
    let user_code = device_code[..8].to_uppercase();
    Json(json!({
        "user_code": user_code,
        "device_code": device_code,
        "verification_uri": "https://microsoft.com/devicelogin",
        "expires_in": 900,
        // Entra says 5; one second keeps the tests quick and still polls.
        "interval": 1,
        "message": format!("To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code {user_code} to authenticate.")
    }))
    .into_response()
}

/// The device-code grant: pending on the first poll (the admin has not
/// signed in yet), then a token.
fn device_code_token(state: &SimState, client_id: &str, device_code: &str) -> Response {
    if client_id != state.credentials.sim.entra_client_id {
        return entra_error(
            StatusCode::BAD_REQUEST,
            "unauthorized_client",
            700016,
            "Application was not found in the directory.",
        );
    }
    let mut codes = state.device_codes.lock().expect("lock");
    let Some(polls) = codes.get_mut(device_code) else {
        return entra_error(
            StatusCode::BAD_REQUEST,
            "expired_token",
            70019,
            "Verification code expired.",
        );
    };
    *polls += 1;
    if *polls == 1 {
        return entra_error(
            StatusCode::BAD_REQUEST,
            "authorization_pending",
            70016,
            "OAuth 2.0 device flow error. Authorization is pending. Continue polling.",
        );
    }
    codes.remove(device_code);
    drop(codes);
    let token = state.issue_token("eyJ0eXAiOiJKV1QiLCJzaW0iOiJkZWxlZ2F0ZWQifQ.");
    Json(json!({
        "token_type": "Bearer",
        "scope": "https://graph.microsoft.com/.default",
        "expires_in": 3599,
        "ext_expires_in": 3599,
        "access_token": token
    }))
    .into_response()
}

pub async fn entra_token(
    State(state): State<Arc<SimState>>,
    Path(tenant): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    if let Some(fault) = state
        .enter(
            format!("POST /entra/{tenant}/oauth2/v2.0/token"),
            crate::state::Api::Graph,
        )
        .await
    {
        return fault;
    }
    let field = |name: &str| form.get(name).map(String::as_str).unwrap_or("");
    if field("grant_type") == DEVICE_CODE_GRANT {
        return device_code_token(&state, field("client_id"), field("device_code"));
    }
    if field("grant_type") != "client_credentials" {
        return entra_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            70003,
            "The app requested an unsupported grant type.",
        );
    }
    let sim = &state.credentials.sim;
    if field("client_id") != sim.entra_client_id {
        return entra_error(
            StatusCode::BAD_REQUEST,
            "unauthorized_client",
            700016,
            "Application was not found in the directory.",
        );
    }
    if !field("scope").ends_with("/.default") {
        return entra_error(StatusCode::BAD_REQUEST, "invalid_scope", 1002012, "The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.");
    }
    let certificate = !form.contains_key("client_secret");
    let authenticated = if !certificate {
        field("client_secret") == sim.entra_client_secret
    } else if let (CLIENT_ASSERTION_TYPE, Some(matches)) = (
        field("client_assertion_type"),
        crate::identity::federated_assertion(&state, field("client_assertion")),
    ) {
        if !matches {
            return entra_error(
                StatusCode::BAD_REQUEST,
                "invalid_client",
                70021,
                "No matching federated identity record found for presented assertion.",
            );
        }
        true
    } else if field("client_assertion_type") == CLIENT_ASSERTION_TYPE {
        let audience = format!("{}/entra/{tenant}/oauth2/v2.0/token", state.base_url);
        state
            .credentials
            .key
            .verify::<AssertionClaims>(field("client_assertion"), &audience)
            .is_some_and(|claims| {
                claims.iss == sim.entra_client_id && claims.sub == sim.entra_client_id
            })
    } else {
        false
    };
    if !authenticated {
        return entra_error(StatusCode::UNAUTHORIZED, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.");
    }
    // Entra issues a token for the one resource the scope names.
    let grant = crate::state::Grant {
        resource: Some(field("scope").trim_end_matches("/.default").to_string()),
        certificate,
    };
    let token = state.issue_grant("eyJ0eXAiOiJKV1QiLCJzaW0iOiJncmFwaCJ9.", grant);
    Json(json!({
        "token_type": "Bearer",
        "expires_in": 3599,
        "ext_expires_in": 3599,
        "access_token": token
    }))
    .into_response()
}

pub async fn salesforce_token(
    State(state): State<Arc<SimState>>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    if let Some(fault) = state
        .enter(
            "POST /services/oauth2/token".into(),
            crate::state::Api::Salesforce,
        )
        .await
    {
        return fault;
    }
    let refuse = |error: &str, description: &str| {
        (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": error, "error_description": description})),
        )
            .into_response()
    };
    let sim = &state.credentials.sim;
    match form.get("grant_type").map(String::as_str) {
        Some(JWT_BEARER_GRANT) => {}
        // Client credentials: the connected app's key and secret; the token
        // acts as the app's "Run As" user.
        Some("client_credentials") => {
            let field = |name: &str| form.get(name).map(String::as_str).unwrap_or("");
            if field("client_id") != sim.salesforce_consumer_key {
                return refuse("invalid_client_id", "client identifier invalid");
            }
            if field("client_secret") != sim.salesforce_consumer_secret {
                return refuse("invalid_client", "invalid client credentials");
            }
            return salesforce_session(&state);
        }
        _ => return refuse("unsupported_grant_type", "grant type not supported"),
    }
    let assertion = form.get("assertion").map(String::as_str).unwrap_or("");
    let Some(claims) = state
        .credentials
        .key
        .verify::<AssertionClaims>(assertion, &state.base_url)
    else {
        return refuse("invalid_grant", "invalid assertion");
    };
    if claims.iss != sim.salesforce_consumer_key {
        return refuse("invalid_client_id", "client identifier invalid");
    }
    if claims.sub != sim.salesforce_username {
        return refuse("invalid_grant", "user hasn't approved this consumer");
    }
    salesforce_session(&state)
}

/// A Salesforce token answer for the sample org.
fn salesforce_session(state: &SimState) -> Response {
    let org_id = state
        .salesforce
        .as_ref()
        .and_then(|s| s.get("query/Organization"))
        .and_then(|org| org.pointer("/records/0/Id"))
        .and_then(|id| id.as_str())
        .unwrap_or("00D000000000000AAA")
        .to_string();
    let prefix = format!("{}!", &org_id[..15.min(org_id.len())]);
    let token = state.issue_token(&prefix);
    Json(json!({
        "access_token": token,
        "scope": "api",
        "instance_url": state.base_url,
        "id": format!("{}/id/{org_id}/005000000000000AAA", state.base_url),
        "token_type": "Bearer"
    }))
    .into_response()
}

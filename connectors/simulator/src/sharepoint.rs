//! SharePoint admin REST: `GET /sharepoint/_api/SPO.Tenant` from
//! `sharepoint/_api/SPO.Tenant.json`. SharePoint refuses app-only tokens that
//! were not issued for a certificate ("Unsupported app only token"), and
//! tokens of another resource.

use crate::state::{api_error, Api, SimState};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use std::sync::Arc;

pub async fn tenant(State(state): State<Arc<SimState>>, headers: HeaderMap) -> Response {
    if let Some(fault) = state
        .enter("GET /sharepoint/_api/SPO.Tenant".into(), Api::SharePoint)
        .await
    {
        return fault;
    }
    let resource = format!("{}/sharepoint", state.base_url);
    match state.grant(&headers) {
        Some(grant) if grant.resource == Some(resource) && grant.certificate => {}
        _ => return api_error(Api::SharePoint, StatusCode::UNAUTHORIZED),
    }
    match state
        .m365
        .as_ref()
        .and_then(|s| s.get("sharepoint/_api/SPO.Tenant"))
    {
        Some(body) => Json(body.clone()).into_response(),
        None => api_error(Api::SharePoint, StatusCode::NOT_FOUND),
    }
}

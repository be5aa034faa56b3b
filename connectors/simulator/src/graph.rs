//! Microsoft Graph: `GET /graph/{version}/{path}` from `graph/{version}/{path}.json`,
//! with `$top` paging (`@odata.nextLink` with a `$skiptoken`) and `$select`.

use crate::state::{api_error, Api, SimState};
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{Map, Value};
use std::sync::Arc;

/// Graph's default page size when `$top` is absent.
const DEFAULT_PAGE: usize = 100;

pub async fn get(
    State(state): State<Arc<SimState>>,
    Path(path): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let params: Vec<(String, String)> =
        url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
            .into_owned()
            .collect();
    let shown = params
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    if let Some(fault) = state
        .enter(format!("GET /graph/{path}?{shown}"), Api::Graph)
        .await
    {
        return fault;
    }
    if let Some(denied) = state.authorize(&headers, Api::Graph) {
        return denied;
    }
    let Some(body) = state
        .m365
        .as_ref()
        .and_then(|s| s.get(&format!("graph/{path}")))
    else {
        return api_error(Api::Graph, StatusCode::NOT_FOUND);
    };
    if pim_unlicensed(state.m365.as_ref(), &path) {
        let body = serde_json::json!({"error": {"code": "AadPremiumLicenseRequired",
            "message": "The tenant needs to have Microsoft Entra ID P2 or Microsoft Entra ID Governance license."}});
        return (StatusCode::BAD_REQUEST, Json(body)).into_response();
    }
    let param = |name: &str| {
        params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    // `$expand`ed navigation properties come back even when `$select` omits them.
    let select: Option<Vec<&str>> = param("$select").map(|s| {
        s.split(',')
            .map(str::trim)
            .chain(expanded(param("$expand").unwrap_or_default()))
            .collect()
    });
    let Some(items) = body.get("value").and_then(Value::as_array) else {
        return Json(project(body, select.as_deref())).into_response();
    };
    let top = match param("$top").map(str::parse::<usize>) {
        None => DEFAULT_PAGE,
        Some(Ok(top)) if top >= 1 => top,
        Some(_) => return bad_request("Invalid page size specified."),
    };
    let page = top.min(state.graph_page_size);
    let offset = match param("$skiptoken").map(str::parse::<usize>) {
        None => 0,
        Some(Ok(offset)) => offset,
        Some(Err(_)) => return bad_request("Invalid $skiptoken."),
    };
    let end = (offset + page).min(items.len());
    let mut answer = Map::new();
    if let Some(context) = body.get("@odata.context") {
        answer.insert("@odata.context".into(), context.clone());
    }
    if end < items.len() {
        let mut next =
            url::Url::parse(&format!("{}/graph/{path}", state.base_url)).expect("base URL");
        {
            let mut pairs = next.query_pairs_mut();
            for (k, v) in params.iter().filter(|(k, _)| k != "$skiptoken") {
                pairs.append_pair(k, v);
            }
            pairs.append_pair("$skiptoken", &end.to_string());
        }
        answer.insert("@odata.nextLink".into(), Value::String(next.to_string()));
    }
    let slice = items.get(offset..end).unwrap_or_default();
    answer.insert(
        "value".into(),
        Value::Array(
            slice
                .iter()
                .map(|item| project(item, select.as_deref()))
                .collect(),
        ),
    );
    Json(Value::Object(answer)).into_response()
}

/// PIM endpoints, which Graph refuses on a tenant without Entra ID P2 (or
/// ID Governance) with a 400 `AadPremiumLicenseRequired`.
const PIM_PATHS: &[&str] = &[
    "roleManagement/directory/roleEligibilityScheduleInstances",
    "roleManagement/directory/roleAssignmentScheduleInstances",
    "policies/roleManagementPolicyAssignments",
];
const AAD_PREMIUM_P2: &str = "eec0eb4f-6444-4f95-aba0-50c24d67f998";

/// Whether `path` is PIM and the sample tenant's SKUs hold no P2 plan.
fn pim_unlicensed(store: Option<&crate::samples::SampleStore>, path: &str) -> bool {
    let Some(store) = store else {
        return false;
    };
    let Some((version, rest)) = path.split_once('/') else {
        return false;
    };
    if !PIM_PATHS.contains(&rest) {
        return false;
    }
    let skus = store.get(&format!("graph/{version}/subscribedSkus"));
    let plans = skus
        .and_then(|s| s.get("value"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|sku| sku.get("servicePlans").and_then(Value::as_array))
        .flatten();
    !plans
        .filter_map(|p| p.get("servicePlanId").and_then(Value::as_str))
        .any(|id| id == AAD_PREMIUM_P2)
}

/// The top-level property names of an `$expand` value such as
/// `owners($select=id),appRoleAssignments`.
fn expanded(expand: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in expand.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                names.push(&expand[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    names.push(&expand[start..]);
    names
        .into_iter()
        .map(|n| n.split('(').next().unwrap_or_default().trim())
        .filter(|n| !n.is_empty())
        .collect()
}

/// `$select`: only the named properties (and OData annotations) come back.
fn project(item: &Value, select: Option<&[&str]>) -> Value {
    match (item, select) {
        (Value::Object(map), Some(select)) => Value::Object(
            map.iter()
                .filter(|(k, _)| k.starts_with("@odata.") || select.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        ),
        _ => item.clone(),
    }
}

fn bad_request(message: &str) -> Response {
    let body = serde_json::json!({"error": {"code": "BadRequest", "message": message}});
    (StatusCode::BAD_REQUEST, Json(body)).into_response()
}

pub async fn not_found(State(state): State<Arc<SimState>>, uri: axum::http::Uri) -> Response {
    state.enter(format!("? {uri}"), Api::Graph).await;
    api_error(Api::Graph, StatusCode::NOT_FOUND)
}

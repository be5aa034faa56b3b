//! Salesforce REST `query` and Tooling `query`, from `query/<Object>.json` and
//! `tooling/<Object>.json`: projection of the SELECTed fields (relationships
//! nested as the API nests them), equality WHERE, batches with `nextRecordsUrl`,
//! and `Sforce-Limit-Info` on every answer.

use crate::soql;
use crate::state::{api_error, Api, SimState};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::sync::Arc;

pub async fn query(
    state: State<Arc<SimState>>,
    version: Path<String>,
    params: Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    run_query(state, version, params, headers, "query").await
}

pub async fn tooling_query(
    state: State<Arc<SimState>>,
    version: Path<String>,
    params: Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    run_query(state, version, params, headers, "tooling").await
}

async fn run_query(
    State(state): State<Arc<SimState>>,
    Path(version): Path<String>,
    Query(params): Query<HashMap<String, String>>,
    headers: HeaderMap,
    family: &str,
) -> Response {
    let text = params.get("q").cloned().unwrap_or_default();
    let path = if family == "tooling" {
        "tooling/query"
    } else {
        "query"
    };
    let used = match admitted(
        &state,
        format!("GET /services/data/{version}/{path} {text}"),
        &headers,
    )
    .await
    {
        Ok(used) => used,
        Err(refusal) => return refusal,
    };
    let answer = match answer_query(&state, &version, family, &text, batch_size(&headers)) {
        Ok(page) => Json(page).into_response(),
        Err(refusal) => (StatusCode::BAD_REQUEST, Json(refusal_body(&refusal))).into_response(),
    };
    with_limit_info(answer, used, state.api_daily_limit)
}

fn refusal_body((code, message): &Refusal) -> Value {
    json!([{"message": message, "errorCode": code}])
}

type Refusal = (&'static str, String);

fn answer_query(
    state: &SimState,
    version: &str,
    family: &str,
    text: &str,
    batch: usize,
) -> Result<Value, Refusal> {
    let query = soql::parse(text).map_err(|m| ("MALFORMED_QUERY", m))?;
    let file = state
        .salesforce
        .as_ref()
        .and_then(|s| s.get(&format!("{family}/{}", query.object)))
        .ok_or_else(|| {
            let object = &query.object;
            (
                "INVALID_TYPE",
                format!("sObject type '{object}' is not supported."),
            )
        })?;
    let records: &[Value] = file
        .get("records")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    for name in query
        .fields
        .iter()
        .chain(query.conditions.iter().map(|(f, _)| f))
    {
        let root = name.split('.').next().unwrap_or_default();
        if !records.is_empty() && !records.iter().any(|r| r.get(root).is_some()) {
            let object = &query.object;
            return Err((
                "INVALID_FIELD",
                format!("No such column '{name}' on entity '{object}'."),
            ));
        }
    }
    let mut selected: Vec<Value> = records
        .iter()
        .filter(|r| {
            query
                .conditions
                .iter()
                .all(|(f, v)| soql::field(r, f).unwrap_or(&Value::Null) == v)
        })
        .map(|r| project(r, &query.fields))
        .collect();
    if let Some(limit) = query.limit {
        selected.truncate(limit);
    }
    // Tooling: Metadata and FullName may only be queried for a single row.
    let whole = query
        .fields
        .iter()
        .any(|f| f == "Metadata" || f == "FullName");
    if family == "tooling" && whole && selected.len() > 1 {
        return Err(("MALFORMED_QUERY", "When retrieving results with Metadata or FullName fields, the query qualifications must specify no more than one row for retrieval.".into()));
    }
    let batch = batch.min(state.soql_batch_size);
    let total = selected.len();
    let locator_path = if family == "tooling" {
        "tooling/query"
    } else {
        "query"
    };
    Ok(page(
        state,
        version,
        locator_path,
        Arc::new(selected),
        total,
        batch,
        0,
    ))
}

/// `GET .../sobjects/{object}/describe`: the object's fields, as the union of
/// the fields its sample records carry (relationship objects excluded), so a
/// test that drops a field from every record drops it from describe too.
pub async fn describe(
    State(state): State<Arc<SimState>>,
    Path((version, object)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let used = match admitted(
        &state,
        format!("GET /services/data/{version}/sobjects/{object}/describe"),
        &headers,
    )
    .await
    {
        Ok(used) => used,
        Err(refusal) => return refusal,
    };
    let Some(file) = state
        .salesforce
        .as_ref()
        .and_then(|s| s.get(&format!("query/{object}")))
    else {
        let body = json!([{"message": format!("The requested resource does not exist"), "errorCode": "NOT_FOUND"}]);
        return with_limit_info(
            (StatusCode::NOT_FOUND, Json(body)).into_response(),
            used,
            state.api_daily_limit,
        );
    };
    let mut names: Vec<(String, &'static str)> = Vec::new();
    for record in file
        .get("records")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        for (name, value) in record.as_object().into_iter().flatten() {
            let kind = match value {
                Value::Bool(_) => "boolean",
                Value::Number(_) => "int",
                Value::String(_) | Value::Null => "string",
                Value::Object(_) | Value::Array(_) => continue,
            };
            if !names.iter().any(|(n, _)| n == name) {
                names.push((name.clone(), kind));
            }
        }
    }
    let fields: Vec<Value> = names
        .into_iter()
        .map(|(name, kind)| json!({"name": name, "type": kind}))
        .collect();
    let body = json!({"name": object, "queryable": true, "fields": fields});
    with_limit_info(Json(body).into_response(), used, state.api_daily_limit)
}

/// `POST .../composite`: GET query subrequests only (all tenantaudit sends),
/// each answered as its own query would be, in one response.
pub async fn composite(
    State(state): State<Arc<SimState>>,
    Path(version): Path<String>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    let used = match admitted(
        &state,
        format!("POST /services/data/{version}/composite"),
        &headers,
    )
    .await
    {
        Ok(used) => used,
        Err(refusal) => return refusal,
    };
    let requests = body
        .get("compositeRequest")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut answers = Vec::new();
    for request in requests {
        let reference = request.get("referenceId").cloned().unwrap_or(Value::Null);
        let url = request
            .get("url")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let method = request
            .get("method")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let answer = subrequest(&state, &version, method, url);
        let (status, body) = match answer {
            Ok(page) => (200, page),
            Err((403, refusal)) => (403, refusal_body(&refusal)),
            Err((status, refusal)) => (status, refusal_body(&refusal)),
        };
        answers.push(json!({"body": body, "httpHeaders": {}, "httpStatusCode": status, "referenceId": reference}));
    }
    let answer = Json(json!({"compositeResponse": answers})).into_response();
    with_limit_info(answer, used, state.api_daily_limit)
}

/// One composite subrequest: `GET /services/data/vXX.X/[tooling/]query?q=...`.
/// A fault aimed at the query's text (`FROM Object`) applies to it too.
fn subrequest(
    state: &SimState,
    version: &str,
    method: &str,
    url: &str,
) -> Result<Value, (u16, Refusal)> {
    let parsed = url::Url::parse("http://sim.invalid")
        .and_then(|base| base.join(url))
        .map_err(|_| (400, ("MALFORMED_URL", format!("bad subrequest URL {url}"))))?;
    let text = parsed
        .query_pairs()
        .find(|(k, _)| k == "q")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default();
    let family = if parsed.path().ends_with("/tooling/query") {
        "tooling"
    } else if parsed.path().ends_with("/query") {
        "query"
    } else {
        return Err((
            404,
            (
                "NOT_FOUND",
                format!("{} is not supported in composite here", parsed.path()),
            ),
        ));
    };
    if method != "GET" {
        return Err((
            405,
            ("METHOD_NOT_ALLOWED", format!("{method} is not supported")),
        ));
    }
    if state.forbids(&text) {
        return Err((
            403,
            (
                "INSUFFICIENT_ACCESS",
                "insufficient access rights on object id".into(),
            ),
        ));
    }
    answer_query(state, version, family, &text, 2000).map_err(|r| (400, r))
}

/// `GET .../query/{locator}`: the next batch of an earlier query.
pub async fn query_more(
    State(state): State<Arc<SimState>>,
    Path((version, locator)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let used = match admitted(
        &state,
        format!("GET /services/data/{version}/query/{locator}"),
        &headers,
    )
    .await
    {
        Ok(used) => used,
        Err(refusal) => return refusal,
    };
    let Some((id, offset)) = locator
        .rsplit_once('-')
        .and_then(|(id, n)| Some((id, n.parse::<usize>().ok()?)))
    else {
        return api_error(Api::Salesforce, StatusCode::NOT_FOUND);
    };
    let Some(records) = state.locators.lock().expect("locators").get(id).cloned() else {
        let body =
            json!([{"message": "invalid query locator", "errorCode": "INVALID_QUERY_LOCATOR"}]);
        return (StatusCode::BAD_REQUEST, Json(body)).into_response();
    };
    let batch = batch_size(&headers).min(state.soql_batch_size);
    let total = records.len();
    let family = if records.first().is_some_and(|_| id.starts_with("01gT")) {
        "tooling/query"
    } else {
        "query"
    };
    let answer = page(&state, &version, family, records, total, batch, offset);
    with_limit_info(Json(answer).into_response(), used, state.api_daily_limit)
}

fn page(
    state: &SimState,
    version: &str,
    family: &str,
    records: Arc<Vec<Value>>,
    total: usize,
    batch: usize,
    offset: usize,
) -> Value {
    let end = (offset + batch).min(total);
    let chunk: Vec<Value> = records.get(offset..end).unwrap_or_default().to_vec();
    let mut answer = json!({"totalSize": total, "done": end >= total, "records": chunk});
    if end < total {
        // Locator ids follow the real `01g...` form; `01gT` marks Tooling ones here.
        let kind = if family == "tooling/query" { "T" } else { "D" };
        let id = format!(
            "01g{kind}{}",
            &uuid::Uuid::new_v4().simple().to_string()[..11]
        );
        state
            .locators
            .lock()
            .expect("locators")
            .insert(id.clone(), records);
        answer["nextRecordsUrl"] =
            Value::String(format!("/services/data/{version}/{family}/{id}-{end}"));
    }
    answer
}

/// `Sforce-Query-Options: batchSize=N`; Salesforce's default and cap is 2000.
fn batch_size(headers: &HeaderMap) -> usize {
    headers
        .get("sforce-query-options")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.split(',')
                .find_map(|o| o.trim().strip_prefix("batchSize="))
        })
        .and_then(|n| n.parse::<usize>().ok())
        .map(|n| n.clamp(200, 2000))
        .unwrap_or(2000)
}

/// Keeps `attributes` and the SELECTed fields; `Rel.Field` keeps the nested
/// relationship object with its own `attributes`, or null.
fn project(record: &Value, fields: &[String]) -> Value {
    let mut out = Map::new();
    if let Some(attributes) = record.get("attributes") {
        out.insert("attributes".into(), attributes.clone());
    }
    for field in fields {
        insert_path(&mut out, record, field);
    }
    Value::Object(out)
}

fn insert_path(out: &mut Map<String, Value>, source: &Value, path: &str) {
    match path.split_once('.') {
        None => {
            out.insert(
                path.to_string(),
                source.get(path).cloned().unwrap_or(Value::Null),
            );
        }
        Some((relation, rest)) => match source.get(relation).filter(|v| v.is_object()) {
            None => {
                out.entry(relation.to_string()).or_insert(Value::Null);
            }
            Some(related) => {
                let entry = out.entry(relation.to_string()).or_insert_with(|| {
                    let mut nested = Map::new();
                    if let Some(attributes) = related.get("attributes") {
                        nested.insert("attributes".into(), attributes.clone());
                    }
                    Value::Object(nested)
                });
                if let Value::Object(nested) = entry {
                    insert_path(nested, related, rest);
                }
            }
        },
    }
}

fn with_limit_info(mut response: Response, used: u64, limit: u64) -> Response {
    let value = format!("api-usage={used}/{limit}");
    response
        .headers_mut()
        .insert("sforce-limit-info", value.parse().expect("ascii header"));
    response
}

/// Every Salesforce API call: faults, the bearer token, then the org's daily
/// request limit. The refusal carries `Sforce-Limit-Info` like any answer.
async fn admitted(state: &SimState, request: String, headers: &HeaderMap) -> Result<u64, Response> {
    if let Some(denied) = state.admit(request, headers).await {
        return Err(denied);
    }
    match state.spend_api_call() {
        (used, Some(refusal)) => Err(with_limit_info(refusal, used, state.api_daily_limit)),
        (used, None) => Ok(used),
    }
}

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
    if let Some(fault) = state
        .enter(
            format!("GET /services/data/{version}/{path} {text}"),
            Api::Salesforce,
        )
        .await
    {
        return fault;
    }
    if let Some(denied) = state.authorize(&headers, Api::Salesforce) {
        return denied;
    }
    let (used, over_limit) = state.spend_api_call();
    if let Some(refusal) = over_limit {
        return with_limit_info(refusal, used, state.api_daily_limit);
    }
    let answer = answer_query(&state, &version, family, &text, &headers).unwrap_or_else(
        |(code, message)| {
            (
                StatusCode::BAD_REQUEST,
                Json(json!([{"message": message, "errorCode": code}])),
            )
                .into_response()
        },
    );
    with_limit_info(answer, used, state.api_daily_limit)
}

type Refusal = (&'static str, String);

fn answer_query(
    state: &SimState,
    version: &str,
    family: &str,
    text: &str,
    headers: &HeaderMap,
) -> Result<Response, Refusal> {
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
    let records = file
        .get("records")
        .and_then(Value::as_array)
        .cloned()
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
    let batch = batch_size(headers).min(state.soql_batch_size);
    let total = selected.len();
    let locator_path = if family == "tooling" {
        "tooling/query"
    } else {
        "query"
    };
    Ok(Json(page(
        state,
        version,
        locator_path,
        selected,
        total,
        batch,
        0,
    ))
    .into_response())
}

/// `GET .../query/{locator}`: the next batch of an earlier query.
pub async fn query_more(
    State(state): State<Arc<SimState>>,
    Path((version, locator)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    if let Some(fault) = state
        .enter(
            format!("GET /services/data/{version}/query/{locator}"),
            Api::Salesforce,
        )
        .await
    {
        return fault;
    }
    if let Some(denied) = state.authorize(&headers, Api::Salesforce) {
        return denied;
    }
    let (used, over_limit) = state.spend_api_call();
    if let Some(refusal) = over_limit {
        return with_limit_info(refusal, used, state.api_daily_limit);
    }
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
    records: Vec<Value>,
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

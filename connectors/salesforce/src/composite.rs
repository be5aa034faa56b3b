//! Several queries in one round trip: `POST composite` with GET subrequests
//! (read-only; the HTTP guard allows it). Each subrequest answers a first
//! query page; a page that is not `done` is followed with ordinary GETs.

use crate::Api;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use tenantaudit_connector::collect::{Collected, Collector, Paging, Spec};
use tenantaudit_connector::{CollectError, ErrorKind};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CompositeAnswer {
    composite_response: Vec<SubResponse>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SubResponse {
    body: Value,
    http_status_code: u16,
    reference_id: String,
}

/// Runs `soqls` as one composite request; all items in one collection.
pub async fn queries<T: DeserializeOwned>(
    c: &Collector<'_>,
    api: &Api,
    spec: Spec,
    soqls: &[String],
) -> Collected<Vec<T>> {
    c.progress.started(c.tenant, spec.name);
    let url = api.path("composite");
    let result = run(c, api, spec.name, soqls, &url).await;
    c.finish(spec, &url, result)
}

async fn run<T: DeserializeOwned>(
    c: &Collector<'_>,
    api: &Api,
    collection: &str,
    soqls: &[String],
    url: &url::Url,
) -> Result<(Vec<T>, u32, u64, String), CollectError> {
    let requests: Vec<Value> = soqls
        .iter()
        .enumerate()
        .map(|(i, soql)| {
            let query = api.query(soql);
            json!({"method": "GET", "url": tenantaudit_connector::collect::endpoint_of(&query), "referenceId": format!("q{i}")})
        })
        .collect();
    let body = json!({"allOrNone": false, "compositeRequest": requests});
    let response = c.http.post_json(url, c.token, &[], &body).await?;
    let mut hash = Sha256::new();
    hash.update(&response.body);
    let malformed =
        |e: String| CollectError::new(ErrorKind::Malformed, format!("{}: {e}", url.path()));
    let answer: CompositeAnswer =
        serde_json::from_slice(&response.body).map_err(|e| malformed(e.to_string()))?;
    if answer.composite_response.len() != soqls.len() {
        return Err(malformed("not one answer per subrequest".into()));
    }
    let mut items = Vec::new();
    let mut pages = 1;
    for sub in answer.composite_response {
        if sub.http_status_code != 200 {
            return Err(sub_error(url, &sub));
        }
        let page: SoqlPage<T> = serde_json::from_value(sub.body)
            .map_err(|e| malformed(format!("{}: {e}", sub.reference_id)))?;
        c.progress.page(c.tenant, collection, page.records.len());
        items.extend(page.records);
        if !page.done {
            let next = page.next_records_url.ok_or_else(|| {
                malformed(format!("{}: not done, no nextRecordsUrl", sub.reference_id))
            })?;
            let next = tenantaudit_connector::collect::next_page(url, &next)?;
            let (rest, more) = c
                .pages(collection, &next, Paging::Soql, &crate::batch(), &mut hash)
                .await?;
            items.extend(rest);
            pages += more;
        }
    }
    let count = items.len() as u64;
    Ok((items, pages, count, hex::encode(hash.finalize())))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SoqlPage<T> {
    records: Vec<T>,
    done: bool,
    next_records_url: Option<String>,
}

/// A subrequest's failure, with Salesforce's own error code.
fn sub_error(url: &url::Url, sub: &SubResponse) -> CollectError {
    let kind = match sub.http_status_code {
        401 => ErrorKind::Auth,
        403 => ErrorKind::Forbidden,
        404 => ErrorKind::NotFound,
        _ => ErrorKind::Transport,
    };
    let detail = sub
        .body
        .get(0)
        .map(|e| {
            format!(
                "{} {}",
                e.get("errorCode").and_then(Value::as_str).unwrap_or(""),
                e.get("message").and_then(Value::as_str).unwrap_or("")
            )
        })
        .unwrap_or_default();
    CollectError::new(
        kind,
        format!(
            "POST {} subrequest {} answered {}: {}",
            url.path(),
            sub.reference_id,
            sub.http_status_code,
            detail.trim()
        ),
    )
    .with_status(sub.http_status_code)
}

//! Exchange Online admin API: `POST /exchange/adminapi/beta/{tenant}/InvokeCommand`
//! runs a cmdlet from `exchange/<CmdletName>.json` of the sample tenant,
//! pages it with `$skiptoken` (the client POSTs the same body to the next
//! link), and answers a cmdlet that fails as Exchange does: an OData error
//! whose `details` carry the cmdlet's exception.
//!
//! `Get-Mailbox -Identity` picks one mailbox; `Get-InboxRule -Mailbox` serves
//! `exchange/InboxRule/<mailbox UPN>.json`. The token must be one issued for
//! this API's resource (`{base}/exchange`).

use crate::state::{api_error, Api, SimState};
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};
use std::sync::Arc;

pub async fn invoke(
    State(state): State<Arc<SimState>>,
    Path(tenant): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: String,
) -> Response {
    let body: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
    let cmdlet = body
        .pointer("/CmdletInput/CmdletName")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let parameters = body
        .pointer("/CmdletInput/Parameters")
        .cloned()
        .unwrap_or_else(|| json!({}));
    if let Some(fault) = state
        .enter(
            format!("POST /exchange/adminapi/beta/{tenant}/InvokeCommand {cmdlet}"),
            Api::Exchange,
        )
        .await
    {
        return fault;
    }
    let resource = format!("{}/exchange", state.base_url);
    if state.grant(&headers).and_then(|g| g.resource) != Some(resource) {
        return api_error(Api::Exchange, StatusCode::UNAUTHORIZED);
    }
    let Some(store) = state.m365.as_ref() else {
        return api_error(Api::Exchange, StatusCode::NOT_FOUND);
    };
    let param = |name: &str| {
        parameters
            .get(name)
            .and_then(Value::as_str)
            .map(str::to_ascii_lowercase)
    };
    let items: Vec<Value> = match cmdlet.to_ascii_lowercase().as_str() {
        "get-inboxrule" => {
            let Some(mailbox) = param("Mailbox") else {
                return cmdlet_error(StatusCode::BAD_REQUEST, "BadRequest", "Ex1F6F9E|Microsoft.Exchange.Management.Tasks.ManagementObjectNotFoundException|The Mailbox parameter is required with app-only access.");
            };
            if find_mailbox(store, &mailbox).is_none() {
                return not_found(&mailbox);
            }
            list(store.get(&format!("exchange/InboxRule/{mailbox}")))
        }
        "get-mailbox" => match param("Identity") {
            None => list(store.get("exchange/Get-Mailbox")),
            Some(identity) => match find_mailbox(store, &identity) {
                Some(mailbox) => vec![mailbox],
                None => return not_found(&identity),
            },
        },
        _ => match store.get(&format!("exchange/{cmdlet}")) {
            Some(file) => list(Some(file)),
            None => {
                return cmdlet_error(
                    StatusCode::BAD_REQUEST,
                    "BadRequest",
                    &format!("The term '{cmdlet}' is not recognized as a name of a cmdlet."),
                )
            }
        },
    };
    page(&state, &tenant, query.as_deref(), items)
}

fn list(file: Option<&Value>) -> Vec<Value> {
    file.and_then(|f| f.get("value"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

/// A mailbox by UPN, primary address or Entra object id, as `-Identity` accepts.
fn find_mailbox(store: &crate::samples::SampleStore, identity: &str) -> Option<Value> {
    list(store.get("exchange/Get-Mailbox"))
        .into_iter()
        .find(|m| {
            [
                "UserPrincipalName",
                "PrimarySmtpAddress",
                "ExternalDirectoryObjectId",
                "Alias",
            ]
            .iter()
            .filter_map(|k| m.get(*k).and_then(Value::as_str))
            .any(|v| v.eq_ignore_ascii_case(identity))
        })
}

fn page(state: &SimState, tenant: &str, query: Option<&str>, items: Vec<Value>) -> Response {
    let offset = url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .find(|(k, _)| k == "$skiptoken")
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0);
    let end = (offset + state.graph_page_size).min(items.len());
    let mut answer = Map::new();
    answer.insert(
        "@odata.context".into(),
        json!(format!(
            "{}/exchange/adminapi/beta/{tenant}/$metadata#Collection(Exchange.GenericHashTable)",
            state.base_url
        )),
    );
    answer.insert(
        "adminapi.warnings@odata.type".into(),
        json!("#Collection(String)"),
    );
    answer.insert("@adminapi.warnings".into(), json!([]));
    if end < items.len() {
        answer.insert(
            "@odata.nextLink".into(),
            json!(format!(
                "{}/exchange/adminapi/beta/{tenant}/InvokeCommand?$skiptoken={end}",
                state.base_url
            )),
        );
    }
    answer.insert(
        "value".into(),
        Value::Array(items.get(offset..end).unwrap_or_default().to_vec()),
    );
    Json(Value::Object(answer)).into_response()
}

fn not_found(identity: &str) -> Response {
    cmdlet_error(
        StatusCode::NOT_FOUND,
        "NotFound",
        &format!("Ex6F9304|Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException|The operation couldn't be performed because object '{identity}' couldn't be found on 'AM0PR07A13DC001.EURPR07A013.PROD.OUTLOOK.COM'."),
    )
}

/// The envelope Exchange answers a failed cmdlet with.
pub fn cmdlet_error(status: StatusCode, code: &str, detail: &str) -> Response {
    let body = json!({"error": {
        "code": code,
        "message": "Error executing cmdlet",
        "details": [{"code": "Context", "target": "", "message": detail}],
        "innererror": {
            "message": "Error executing cmdlet",
            "type": "Microsoft.Exchange.Admin.OData.Core.ODataServiceException",
            "stacktrace": ""
        }
    }});
    (status, Json(body)).into_response()
}

//! Transport and read-only guard: every request passes here before it leaves.

use crate::{CollectError, ErrorKind};
use reqwest::Method;
use serde_json::Value;
use std::net::IpAddr;
use url::Url;

/// A POST endpoint that reads rather than writes, and what its body must be.
struct ReadOnlyPost {
    suffix: &'static str,
    body: BodyRule,
}

/// How a read-only POST's body is checked before it is sent. A new batch-like
/// endpoint adds a row to [`READ_ONLY_POSTS`] and, if its body can carry
/// requests, a rule here.
enum BodyRule {
    /// OAuth token endpoints: a form that asks for a token, nothing else.
    TokenForm,
    /// A JSON body: `Ok` when every request it carries is a read.
    Json(fn(&Value) -> Result<(), String>),
}

const READ_ONLY_POSTS: [ReadOnlyPost; 6] = [
    ReadOnlyPost {
        suffix: "/oauth2/v2.0/token",
        body: BodyRule::TokenForm,
    },
    ReadOnlyPost {
        suffix: "/oauth2/v2.0/devicecode",
        body: BodyRule::TokenForm,
    },
    ReadOnlyPost {
        suffix: "/services/oauth2/token",
        body: BodyRule::TokenForm,
    },
    ReadOnlyPost {
        suffix: "/$batch",
        body: BodyRule::Json(graph_batch),
    },
    ReadOnlyPost {
        suffix: "/composite",
        body: BodyRule::Json(salesforce_composite),
    },
    ReadOnlyPost {
        suffix: "/InvokeCommand",
        body: BodyRule::Json(exchange_command),
    },
];

/// The Exchange Online admin API runs cmdlets through one POST endpoint; only
/// these read-only cmdlets may go through it.
pub const EXCHANGE_READ_CMDLETS: [&str; 7] = [
    "Get-OrganizationConfig",
    "Get-AdminAuditLogConfig",
    "Get-RemoteDomain",
    "Get-SharingPolicy",
    "Get-DataEncryptionPolicy",
    "Get-Mailbox",
    "Get-InboxRule",
];

/// What a request carries, as far as the guard is concerned.
pub enum Body<'a> {
    None,
    /// A form (token endpoints only).
    Form,
    Json(&'a Value),
}

/// Refuses anything but HTTPS (plain HTTP only to loopback and the Azure
/// instance metadata service, which only speaks HTTP on its link-local
/// address) and anything but the read-only method set, so that no code path
/// can change a tenant. A POST is let through only to a read-only endpoint,
/// with a body that only reads.
pub fn check_request(method: &Method, url: &Url, body: Body<'_>) -> Result<(), CollectError> {
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(url) || is_instance_metadata(url) => {}
        scheme => {
            return Err(CollectError::new(
                ErrorKind::Transport,
                format!(
                    "refusing {scheme}:// request to {}: only HTTPS is allowed (plain HTTP only to loopback)",
                    url.host_str().unwrap_or("?")
                ),
            ))
        }
    }
    let refuse = |why: String| {
        CollectError::new(
            ErrorKind::Transport,
            format!(
                "refusing {method} {}: {why}; tenantaudit only reads (GET, token, $batch and composite POSTs of GETs)",
                url.path()
            ),
        )
    };
    if *method == Method::GET {
        return Ok(());
    }
    let endpoint = READ_ONLY_POSTS
        .iter()
        .find(|post| url.path().ends_with(post.suffix))
        .filter(|_| *method == Method::POST)
        .ok_or_else(|| refuse("not a read-only endpoint".into()))?;
    match (&endpoint.body, body) {
        (BodyRule::TokenForm, Body::Form | Body::None) => Ok(()),
        (BodyRule::Json(rule), Body::Json(value)) => rule(value).map_err(refuse),
        _ => Err(refuse("unexpected body".into())),
    }
}

/// Graph JSON batching: `{"requests": [{"id", "method", "url"}]}`, each a GET
/// of a relative Graph path.
fn graph_batch(body: &Value) -> Result<(), String> {
    sub_requests(body.get("requests"), "requests", |url| {
        !url.contains("$batch")
    })
}

/// Salesforce composite: `{"compositeRequest": [{"method", "url", "referenceId"}]}`,
/// each a GET of a `/services/data/` path.
fn salesforce_composite(body: &Value) -> Result<(), String> {
    sub_requests(body.get("compositeRequest"), "compositeRequest", |url| {
        url.starts_with("/services/data/") && !url.contains("/composite")
    })
}

/// Exchange `InvokeCommand`: exactly `{"CmdletInput": {"CmdletName": <allowed>,
/// "Parameters": {...}}}`, nothing else riding along.
fn exchange_command(body: &Value) -> Result<(), String> {
    let input = body
        .as_object()
        .filter(|body| body.len() == 1)
        .and_then(|body| body.get("CmdletInput"))
        .and_then(Value::as_object)
        .filter(|input| {
            input
                .keys()
                .all(|key| key == "CmdletName" || key == "Parameters")
                && input.get("Parameters").is_none_or(Value::is_object)
        });
    let cmdlet = input
        .and_then(|input| input.get("CmdletName"))
        .and_then(Value::as_str);
    match cmdlet {
        Some(name)
            if EXCHANGE_READ_CMDLETS
                .iter()
                .any(|allowed| allowed.eq_ignore_ascii_case(name)) =>
        {
            Ok(())
        }
        _ => Err(format!(
            "only the read-only cmdlets {} may be invoked, each alone (asked: {})",
            EXCHANGE_READ_CMDLETS.join(", "),
            cmdlet.unwrap_or("no recognisable CmdletInput")
        )),
    }
}

/// Every sub-request is a GET of a relative URL that `allowed` accepts.
fn sub_requests(list: Option<&Value>, key: &str, allowed: fn(&str) -> bool) -> Result<(), String> {
    let list = list
        .and_then(Value::as_array)
        .ok_or_else(|| format!("the body has no {key} list"))?;
    for (i, sub) in list.iter().enumerate() {
        let method = sub.get("method").and_then(Value::as_str).unwrap_or("");
        if !method.eq_ignore_ascii_case("GET") {
            return Err(format!("sub-request {} is not a GET", i + 1));
        }
        let url = sub.get("url").and_then(Value::as_str).unwrap_or("");
        let relative = !url.is_empty() && !url.contains("://") && !url.starts_with("//");
        if !relative || !allowed(url) {
            return Err(format!("sub-request {} reads a path not allowed", i + 1));
        }
    }
    Ok(())
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

/// Azure IMDS: `169.254.169.254`, reachable only from inside the machine.
fn is_instance_metadata(url: &Url) -> bool {
    url.host() == Some(url::Host::Ipv4(std::net::Ipv4Addr::new(169, 254, 169, 254)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    const GRAPH_BATCH: &str = "https://graph.microsoft.com/v1.0/$batch";
    const COMPOSITE: &str = "https://x.my.salesforce.com/services/data/v65.0/composite";

    #[test]
    fn write_methods_never_pass() {
        for method in [Method::PUT, Method::PATCH, Method::DELETE, Method::POST] {
            let err = check_request(
                &method,
                &url("https://graph.microsoft.com/v1.0/users/1"),
                Body::None,
            )
            .unwrap_err();
            assert!(err.message.contains("only reads"), "{method}: {err}");
        }
    }

    #[test]
    fn read_only_posts_and_gets_pass() {
        check_request(
            &Method::GET,
            &url("https://graph.microsoft.com/v1.0/users"),
            Body::None,
        )
        .unwrap();
        check_request(
            &Method::POST,
            &url("https://login.microsoftonline.com/t/oauth2/v2.0/token"),
            Body::Form,
        )
        .unwrap();
        let batch = json!({"requests": [{"id": "1", "method": "GET", "url": "/users?$top=1"}]});
        check_request(&Method::POST, &url(GRAPH_BATCH), Body::Json(&batch)).unwrap();
        let composite = json!({"allOrNone": false, "compositeRequest": [
            {"method": "GET", "url": "/services/data/v65.0/query?q=SELECT+Id+FROM+User", "referenceId": "q0"}]});
        check_request(&Method::POST, &url(COMPOSITE), Body::Json(&composite)).unwrap();
    }

    /// Issue 17: the path suffix alone let any body through.
    #[test]
    fn batch_and_composite_bodies_must_only_read() {
        let refused = [
            (
                GRAPH_BATCH,
                json!({"requests": [{"id": "1", "method": "GET", "url": "/users"},
                {"id": "2", "method": "DELETE", "url": "/users/1"}]}),
            ),
            (
                GRAPH_BATCH,
                json!({"requests": [{"id": "1", "method": "PATCH", "url": "/policies/authorizationPolicy"}]}),
            ),
            (
                GRAPH_BATCH,
                json!({"requests": [{"id": "1", "method": "GET", "url": "https://evil.example/x"}]}),
            ),
            (
                GRAPH_BATCH,
                json!({"requests": [{"id": "1", "method": "GET", "url": "/$batch"}]}),
            ),
            (GRAPH_BATCH, json!({"value": []})),
            (
                COMPOSITE,
                json!({"compositeRequest": [{"method": "POST", "url": "/services/data/v65.0/sobjects/User", "referenceId": "a"}]}),
            ),
            (
                COMPOSITE,
                json!({"compositeRequest": [{"method": "GET", "url": "//evil.example/services/data/x", "referenceId": "a"}]}),
            ),
            (
                COMPOSITE,
                json!({"compositeRequest": [{"method": "GET", "url": "/services/apexrest/x", "referenceId": "a"}]}),
            ),
            (
                COMPOSITE,
                json!({"compositeRequest": [{"url": "/services/data/v65.0/query", "referenceId": "a"}]}),
            ),
        ];
        for (endpoint, body) in refused {
            let err = check_request(&Method::POST, &url(endpoint), Body::Json(&body)).unwrap_err();
            assert!(err.message.contains("only reads"), "{body}: {err}");
        }
        // A batch endpoint without its JSON body is refused too.
        assert!(check_request(&Method::POST, &url(COMPOSITE), Body::None).is_err());
        assert!(check_request(&Method::POST, &url(COMPOSITE), Body::Form).is_err());
    }

    #[test]
    fn plain_http_only_to_loopback() {
        let get = |s: &str| check_request(&Method::GET, &url(s), Body::None);
        get("http://127.0.0.1:8080/v1.0/users").unwrap();
        get("http://[::1]:8080/v1.0/users").unwrap();
        get("http://localhost:1/x").unwrap();
        let err = get("http://graph.microsoft.com/v1.0/users").unwrap_err();
        assert!(err.message.contains("only HTTPS"));
        assert!(get("http://10.0.0.1/x").is_err());
        assert!(get("http://169.254.169.1/x").is_err());
        get("http://169.254.169.254/metadata/identity/oauth2/token").unwrap();
    }

    #[test]
    fn exchange_runs_only_allowed_read_cmdlets() {
        let invoke =
            url("https://outlook.office365.com/adminapi/beta/t/InvokeCommand?$skiptoken=1");
        let get = json!({"CmdletInput": {"CmdletName": "Get-Mailbox", "Parameters": {"Identity": "a@b.c"}}});
        check_request(&Method::POST, &invoke, Body::Json(&get)).unwrap();
        let lower = json!({"CmdletInput": {"CmdletName": "get-remotedomain"}});
        check_request(&Method::POST, &invoke, Body::Json(&lower)).unwrap();
        for refused in [
            json!({"CmdletInput": {"CmdletName": "Set-OrganizationConfig", "Parameters": {"AuditDisabled": true}}}),
            json!({"CmdletInput": {"CmdletName": "Remove-InboxRule", "Parameters": {}}}),
            json!({"CmdletInput": {"CmdletName": "Get-Mailbox; Set-Mailbox"}}),
            json!({"CmdletInput": {"CmdletName": "Get-Mailbox", "Script": "Set-Mailbox"}}),
            json!({"CmdletInput": {"CmdletName": "Get-Mailbox"}, "Other": 1}),
            json!({"CmdletInput": {"CmdletName": "Get-Mailbox", "Parameters": "x"}}),
            json!([1]),
        ] {
            let err = check_request(&Method::POST, &invoke, Body::Json(&refused)).unwrap_err();
            assert!(
                err.message.contains("only the read-only cmdlets"),
                "{refused}: {err}"
            );
        }
        // A form or an empty POST to the endpoint carries no checkable command.
        assert!(check_request(&Method::POST, &invoke, Body::None).is_err());
        assert!(check_request(&Method::POST, &invoke, Body::Form).is_err());
    }
}

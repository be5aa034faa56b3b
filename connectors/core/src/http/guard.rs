//! Transport and read-only guard: every request passes here before it leaves.

use crate::{CollectError, ErrorKind};
use reqwest::Method;
use std::net::IpAddr;
use url::Url;

/// POST endpoints that read rather than write: OAuth token endpoints, Graph
/// `$batch` (of GETs) and Salesforce `composite` (of GETs and queries).
const READ_ONLY_POST_SUFFIXES: [&str; 5] = [
    "/oauth2/v2.0/token",
    "/oauth2/v2.0/devicecode",
    "/services/oauth2/token",
    "/$batch",
    "/composite",
];

/// Refuses anything but HTTPS (plain HTTP only to loopback) and anything but the
/// read-only method set, so that no code path can change a tenant.
pub fn check_request(method: &Method, url: &Url) -> Result<(), CollectError> {
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(url) => {}
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
    let read_only = *method == Method::GET
        || (*method == Method::POST
            && READ_ONLY_POST_SUFFIXES
                .iter()
                .any(|suffix| url.path().ends_with(suffix)));
    if read_only {
        Ok(())
    } else {
        Err(CollectError::new(
            ErrorKind::Transport,
            format!(
                "refusing {method} {}: tenantaudit only reads (GET, token, $batch and composite POSTs)",
                url.path()
            ),
        ))
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn write_methods_never_pass() {
        for method in [Method::PUT, Method::PATCH, Method::DELETE, Method::POST] {
            let err = check_request(&method, &url("https://graph.microsoft.com/v1.0/users/1"))
                .unwrap_err();
            assert!(err.message.contains("only reads"), "{method}: {err}");
        }
    }

    #[test]
    fn read_only_posts_and_gets_pass() {
        check_request(&Method::GET, &url("https://graph.microsoft.com/v1.0/users")).unwrap();
        check_request(
            &Method::POST,
            &url("https://login.microsoftonline.com/t/oauth2/v2.0/token"),
        )
        .unwrap();
        check_request(
            &Method::POST,
            &url("https://graph.microsoft.com/v1.0/$batch"),
        )
        .unwrap();
        check_request(
            &Method::POST,
            &url("https://x.my.salesforce.com/services/data/v65.0/composite"),
        )
        .unwrap();
    }

    #[test]
    fn plain_http_only_to_loopback() {
        check_request(&Method::GET, &url("http://127.0.0.1:8080/v1.0/users")).unwrap();
        check_request(&Method::GET, &url("http://[::1]:8080/v1.0/users")).unwrap();
        check_request(&Method::GET, &url("http://localhost:1/x")).unwrap();
        let err =
            check_request(&Method::GET, &url("http://graph.microsoft.com/v1.0/users")).unwrap_err();
        assert!(err.message.contains("only HTTPS"));
        assert!(check_request(&Method::GET, &url("http://10.0.0.1/x")).is_err());
    }
}

//! Whom the client trusts: the bundled Mozilla roots and the operating
//! system's store (both built into the client), plus the private CAs of
//! `[http] ca_file` (a TLS-inspecting proxy's, an internal relay's).

use url::Url;

/// The certificates of a PEM file (one or more `BEGIN CERTIFICATE` blocks).
pub fn load_ca_file(path: &std::path::Path) -> Result<Vec<reqwest::Certificate>, String> {
    let pem = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let certs = reqwest::Certificate::from_pem_bundle(&pem)
        .map_err(|e| format!("{} is not a PEM certificate bundle: {e}", path.display()))?;
    if certs.is_empty() {
        return Err(format!("{} holds no PEM certificate", path.display()));
    }
    Ok(certs)
}

/// The innermost cause of a transport error: reqwest's own text only names
/// the URL, the reason (here rustls') is at the end of the chain.
fn root_cause(error: &reqwest::Error) -> String {
    let mut cause: &dyn std::error::Error = error;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

/// A server certificate the client does not trust. Not transient: trying
/// again cannot make it trusted.
pub(super) fn is_certificate_error(error: &reqwest::Error) -> bool {
    error.is_connect() && root_cause(error).contains("invalid peer certificate")
}

/// What to tell the user about an untrusted certificate: whose it is, why
/// rustls refused it, and the fix.
pub(super) fn untrusted_certificate(error: &reqwest::Error, url: &Url) -> Option<String> {
    if !is_certificate_error(error) {
        return None;
    }
    Some(format!(
        "the TLS certificate presented for {}:{} is not trusted ({}); if a proxy inspects TLS or the server uses a private CA, give that CA's certificate as [http] ca_file",
        url.host_str().unwrap_or("?"),
        url.port_or_known_default().unwrap_or(443),
        root_cause(error)
    ))
}

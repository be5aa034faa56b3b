//! Validation rules for values the config's shape cannot refuse on its own:
//! colliding labels, credentials in URLs or in the wrong key, values out of
//! range, secrets that are empty or do not parse. All run before any request;
//! each returns its problem for the caller to add to the run's collector.

use anyhow::{anyhow, bail};
use secrecy::{ExposeSecret, SecretString};
use std::collections::BTreeMap;
use url::Url;

/// Labels name files (`snapshots/<label>.json`, `tenants/<label>/`): two that
/// map to the same file name, or an empty one, would overwrite a tenant's
/// outputs. `seen` maps file names to the label and place (`file:line`) that
/// took them.
pub fn distinct_file_name(
    seen: &mut BTreeMap<String, (String, String)>,
    label: &str,
    at: String,
) -> anyhow::Result<()> {
    let file = crate::workflows::file_safe(label);
    if label.trim().is_empty() || file.chars().all(|c| c == '_') {
        bail!("tenant label {label:?} is empty or has no letter or digit; labels name the tenant's output files");
    }
    if let Some((other, other_at)) = seen.get(&file) {
        bail!("tenant label {label:?} and {other:?} ({other_at}) would both be written as {file}.json; make the labels differ in letters or digits");
    }
    seen.insert(file, (label.to_string(), at));
    Ok(())
}

/// A URL with `user:password@` would carry a credential into logs and the
/// evidence bundle; credentials belong in `*_env`/`*_file` keys.
pub fn no_user_info(url: Option<&Url>, key: &str) -> anyhow::Result<()> {
    if url.is_some_and(|u| !u.username().is_empty() || u.password().is_some()) {
        bail!("{key} must not hold a user name or password (user:password@); give credentials with the auth keys");
    }
    Ok(())
}

/// An environment variable's name, checked before it is looked up: a value
/// that is not a name may be a secret pasted there, so it is never echoed.
pub fn variable_name<'a>(var: &'a str, key: &str) -> anyhow::Result<&'a str> {
    let mut chars = var.chars();
    let valid = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !valid {
        bail!("the value of {key} is not a valid variable name (give the name of the variable that holds the secret, not the secret)");
    }
    Ok(var)
}

/// A secret read from a file or the environment must hold something.
pub fn not_empty(secret: SecretString, source: &str) -> anyhow::Result<SecretString> {
    if secret.expose_secret().trim().is_empty() {
        bail!("{source} is empty");
    }
    Ok(secret)
}

/// A private key must be an RSA key in PEM, found now rather than after the
/// first network call.
pub fn rsa_private_key(key: &SecretString, file: &std::path::Path) -> anyhow::Result<()> {
    tenantaudit_connector::auth::check_private_key(key.expose_secret()).map_err(|_| {
        anyhow!(
            "private key file {} is not an RSA private key in PEM",
            file.display()
        )
    })
}

/// A certificate file must be PEM.
pub fn certificate(text: &str, file: &std::path::Path) -> anyhow::Result<()> {
    pem::parse(text)
        .map(|_| ())
        .map_err(|_| anyhow!("certificate file {} is not PEM", file.display()))
}

/// `[http] timeout_seconds`: 0 would time every request out at once.
pub fn timeout(seconds: Option<u64>) -> anyhow::Result<()> {
    if seconds == Some(0) {
        bail!("[http] timeout_seconds must be at least 1");
    }
    Ok(())
}

/// `[tenant.limits] api_warn_percent`: a share of the daily limit, 1 to 100.
pub fn warn_percent(percent: Option<u8>) -> anyhow::Result<()> {
    if percent.is_some_and(|p| !(1..=100).contains(&p)) {
        bail!("api_warn_percent must be between 1 and 100");
    }
    Ok(())
}

/// The span of the first line at or after byte `from` that sets `key` (the
/// raw tables keep no positions for plain values).
pub fn key_span(text: &str, from: usize, key: &str) -> Option<std::ops::Range<usize>> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let sets = line
            .trim_start()
            .strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with('='));
        if offset >= from && sets {
            return Some(offset..offset + line.len());
        }
        offset += line.len();
    }
    None
}

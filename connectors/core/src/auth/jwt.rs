//! RS256 JSON Web Tokens for client assertions, signed with `ring` (the
//! crypto rustls already brings; no RSA implementation of our own).

use base64::Engine;
use ring::signature::{RsaKeyPair, RSA_PKCS1_SHA256};

/// Whether a PEM text is an RSA private key that can sign client assertions
/// (checked with the config, before any request).
pub fn check_private_key(private_key_pem: &str) -> Result<(), &'static str> {
    key_pair(private_key_pem).map(|_| ())
}

fn key_pair(private_key_pem: &str) -> Result<RsaKeyPair, &'static str> {
    let pem = pem::parse(private_key_pem).map_err(|_| "the private key is not PEM")?;
    match pem.tag() {
        "PRIVATE KEY" => RsaKeyPair::from_pkcs8(pem.contents()),
        "RSA PRIVATE KEY" => RsaKeyPair::from_der(pem.contents()),
        _ => return Err("the private key is not an RSA key in PEM"),
    }
    .map_err(|_| "the private key is not a usable RSA key (2048 bits or more)")
}

/// `header` holds the fields besides `alg` and `typ` (e.g. thumbprints).
/// The key is a PEM RSA key, PKCS#8 (`PRIVATE KEY`) or PKCS#1
/// (`RSA PRIVATE KEY`), of at least 2048 bits.
pub(super) fn sign_rs256(
    mut header: serde_json::Value,
    claims: &serde_json::Value,
    private_key_pem: &str,
) -> Result<String, &'static str> {
    let key = key_pair(private_key_pem)?;
    header["alg"] = "RS256".into();
    header["typ"] = "JWT".into();
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let signed = format!(
        "{}.{}",
        b64.encode(header.to_string()),
        b64.encode(claims.to_string())
    );
    let mut signature = vec![0; key.public().modulus_len()];
    key.sign(
        &RSA_PKCS1_SHA256,
        &ring::rand::SystemRandom::new(),
        signed.as_bytes(),
        &mut signature,
    )
    .map_err(|_| "signing failed")?;
    Ok(format!("{signed}.{}", b64.encode(signature)))
}

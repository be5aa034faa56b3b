//! Optional Ed25519 signature of the manifest (`--sign-key`, `verify --key`).
//! Keys are PEM files as OpenSSL writes them (`openssl genpkey -algorithm
//! ed25519`: PKCS#8 private key; `openssl pkey -pubout`: SubjectPublicKeyInfo
//! public key). The signature is the raw 64 bytes over the manifest file's
//! bytes, `DIR/manifest.json.sig`, so that `openssl pkeyutl -verify -rawin`
//! checks it without tenantaudit.

use anyhow::{anyhow, Context as _};
use ed25519_dalek::pkcs8::{DecodePrivateKey, DecodePublicKey};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use std::path::Path;

pub const SIGNATURE: &str = "manifest.json.sig";

/// A private key, read and checked before any request.
pub struct ManifestSigner(SigningKey);

impl ManifestSigner {
    pub fn load(path: &Path) -> anyhow::Result<ManifestSigner> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read signing key {}", path.display()))?;
        // The parser's own errors say nothing about the key; keep them out.
        SigningKey::from_pkcs8_pem(&text)
            .map(ManifestSigner)
            .map_err(|_| {
                anyhow!(
                    "{} is not an Ed25519 private key (PKCS#8 PEM, as `openssl genpkey -algorithm ed25519` writes)",
                    path.display()
                )
            })
    }

    pub fn sign(&self, manifest: &[u8]) -> [u8; 64] {
        self.0.sign(manifest).to_bytes()
    }
}

pub fn load_public_key(path: &Path) -> anyhow::Result<VerifyingKey> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read public key {}", path.display()))?;
    VerifyingKey::from_public_key_pem(&text).map_err(|_| {
        anyhow!(
            "{} is not an Ed25519 public key (PEM, as `openssl pkey -pubout` writes)",
            path.display()
        )
    })
}

/// Whether `signature` is `key`'s signature of `manifest`.
pub fn is_valid(key: &VerifyingKey, manifest: &[u8], signature: &[u8]) -> bool {
    Signature::from_slice(signature).is_ok_and(|s| key.verify(manifest, &s).is_ok())
}

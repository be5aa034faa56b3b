//! The simulator's RS256 tokens (ring): it verifies client assertions and
//! signs federated tokens with the demo key pair.

use base64::Engine;
use ring::signature::{
    RsaKeyPair, UnparsedPublicKey, RSA_PKCS1_2048_8192_SHA256, RSA_PKCS1_SHA256,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Clock skew allowed on `exp` and `nbf`, as token services allow.
const LEEWAY_SECONDS: i64 = 60;

pub struct KeyPair(RsaKeyPair);

impl KeyPair {
    /// A PKCS#8 PEM RSA private key.
    pub fn from_pem(text: &[u8]) -> anyhow::Result<KeyPair> {
        let pem = pem::parse(text)?;
        RsaKeyPair::from_pkcs8(pem.contents())
            .map(KeyPair)
            .map_err(|e| anyhow::anyhow!("not a PKCS#8 RSA key: {e}"))
    }

    pub fn sign(&self, claims: &Value) -> String {
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let header = serde_json::json!({"alg": "RS256", "typ": "JWT"});
        let signed = format!(
            "{}.{}",
            b64.encode(header.to_string()),
            b64.encode(claims.to_string())
        );
        let mut signature = vec![0; self.0.public().modulus_len()];
        self.0
            .sign(
                &RSA_PKCS1_SHA256,
                &ring::rand::SystemRandom::new(),
                signed.as_bytes(),
                &mut signature,
            )
            .expect("RSA signing");
        format!("{signed}.{}", b64.encode(signature))
    }

    /// The claims of an RS256 token signed with this key, for `audience`,
    /// within its lifetime; `None` for anything else.
    pub fn verify<T: DeserializeOwned>(&self, token: &str, audience: &str) -> Option<T> {
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let (signed, signature) = token.rsplit_once('.')?;
        let (header, claims) = signed.split_once('.')?;
        let header: Value = serde_json::from_slice(&b64.decode(header).ok()?).ok()?;
        if header["alg"] != "RS256" {
            return None;
        }
        UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, self.0.public().as_ref())
            .verify(signed.as_bytes(), &b64.decode(signature).ok()?)
            .ok()?;
        let claims: Value = serde_json::from_slice(&b64.decode(claims).ok()?).ok()?;
        let now = chrono::Utc::now().timestamp();
        let exp = claims["exp"].as_i64()?;
        let nbf = claims["nbf"].as_i64().unwrap_or(now);
        let aud_matches = match &claims["aud"] {
            Value::String(aud) => aud == audience,
            Value::Array(auds) => auds.iter().any(|a| a == audience),
            _ => false,
        };
        (aud_matches && exp + LEEWAY_SECONDS > now && nbf - LEEWAY_SECONDS <= now)
            .then(|| serde_json::from_value(claims).ok())
            .flatten()
    }
}

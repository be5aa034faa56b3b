//! Large tenants, generated: a sample tenant grown to any size, deterministic
//! from a seed, for the benchmarks (`benches/scale.rs`).
//!
//! Every generated item is a copy of an item of the same file in the sample
//! tenant with its identity and a few varied fields rewritten, so the shapes
//! stay the sample's (which follow the providers' documented shapes) field
//! for field. The sample's own items stay, so its planted findings stay too;
//! generated items refer to sample objects (the Microsoft Graph service
//! principal and its app roles, Salesforce permission sets and profiles) and
//! to each other (grants and tokens to generated users).

mod m365;
mod salesforce;

pub use m365::m365;
pub use salesforce::salesforce;

use chrono::{DateTime, Utc};
use serde_json::Value;

/// How big a generated tenant is. Counts are totals, the sample's items included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scale {
    pub users: usize,
    pub groups: usize,
    pub service_principals: usize,
    pub oauth2_grants: usize,
    pub ca_policies: usize,
    pub sf_users: usize,
    pub sf_permission_set_assignments: usize,
    pub sf_oauth_tokens: usize,
}

impl Scale {
    /// The sizes of issue 8: a large enterprise tenant and org.
    pub fn large() -> Scale {
        Scale {
            users: 100_000,
            groups: 20_000,
            service_principals: 10_000,
            oauth2_grants: 50_000,
            ca_policies: 300,
            sf_users: 50_000,
            sf_permission_set_assignments: 100_000,
            sf_oauth_tokens: 200_000,
        }
    }

    /// A tenant one twentieth of `large`, for a quick run.
    pub fn small() -> Scale {
        Scale {
            users: 5_000,
            groups: 1_000,
            service_principals: 500,
            oauth2_grants: 2_500,
            ca_policies: 30,
            sf_users: 2_500,
            sf_permission_set_assignments: 5_000,
            sf_oauth_tokens: 10_000,
        }
    }
}

/// What a generator needs besides the sample: the seed, and the instant
/// "now" for relative timestamps (pass a fixed one for identical output).
#[derive(Debug, Clone, Copy)]
pub struct Seed {
    pub seed: u64,
    pub now: DateTime<Utc>,
}

/// SplitMix64: small, fast, and the same on every platform.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64, stream: u64) -> Rng {
        Rng(seed ^ stream.wrapping_mul(0xD134_2543_DE82_EF95))
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// 0..n (n > 0).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// True with probability `percent`/100.
    pub(crate) fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    pub(crate) fn guid(&mut self) -> String {
        let a = self.next();
        let b = self.next();
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0x0fff,
            0x8000 | ((b >> 48) & 0x3fff),
            b & 0xffff_ffff_ffff
        )
    }

    /// Base64url-ish text of `len` characters (grant ids, request ids).
    pub(crate) fn token(&mut self, len: usize) -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        (0..len).map(|_| ALPHABET[self.below(64)] as char).collect()
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The items of a list file (`value` or `records`), cloned.
pub(crate) fn items(store: &crate::SampleStore, key: &str) -> Vec<Value> {
    store
        .get(key)
        .and_then(|file| file.get("value").or_else(|| file.get("records")))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

/// The file at `key` with its list replaced by `items` (Salesforce's
/// `totalSize` kept true).
pub(crate) fn with_items(
    store: crate::SampleStore,
    key: &str,
    template: Option<&Value>,
    list: &str,
    items: Vec<Value>,
) -> crate::SampleStore {
    let mut file = template.cloned().unwrap_or_else(|| {
        if list == "records" {
            serde_json::json!({"totalSize": 0, "done": true})
        } else {
            serde_json::json!({})
        }
    });
    if list == "records" {
        file["totalSize"] = Value::from(items.len());
        file["done"] = Value::Bool(true);
    }
    file[list] = Value::Array(items);
    store.set(key, file)
}

/// `now` minus `days` (and a few seconds), as Graph writes it.
pub(crate) fn graph_time(now: DateTime<Utc>, days: i64, seconds: i64) -> Value {
    let at = now - chrono::Duration::days(days) - chrono::Duration::seconds(seconds);
    Value::String(at.format("%Y-%m-%dT%H:%M:%SZ").to_string())
}

/// `now` minus `days`, as Salesforce writes it (`2026-11-29T16:42:10.000+0000`).
pub(crate) fn sf_time(now: DateTime<Utc>, days: i64, seconds: i64) -> Value {
    let at = now - chrono::Duration::days(days) - chrono::Duration::seconds(seconds);
    Value::String(at.format("%Y-%m-%dT%H:%M:%S%.3f+0000").to_string())
}

const GIVEN: &[&str] = &[
    "Ada", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kira",
    "Liam", "Maya", "Noah", "Olga", "Pavel", "Quinn", "Rosa", "Sami", "Tara", "Uma", "Victor",
    "Wen", "Xavier", "Yara", "Zane",
];
const FAMILY: &[&str] = &[
    "Abbott", "Baker", "Castro", "Dubois", "Eriksen", "Fischer", "Garcia", "Haddad", "Ito",
    "Jensen", "Kowalski", "Larsen", "Moreau", "Nakamura", "Okafor", "Petrov", "Quist", "Rossi",
    "Silva", "Tanaka", "Ueda", "Varga", "Weber", "Xu", "Yilmaz", "Zimmer",
];

/// A person's (given, family) name; `n` makes the login unique.
pub(crate) fn person(rng: &mut Rng) -> (&'static str, &'static str) {
    (*rng.pick(GIVEN), *rng.pick(FAMILY))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn samples() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples")
    }

    fn tiny() -> Scale {
        Scale {
            users: 120,
            groups: 15,
            service_principals: 20,
            oauth2_grants: 60,
            ca_policies: 12,
            sf_users: 80,
            sf_permission_set_assignments: 150,
            sf_oauth_tokens: 200,
        }
    }

    const M365_KEYS: [&str; 6] = [
        "graph/v1.0/users",
        "graph/v1.0/reports/authenticationMethods/userRegistrationDetails",
        "graph/v1.0/groups",
        "graph/v1.0/servicePrincipals",
        "graph/v1.0/oauth2PermissionGrants",
        "graph/v1.0/identity/conditionalAccess/policies",
    ];
    const SF_KEYS: [&str; 4] = [
        "query/User",
        "query/PermissionSetAssignment",
        "query/OauthToken",
        "query/TwoFactorMethodsInfo",
    ];

    #[test]
    fn same_seed_same_tenant_other_seed_other_tenant() {
        let m365 = crate::SampleStore::load(&samples().join("m365-contoso")).unwrap();
        let sf = crate::SampleStore::load(&samples().join("sf-acme")).unwrap();
        let now: DateTime<Utc> = "2026-11-30T00:00:00Z".parse().unwrap();
        let seed = |seed| Seed { seed, now };
        let a = super::m365(m365.clone(), &tiny(), seed(7));
        let b = super::m365(m365.clone(), &tiny(), seed(7));
        let c = super::m365(m365, &tiny(), seed(8));
        for key in M365_KEYS {
            assert_eq!(a.get(key), b.get(key), "{key}");
        }
        assert_ne!(a.get(M365_KEYS[0]), c.get(M365_KEYS[0]));
        let x = super::salesforce(sf.clone(), &tiny(), seed(7));
        let y = super::salesforce(sf, &tiny(), seed(7));
        for key in SF_KEYS {
            assert_eq!(x.get(key), y.get(key), "{key}");
        }
        // Sizes are totals, the sample's items included.
        let count = |s: &crate::SampleStore, k: &str| items(s, k).len();
        assert_eq!(count(&a, M365_KEYS[0]), 120);
        assert_eq!(count(&a, M365_KEYS[1]), 120);
        assert_eq!(count(&a, M365_KEYS[2]), 15);
        assert_eq!(count(&a, M365_KEYS[3]), 20);
        assert_eq!(count(&a, M365_KEYS[4]), 60);
        assert_eq!(count(&a, M365_KEYS[5]), 12);
        assert_eq!(count(&x, "query/User"), 80);
        assert_eq!(count(&x, "query/PermissionSetAssignment"), 150);
        assert_eq!(count(&x, "query/OauthToken"), 200);
        assert_eq!(
            x.get("query/OauthToken").unwrap()["totalSize"],
            Value::from(200)
        );
        // Ids are unique.
        let ids: std::collections::HashSet<_> = items(&a, M365_KEYS[0])
            .iter()
            .map(|u| u["id"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(ids.len(), 120);
    }
}

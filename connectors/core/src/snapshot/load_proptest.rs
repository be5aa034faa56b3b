//! Property tests: loading a snapshot never panics, whatever the file holds,
//! and a refusal always names the file.

use super::{Snapshot, SNAPSHOT_SCHEMA};
use proptest::prelude::*;
use serde_json::{json, Value};

/// JSON values with the snapshot's own keys, nested a few levels.
fn snapshotish() -> impl Strategy<Value = Value> {
    let key = prop::sample::select(vec![
        "schema",
        "tool_version",
        "tenant",
        "provider",
        "tenant_id",
        "domain",
        "display_name",
        "label",
        "started_at",
        "finished_at",
        "collections",
        "status",
        "endpoints",
        "permission",
        "item_count",
        "pages",
        "sha256",
        "error",
        "kind",
        "message",
        "fix",
        "common",
        "principals",
        "m365",
        "salesforce",
        "users",
        "id",
        "approved_exclusions",
    ]);
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|n| json!(n)),
        prop::sample::select(vec![
            "ok",
            "error",
            "m365",
            "salesforce",
            "2026-01-01T00:00:00Z",
            "",
            SNAPSHOT_SCHEMA
        ])
        .prop_map(|s| json!(s)),
        "\\PC{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(key.clone(), inner, 0..8).prop_map(|m| Value::Object(
                m.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
            )),
        ]
    })
}

fn load(bytes: &[u8]) -> Result<(), String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("snapshot.json");
    std::fs::write(&path, bytes).unwrap();
    match Snapshot::load(&path) {
        Ok(_) => Ok(()),
        Err(error) => {
            let text = error.to_string();
            if text.contains("snapshot.json") {
                Ok(())
            } else {
                Err(text)
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        prop_assert_eq!(load(&bytes), Ok(()));
    }

    #[test]
    fn snapshot_shaped_json_never_panics(mut value in snapshotish(), cut in any::<prop::sample::Index>()) {
        if let Value::Object(map) = &mut value {
            map.insert("schema".into(), json!(SNAPSHOT_SCHEMA));
        }
        let text = serde_json::to_string(&value).unwrap();
        prop_assert_eq!(load(text.as_bytes()), Ok(()));
        // Truncated anywhere (at a char boundary).
        let mut at = cut.index(text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        prop_assert_eq!(load(&text.as_bytes()[..at]), Ok(()));
    }
}

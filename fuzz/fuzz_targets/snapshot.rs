//! Snapshot loading (`tenantaudit check FILE`): any bytes give a snapshot or
//! an error, never a panic or a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tenantaudit_connector::snapshot::Snapshot;

fuzz_target!(|data: &[u8]| {
    let dir = std::env::temp_dir().join(format!("tenantaudit-fuzz-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("snapshot.json");
    if std::fs::write(&path, data).is_ok() {
        if let Ok(snapshot) = Snapshot::load(&path) {
            // What loads must write back and load again.
            let text = serde_json::to_string(&snapshot).expect("a loaded snapshot serialises");
            let again: Snapshot = serde_json::from_str(&text).expect("and reads back");
            assert_eq!(again.collections.len(), snapshot.collections.len());
        }
    }
});

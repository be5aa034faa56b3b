//! Report loading (`diff`, `matrix --report`): any bytes give a report or an
//! error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tenantaudit_report::Report;

fuzz_target!(|data: &[u8]| {
    let dir = std::env::temp_dir().join(format!("tenantaudit-fuzz-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("report.json");
    if std::fs::write(&path, data).is_ok() {
        let _ = Report::load(&path);
    }
});

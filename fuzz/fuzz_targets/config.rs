//! Config parsing, TOML layer. The config's validation lives in the binary
//! crate (`src/config.rs`), which a fuzz target cannot link; it is covered by
//! the property tests in `src/config_proptest.rs`. This target drives the
//! same `toml` parser with the same entry points: a generic table, and
//! spanned values as the config reads them (line numbers from spans).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match toml::from_str::<toml::Table>(text) {
        Ok(table) => {
            let again = toml::to_string(&table).expect("a parsed table serialises");
            let _ = toml::from_str::<toml::Table>(&again);
        }
        Err(error) => {
            if let Some(span) = error.span() {
                // The config names the line of an error from its span.
                let _line = text[..span.start.min(text.len())].matches('\n').count() + 1;
            }
        }
    }
    let _ = toml::from_str::<std::collections::BTreeMap<String, toml::Spanned<toml::Value>>>(text);
});

//! Property tests: parsing a config never panics, whatever the input, and a
//! refusal always names the file.

use super::parse;
use proptest::prelude::*;
use std::path::Path;

/// TOML-ish text: fragments of real config keys and syntax, shuffled.
fn tomlish() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "[[tenant]]\n",
        "[tenant.endpoints]\n",
        "[tenant.exclusions]\n",
        "[http]\n",
        "[checks]\n",
        "[checks.params.COM-ID-01]\n",
        "[owners]\n",
        "[output]\n",
        "[history]\n",
        "label = \"t\"\n",
        "provider = \"m365\"\n",
        "provider = \"salesforce\"\n",
        "tenant_id = \"x\"\n",
        "auth = { method = \"token\", token_env = \"TENANTAUDIT_PROPTEST_TOKEN\" }\n",
        "auth = { method = \"client_secret\", client_id = \"c\", secret = \"s\" }\n",
        "graph_base = \"http://127.0.0.1:1\"\n",
        "graph_base = \"not a url\"\n",
        "days = 30\n",
        "days = -1\n",
        "max_retries = 99999999999999999999\n",
        "timeout_seconds = 0\n",
        "disable = [\"M365-XX-99\"]\n",
        "only = []\n",
        "enabled = false\n",
        "dir = \"\"\n",
        "= \n",
        "[[",
        "\"",
        "'''",
        "\u{0}",
        "\u{feff}",
        "a.b.c = 1\n",
        "x = [[[[1]]]]\n",
        "exceptions = \"/nonexistent\"\n",
        "default = \"o\"\n",
    ]);
    prop::collection::vec(pieces, 0..24).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        std::env::set_var("TENANTAUDIT_PROPTEST_TOKEN", "t");
        if let Err(error) = parse(&text, Path::new("fuzz.toml")) {
            prop_assert!(format!("{error:#}").contains("fuzz.toml"), "{error:#}");
        }
    }

    #[test]
    fn config_shaped_text_never_panics(text in tomlish()) {
        std::env::set_var("TENANTAUDIT_PROPTEST_TOKEN", "t");
        if let Err(error) = parse(&text, Path::new("fuzz.toml")) {
            prop_assert!(format!("{error:#}").contains("fuzz.toml"), "{error:#}");
        }
    }
}

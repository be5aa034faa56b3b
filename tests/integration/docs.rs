//! The registry is the source of `checks list`, `checks explain` and the docs
//! pages: the set of ids is fixed by a snapshot, and each page must match.
//! `TENANTAUDIT_BLESS=1 cargo test` rewrites the pages.

use crate::support::tenantaudit;
use std::path::Path;

fn stdout(args: &[&str]) -> String {
    let output = tenantaudit().args(args).output().unwrap();
    assert!(output.status.success(), "{args:?}");
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn every_check_id() {
    insta::assert_snapshot!(stdout(&["checks", "list"]));
}

#[test]
fn docs_pages_match_the_registry() {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/checks");
    let bless = std::env::var_os("TENANTAUDIT_BLESS").is_some();
    let list = stdout(&["checks", "list"]);
    let ids: Vec<&str> = list
        .lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(ids.len() >= 12);
    for id in &ids {
        let page = stdout(&["checks", "explain", id]);
        let path = docs.join(format!("{id}.md"));
        if bless {
            std::fs::create_dir_all(&docs).unwrap();
            std::fs::write(&path, &page).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert_eq!(
            committed,
            page,
            "{} is stale: run TENANTAUDIT_BLESS=1 cargo test",
            path.display()
        );
    }
    // The catalog page: every check with its pass condition and references.
    let catalog = stdout(&["checks", "catalog"]);
    for id in &ids {
        assert!(
            catalog.contains(&format!("### {id} — ")),
            "{id} in the catalog"
        );
    }
    let index_path = docs.join("README.md");
    if bless {
        std::fs::write(&index_path, &catalog).unwrap();
    }
    assert_eq!(
        std::fs::read_to_string(&index_path).unwrap_or_default(),
        catalog,
        "{} is stale: run TENANTAUDIT_BLESS=1 cargo test",
        index_path.display()
    );
}

#[test]
fn schemas_are_json_schema_documents() {
    for contract in ["snapshot", "report"] {
        let schema: serde_json::Value =
            serde_json::from_str(&stdout(&["schema", contract])).unwrap();
        assert!(schema["$schema"]
            .as_str()
            .unwrap()
            .contains("json-schema.org"));
        assert!(
            schema["properties"]["schema"].is_object(),
            "{contract} documents its schema field"
        );
    }
}

#[test]
fn permissions_are_listed_per_provider() {
    assert!(stdout(&["permissions", "m365"]).contains("Policy.Read.All"));
    assert!(stdout(&["permissions", "salesforce"]).contains("View Setup and Configuration"));
}

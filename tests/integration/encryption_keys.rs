//! Customer-managed encryption keys: SF-DATA-02 (Shield tenant secrets
//! rotated within `max_days`) on simulator data.

use crate::support::{expect, expect_forbidden_error, Scenario, ACME_ID};
use serde_json::json;
use tenantaudit_simulator::{Fault, FaultKind};

const SECRETS: &str = "query/TenantSecret";

#[test]
fn tenant_secrets_rotated_within_a_year() {
    // The active Data secret is from 2025-06-02: older than 365 days.
    let fail = expect(Scenario::new(), "SF-DATA-02", ACME_ID, "fail");
    assert_eq!(fail["affected"].as_array().unwrap().len(), 1, "{fail}");
    assert_eq!(fail["affected"][0]["display_name"], "Data tenant secret v3");
    assert!(fail["affected"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("source HSM"));
    let recent = (crate::support::now() - chrono::Duration::days(20))
        .format("%Y-%m-%dT%H:%M:%S%.3f+0000")
        .to_string();
    expect(
        Scenario::new()
            .salesforce(move |s| s.patch(SECRETS, "/records/0/CreatedDate", json!(recent))),
        "SF-DATA-02",
        ACME_ID,
        "pass",
    );
    expect(
        Scenario::new().config("[checks.params.SF-DATA-02]\nmax_days = 730\n"),
        "SF-DATA-02",
        ACME_ID,
        "pass",
    );
}

#[test]
fn no_platform_encryption_is_not_applicable() {
    // An org without Shield has no Manage Encryption Keys permission:
    // decided by the PermissionSet describe, TenantSecret never queried.
    let run = Scenario::new()
        .salesforce(|s| {
            s.edit_items("query/PermissionSet", |r| {
                r.as_object_mut()
                    .unwrap()
                    .remove("PermissionsManageEncryptionKeys");
            })
        })
        .audit();
    let finding = run.finding("SF-DATA-02", ACME_ID);
    assert_eq!(finding["status"], "not_applicable", "{finding}");
    assert!(finding["fix"]
        .as_str()
        .unwrap()
        .contains("Shield Platform Encryption"));
    let snapshot = std::fs::read_to_string(run.out.join("snapshots/acme.json")).unwrap();
    let snapshot: serde_json::Value = serde_json::from_str(&snapshot).unwrap();
    let endpoints = snapshot["collections"]["tenant_secrets"]["endpoints"].to_string();
    assert!(!endpoints.contains("TenantSecret"), "{endpoints}");
    // Shield, but no key generated yet: encryption is not in use.
    expect(
        Scenario::new().salesforce(|s| s.patch(SECRETS, "/records", json!([]))),
        "SF-DATA-02",
        ACME_ID,
        "not_applicable",
    );
}

#[test]
fn unreadable_or_undated_secrets_are_errors() {
    expect_forbidden_error(
        "FROM TenantSecret",
        "SF-DATA-02",
        ACME_ID,
        "Manage Encryption Keys",
    );
    // With Shield, INVALID_TYPE means the caller may not see the object: the
    // permission is missing, never "no encryption".
    let hidden = json!([{"message": "sObject type 'TenantSecret' is not supported.", "errorCode": "INVALID_TYPE"}]);
    let finding = expect(
        Scenario::new().fault(Fault::new(
            "FROM TenantSecret",
            FaultKind::StatusBody(400, hidden),
        )),
        "SF-DATA-02",
        ACME_ID,
        "error",
    );
    assert!(
        finding["fix"]
            .as_str()
            .unwrap()
            .contains("Manage Encryption Keys"),
        "{finding}"
    );
    expect(
        Scenario::new().salesforce(|s| s.patch(SECRETS, "/records/2/CreatedDate", json!(null))),
        "SF-DATA-02",
        ACME_ID,
        "error",
    );
}

const DEP: &str = "exchange/Get-DataEncryptionPolicy";

#[test]
fn customer_key_names_the_vault_keys_to_review() {
    use crate::support::CONTOSO_ID;
    let manual = expect(
        Scenario::new().admin_sources(),
        "M365-DATA-04",
        CONTOSO_ID,
        "manual",
    );
    let message = manual["message"].as_str().unwrap();
    assert!(
        message.contains("https://contoso-ck-weu.vault.azure.net/keys/exo-dep-finance/"),
        "{message}"
    );
    assert!(message.contains("contoso-ck-neu"), "{message}");
    // No policy, or none enabled: Microsoft-managed keys.
    for (pointer, value, status) in [
        ("/value", json!([]), "not_applicable"),
        ("/value/0/Enabled", json!(false), "not_applicable"),
        ("/value/0/Enabled", json!(null), "error"),
    ] {
        let scenario = Scenario::new()
            .admin_sources()
            .m365(move |s| s.patch(DEP, pointer, value));
        expect(scenario, "M365-DATA-04", CONTOSO_ID, status);
    }
    let refused = expect(
        Scenario::new()
            .admin_sources()
            .forbid("InvokeCommand Get-DataEncryptionPolicy"),
        "M365-DATA-04",
        CONTOSO_ID,
        "error",
    );
    assert!(
        refused["fix"].as_str().unwrap().contains("Global Reader"),
        "{refused}"
    );
    let not_configured = expect(Scenario::new(), "M365-DATA-04", CONTOSO_ID, "manual");
    assert!(not_configured["message"]
        .as_str()
        .unwrap()
        .contains("exchange_admin"));
}

#[test]
fn tenant_secret_key_material_never_leaves_salesforce() {
    // Were the key material selected, the simulator would serve it.
    const KEY: &str = "c2VjcmV0LWtleS1tYXRlcmlhbC1uZXZlci10by1iZS1yZWFk";
    let sim = Scenario::new()
        .salesforce(|s| {
            s.edit_items(SECRETS, |r| {
                r["SecretValue"] = json!(KEY);
                r["SecretValueHash"] = json!(KEY);
            })
        })
        .start();
    let run = sim.run(&["-vvv", "audit", "--evidence", "out/evidence"]);
    assert_eq!(run.finding("SF-DATA-02", ACME_ID)["status"], "fail");
    let mut outputs = crate::secrets::everything_below(&sim.dir.path().join("out"));
    outputs.extend([run.stdout.clone(), run.stderr.clone()]);
    assert!(outputs.iter().any(|o| o.contains("TenantSecret")));
    for output in &outputs {
        assert!(!output.contains(KEY), "tenant secret key material leaked");
    }
}

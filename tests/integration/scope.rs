//! Ad-hoc scoping: `--tenant`, `--provider`, `--checks`, `--area` on `audit`
//! and `check`, the same filters on `checks list --format json`, and the
//! `TENANTAUDIT_CONFIG` / `TENANTAUDIT_OUT` defaults.

use crate::support::{tenantaudit, Run, Scenario, ACME_ID, CONTOSO_ID, SECRET_ENV};
use serde_json::Value;

fn findings(run: &Run) -> Vec<Value> {
    run.report()["findings"].as_array().unwrap().clone()
}

fn tenant_ids(run: &Run) -> Vec<String> {
    run.report()["tenants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["tenant_id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn audit_and_check_run_only_what_is_in_scope() {
    let sim = Scenario::new().start();
    let run = sim.run(&["audit", "--tenant", "contoso", "--area", "mfa"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(tenant_ids(&run), [CONTOSO_ID]);
    let all = findings(&run);
    assert!(!all.is_empty());
    assert!(
        all.iter()
            .all(|f| f["area"] == "mfa" && f["tenant_id"] == CONTOSO_ID),
        "{all:?}"
    );

    let run = sim.run(&[
        "audit",
        "--provider",
        "salesforce",
        "--checks",
        "SF-MFA-01,COM-MFA-01",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(tenant_ids(&run), [ACME_ID]);
    let mut ids: Vec<_> = findings(&run)
        .iter()
        .map(|f| f["check_id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    assert_eq!(ids, ["COM-MFA-01", "SF-MFA-01"]);

    // Offline, on the saved snapshots of the full run.
    let full = sim.run(&["audit"]);
    assert_eq!(full.code, 0, "{}", full.stderr);
    let snapshots = sim.dir.path().join("out/snapshots");
    let contoso = snapshots.join("contoso.json");
    let acme = snapshots.join("acme.json");
    let run = sim.run_raw(&[
        "check",
        contoso.to_str().unwrap(),
        acme.to_str().unwrap(),
        "--tenant",
        "acme",
        "--checks",
        "SF-MFA-01",
        "--out",
        "offline",
        "--no-history",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: Value = serde_json::from_str(
        &std::fs::read_to_string(sim.dir.path().join("offline/report.json")).unwrap(),
    )
    .unwrap();
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0]["check_id"], "SF-MFA-01");
    assert_eq!(findings[0]["status"], full.status("SF-MFA-01", ACME_ID));
}

#[test]
fn unknown_scope_values_are_usage_errors_before_any_request() {
    let sim = Scenario::new().start();
    sim.default_config();
    let before = sim.sim.request_count();
    let run = sim.run(&["audit", "--tenant", "fabrikam"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("\"fabrikam\"") && run.stderr.contains("contoso, acme"),
        "{}",
        run.stderr
    );
    let run = sim.run(&["audit", "--checks", "M365-XX-99"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("M365-XX-99"), "{}", run.stderr);
    let run = sim.run(&["audit", "--area", "weather"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("unknown area"), "{}", run.stderr);
    assert_eq!(sim.sim.request_count(), before);
}

#[test]
fn checks_list_json_takes_the_same_filters() {
    let output = tenantaudit()
        .args([
            "checks",
            "list",
            "--format",
            "json",
            "--provider",
            "salesforce",
            "--area",
            "mfa",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let list: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert!(!list.is_empty());
    for check in &list {
        assert_eq!(check["area"], "mfa", "{check}");
        let providers = check["providers"].as_array().unwrap();
        assert!(providers.iter().any(|p| p == "salesforce"), "{check}");
    }
    assert!(list.iter().any(|c| c["id"] == "SF-MFA-01"));
}

#[test]
fn config_and_output_folder_from_the_environment() {
    let sim = Scenario::new().start();
    let config = sim.default_config();
    let out = sim.dir.path().join("from-env");
    let elsewhere = tempfile::tempdir().unwrap();
    let output = tenantaudit()
        .args(["audit", "--tenant", "acme"])
        .current_dir(elsewhere.path())
        .env(SECRET_ENV, sim.secret())
        .env("TENANTAUDIT_CONFIG", &config)
        .env("TENANTAUDIT_OUT", &out)
        .output()
        .unwrap();
    let run = Run::new(output, out);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(tenant_ids(&run), [ACME_ID]);
}

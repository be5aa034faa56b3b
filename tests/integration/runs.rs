//! Whole runs: the demo, offline re-checks, collection failures, exit codes.

use crate::support::{tenantaudit, Run, Scenario, ACME_ID, CONTOSO_ID};

#[test]
fn demo_audits_both_providers_and_check_reproduces_it_offline() {
    let dir = tempfile::tempdir().unwrap();
    let output = tenantaudit()
        .arg("demo")
        .current_dir(dir.path())
        .output()
        .unwrap();
    let demo = Run::new(output, dir.path().join("tenantaudit-out"));
    assert_eq!(demo.code, 0, "{}", demo.stderr);
    let statuses = demo.statuses();
    for tenant in [CONTOSO_ID, ACME_ID] {
        let of_tenant: Vec<_> = statuses.iter().filter(|s| s.1 == tenant).collect();
        assert!(
            of_tenant.iter().any(|s| s.2 == "pass"),
            "{tenant} has a pass"
        );
        assert!(
            of_tenant.iter().any(|s| s.2 == "fail"),
            "{tenant} has a fail"
        );
    }
    assert!(demo.stdout.contains("Contoso Ltd") && demo.stdout.contains("Acme Corp"));
    assert!(dir.path().join("tenantaudit-out/report.csv").exists());
    // What a newcomer should discover: owners, an applied exception, and an
    // offboarding review of the planted leavers; a tenant without Entra ID
    // P2 is an expected state, not a warning.
    assert!(
        demo.stdout.contains("Failures by owner:"),
        "{}",
        demo.stdout
    );
    assert_eq!(demo.status("M365-ID-01", CONTOSO_ID), "waived");
    assert!(demo
        .stdout
        .contains("Report written to tenantaudit-out/report.html"));
    assert!(
        demo.stdout.contains("RESIDUAL  Walter Finch"),
        "{}",
        demo.stdout
    );
    assert!(dir.path().join("tenantaudit-out/offboard.md").exists());
    assert!(!demo.stderr.contains("WARN"), "{}", demo.stderr);

    // `check` on the saved snapshots, with the demo's profile, gives the same
    // findings with no network.
    let snapshots = dir.path().join("tenantaudit-out/snapshots");
    let profile = crate::support::samples().join("demo.toml");
    let output = tenantaudit()
        .args(["check", "--out", "recheck", "--config"])
        .arg(profile)
        .arg(snapshots.join("contoso.json"))
        .arg(snapshots.join("acme.json"))
        .current_dir(dir.path())
        .output()
        .unwrap();
    let recheck = Run::new(output, dir.path().join("recheck"));
    assert_eq!(recheck.code, 0, "{}", recheck.stderr);
    let strip = |run: &Run| {
        let mut findings: Vec<_> = run.report()["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| serde_json::to_string(f).unwrap())
            .collect();
        findings.sort();
        findings
    };
    assert_eq!(strip(&demo), strip(&recheck));
}

#[test]
fn demo_findings_snapshot() {
    // As `demo` configures Contoso: with the Exchange and SharePoint admin sources.
    let run = Scenario::new().admin_sources().audit();
    let summary: Vec<String> = run.report()["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {} {}: {}",
                f["provider"].as_str().unwrap(),
                f["check_id"].as_str().unwrap(),
                f["status"].as_str().unwrap(),
                f["message"].as_str().unwrap()
            )
        })
        .collect();
    insta::assert_snapshot!(summary.join("\n"));
}

#[test]
fn a_forbidden_collection_errors_only_its_checks_and_exits_3() {
    let clean = Scenario::new().audit();
    let run = Scenario::new().forbid("conditionalAccess/policies").audit();
    assert_eq!(run.code, 3, "{}", run.stderr);
    let affected = [
        "M365-MFA-01",
        "M365-MFA-02",
        "M365-MFA-03",
        "M365-CA-01",
        "M365-CA-04",
        "M365-CA-05",
        "M365-CA-06",
        "M365-CA-07",
        "M365-CA-09",
        "M365-ID-10",
    ];
    for (check, tenant, status) in run.statuses() {
        if affected.contains(&check.as_str()) && tenant == CONTOSO_ID {
            assert_eq!(status, "error", "{check}");
        } else {
            let before = clean
                .statuses()
                .into_iter()
                .find(|s| s.0 == check && s.1 == tenant)
                .unwrap();
            assert_eq!(status, before.2, "{check} on {tenant} must not change");
        }
    }
    let report = run.report();
    let collection = &report["tenants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["tenant_id"] == CONTOSO_ID)
        .unwrap()["collections"]["conditional_access_policies"];
    assert_eq!(collection["status"], "error");
    assert!(collection["detail"]
        .as_str()
        .unwrap()
        .starts_with("forbidden"));
    let finding = run.finding("M365-MFA-01", CONTOSO_ID);
    assert!(finding["fix"].as_str().unwrap().contains("Policy.Read.All"));
    assert!(run.out.join("report.csv").exists());
}

#[test]
fn fail_on_sets_exit_1_and_none_keeps_0() {
    let sim = Scenario::new().start();
    assert_eq!(sim.run(&["audit"]).code, 0);
    assert_eq!(sim.run(&["audit", "--fail-on", "high"]).code, 1);
    // The sample's only critical failures are M365-APP-02 and M365-CA-01.
    assert_eq!(sim.run(&["audit", "--fail-on", "critical"]).code, 1);
}

#[test]
fn config_errors_exit_2_before_any_request() {
    let sim = Scenario::new()
        .config("[checks]\ndisable = [\"M365-CA-01\", \"M365-CA-99\"]\n")
        .start();
    let run = sim.run(&["audit"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("tenantaudit.toml:29: unknown check id \"M365-CA-99\""),
        "{}",
        run.stderr
    );
    assert_eq!(sim.sim.request_count(), 0);
    assert!(!run.out.exists(), "nothing written");
}

#[test]
fn disabled_checks_and_parameters_apply() {
    let run = Scenario::new()
        .config("[checks]\ndisable = [\"M365-CA-01\"]\n\n[checks.params.M365-ID-01]\nmax = 5\n")
        .audit();
    assert!(!run.statuses().iter().any(|s| s.0 == "M365-CA-01"));
    assert_eq!(run.status("M365-ID-01", CONTOSO_ID), "pass");
}

#[test]
fn check_rejects_a_snapshot_of_another_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.json");
    std::fs::write(&path, r#"{"schema": "tenantaudit.snapshot/v0"}"#).unwrap();
    let output = tenantaudit()
        .arg("check")
        .arg(&path)
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr.contains("old.json") && stderr.contains("tenantaudit.snapshot/v0"),
        "{stderr}"
    );
    assert!(!dir.path().join("tenantaudit-out").exists());
}

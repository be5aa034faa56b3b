//! Scheduled audits: history, drift between runs, --fail-on-new, and the
//! tamper-evident evidence bundle.

use crate::support::paths::REGISTRATION;
use crate::support::{tenantaudit, Scenario, ACME_ID, CONTOSO_ID};
use serde_json::json;

/// Members of the sample tenant: allan.deyoung is not MFA-capable (M365-MFA-07
/// fails for him and two others); diego.siciliani is.
const ALLAN: &str = "33393138-3701-403f-b745-3614dba55617";
const DIEGO: &str = "4223d05b-17b9-4c28-8a92-7d725879f224";

/// The sample tenant with these members' MFA capability set.
fn mfa_capable(allan: bool, diego: bool) -> Scenario {
    Scenario::new().m365(move |s| {
        s.edit_items(REGISTRATION, |d| {
            if d["id"] == ALLAN {
                d["isMfaCapable"] = json!(allan);
            }
            if d["id"] == DIEGO {
                d["isMfaCapable"] = json!(diego);
            }
        })
    })
}

/// Night over night: the check M365-MFA-07 fails every night; one more
/// member losing MFA must wake someone, a waived member coming back must not.
#[test]
fn a_new_failing_object_under_an_already_failing_check_is_drift() {
    let shared = tempfile::tempdir().unwrap();
    let db = shared.path().join("history.sqlite");
    let exceptions = shared.path().join("exceptions.toml");
    std::fs::write(
        &exceptions,
        format!(
            "[[exception]]\ncheck = \"M365-MFA-07\"\nobject = \"{ALLAN}\"\njustification = \"phone replaced\"\nowner = \"iam\"\napproved_by = \"ciso\"\nexpires = 2027-01-31\n"
        ),
    )
    .unwrap();
    let (db_arg, exceptions_arg) = (db.to_str().unwrap(), exceptions.to_str().unwrap());
    let night = |scenario: Scenario| {
        let sim = scenario.start();
        let run = sim.run(&[
            "audit",
            "--history",
            db_arg,
            "--exceptions",
            exceptions_arg,
            "--fail-on-new",
        ]);
        (run.code, run.stdout)
    };
    // Allan is waived; then he is fixed; then he is back, still waived.
    assert_eq!(night(mfa_capable(false, true)).0, 0);
    let (code, stdout) = night(mfa_capable(false, true));
    assert_eq!(code, 0, "an unchanged tenant is not drift: {stdout}");
    assert_eq!(night(mfa_capable(true, true)).0, 0);
    // Allan back (waived until the exception expires) and Diego new.
    let (code, stdout) = night(mfa_capable(false, false));
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains("M365-MFA-07")
            && stdout.contains(&format!("+ diego.siciliani@contoso.com [{DIEGO}]")),
        "{stdout}"
    );
    let new = &stdout[stdout.find("New since").unwrap()..];
    assert!(!new.contains(ALLAN), "a waived object is not new: {stdout}");

    // `diff` names the object under the check, in every format.
    let diff = |format: &str| {
        let output = tenantaudit()
            .args(["diff", "--db", db_arg, "--format", format])
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    };
    let json: serde_json::Value = serde_json::from_str(&diff("json")).unwrap();
    let contoso = json
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["scores"][0]["tenant_id"] == CONTOSO_ID)
        .unwrap();
    assert_eq!(contoso["summary"]["objects_added"], 1, "{contoso}");
    assert_eq!(contoso["summary"]["new"], 0, "{contoso}");
    let mfa = contoso["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check_id"] == "M365-MFA-07")
        .unwrap();
    assert_eq!(mfa["change"], "still_failing");
    assert_eq!(mfa["tenant"], "contoso");
    assert_eq!(mfa["added"].as_array().unwrap().len(), 1, "{mfa}");
    assert_eq!(mfa["added"][0]["id"], DIEGO);
    assert_eq!(mfa["removed"].as_array().unwrap().len(), 0, "{mfa}");
    let acme = json
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["scores"][0]["tenant_id"] == ACME_ID)
        .unwrap();
    assert_eq!(acme["summary"]["objects_added"], 0, "{acme}");
    assert_eq!(acme["summary"]["new"], 0, "{acme}");

    let table = diff("table");
    assert!(
        table.contains("summary: 0 new, 0 resolved")
            && table.contains("objects: 1 added, 0 removed")
            && table.contains(&format!("+ diego.siciliani@contoso.com [{DIEGO}]")),
        "{table}"
    );
    let csv = diff("csv");
    let added: Vec<&str> = csv.lines().filter(|l| l.contains(",added,")).collect();
    assert_eq!(added.len(), 1, "{csv}");
    assert!(
        added[0].contains(DIEGO) && added[0].contains("M365-MFA-07"),
        "{csv}"
    );
}

/// Data for run 3: guests get member-like access (new failure) and the
/// Salesforce session timeout is fixed (resolved).
fn changed() -> Scenario {
    Scenario::new()
        .m365(|s| {
            s.patch(
                "graph/v1.0/policies/authorizationPolicy",
                "/guestUserRoleId",
                json!("a0b1b346-4d3e-4e8b-98f8-753987be4970"),
            )
        })
        .salesforce(|s| {
            s.patch(
                "tooling/SecuritySettings",
                "/records/0/Metadata/sessionSettings/sessionTimeout",
                json!("TwoHours"),
            )
        })
}

#[test]
fn drift_between_runs_and_fail_on_new() {
    let shared = tempfile::tempdir().unwrap();
    let db = shared.path().join("history.sqlite");
    let db_arg = db.to_str().unwrap();
    let audit = |scenario: Scenario| {
        let sim = scenario.start();
        let run = sim.run(&["audit", "--history", db_arg, "--fail-on-new"]);
        (run.code, run.stdout)
    };
    // First run: nothing to drift from. Second: same data, nothing new.
    assert_eq!(audit(Scenario::new()).0, 0);
    assert_eq!(audit(Scenario::new()).0, 0);
    // Third: a new failure → exit 1, and it is named.
    let (code, stdout) = audit(changed());
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains("New since the previous complete run:") && stdout.contains("M365-ID-05"),
        "{stdout}"
    );
    // Fourth: still failing, not new → exit 0.
    assert_eq!(audit(changed()).0, 0);

    // History lists 4 runs per tenant.
    let output = tenantaudit()
        .args(["history", "--db", db_arg])
        .output()
        .unwrap();
    let history = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        history.lines().filter(|l| l.contains("contoso")).count(),
        4,
        "{history}"
    );
    assert_eq!(history.lines().filter(|l| l.contains("acme")).count(), 4);

    // Diff of runs 2 and 3 (last two after run 3 was the default then): ask
    // by id from the history.
    let ids: Vec<String> = history
        .lines()
        .filter(|l| l.contains("contoso"))
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect();
    let (run2, run3) = (&ids[2], &ids[1]);
    let output = tenantaudit()
        .args(["diff", run2, run3, "--db", db_arg, "--format", "json"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let diffs: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let changes = diffs[0]["changes"].as_array().unwrap();
    let of = |kind: &str| -> Vec<(String, String)> {
        let mut v: Vec<_> = changes
            .iter()
            .filter(|c| c["change"] == kind)
            .map(|c| {
                (
                    c["check_id"].as_str().unwrap().to_string(),
                    c["tenant_id"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        of("new"),
        vec![("M365-ID-05".to_string(), CONTOSO_ID.to_string())]
    );
    assert_eq!(
        of("resolved"),
        vec![("SF-ACC-01".to_string(), ACME_ID.to_string())]
    );
    assert!(of("still_failing").len() >= 8);
    let scores = diffs[0]["scores"].as_array().unwrap();
    let acme = scores.iter().find(|s| s["tenant_id"] == ACME_ID).unwrap();
    assert!(
        acme["after"].as_f64().unwrap() > acme["before"].as_f64().unwrap(),
        "{acme}"
    );

    // Default diff: the last two runs of each tenant (runs 3 and 4): nothing new.
    let output = tenantaudit()
        .args(["diff", "--db", db_arg])
        .output()
        .unwrap();
    let table = String::from_utf8(output.stdout).unwrap();
    assert!(!table.contains(" new "), "{table}");
    assert!(table.contains("still_failing"));

    // CSV too, with the stable header: the new check (and any object rows
    // under it) and one summary row.
    let output = tenantaudit()
        .args(["diff", run2, run3, "--db", db_arg, "--format", "csv"])
        .output()
        .unwrap();
    let csv = String::from_utf8(output.stdout).unwrap();
    assert!(csv.starts_with("from,to,tenant,tenant_id,check_id,change,before,after,severity,object_change,object_id,object_name,object_reason,message\n"), "{csv}");
    let new_rows: Vec<&str> = csv.lines().filter(|l| l.contains(",new,")).collect();
    assert!(new_rows.iter().all(|l| l.contains("M365-ID-05")), "{csv}");
    let summary: Vec<&str> = csv.lines().filter(|l| l.contains(",summary,")).collect();
    assert_eq!(summary.len(), 1, "{csv}");
    assert!(summary[0].contains("1 new, 1 resolved"), "{csv}");
}

#[test]
fn diff_of_two_report_files() {
    let before = Scenario::new().audit();
    let after = changed().audit();
    let output = tenantaudit()
        .arg("diff")
        .arg(before.out.join("report.json"))
        .arg(after.out.join("report.json"))
        .output()
        .unwrap();
    let table = String::from_utf8(output.stdout).unwrap();
    assert!(
        table.contains("new            contoso      M365-ID-05"),
        "{table}"
    );
    assert!(
        table.contains("resolved       acme         SF-ACC-01"),
        "{table}"
    );
    assert!(table.contains("summary: 1 new, 1 resolved"), "{table}");
}

#[test]
fn evidence_bundle_verifies_and_any_changed_byte_is_named() {
    let sim = Scenario::new().start();
    let run = sim.run(&["audit", "--evidence", "evidence"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let bundle = sim.dir.path().join("evidence");
    let verify = || {
        let output = tenantaudit().arg("verify").arg(&bundle).output().unwrap();
        (
            output.status.code().unwrap(),
            String::from_utf8(output.stdout).unwrap(),
        )
    };
    let (code, text) = verify();
    assert_eq!(code, 0, "{text}");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(bundle.join("manifest.json")).unwrap())
            .unwrap();
    let files: Vec<String> = manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect();
    for expected in [
        "config.json",
        "reports/report.json",
        "reports/report.csv",
        "snapshots/contoso.json",
        "snapshots/acme.json",
    ] {
        assert!(
            files.contains(&expected.to_string()),
            "{expected} in {files:?}"
        );
    }
    let raw: Vec<&String> = files.iter().filter(|f| f.starts_with("raw/")).collect();
    assert!(raw.len() >= 15, "raw pages kept: {raw:?}");
    assert!(manifest["files"][0]["sha256"].as_str().unwrap().len() == 64);

    // Every file: flip one byte, verify names it, restore.
    for file in &files {
        let path = bundle.join(file);
        let original = std::fs::read(&path).unwrap();
        let mut altered = original.clone();
        let middle = altered.len() / 2;
        altered[middle] ^= 0x01;
        std::fs::write(&path, &altered).unwrap();
        let (code, text) = verify();
        assert_eq!(code, 1, "{file}");
        assert!(text.contains(&format!("changed: {file}")), "{file}: {text}");
        std::fs::write(&path, &original).unwrap();
    }
    std::fs::write(bundle.join("reports/extra.txt"), "x").unwrap();
    std::fs::remove_file(bundle.join("snapshots/acme.json")).unwrap();
    let (code, text) = verify();
    assert_eq!(code, 1);
    assert!(
        text.contains("added:   reports/extra.txt")
            && text.contains("missing: snapshots/acme.json"),
        "{text}"
    );
}

#[test]
fn an_evidence_folder_that_is_not_empty_is_refused_before_any_request() {
    let sim = Scenario::new().start();
    std::fs::create_dir_all(sim.dir.path().join("evidence")).unwrap();
    std::fs::write(sim.dir.path().join("evidence/old.txt"), "x").unwrap();
    let run = sim.run(&["audit", "--evidence", "evidence"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("is not empty"), "{}", run.stderr);
    assert_eq!(sim.sim.request_count(), 0);
}

#[test]
fn one_report_across_tenants_and_one_per_tenant() {
    let run = Scenario::new().audit();
    let combined = run.report();
    let total = combined["findings"].as_array().unwrap().len();
    let mut per_tenant = 0;
    for (label, id) in [("contoso", CONTOSO_ID), ("acme", ACME_ID)] {
        let path = run.out.join("tenants").join(label).join("report.json");
        let report: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let findings = report["findings"].as_array().unwrap();
        assert!(findings.iter().all(|f| f["tenant_id"] == id), "{label}");
        assert_eq!(report["tenants"].as_array().unwrap().len(), 1);
        assert_eq!(
            report["scores"]["overall"], combined["scores"]["by_tenant"][id],
            "{label}"
        );
        assert!(run
            .out
            .join("tenants")
            .join(label)
            .join("report.csv")
            .exists());
        per_tenant += findings.len();
    }
    assert_eq!(per_tenant, total);
}

/// `history` and `diff` find the database through the config, as `audit`
/// does: the scheduled setup needs no `--db`.
#[test]
fn history_and_diff_read_the_history_path_from_the_config() {
    let sim = Scenario::new().start();
    for _ in 0..2 {
        assert_eq!(sim.run(&["audit"]).code, 0);
    }
    // Without [history] path: the output folder's database.
    let by_default = sim.run_raw(&["diff", "--config", "tenantaudit.toml"]);
    assert_eq!(by_default.code, 0, "{}", by_default.stderr);
    assert!(
        by_default.stdout.contains("summary: 0 new"),
        "{}",
        by_default.stdout
    );
    let config = sim.dir.path().join("tenantaudit.toml");
    std::fs::write(
        &config,
        std::fs::read_to_string(&config).unwrap() + "\n[history]\npath = \"kept/runs.sqlite\"\n",
    )
    .unwrap();
    assert_eq!(sim.run(&["audit"]).code, 0);
    assert!(sim.dir.path().join("kept/runs.sqlite").is_file());
    let history = sim.run_raw(&["history", "--config", "tenantaudit.toml"]);
    assert_eq!(history.code, 0, "{}", history.stderr);
    assert_eq!(
        history
            .stdout
            .lines()
            .filter(|l| l.contains("contoso"))
            .count(),
        1,
        "only the run recorded at [history] path: {}",
        history.stdout
    );
    assert!(history.stdout.contains("complete"), "{}", history.stdout);
    let diff = sim.run_raw(&["diff", "--config", "tenantaudit.toml"]);
    assert_eq!(diff.code, 2, "one run is not enough to compare");
    assert!(
        diff.stderr
            .contains("no tenant has a run and an earlier complete run"),
        "{}",
        diff.stderr
    );
}

//! Hostile tenants and inputs, second round: lookalike names against
//! exceptions, control characters aimed at the terminal, colliding labels,
//! oversized and truncated inputs, secrets in the wrong place, a disk that
//! fills up mid-run.

use crate::support::paths::SPS;
use crate::support::{tenantaudit, Scenario, CONTOSO_ID, SECRET_ENV};
use serde_json::{json, Value};

/// Fabrikam CRM Connector's service principal (object id) and its appId,
/// which is what M365-APP-04 names as the affected object.
const FABRIKAM_SP: &str = "d1e2f3a4-0000-4000-8000-0000000000b1";
const FABRIKAM_APP: &str = "8a9b0c1d-3333-4e5f-8a6b-000000000001";
const LOOKALIKE_APP: &str = "6b6b6b6b-1111-4000-8000-00000000e71c";

/// A second, unverified service principal taking Fabrikam's display name,
/// holding the same dangerous app role.
fn with_lookalike(scenario: Scenario) -> Scenario {
    scenario.m365(|s| {
        let mut page = s.get(SPS).expect("sample").clone();
        let items = page["value"].as_array_mut().expect("value");
        let mut lookalike = items
            .iter()
            .find(|sp| sp["id"] == FABRIKAM_SP)
            .expect("Fabrikam")
            .clone();
        lookalike["id"] = json!("6b6b6b6b-0000-4000-8000-00000000e71c");
        lookalike["appId"] = json!(LOOKALIKE_APP);
        lookalike["verifiedPublisher"] = json!({"displayName": null, "verifiedPublisherId": null});
        items.push(lookalike);
        Ok(s.set(SPS, page))
    })
}

fn exception(object: &str) -> String {
    format!(
        "[[exception]]\ncheck = \"M365-APP-04\"\nobject = \"{object}\"\njustification = \"CRM sync approved\"\nowner = \"iam@contoso.example\"\napproved_by = \"ciso@contoso.example\"\nexpires = 2099-01-01\n"
    )
}

fn audit_with_exception(scenario: Scenario, object: &str) -> crate::support::Run {
    let sim = scenario.start();
    std::fs::write(sim.dir.path().join("exceptions.toml"), exception(object)).unwrap();
    let mut run = sim.run(&["audit", "--exceptions", "exceptions.toml"]);
    run.keep_alive(sim);
    run
}

fn affected_ids(finding: &Value) -> Vec<String> {
    finding["affected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect()
}

/// Issue 17: a display name waives only when it names exactly one object of
/// the tenant; an id (object id or appId) waives that object only.
#[test]
fn exceptions_match_by_id_and_never_waive_a_lookalike() {
    // Unique name: applied, as before.
    let run = audit_with_exception(Scenario::new(), "Fabrikam CRM Connector");
    assert_eq!(run.status("M365-APP-04", CONTOSO_ID), "waived");

    // The lookalike makes the name ambiguous: nothing is waived, and it says so.
    let run = audit_with_exception(with_lookalike(Scenario::new()), "Fabrikam CRM Connector");
    let finding = run.finding("M365-APP-04", CONTOSO_ID);
    assert_eq!(finding["status"], "fail", "{finding}");
    assert_eq!(affected_ids(&finding).len(), 2, "{finding}");
    let report = run.report();
    assert_eq!(report["exceptions"][0]["state"], "ambiguous");
    assert!(run.stdout.contains("ambiguous"), "{}", run.stdout);

    // By object id, or by appId: the original only; the lookalike still fails.
    for object in [FABRIKAM_SP, FABRIKAM_APP] {
        let run = audit_with_exception(with_lookalike(Scenario::new()), object);
        let finding = run.finding("M365-APP-04", CONTOSO_ID);
        assert_eq!(finding["status"], "fail", "{object}: {finding}");
        assert_eq!(affected_ids(&finding), [LOOKALIKE_APP], "{object}");
        assert_eq!(finding["exceptions"][0]["objects"][0]["id"], FABRIKAM_APP);
        assert_eq!(run.report()["exceptions"][0]["state"], "applied");
    }
}

/// Issue 17: tenant names carrying ESC, BEL, CR and LF reach the summary and
/// the log made visible, on one line; they can neither forge a line nor
/// drive the terminal.
#[test]
fn control_characters_in_tenant_names_never_reach_the_terminal() {
    let forged = "Block legacy\u{1b}]0;owned\u{7}\r\n  pass           critical  M365-ZZ-99   all good\u{9b}2J";
    let run = Scenario::new()
        .m365(|s| {
            s.edit_items("graph/v1.0/organization", |o| {
                o["displayName"] = json!(format!("Contoso{forged}"))
            })?
            .edit_items("graph/v1.0/identity/conditionalAccess/policies", |p| {
                p["displayName"] = json!(forged)
            })
        })
        .fault(tenantaudit_simulator::Fault::new(
            "GET /graph/v1.0/domains?",
            tenantaudit_simulator::FaultKind::StatusBody(
                400,
                json!({"error": {"code": "Bad\u{1b}[31m", "message": format!("no{forged}")}}),
            ),
        ))
        .audit();
    for (stream, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
        let bad: Vec<char> = text
            .chars()
            .filter(|c| c.is_control() && *c != '\n')
            .collect();
        assert!(bad.is_empty(), "{stream} carries {bad:?}:\n{text}");
        assert!(
            !text
                .lines()
                .any(|l| l.contains("M365-ZZ-99") && !l.contains("␊")),
            "{stream} has a forged line:\n{text}"
        );
    }
    assert!(
        run.stdout.contains("ContosoBlock legacy␛]0;owned␇␍␊"),
        "{}",
        run.stdout
    );
    assert!(run.stderr.contains("Bad␛[31m"), "stderr: {}", run.stderr);
}

/// Runs `audit` with `config` (the default config edited) and expects exit 2,
/// an error with every `needle`, none of `hidden`, and no request.
fn refused(
    edit: impl Fn(&str, &crate::support::TestSim) -> String,
    needles: &[&str],
    hidden: &[&str],
) {
    let sim = Scenario::new().start();
    let good = std::fs::read_to_string(sim.default_config()).unwrap();
    let config = edit(&good, &sim);
    std::fs::write(sim.dir.path().join("tenantaudit.toml"), &config).unwrap();
    let run = sim.run(&["audit"]);
    let case = format!("{needles:?}: {}", run.stderr);
    assert_eq!(run.code, 2, "{case}");
    for needle in needles {
        assert!(run.stderr.contains(needle), "{case}");
    }
    for secret in hidden {
        assert!(!run.stderr.contains(secret), "echoes {secret}: {case}");
    }
    assert_eq!(sim.sim.request_count(), 0, "no request: {case}");
    assert!(!run.out.exists(), "nothing written: {case}");
}

/// Issue 17: labels that would share an output file, or name none, are
/// refused, naming both lines.
#[test]
fn labels_that_collide_after_sanitising_are_refused() {
    refused(
        |c, _| {
            c.replace("label = \"contoso\"", "label = \"acme/prod\"")
                .replace("label = \"acme\"", "label = \"acme_prod\"")
        },
        &[
            "tenantaudit.toml:8)",
            "tenantaudit.toml:21:",
            "acme_prod.json",
        ],
        &[],
    );
    refused(
        |c, _| c.replace("label = \"acme\"", "label = \"\""),
        &["tenantaudit.toml:21:", "empty"],
        &[],
    );
}

/// Issue 17: a secret pasted where a variable name belongs is never echoed;
/// a password in an endpoint URL is refused (and so never reaches evidence).
#[test]
fn secrets_in_the_wrong_place_are_refused_without_echo() {
    refused(
        |c, sim| c.replace(SECRET_ENV, sim.secret()),
        &["the value of secret_env is not a valid variable name"],
        &["sim~"],
    );
    refused(
        |c, _| {
            c.replace(
                "graph_base = \"http://",
                "graph_base = \"http://admin:hunter2@",
            )
        },
        &["graph_base must not hold a user name or password"],
        &["hunter2"],
    );
}

/// Issue 17: values that would only fail later fail validation, before any
/// request, each naming the file and line.
#[test]
fn config_holes_fail_validation_before_any_request() {
    refused(
        |c, _| c.replace("[http]\n", "[http]\ntimeout_seconds = 0\n"),
        &["tenantaudit.toml:5", "timeout_seconds must be at least 1"],
        &[],
    );
    for percent in ["0", "101"] {
        refused(
            |c, _| format!("{c}\n[tenant.limits]\napi_warn_percent = {percent}\n"),
            &["api_warn_percent must be between 1 and 100"],
            &[],
        );
    }
    refused(
        |c, sim| {
            std::fs::write(sim.dir.path().join("empty.secret"), "\n").unwrap();
            c.replace(
                &format!("secret_env = \"{SECRET_ENV}\""),
                "secret_file = \"empty.secret\"",
            )
        },
        &["empty.secret is empty"],
        &[],
    );
    refused(
        |c, sim| {
            let key = sim.dir.path().join("sf.key");
            std::fs::write(
                &key,
                "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n",
            )
            .unwrap();
            crate::support::set_owner_only(&key);
            c.to_string()
        },
        &["sf.key is not an RSA private key in PEM"],
        &[],
    );
    // A huge value quoted in a message is cut.
    let label = "x".repeat(300_000);
    let sim = Scenario::new().start();
    let good = std::fs::read_to_string(sim.default_config()).unwrap();
    let config = good
        .replace("label = \"contoso\"", &format!("label = \"{label}\""))
        .replace("label = \"acme\"", &format!("label = \"{label}\""));
    std::fs::write(sim.dir.path().join("tenantaudit.toml"), config).unwrap();
    let run = sim.run(&["audit"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("more characters"),
        "{}",
        &run.stderr[..200]
    );
    assert!(run.stderr.len() < 2_000, "{} bytes", run.stderr.len());
}

/// Issue 17: inputs have documented size caps; `/dev/zero` fails at once.
#[test]
fn oversized_inputs_fail_fast_with_a_clear_error() {
    let sim = Scenario::new().start();
    let started = std::time::Instant::now();
    let run = sim.run_raw(&["audit", "--config", "/dev/zero"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("/dev/zero") && run.stderr.contains("larger than 1 MiB"),
        "{}",
        run.stderr
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    sim.default_config();
    let run = sim.run_raw(&[
        "audit",
        "--config",
        "tenantaudit.toml",
        "--exceptions",
        "/dev/zero",
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("larger than 4 MiB"), "{}", run.stderr);
    assert_eq!(sim.sim.request_count(), 0);
    let run = sim.run_raw(&["check", "/dev/zero"]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("larger than 512 MiB"), "{}", run.stderr);
}

/// Issue 17: `diff` names a report file that is not there.
#[test]
fn diff_names_a_missing_report_file() {
    let run = Scenario::new().audit();
    let report = run.out.join("report.json");
    let output = tenantaudit()
        .args(["diff"])
        .arg(&report)
        .arg("/missing.json")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("/missing.json"), "{stderr}");
}

/// Every file below `dir` (but the history) and its bytes.
fn files(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut found = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(next) = stack.pop() {
        for entry in std::fs::read_dir(&next).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if !path.ends_with("history.sqlite") {
                let name = path.strip_prefix(dir).unwrap().display().to_string();
                found.insert(name, std::fs::read(&path).unwrap());
            }
        }
    }
    found
}

/// Issue 17: a disk that fills up while the outputs are written (simulated
/// with a file size limit of 100 KiB: the reports and snapshots are larger)
/// leaves the previous run's outputs whole and untouched, and exits 4.
#[test]
fn a_full_disk_leaves_the_previous_run_and_exits_4() {
    let sim = Scenario::new().start();
    let first = sim.run(&["audit", "--no-history"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let before = files(&first.out);
    assert!(before.len() > 4, "{:?}", before.keys());
    let run = sim.run_with_file_limit(&["audit", "--no-history"], 100 << 10);
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert!(
        run.stderr.contains("keeps the previous run's files"),
        "{}",
        run.stderr
    );
    assert!(
        files(&first.out) == before,
        "the previous run's outputs changed"
    );
    let leftovers: Vec<_> = std::fs::read_dir(sim.dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".tenantaudit-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// Issue 17: the offboarding table shows names from the leavers file and the
/// tenant on one line each, control characters made visible.
#[test]
fn control_characters_never_reach_the_offboard_table() {
    let sim = Scenario::new().start();
    let config = sim.default_config().display().to_string();
    let leavers = sim.dir.path().join("leavers.csv");
    std::fs::write(
        &leavers,
        "name,email,leave_date\n\"Debra\u{1b}[2J\u{1b}]0;x\u{7}\r\nCLEAR    forged\",debra.berger@contoso.com,2026-10-30\n",
    )
    .unwrap();
    let leavers = leavers.display().to_string();
    let run = sim.run_raw(&["offboard", "--config", &config, "--leavers", &leavers]);
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    let bad: Vec<char> = run
        .stdout
        .chars()
        .filter(|c| c.is_control() && *c != '\n')
        .collect();
    assert!(bad.is_empty(), "{bad:?}:\n{}", run.stdout);
    assert!(
        !run.stdout.lines().any(|l| l.starts_with("CLEAR")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("Debra␛[2J␛]0;x␇␍␊CLEAR"),
        "{}",
        run.stdout
    );
}

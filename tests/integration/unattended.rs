//! Unattended runs that cannot collect: they fail fast, say why once per
//! tenant, exit 3, and are recorded as partial, never as a baseline.

use crate::support::paths::REGISTRATION;
use crate::support::{tenantaudit, Run, Scenario, CONTOSO_ID, SECRET_ENV};
use serde_json::json;
use std::time::Instant;
use tenantaudit_simulator::{Fault, FaultKind};

const DIEGO: &str = "4223d05b-17b9-4c28-8a92-7d725879f224";

/// `tenantaudit history` of one database, as text.
fn history(db: &str) -> String {
    let output = tenantaudit()
        .args(["history", "--db", db])
        .output()
        .unwrap();
    assert!(output.status.success());
    String::from_utf8(output.stdout).unwrap()
}

/// The lines of stderr that report a tenant's failure.
fn tenant_errors(run: &Run) -> Vec<&str> {
    run.stderr
        .lines()
        .filter(|l| l.starts_with("error: tenant"))
        .collect()
}

#[test]
fn a_wrong_secret_fails_the_tenant_at_once_and_the_run_is_partial() {
    let shared = tempfile::tempdir().unwrap();
    let db = shared.path().join("history.sqlite");
    let db_arg = db.to_str().unwrap();
    let args = ["audit", "--history", db_arg, "--fail-on-new"];
    assert_eq!(Scenario::new().start().run(&args).code, 0);

    let sim = Scenario::new().start();
    let config = sim.default_config();
    let started = Instant::now();
    let output = tenantaudit()
        .args(args)
        .arg("--config")
        .arg(&config)
        .current_dir(sim.dir.path())
        .env(SECRET_ENV, "not-the-secret")
        .output()
        .unwrap();
    let elapsed = started.elapsed();
    let run = Run::new(output, sim.dir.path().join("out"));
    eprintln!("wrong secret: finished in {elapsed:?}");
    assert_eq!(run.code, 3, "{}", run.stderr);
    // One token request for the tenant, not one per collection (a refusal
    // is not retried).
    let token_requests = sim
        .sim
        .request_log()
        .iter()
        .filter(|r| r.contains("/oauth2/v2.0/token"))
        .count();
    assert_eq!(token_requests, 1, "{:?}", sim.sim.request_log());
    let errors = tenant_errors(&run);
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert!(
        errors[0].contains("\"contoso\"")
            && errors[0].contains("invalid_client")
            && errors[0].contains("AADSTS7000215")
            && errors[0].contains("POST 127.0.0.1:")
            && errors[0].contains("/oauth2/v2.0/token"),
        "{}",
        errors[0]
    );
    assert_eq!(
        run.stderr.matches("invalid_client").count(),
        1,
        "said once: {}",
        run.stderr
    );
    assert!(!run.stderr.contains("not-the-secret"));
    let listed = history(db_arg);
    let contoso: Vec<&str> = listed.lines().filter(|l| l.contains("contoso")).collect();
    assert!(contoso[0].contains("partial"), "{listed}");
    assert!(contoso[1].contains("complete"), "{listed}");

    // The next night compares with the last complete run, not the partial
    // one: a member newly without MFA is new (against the partial run, whose
    // MFA check was `error`, nothing could have been).
    let third = Scenario::new()
        .m365(|s| {
            s.edit_items(REGISTRATION, |d| {
                if d["id"] == DIEGO {
                    d["isMfaCapable"] = json!(false);
                }
            })
        })
        .start();
    let run = third.run(&[
        "audit",
        "--history",
        db_arg,
        "--fail-on-new",
        "--format",
        "html",
    ]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stdout.contains(DIEGO), "{}", run.stdout);
    // The trend: complete, partial (a gap, not 0%), complete.
    let html = std::fs::read_to_string(run.out.join("report.html")).unwrap();
    // One line per tenant: Acme's joins its three runs; Contoso's two runs
    // sit on either side of the gap, so they are dots with no line between.
    assert_eq!(html.matches("class=\"dot line-").count(), 5, "{html}");
    let drawn = |k: usize| {
        (
            html.matches(&format!("class=\"trend line-{k}\"")).count(),
            html.matches(&format!("class=\"dot line-{k}\"")).count(),
        )
    };
    let mut lines = [drawn(0), drawn(1)];
    lines.sort();
    assert_eq!(
        lines,
        [(0, 2), (1, 3)],
        "Contoso's line breaks at its partial run"
    );

    let ids: Vec<String> = history(db_arg)
        .lines()
        .filter(|l| l.contains("contoso"))
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect();
    let output = tenantaudit()
        .args(["diff", "--db", db_arg, "--format", "json"])
        .output()
        .unwrap();
    let diffs: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let contoso = diffs
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["scores"][0]["tenant_id"] == CONTOSO_ID)
        .unwrap();
    assert_eq!(contoso["to"], ids[0].as_str());
    assert_eq!(
        contoso["from"],
        ids[2].as_str(),
        "the partial run is skipped"
    );
}

#[test]
fn with_no_network_each_tenant_fails_fast_with_its_cause() {
    let sim = Scenario::new().start();
    let config = sim.default_config();
    // A port nothing listens on, and a name that never resolves.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let text = std::fs::read_to_string(&config)
        .unwrap()
        .replace(&sim.sim.authority(), "https://nonexistent.invalid")
        .replace(&sim.sim.graph_base(), "https://graph.nonexistent.invalid")
        .replace(
            &sim.sim.salesforce_login(),
            &format!("http://127.0.0.1:{closed}"),
        );
    std::fs::write(&config, text).unwrap();
    let started = Instant::now();
    let run = sim.run_raw(&[
        "audit",
        "--config",
        "tenantaudit.toml",
        "--history",
        "h.sqlite",
    ]);
    let elapsed = started.elapsed();
    eprintln!("no network: finished in {elapsed:?}");
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert_eq!(sim.sim.request_count(), 0);
    let errors = tenant_errors(&run);
    assert_eq!(errors.len(), 2, "one line per tenant: {}", run.stderr);
    let contoso = errors.iter().find(|l| l.contains("\"contoso\"")).unwrap();
    assert!(
        contoso.contains("DNS lookup failed") && contoso.contains("POST nonexistent.invalid/"),
        "{contoso}"
    );
    let acme = errors.iter().find(|l| l.contains("\"acme\"")).unwrap();
    assert!(
        acme.to_lowercase().contains("connection refused")
            && acme.contains(&format!("POST 127.0.0.1:{closed}/services/oauth2/token")),
        "{acme}"
    );
    eprintln!("{}", run.stderr);
    assert!(
        run.stderr.lines().count() <= 3,
        "no line per collection: {}",
        run.stderr
    );
    let listed = history(sim.dir.path().join("h.sqlite").to_str().unwrap());
    assert_eq!(listed.matches("partial (").count(), 2, "{listed}");
}

#[test]
fn an_output_folder_that_cannot_be_written_is_refused_before_any_request() {
    let sim = Scenario::new().start();
    // A file where the folder should be: refused even for root.
    std::fs::write(sim.dir.path().join("taken"), "x").unwrap();
    let run = sim.run(&["audit", "--out", "taken/reports"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("taken/reports"), "{}", run.stderr);
    assert_eq!(sim.sim.request_count(), 0);
}

#[test]
fn a_declined_device_code_sign_in_is_not_asked_again_per_collection() {
    let sim = Scenario::new()
        .fault(Fault::new(
            "oauth2/v2.0/token",
            FaultKind::StatusBody(
                400,
                json!({
                    "error": "authorization_declined",
                    "error_description": "AADSTS70000: The user declined to authorize the request.",
                    "error_codes": [70000]
                }),
            ),
        ))
        .start();
    sim.write_config(
        r#"auth = { method = "device_code", client_id = "{client_id}" }"#,
        r#"auth = { method = "jwt_bearer", consumer_key = "{consumer_key}", username = "{username}", private_key_file = "{key_file}" }"#,
    );
    let run = sim.run(&["audit"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert_eq!(
        run.stderr.matches("To sign in, open").count(),
        1,
        "{}",
        run.stderr
    );
    let device_codes = sim
        .sim
        .request_log()
        .iter()
        .filter(|l| l.contains("oauth2/v2.0/devicecode"))
        .count();
    assert_eq!(device_codes, 1);
    let errors = tenant_errors(&run);
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert!(
        errors[0].contains("authorization_declined") && errors[0].contains("AADSTS70000"),
        "{}",
        errors[0]
    );
}

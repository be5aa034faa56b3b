//! The command line a newcomer meets: `init`, a missing config, argument
//! errors, shell completions, the man page, every versioned schema, and the
//! `docs` field of a finding, which the binary alone must resolve.

use crate::support::{tenantaudit, Scenario};

fn run(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    tenantaudit().args(args).current_dir(dir).output().unwrap()
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn init_refuses_to_overwrite_with_a_fitting_message_and_force_replaces() {
    let dir = tempfile::tempdir().unwrap();
    let first = run(dir.path(), &["init"]);
    assert!(first.status.success(), "{}", stderr(&first));
    let path = dir.path().join("tenantaudit.toml");
    std::fs::write(&path, "# mine\n").unwrap();

    let again = run(dir.path(), &["init"]);
    assert_eq!(again.status.code(), Some(2));
    let message = stderr(&again);
    assert!(
        message.contains("already exists") && message.contains("--force"),
        "{message}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "# mine\n");

    let forced = run(dir.path(), &["init", "--force"]);
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert!(std::fs::read_to_string(&path)
        .unwrap()
        .contains("[[tenant]]"));

    let nowhere = run(dir.path(), &["init", "no/such/folder/tenantaudit.toml"]);
    assert_eq!(nowhere.status.code(), Some(2));
    let message = stderr(&nowhere);
    assert!(
        message.contains("no/such/folder") && message.contains("does not exist"),
        "{message}"
    );
    assert!(!message.contains("already exist"), "{message}");
}

#[test]
fn a_missing_config_suggests_init() {
    let dir = tempfile::tempdir().unwrap();
    for command in ["audit", "collect"] {
        let output = run(dir.path(), &[command]);
        assert_eq!(output.status.code(), Some(2));
        let message = stderr(&output);
        assert!(
            message.contains("tenantaudit.toml not found") && message.contains("tenantaudit init"),
            "{message}"
        );
    }
}

#[test]
fn a_leave_date_in_another_form_names_the_expected_one() {
    let dir = tempfile::tempdir().unwrap();
    let output = run(
        dir.path(),
        &[
            "offboard",
            "--leave-date",
            "31/10/2026",
            "someone@example.com",
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("expected a date as YYYY-MM-DD"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn completions_and_man_page_come_from_the_cli_definition() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let output = run(dir.path(), &["completions", shell]);
        assert!(output.status.success(), "{shell}");
        let script = String::from_utf8(output.stdout).unwrap();
        for word in ["tenantaudit", "offboard", "leave-date", "fail-on"] {
            assert!(script.contains(word), "{shell} completion lacks {word}");
        }
    }
    let output = run(dir.path(), &["man"]);
    assert!(output.status.success());
    let page = String::from_utf8(output.stdout).unwrap();
    assert!(
        page.starts_with(".ie") || page.contains(".TH tenantaudit"),
        "{page}"
    );
    assert!(
        page.contains("demo") && page.contains("Exit codes"),
        "{page}"
    );
}

#[test]
fn every_versioned_output_has_a_schema() {
    let dir = tempfile::tempdir().unwrap();
    for (contract, version) in [
        ("snapshot", "snapshot"),
        ("report", "report"),
        ("offboard", "review"),
        ("evidence", "manifest"),
        ("compliance", "compliance"),
    ] {
        let output = run(dir.path(), &["schema", contract]);
        assert!(output.status.success(), "{contract}");
        let schema: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert!(schema["properties"]["schema"].is_object(), "{contract}");
        assert!(
            schema["title"]
                .as_str()
                .unwrap()
                .to_lowercase()
                .contains(version),
            "{contract}: {}",
            schema["title"]
        );
        if contract == "compliance" {
            for field in ["run_id", "frameworks", "controls"] {
                assert!(schema["properties"][field].is_object(), "{field}");
            }
        }
    }
}

/// A finding's `docs` is a command; run as given, it prints that check's page.
#[test]
fn a_findings_docs_field_works_with_the_binary_alone() {
    let run = Scenario::new().audit();
    let report = run.report();
    let finding = &report["findings"][0];
    let docs = finding["docs"].as_str().unwrap();
    let args: Vec<&str> = docs.split_whitespace().collect();
    assert_eq!(args[0], "tenantaudit", "{docs}");
    let output = tenantaudit().args(&args[1..]).output().unwrap();
    assert!(output.status.success(), "{docs}");
    let page = String::from_utf8(output.stdout).unwrap();
    assert!(page.starts_with(&format!("# {}", finding["check_id"].as_str().unwrap())));
}

/// Every mistake of a config in one run, each with its line; a typo gets the
/// nearest known key.
#[test]
fn config_errors_are_reported_together_with_suggestions() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("tenantaudit.toml"),
        "[output]\ndri = \"out\"\n\n[[tenant]]\nlabel = \"a\"\nprovider = \"m365\"\ntenant_id = \"x\"\n\
         auth = { method = \"client_secret\", client_id = \"c\", secret_env = \"TENANTAUDIT_TEST_NOT_SET\" }\n\n\
         [[tenant]]\nlabel = \"a\"\nprovider = \"salesforce\"\nauth = { method = \"token\", token_env = \"TENANTAUDIT_TEST_NOT_SET\", instance_url = \"https://x.my.salesforce.com\" }\nendpoint = {}\n\n\
         [checks]\ndisable = [\"M365-CA-99\"]\n",
    )
    .unwrap();
    let output = run(dir.path(), &["audit"]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    for expected in [
        "tenantaudit.toml:2: unknown key `dri`; did you mean `dir`?",
        "tenantaudit.toml:8: tenant \"a\" auth: environment variable TENANTAUDIT_TEST_NOT_SET is not set",
        "tenantaudit.toml:11: tenant label \"a\" is used twice",
        "tenantaudit.toml:14: unknown key `endpoint`; did you mean `endpoints`?",
        "tenantaudit.toml:17: unknown check id \"M365-CA-99\"",
    ] {
        assert!(message.contains(expected), "{expected}\nin:\n{message}");
    }
    assert!(!dir.path().join("tenantaudit-out").exists());
}

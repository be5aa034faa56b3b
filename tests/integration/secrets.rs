//! No secret or token in any output: every stream and file of a verbose run
//! is searched for them.

use crate::support::{samples, Scenario};
use std::path::Path;

fn files_below(dir: &Path, found: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_below(&path, found);
        } else {
            found.push(path);
        }
    }
}

/// A token refresh and a forbidden collection, so that error paths run too.
fn with_refresh_and_failure() -> Scenario {
    Scenario::new()
        .fault(
            tenantaudit_simulator::Fault::new(
                "conditionalAccess/policies",
                tenantaudit_simulator::FaultKind::ExpiredToken,
            )
            .times(1),
        )
        .forbid("FROM ConnectedApplication")
}

#[test]
fn no_secret_or_token_reaches_any_output() {
    let sim = with_refresh_and_failure().start();
    let mut outputs = Vec::new();
    for args in [
        vec!["-vvv", "audit", "--evidence", "out/evidence"],
        vec!["-vvv", "collect"],
    ] {
        let run = sim.run(&args);
        outputs.push(run.stdout);
        outputs.push(run.stderr);
    }
    assert!(
        outputs.iter().any(|o| o.contains("DEBUG")),
        "verbose logs were produced"
    );
    let mut files = Vec::new();
    files_below(&sim.dir.path().join("out"), &mut files);
    assert!(
        files.len() >= 20,
        "reports, snapshots, history and the evidence bundle"
    );
    for file in files {
        let bytes = std::fs::read(&file).unwrap();
        // Raw pages are gzip: search what they hold, not the compressed bytes.
        let text = if file.extension().is_some_and(|e| e == "gz") {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut text)
                .unwrap();
            text
        } else {
            String::from_utf8_lossy(&bytes).into_owned()
        };
        outputs.push(text);
    }
    let key = std::fs::read_to_string(samples().join("keys/demo-private-key.pem")).unwrap();
    let key_line = key.lines().nth(1).unwrap();
    let secret = sim.secret().to_string();
    let issued: Vec<String> = sim.sim.issued_tokens();
    assert!(issued.len() >= 3, "tokens were issued: {issued:?}");
    for output in &outputs {
        assert!(!output.contains(&secret), "client secret leaked");
        assert!(!output.contains(key_line), "private key leaked");
        for token in &issued {
            assert!(!output.contains(token.as_str()), "token leaked");
        }
    }
}

/// Every stream and file below `dir`, gzip unpacked.
pub(crate) fn everything_below(dir: &Path) -> Vec<String> {
    let mut files = Vec::new();
    files_below(dir, &mut files);
    files
        .into_iter()
        .map(|file| {
            let bytes = std::fs::read(&file).unwrap();
            if file.extension().is_some_and(|e| e == "gz") {
                let mut text = String::new();
                std::io::Read::read_to_string(
                    &mut flate2::read::GzDecoder::new(&bytes[..]),
                    &mut text,
                )
                .unwrap();
                text
            } else {
                String::from_utf8_lossy(&bytes).into_owned()
            }
        })
        .collect()
}

#[test]
fn no_secret_reaches_any_output_of_any_command() {
    // Pre-acquired tokens for both tenants, read from files, at -vvv; then the
    // offline check and the demo (whose simulator makes its own secrets).
    let sim = Scenario::new()
        .fault(
            tenantaudit_simulator::Fault::new(
                "GET /graph/v1.0/domains",
                tenantaudit_simulator::FaultKind::Status(503),
            )
            .times(1),
        )
        .forbid("FROM ConnectedApplication")
        .start();
    let m365_token = sim.sim.issue_token();
    let sf_token = sim.sim.issue_token();
    for (name, token) in [("m365.token", &m365_token), ("sf.token", &sf_token)] {
        let path = sim.dir.path().join(name);
        std::fs::write(&path, token).unwrap();
        crate::support::set_owner_only(&path);
    }
    sim.write_config(
        r#"auth = { method = "token", token_file = "m365.token" }"#,
        &format!(
            r#"auth = {{ method = "token", token_file = "sf.token", instance_url = "{}" }}"#,
            sim.sim.salesforce_login()
        ),
    );
    let mut outputs = Vec::new();
    for args in [
        vec!["-vvv", "audit", "--format", "all"],
        vec!["-vvv", "collect"],
        vec![
            "-vvv",
            "check",
            "out/snapshots/contoso.json",
            "out/snapshots/acme.json",
            "--out",
            "out/check",
        ],
        vec!["-vvv", "demo", "--out", "out/demo", "--no-history"],
    ] {
        let run = sim.run(&args);
        assert!(matches!(run.code, 0 | 1 | 3), "{args:?}: {}", run.stderr);
        outputs.push(run.stdout);
        outputs.push(run.stderr);
    }
    assert!(
        outputs
            .iter()
            .any(|o| o.contains("TRACE") || o.contains("DEBUG")),
        "verbose logs were produced"
    );
    assert!(
        sim.dir.path().join("out/demo/report.json").exists(),
        "the demo ran"
    );
    outputs.extend(everything_below(&sim.dir.path().join("out")));
    let key = std::fs::read_to_string(samples().join("keys/demo-private-key.pem")).unwrap();
    let key_line = key.lines().nth(1).unwrap();
    let mut secrets = vec![
        m365_token,
        sf_token,
        sim.secret().to_string(),
        key_line.to_string(),
    ];
    secrets.extend(sim.sim.issued_tokens());
    // The demo's own simulator: its secrets and tokens are random, their forms known.
    let forms = [
        "sim~",
        "sfsim~",
        "eyJ0eXAiOiJKV1QiLCJzaW0iOiJncmFwaCJ9.",
        "pre-acquired.",
        "PRIVATE KEY",
    ];
    for output in &outputs {
        for secret in &secrets {
            assert!(
                !output.contains(secret.as_str()),
                "a secret or token leaked"
            );
        }
        for form in forms {
            assert!(
                !output.contains(form),
                "something shaped like a secret ({form}) leaked"
            );
        }
        assert!(
            !output.contains(&format!("{}!", &crate::support::ACME_ID[..15])),
            "a Salesforce session id leaked"
        );
    }
}

#[test]
fn a_secret_file_others_can_read_is_warned_about() {
    let sim = Scenario::new().start();
    let secret = sim.dir.path().join("entra.secret");
    std::fs::write(&secret, sim.secret()).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    sim.write_config(
        r#"auth = { method = "client_secret", client_id = "{client_id}", secret_file = "entra.secret" }"#,
        r#"auth = { method = "jwt_bearer", consumer_key = "{consumer_key}", username = "{username}", private_key_file = "{key_file}" }"#,
    );
    let run = sim.run(&["audit"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("readable by others") && run.stderr.contains("entra.secret"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains(sim.secret()));
    // Owner-only: no warning.
    crate::support::set_owner_only(&secret);
    let run = sim.run(&["audit"]);
    assert!(!run.stderr.contains("readable by others"), "{}", run.stderr);
}

#[test]
fn plain_http_to_a_remote_host_is_refused_before_sending() {
    let sim = Scenario::new().start();
    let config = sim.default_config();
    let text = std::fs::read_to_string(&config).unwrap();
    let text = text.replace(
        &format!("graph_base = \"{}\"", sim.sim.graph_base()),
        "graph_base = \"http://example.com\"",
    );
    assert!(text.contains("http://example.com"));
    std::fs::write(&config, text).unwrap();
    let run = sim.run(&["audit"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    let snapshot: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(run.out.join("snapshots/contoso.json")).unwrap(),
    )
    .unwrap();
    for (name, record) in snapshot["collections"].as_object().unwrap() {
        // Skipped, unlicensed, or derived from another collection without a request of its own.
        if record["status"] == "skipped"
            || record["status"] == "not_licensed"
            || record["endpoints"] == serde_json::json!([])
        {
            continue;
        }
        assert_eq!(record["status"], "error", "{name}: {record}");
        assert_eq!(record["error"]["kind"], "transport", "{name}: {record}");
        assert!(
            record["error"]["message"]
                .as_str()
                .unwrap()
                .contains("only HTTPS"),
            "{name}: {record}"
        );
    }
    // The token was fetched from the (loopback) authority; no Graph request was made.
    let wire = sim.sim.wire_log();
    assert!(wire.iter().any(|l| l.contains("/entra/")), "{wire:?}");
    assert!(!wire.iter().any(|l| l.contains("/graph/")), "{wire:?}");
}

#[cfg(unix)]
#[test]
fn reports_snapshots_history_and_evidence_are_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let sim = Scenario::new().start();
    let run = sim.run(&["audit", "--format", "all", "--evidence", "out/evidence"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut files = Vec::new();
    files_below(&run.out, &mut files);
    assert!(
        files.iter().any(|f| f.ends_with("report.csv"))
            && files.iter().any(|f| f.ends_with("history.sqlite"))
    );
    for file in files {
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode & 0o077, 0, "{} has mode {mode:o}", file.display());
    }
}

#[test]
fn no_write_request_leaves_the_client() {
    // Every auth flow and every collection, with a refresh and a failure.
    let sim = with_refresh_and_failure().start();
    for args in [vec!["audit", "--evidence", "out/evidence"], vec!["collect"]] {
        let run = sim.run(&args);
        assert!(matches!(run.code, 0 | 3), "{}", run.stderr);
    }
    let wire = sim.sim.wire_log();
    assert!(wire.len() > 40, "a whole audit was seen: {wire:?}");
    let allowed_posts = [
        "/oauth2/v2.0/token",
        "/services/oauth2/token",
        "/composite",
        "/$batch",
    ];
    for line in &wire {
        let (method, path) = line.split_once(' ').unwrap();
        let read_only = method == "GET"
            || (method == "POST" && allowed_posts.iter().any(|s| path.ends_with(s)));
        assert!(read_only, "a write request reached the server: {line}");
    }
    assert!(
        wire.iter().any(|l| l.starts_with("POST ")),
        "the read-only POSTs are seen too"
    );
}

#[test]
fn redact_replaces_personal_data_with_stable_pseudonyms() {
    let sim = Scenario::new().start();
    sim.default_config();
    let config = sim
        .dir
        .path()
        .join("tenantaudit.toml")
        .display()
        .to_string();
    let audit = |out: &str, key: &str| {
        let output = crate::support::tenantaudit()
            .args([
                "audit",
                "--config",
                &config,
                "--redact",
                "--no-history",
                "--format",
                "all",
                "--out",
                out,
            ])
            .current_dir(sim.dir.path())
            .env(crate::support::SECRET_ENV, sim.secret())
            .env("TENANTAUDIT_REDACT_KEY", key)
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        sim.dir.path().join(out)
    };
    let first = audit("first", "key one");
    let again = audit("again", "key one");
    let other = audit("other", "key two");
    let read = |dir: &Path, name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    // The people of both tenants, from the (unredacted) snapshots.
    let mut people = Vec::new();
    for label in ["contoso", "acme"] {
        let snapshot: serde_json::Value =
            serde_json::from_str(&read(&first, &format!("snapshots/{label}.json"))).unwrap();
        for p in snapshot["common"]["principals"].as_array().unwrap() {
            for field in ["display_name", "login", "email"] {
                if let Some(v) = p[field].as_str().filter(|v| v.len() >= 3) {
                    people.push(v.to_string());
                }
            }
        }
    }
    assert!(people.len() > 40, "{people:?}");
    let report: serde_json::Value = serde_json::from_str(&read(&first, "report.json")).unwrap();
    let personal: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| {
            let mut texts = vec![f["message"].to_string(), f["evidence"].to_string()];
            texts.extend(
                f["affected"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|a| format!("{} {}", a["display_name"], a["reason"])),
            );
            texts
        })
        .collect();
    let logins: Vec<&String> = people.iter().filter(|p| p.contains('@')).collect();
    for text in &personal {
        for person in &people {
            assert!(
                !text.contains(person.as_str()),
                "{person:?} is not redacted in {text}"
            );
        }
    }
    for format in ["report.json", "report.csv", "report.html", "report.md"] {
        let text = read(&first, format);
        assert!(text.contains("person-"), "{format} has pseudonyms");
        for login in &logins {
            assert!(
                !text.to_lowercase().contains(&login.to_lowercase()),
                "{login} in {format}"
            );
        }
    }
    // Stable: the same pseudonym for the same object across formats and runs; keyed.
    let names = |dir: &Path| -> Vec<(String, String)> {
        let report: serde_json::Value = serde_json::from_str(&read(dir, "report.json")).unwrap();
        let mut names: Vec<(String, String)> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|f| f["affected"].as_array().unwrap().clone())
            .filter_map(|a| {
                let name = a["display_name"].as_str()?;
                name.starts_with("person-")
                    .then(|| (a["id"].as_str().unwrap().to_string(), name.to_string()))
            })
            .collect();
        names.sort();
        names.dedup();
        names
    };
    let first_names = names(&first);
    assert!(first_names.len() > 5, "{first_names:?}");
    assert_eq!(first_names, names(&again), "same key, same pseudonyms");
    let csv = read(&first, "report.csv");
    assert!(
        first_names
            .iter()
            .all(|(_, name)| csv.contains(name.as_str())),
        "the CSV uses the same pseudonyms"
    );
    let other_names = names(&other);
    assert!(
        first_names.iter().all(|n| !other_names.contains(n)),
        "another key, other pseudonyms"
    );
    // The snapshots stay as collected (they are the evidence).
    assert!(people
        .iter()
        .any(|p| read(&first, "snapshots/contoso.json").contains(p.as_str())));
}

//! Sign-in without stored secrets: workload identity federation (a
//! Kubernetes token file, GitHub Actions OIDC) and managed identity (IMDS,
//! App Service), each against the simulator's issuer and identity endpoints.

use crate::support::{tenantaudit, Run, Scenario, TestSim, ACME_ID, CONTOSO_ID};

const SF_JWT: &str = r#"auth = { method = "jwt_bearer", consumer_key = "{consumer_key}", username = "{username}", private_key_file = "{key_file}" }"#;
const K8S_SUBJECT: &str = "system:serviceaccount:tenantaudit:tenantaudit";

fn audit_with_env(sim: &TestSim, env: &[(&str, &str)]) -> Run {
    let mut command = tenantaudit();
    command
        .args(["-vvv", "audit", "--config", "tenantaudit.toml"])
        .current_dir(sim.dir.path());
    for (name, value) in env {
        command.env(name, value);
    }
    Run::new(command.output().unwrap(), sim.dir.path().join("out"))
}

/// Nothing the run printed or wrote holds `secret`.
fn assert_nowhere(run: &Run, secret: &str) {
    assert!(!run.stdout.contains(secret) && !run.stderr.contains(secret));
    for entry in std::fs::read_dir(&run.out).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            let bytes = std::fs::read(&path).unwrap();
            assert!(
                !String::from_utf8_lossy(&bytes).contains(secret),
                "{} holds a secret",
                path.display()
            );
        }
    }
}

fn contoso_error(run: &Run) -> String {
    let finding = run.finding("M365-MFA-01", CONTOSO_ID);
    assert_eq!(finding["status"], "error", "{finding}");
    finding["message"].as_str().unwrap().to_string()
}

#[test]
fn kubernetes_workload_identity_reads_the_projected_token_file() {
    let sim = Scenario::new().start();
    let token_file = sim.dir.path().join("azure-identity-token");
    let token = sim.sim.federated_token(K8S_SUBJECT);
    std::fs::write(&token_file, &token).unwrap();
    // Everything as the workload identity webhook injects it: no key in the config.
    sim.write_config(r#"auth = { method = "workload_identity" }"#, SF_JWT);
    let client_id = sim.sim.credentials().entra_client_id.clone();
    let env = [
        ("AZURE_CLIENT_ID", client_id.as_str()),
        ("AZURE_FEDERATED_TOKEN_FILE", token_file.to_str().unwrap()),
    ];
    let run = audit_with_env(&sim, &env);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.status("M365-MFA-01", CONTOSO_ID), "pass");
    assert_eq!(run.status("SF-MFA-01", ACME_ID), "pass");
    assert_nowhere(&run, &token);

    // A token whose subject no federated credential names is refused by Entra.
    std::fs::write(
        &token_file,
        sim.sim
            .federated_token("system:serviceaccount:other:default"),
    )
    .unwrap();
    let run = audit_with_env(&sim, &env);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        contoso_error(&run).contains("AADSTS70021"),
        "{}",
        contoso_error(&run)
    );
}

#[test]
fn github_actions_oidc_token_is_fetched_for_the_exchange_audience() {
    let sim = Scenario::new().start();
    sim.write_config(
        r#"auth = { method = "workload_identity", client_id = "{client_id}" }"#,
        SF_JWT,
    );
    let url = sim.sim.actions_token_request_url();
    let request_token = sim.sim.credentials().actions_request_token.clone();
    let run = audit_with_env(
        &sim,
        &[
            ("ACTIONS_ID_TOKEN_REQUEST_URL", url.as_str()),
            ("ACTIONS_ID_TOKEN_REQUEST_TOKEN", request_token.as_str()),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.status("M365-MFA-01", CONTOSO_ID), "pass");
    assert!(sim
        .sim
        .request_log()
        .iter()
        .any(|r| r == "GET /actions/idtoken"));
    assert_nowhere(&run, &request_token);

    // Without `id-token: write` the runner gives no request token: refused before any request.
    let run = audit_with_env(&sim, &[("ACTIONS_ID_TOKEN_REQUEST_URL", url.as_str())]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("found no federated token"),
        "{}",
        run.stderr
    );

    // A wrong request token: GitHub answers 401, the tenant's collections are `error`.
    let run = audit_with_env(
        &sim,
        &[
            ("ACTIONS_ID_TOKEN_REQUEST_URL", url.as_str()),
            ("ACTIONS_ID_TOKEN_REQUEST_TOKEN", "not-the-token"),
        ],
    );
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        contoso_error(&run).contains("401"),
        "{}",
        contoso_error(&run)
    );
}

#[test]
fn managed_identity_from_imds_and_app_service() {
    let sim = Scenario::new().start();
    let creds = sim.sim.credentials().clone();
    // IMDS (its address replaced by the simulator's), user-assigned identity.
    sim.write_config(
        &format!(
            r#"auth = {{ method = "managed_identity", client_id = "{}", endpoint = "{}" }}"#,
            creds.managed_identity_client_id,
            sim.sim.imds_endpoint()
        ),
        SF_JWT,
    );
    let run = audit_with_env(&sim, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.status("M365-MFA-01", CONTOSO_ID), "pass");
    assert!(sim
        .sim
        .request_log()
        .iter()
        .any(|r| r == "GET /metadata/identity/oauth2/token"));

    // An identity not assigned to the machine.
    sim.write_config(
        &format!(
            r#"auth = {{ method = "managed_identity", client_id = "00000000-0000-0000-0000-000000000000", endpoint = "{}" }}"#,
            sim.sim.imds_endpoint()
        ),
        SF_JWT,
    );
    let run = audit_with_env(&sim, &[]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        contoso_error(&run).contains("Identity not found"),
        "{}",
        contoso_error(&run)
    );

    // App Service / Container Apps: the endpoint and header come from the platform.
    sim.write_config(r#"auth = { method = "managed_identity" }"#, SF_JWT);
    let endpoint = sim.sim.identity_endpoint();
    let run = audit_with_env(
        &sim,
        &[
            ("IDENTITY_ENDPOINT", endpoint.as_str()),
            ("IDENTITY_HEADER", creds.identity_header.as_str()),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.status("M365-MFA-01", CONTOSO_ID), "pass");
    assert!(sim.sim.request_log().iter().any(|r| r == "GET /msi/token"));
    assert_nowhere(&run, &creds.identity_header);
}

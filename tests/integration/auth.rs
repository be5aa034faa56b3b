//! Each auth flow against the simulator's token endpoints.

use crate::support::{samples, set_owner_only, Scenario, ACME_ID, CONTOSO_ID};

const SF_JWT: &str = r#"auth = { method = "jwt_bearer", consumer_key = "{consumer_key}", username = "{username}", private_key_file = "{key_file}" }"#;

#[test]
fn entra_certificate_assertion() {
    let sim = Scenario::new().start();
    let cert = sim.dir.path().join("app.crt");
    std::fs::copy(samples().join("keys/demo-certificate.pem"), &cert).unwrap();
    sim.write_config(
        &format!(r#"auth = {{ method = "certificate", client_id = "{{client_id}}", private_key_file = "{{key_file}}", certificate_file = "{}" }}"#, cert.display()),
        SF_JWT,
    );
    let run = sim.run(&["audit"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.status("M365-MFA-01", CONTOSO_ID), "pass");
}

#[test]
fn pre_acquired_tokens_for_both_providers() {
    let sim = Scenario::new().start();
    let graph_token = sim.dir.path().join("graph.token");
    std::fs::write(&graph_token, sim.sim.issue_token()).unwrap();
    set_owner_only(&graph_token);
    let sf_token = sim.sim.issue_token();
    sim.write_config(
        &format!(r#"auth = {{ method = "token", token_file = "{}" }}"#, graph_token.display()),
        &format!(r#"auth = {{ method = "token", token_env = "SF_TOKEN_FOR_TEST", instance_url = "{}" }}"#, sim.sim.salesforce_login()),
    );
    let output = crate::support::tenantaudit()
        .args(["audit", "--config", "tenantaudit.toml"])
        .current_dir(sim.dir.path())
        .env("SF_TOKEN_FOR_TEST", &sf_token)
        .output()
        .unwrap();
    let run = crate::support::Run::new(output, sim.dir.path().join("out"));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.status("SF-MFA-01", ACME_ID), "pass");
    assert_eq!(run.status("M365-ID-05", CONTOSO_ID), "pass");
}

#[test]
fn a_wrong_client_secret_is_an_auth_error_on_every_collection() {
    let sim = Scenario::new().start();
    sim.default_config();
    let output = crate::support::tenantaudit()
        .args(["audit", "--config", "tenantaudit.toml"])
        .current_dir(sim.dir.path())
        .env(crate::support::SECRET_ENV, "not-the-secret")
        .output()
        .unwrap();
    let run = crate::support::Run::new(output, sim.dir.path().join("out"));
    assert_eq!(run.code, 3, "{}", run.stderr);
    let finding = run.finding("M365-MFA-01", CONTOSO_ID);
    assert_eq!(finding["status"], "error");
    assert!(
        finding["message"]
            .as_str()
            .unwrap()
            .contains("invalid_client"),
        "{finding}"
    );
    // Salesforce is unaffected.
    assert_eq!(run.status("SF-MFA-01", ACME_ID), "pass");
}

#[test]
fn an_unknown_salesforce_user_is_refused_by_the_token_endpoint() {
    let sim = Scenario::new().start();
    sim.write_config(
        r#"auth = { method = "client_secret", client_id = "{client_id}", secret_env = "TENANTAUDIT_TEST_SECRET" }"#,
        r#"auth = { method = "jwt_bearer", consumer_key = "{consumer_key}", username = "someone.else@acme-corp.com", private_key_file = "{key_file}" }"#,
    );
    let run = sim.run(&["audit"]);
    assert_eq!(run.code, 3);
    let report = run.report();
    let acme = report["tenants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["provider"] == "salesforce")
        .unwrap();
    let users = acme["collections"]["users"]["detail"].as_str().unwrap();
    assert!(users.contains("invalid_grant"), "{users}");
}

#[test]
fn salesforce_client_credentials() {
    let sim = Scenario::new().start();
    sim.write_config(
        r#"auth = { method = "client_secret", client_id = "{client_id}", secret_env = "TENANTAUDIT_TEST_SECRET" }"#,
        r#"auth = { method = "client_secret", client_id = "{consumer_key}", secret_env = "SF_CONSUMER_SECRET_FOR_TEST" }"#,
    );
    let output = crate::support::tenantaudit()
        .args(["audit", "--config", "tenantaudit.toml"])
        .current_dir(sim.dir.path())
        .env(crate::support::SECRET_ENV, sim.secret())
        .env(
            "SF_CONSUMER_SECRET_FOR_TEST",
            &sim.sim.credentials().salesforce_consumer_secret,
        )
        .output()
        .unwrap();
    let run = crate::support::Run::new(output, sim.dir.path().join("out"));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.status("SF-MFA-01", ACME_ID), "pass");
    assert!(sim
        .sim
        .request_log()
        .iter()
        .any(|r| r == "POST /services/oauth2/token"));

    // A wrong secret is refused by the token endpoint, naming Salesforce's error.
    let output = crate::support::tenantaudit()
        .args(["audit", "--config", "tenantaudit.toml"])
        .current_dir(sim.dir.path())
        .env(crate::support::SECRET_ENV, sim.secret())
        .env("SF_CONSUMER_SECRET_FOR_TEST", "not-the-secret")
        .output()
        .unwrap();
    let run = crate::support::Run::new(output, sim.dir.path().join("out"));
    assert_eq!(run.code, 3);
    assert!(run.finding("SF-MFA-01", "acme")["message"]
        .as_str()
        .unwrap()
        .contains("invalid_client"));
}

#[test]
fn client_credentials_need_a_my_domain_login_url() {
    let sim = Scenario::new().start();
    let config = sim.write_config(
        r#"auth = { method = "client_secret", client_id = "{client_id}", secret_env = "TENANTAUDIT_TEST_SECRET" }"#,
        r#"auth = { method = "client_secret", client_id = "{consumer_key}", secret_env = "TENANTAUDIT_TEST_SECRET" }"#,
    );
    let text = std::fs::read_to_string(&config).unwrap();
    let login = sim.sim.salesforce_login();
    std::fs::write(
        &config,
        text.replace(&login, "https://login.salesforce.com"),
    )
    .unwrap();
    let run = sim.run(&["audit"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("My Domain"), "{}", run.stderr);
}

#[test]
fn entra_device_code_sign_in() {
    let sim = Scenario::new().start();
    sim.write_config(
        r#"auth = { method = "device_code", client_id = "{client_id}" }"#,
        SF_JWT,
    );
    let run = sim.run(&["audit"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("To sign in, open https://microsoft.com/devicelogin and enter the code"),
        "{}",
        run.stderr
    );
    assert_eq!(run.status("M365-MFA-01", CONTOSO_ID), "pass");
    // One device-code request, then polls: pending, then the token.
    let log = sim.sim.request_log();
    assert_eq!(
        log.iter()
            .filter(|l| l.contains("oauth2/v2.0/devicecode"))
            .count(),
        1
    );
    assert_eq!(
        log.iter()
            .filter(|l| l.contains("oauth2/v2.0/token"))
            .count(),
        2
    );
}

//! The opt-in Exchange Online and SharePoint admin sources: each check they
//! decide passes, fails and errors on simulator data; without them the
//! checks are `manual` naming the setting; only allowed cmdlets are sent;
//! offboarding reads forwarding from Exchange.

use crate::support::{expect, samples, Scenario, CONTOSO_ID};
use serde_json::json;
use tenantaudit_simulator::{Fault, FaultKind};

const ORG: &str = "exchange/Get-OrganizationConfig";
const AUDIT: &str = "exchange/Get-AdminAuditLogConfig";
const DOMAINS: &str = "exchange/Get-RemoteDomain";
const SHARING: &str = "exchange/Get-SharingPolicy";
const SPO: &str = "sharepoint/_api/SPO.Tenant";
const LABELS: &str = "graph/v1.0/security/dataSecurityAndGovernance/sensitivityLabels";

const DECIDED: [&str; 6] = [
    "M365-LOG-01",
    "M365-LOG-02",
    "M365-DATA-01",
    "M365-DATA-02",
    "M365-SHR-06",
    "M365-SHR-02",
];

fn statuses(scenario: Scenario, expected: &[(&str, &str)]) -> crate::support::Run {
    let run = scenario.audit();
    for (check, status) in expected {
        let finding = run.finding(check, CONTOSO_ID);
        assert_eq!(
            finding["status"], *status,
            "{check}: {finding:#}\nstderr:\n{}",
            run.stderr
        );
    }
    run
}

#[test]
fn planted_sample_fails_and_passes_on_evidence() {
    let run = statuses(
        Scenario::new().admin_sources(),
        &[
            ("M365-LOG-01", "pass"),
            ("M365-LOG-02", "fail"),
            ("M365-DATA-01", "fail"),
            ("M365-DATA-02", "fail"),
            ("M365-SHR-06", "fail"),
            ("M365-SHR-02", "fail"),
            ("M365-DATA-03", "manual"),
        ],
    );
    let f = |id| run.finding(id, CONTOSO_ID);
    assert_eq!(
        f("M365-DATA-01")["affected"][0]["reason"],
        "automatic forwarding to fabrikam.com is allowed"
    );
    // The disabled policy sharing contacts with everyone is left out.
    let sharing = f("M365-DATA-02");
    assert_eq!(
        sharing["affected"].as_array().unwrap().len(),
        1,
        "{sharing}"
    );
    assert_eq!(
        sharing["affected"][0]["display_name"],
        "Default Sharing Policy"
    );
    assert!(f("M365-SHR-02")["message"]
        .as_str()
        .unwrap()
        .contains("90 days"));
    assert!(f("M365-SHR-06")["message"]
        .as_str()
        .unwrap()
        .contains("Anyone with the link"));
    assert!(f("M365-DATA-03")["message"]
        .as_str()
        .unwrap()
        .contains("Public, Confidential"));

    let hardened = Scenario::new().admin_sources().m365(|s| {
        s.patch(
            AUDIT,
            "/value/0/UnifiedAuditLogIngestionEnabled",
            json!(false),
        )?
        .patch(ORG, "/value/0/AuditDisabled", json!(false))?
        .patch(DOMAINS, "/value/1/AutoForwardEnabled", json!(false))?
        .patch(
            SHARING,
            "/value/0/Domains",
            json!(["fabrikam.com:CalendarSharingFreeBusyDetail"]),
        )?
        .patch(SPO, "/DefaultSharingLinkType", json!(1))?
        .patch(SPO, "/DefaultLinkPermission", json!(1))?
        .patch(SPO, "/RequireAnonymousLinksExpireInDays", json!(14))?
        .patch(LABELS, "/value", json!([]))
    });
    statuses(
        hardened,
        &[
            ("M365-LOG-01", "fail"),
            ("M365-LOG-02", "pass"),
            ("M365-DATA-01", "pass"),
            ("M365-DATA-02", "pass"),
            ("M365-SHR-06", "pass"),
            ("M365-SHR-02", "pass"),
            ("M365-DATA-03", "fail"),
        ],
    );
}

#[test]
fn parameters_and_edge_values() {
    // An approved partner domain may receive forwards; the Default (*) never.
    let scenario = Scenario::new()
        .admin_sources()
        .config("[checks.params.M365-DATA-01]\nallow = [\"fabrikam.com\"]\n[checks.params.M365-SHR-02]\ndays = 90\n");
    statuses(
        scenario,
        &[("M365-DATA-01", "pass"), ("M365-SHR-02", "pass")],
    );
    let never = Scenario::new()
        .admin_sources()
        .m365(|s| s.patch(SPO, "/RequireAnonymousLinksExpireInDays", json!(0)));
    let finding = expect(never, "M365-SHR-02", CONTOSO_ID, "fail");
    assert!(finding["message"]
        .as_str()
        .unwrap()
        .contains("never expire"));
    // Graph and the admin API disagree about Anyone links: not a verdict.
    let disagree = Scenario::new()
        .admin_sources()
        .m365(|s| s.patch(SPO, "/SharingCapability", json!(1)));
    expect(disagree, "M365-SHR-02", CONTOSO_ID, "error");
}

#[test]
fn not_configured_is_manual_naming_the_setting() {
    let run = statuses(
        Scenario::new(),
        &[
            ("M365-LOG-01", "manual"),
            ("M365-LOG-02", "manual"),
            ("M365-DATA-01", "manual"),
            ("M365-DATA-02", "manual"),
            ("M365-SHR-06", "manual"),
            ("M365-SHR-02", "manual"),
        ],
    );
    for check in ["M365-LOG-01", "M365-DATA-02"] {
        let message = run.finding(check, CONTOSO_ID)["message"].to_string();
        assert!(message.contains("exchange_admin"), "{check}: {message}");
    }
    for check in ["M365-SHR-06", "M365-SHR-02"] {
        let message = run.finding(check, CONTOSO_ID)["message"].to_string();
        assert!(message.contains("sharepoint_admin"), "{check}: {message}");
    }
}

#[test]
fn refused_or_malformed_is_error_naming_permission_and_role() {
    // 403 on every cmdlet, and SharePoint and the labels refused.
    let run = Scenario::new()
        .admin_sources()
        .forbid("/InvokeCommand")
        .forbid("/_api/SPO.Tenant")
        .forbid("sensitivityLabels")
        .audit();
    for check in DECIDED {
        let finding = run.finding(check, CONTOSO_ID);
        assert_eq!(finding["status"], "error", "{check}: {finding}");
    }
    for check in ["M365-LOG-01", "M365-LOG-02", "M365-DATA-01", "M365-DATA-02"] {
        let fix = run.finding(check, CONTOSO_ID)["fix"].to_string();
        assert!(
            fix.contains("Exchange.ManageAsApp") && fix.contains("Global Reader"),
            "{check}: {fix}"
        );
    }
    for check in ["M365-SHR-06", "M365-SHR-02"] {
        let fix = run.finding(check, CONTOSO_ID)["fix"].to_string();
        assert!(fix.contains("Sites.FullControl.All"), "{check}: {fix}");
    }
    let labels = run.finding("M365-DATA-03", CONTOSO_ID);
    assert_eq!(labels["status"], "error");
    assert!(labels["fix"].to_string().contains("SensitivityLabel.Read"));

    // Exchange's answer when the app holds no role that may run the cmdlet: a 401.
    let no_role = json!({"error": {"code": "Unauthorized", "message": "User is not allowed to call Get-RemoteDomain",
        "innererror": {"message": "User is not allowed to call Get-RemoteDomain", "type": "Microsoft.Exchange.Admin.OData.Core.ODataServiceException"}}});
    let finding = expect(
        Scenario::new().admin_sources().fault(Fault::new(
            "InvokeCommand Get-RemoteDomain",
            FaultKind::StatusBody(401, no_role),
        )),
        "M365-DATA-01",
        CONTOSO_ID,
        "error",
    );
    assert!(
        finding["message"]
            .to_string()
            .contains("not allowed to call Get-RemoteDomain"),
        "{finding}"
    );
    assert!(
        finding["fix"].to_string().contains("Global Reader"),
        "{finding}"
    );

    // A value the API left out is missing evidence, never a pass.
    let missing = Scenario::new().admin_sources().m365(|s| {
        s.patch(ORG, "/value/0/AuditDisabled", json!(null))?
            .patch(
                AUDIT,
                "/value/0/UnifiedAuditLogIngestionEnabled",
                json!(null),
            )?
            .patch(DOMAINS, "/value/0/AutoForwardEnabled", json!(null))?
            .patch(SHARING, "/value/0/Enabled", json!(null))?
            .patch(SPO, "/DefaultLinkPermission", json!(null))?
            .patch(SPO, "/RequireAnonymousLinksExpireInDays", json!(null))
    });
    statuses(missing, &DECIDED.map(|c| (c, "error")));
    // Get-OrganizationConfig must describe one organisation.
    let none = Scenario::new()
        .admin_sources()
        .m365(|s| s.patch(ORG, "/value", json!([])));
    let finding = expect(none, "M365-LOG-02", CONTOSO_ID, "error");
    assert!(
        finding["message"].to_string().contains("malformed"),
        "{finding}"
    );
}

#[test]
fn tokens_per_resource_and_only_read_cmdlets_on_the_wire() {
    let sim = Scenario::new().admin_sources().start();
    let run = sim.run(&["audit"]);
    assert_eq!(
        run.status("M365-LOG-01", CONTOSO_ID),
        "pass",
        "{}",
        run.stderr
    );
    let log = sim.sim.request_log();
    let invoked: Vec<&String> = log
        .iter()
        .filter(|l| l.contains("/InvokeCommand"))
        .collect();
    assert!(invoked.len() >= 5, "{log:#?}");
    for line in &invoked {
        let cmdlet = line.rsplit(' ').next().unwrap();
        assert!(
            [
                "Get-OrganizationConfig",
                "Get-AdminAuditLogConfig",
                "Get-RemoteDomain",
                "Get-SharingPolicy",
                "Get-DataEncryptionPolicy"
            ]
            .contains(&cmdlet),
            "{line}"
        );
    }
    // The simulator accepts Exchange and SharePoint calls only with a token of
    // their own resource (and SharePoint only from a certificate): every
    // token request named one resource, three in all.
    let tokens = log
        .iter()
        .filter(|l| l.contains("/oauth2/v2.0/token"))
        .count();
    assert!(tokens >= 3, "{log:#?}");
}

#[test]
fn sharepoint_needs_a_certificate_and_no_source_takes_a_static_token() {
    let sim = Scenario::new().admin_sources().start();
    let secret = format!(
        r#"auth = {{ method = "client_secret", client_id = "{{client_id}}", secret_env = "{}" }}"#,
        crate::support::SECRET_ENV
    );
    sim.write_config(&secret, r#"auth = { method = "jwt_bearer", consumer_key = "{consumer_key}", username = "{username}", private_key_file = "{key_file}" }"#);
    let run = sim.run(&["audit"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("sharepoint_admin needs certificate"),
        "{}",
        run.stderr
    );
    // A token acquired elsewhere is for one resource only.
    sim.write_config(
        r#"auth = { method = "token", token_env = "TENANTAUDIT_TEST_SECRET" }"#,
        r#"auth = { method = "jwt_bearer", consumer_key = "{consumer_key}", username = "{username}", private_key_file = "{key_file}" }"#,
    );
    let run = sim.run(&["audit"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("need a token per resource"),
        "{}",
        run.stderr
    );
    assert!(sim.sim.request_log().is_empty(), "nothing was requested");
}

#[test]
fn offboarding_reads_forwarding_from_exchange() {
    let sim = Scenario::new().admin_sources().start();
    let config = sim.default_config().display().to_string();
    let run = sim.run_raw(&[
        "offboard",
        "--config",
        &config,
        "christie.cline@contoso.com",
        "debra.berger@contoso.com",
        "irvin.sayers@contoso.com",
    ]);
    let review: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(run.out.join("offboard.json"))
            .unwrap_or_else(|e| panic!("{e}: {}", run.stderr)),
    )
    .unwrap();
    let items = |who: &str, kind: &str| -> Vec<serde_json::Value> {
        let person = review["people"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["person"]["email"] == who)
            .unwrap_or_else(|| panic!("{who}: {review:#}"));
        person["tenants"][0]["accounts"][0]["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["kind"] == kind)
            .cloned()
            .collect()
    };
    let christie = items("christie.cline@contoso.com", "mailbox_forwarding");
    assert_eq!(christie[0]["status"], "clear", "{christie:#?}");
    let rules = items("christie.cline@contoso.com", "inbox_rule_forwarding");
    assert_eq!(rules.len(), 1, "{rules:#?}");
    assert_eq!(rules[0]["status"], "residual");
    assert!(rules[0]["summary"]
        .as_str()
        .unwrap()
        .contains("christie.c@outlook.com"));
    let irvin = items("irvin.sayers@contoso.com", "mailbox_forwarding");
    assert_eq!(irvin[0]["status"], "residual", "{irvin:#?}");
    assert!(irvin[0]["summary"]
        .as_str()
        .unwrap()
        .contains("irvin.sayers@outlook.com"));
    assert_eq!(
        items("irvin.sayers@contoso.com", "inbox_rule_forwarding")[0]["status"],
        "clear"
    );
    let debra = items("debra.berger@contoso.com", "mailbox_forwarding");
    assert_eq!(debra[0]["status"], "clear", "{debra:#?}");
    assert!(debra[0]["summary"].as_str().unwrap().contains("no mailbox"));
    // The mailbox cannot be read: unknown, never clear.
    let sim = Scenario::new()
        .admin_sources()
        .forbid("InvokeCommand Get-Mailbox")
        .start();
    let config = sim.default_config().display().to_string();
    let mailboxes = samples()
        .join("m365-contoso/exchange/mailboxes.csv")
        .display()
        .to_string();
    let run = sim.run_raw(&[
        "offboard",
        "--config",
        &config,
        "--mailboxes",
        &mailboxes,
        "irvin.sayers@contoso.com",
    ]);
    let review: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(run.out.join("offboard.json")).unwrap())
            .unwrap();
    let item = review["people"][0]["tenants"][0]["accounts"][0]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "mailbox_forwarding")
        .cloned()
        .unwrap();
    assert_eq!(item["status"], "unknown", "{item:#}");
    assert!(
        item["remediation"]
            .to_string()
            .contains("Exchange.ManageAsApp"),
        "{item:#}"
    );
}

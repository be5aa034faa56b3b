//! The baseline profile and exceptions: owners, severity overrides, waivers,
//! expired and stale exceptions, and their validation.

use crate::support::{Scenario, ACME_ID, CONTOSO_ID};

const OWNERS: &str = r#"
[owners]
default = "secops@contoso.example"
identity = "iam@contoso.example"

[owners.checks]
M365-CA-01 = "netsec@contoso.example"

[checks.severity]
M365-ID-05 = "high"
"#;

#[test]
fn owners_and_severity_overrides_reach_every_finding() {
    let run = Scenario::new().config(OWNERS).audit();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.finding("M365-CA-01", CONTOSO_ID)["owner"],
        "netsec@contoso.example"
    );
    assert_eq!(
        run.finding("M365-ID-01", CONTOSO_ID)["owner"],
        "iam@contoso.example"
    );
    assert_eq!(
        run.finding("SF-APP-01", ACME_ID)["owner"],
        "secops@contoso.example"
    );
    assert_eq!(run.finding("M365-ID-05", CONTOSO_ID)["severity"], "high");
    let by_owner = &run.report()["scores"]["by_owner"];
    assert!(
        by_owner["iam@contoso.example"]["fail"].as_u64().unwrap() >= 3,
        "{by_owner}"
    );
    assert!(
        run.stdout.contains("Failures by owner:")
            && run.stdout.contains("netsec@contoso.example: 1 fail")
    );
}

#[test]
fn a_typo_in_an_owner_area_fails_naming_the_line() {
    let sim = Scenario::new()
        .config("[owners]\nidentiy = \"iam\"\n")
        .start();
    let run = sim.run(&["audit"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("tenantaudit.toml:29: unknown key `identiy`; did you mean `identity`?"),
        "{}",
        run.stderr
    );
    assert_eq!(sim.sim.request_count(), 0);
}

const EXCEPTIONS_TOML: &str = r#"
[[exception]]
check = "M365-ID-01"
tenant = "contoso"
justification = "Fifth GA is the migration account until the merger closes"
owner = "iam@contoso.example"
approved_by = "ciso@contoso.example"
expires = 2099-12-31

[[exception]]
check = "SF-ID-01"
object = "samuel.ortiz@acme-corp.com"
justification = "Data migration lead"
owner = "crm@acme.example"
approved_by = "ciso@acme.example"
expires = "2099-06-30"

[[exception]]
check = "SF-APP-01"
justification = "Vendor contract ends soon"
owner = "crm@acme.example"
approved_by = "ciso@acme.example"
expires = 2020-01-31

[[exception]]
check = "M365-ID-05"
justification = "Was needed for a guest pilot"
owner = "iam@contoso.example"
approved_by = "ciso@contoso.example"
expires = 2099-01-01
"#;

const EXCEPTIONS_YAML: &str = r#"
exception:
  - check: M365-ID-01
    tenant: contoso
    justification: Fifth GA is the migration account until the merger closes
    owner: iam@contoso.example
    approved_by: ciso@contoso.example
    expires: "2099-12-31"
  - check: SF-ID-01
    object: samuel.ortiz@acme-corp.com
    justification: Data migration lead
    owner: crm@acme.example
    approved_by: ciso@acme.example
    expires: "2099-06-30"
  - check: SF-APP-01
    justification: Vendor contract ends soon
    owner: crm@acme.example
    approved_by: ciso@acme.example
    expires: "2020-01-31"
  - check: M365-ID-05
    justification: Was needed for a guest pilot
    owner: iam@contoso.example
    approved_by: ciso@contoso.example
    expires: "2099-01-01"
"#;

#[test]
fn exceptions_waive_expire_and_go_stale_in_toml_and_yaml() {
    for (name, text) in [
        ("exceptions.toml", EXCEPTIONS_TOML),
        ("exceptions.yaml", EXCEPTIONS_YAML),
    ] {
        let sim = Scenario::new().start();
        std::fs::write(sim.dir.path().join(name), text).unwrap();
        let run = sim.run(&["audit", "--exceptions", name]);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);

        let ga = run.finding("M365-ID-01", CONTOSO_ID);
        assert_eq!(ga["status"], "waived", "{name}");
        assert_eq!(ga["exceptions"][0]["owner"], "iam@contoso.example");
        assert_eq!(ga["exceptions"][0]["approved_by"], "ciso@contoso.example");

        // Limited to one object: that holder is waived, the other five still fail.
        let mad = run.finding("SF-ID-01", ACME_ID);
        assert_eq!(mad["status"], "fail", "{name}");
        assert_eq!(mad["affected"].as_array().unwrap().len(), 5);
        assert_eq!(
            mad["exceptions"][0]["objects"][0]["display_name"],
            "samuel.ortiz@acme-corp.com"
        );

        assert_eq!(
            run.status("SF-APP-01", ACME_ID),
            "fail",
            "{name}: expired exceptions do not apply"
        );
        let states: Vec<(String, String)> = run.report()["exceptions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["check_id"].as_str().unwrap().to_string(),
                    e["state"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        let expected = [
            ("M365-ID-01", "applied"),
            ("SF-ID-01", "applied"),
            ("SF-APP-01", "expired"),
            ("M365-ID-05", "stale"),
        ];
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(states, expected, "{name}");
        assert!(
            run.stdout.contains("expired  SF-APP-01") && run.stdout.contains("stale    M365-ID-05"),
            "{}",
            run.stdout
        );
        assert_eq!(run.report()["scores"]["overall"]["waived"], 1);
    }
}

#[test]
fn a_bad_exceptions_file_is_refused_before_any_request() {
    let sim = Scenario::new().start();
    std::fs::write(
        sim.dir.path().join("bad.toml"),
        "[[exception]]\ncheck = \"M365-ID-99\"\njustification = \"x\"\nowner = \"o\"\napproved_by = \"a\"\nexpires = 2099-01-01\n",
    )
    .unwrap();
    let run = sim.run(&["audit", "--exceptions", "bad.toml"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("bad.toml: exception #1: unknown check id \"M365-ID-99\""),
        "{}",
        run.stderr
    );
    assert_eq!(sim.sim.request_count(), 0);
}

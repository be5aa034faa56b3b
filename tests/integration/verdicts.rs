//! Verdicts as the baselines mean them: Entra ID P1 and security defaults,
//! authentication strengths, the methods-policy migration state, app
//! management policy dates, approved exclusions, per-tenant profiles and the
//! words of messages. Each on simulator data: pass, fail and the edge case.

use crate::support::paths::{AAD_PREMIUM_P2, APP_POLICY, CA, METHODS, SKUS};
use crate::support::{expect, Run, Scenario, ACME_ID, CONTOSO_ID};
use serde_json::{json, Value};
use tenantaudit_simulator::SampleStore;

const DEFAULTS: &str = "graph/v1.0/policies/identitySecurityDefaultsEnforcementPolicy";
const AAD_PREMIUM: &str = "41781fb2-bc02-4b7c-bd55-b576c07bb09d";
/// Checks only conditional access can satisfy.
const CA_ONLY: [&str; 7] = [
    "M365-MFA-02",
    "M365-MFA-03",
    "M365-CA-04",
    "M365-CA-05",
    "M365-CA-06",
    "M365-CA-07",
    "M365-CA-09",
];

/// A Business Standard tenant: its suite holds no Entra ID P1 plan, and
/// conditional access cannot be configured, so there are no policies.
fn business_standard(s: SampleStore, defaults_on: bool) -> anyhow::Result<SampleStore> {
    s.edit_items(SKUS, |sku| {
        sku["servicePlans"]
            .as_array_mut()
            .unwrap()
            .retain(|p| p["servicePlanId"] != AAD_PREMIUM);
    })?
    .patch(CA, "/value", json!([]))?
    .patch(DEFAULTS, "/isEnabled", json!(defaults_on))
}

fn message(finding: &Value) -> &str {
    finding["message"].as_str().unwrap()
}

#[test]
fn without_p1_conditional_access_checks_are_not_applicable() {
    let run = Scenario::new()
        .m365(|s| business_standard(s, false))
        .audit();
    for id in CA_ONLY {
        let f = run.finding(id, CONTOSO_ID);
        assert_eq!(f["status"], "not_applicable", "{id}: {f}");
        assert!(f["fix"].as_str().unwrap().contains("AAD_PREMIUM"), "{f}");
    }
    // Security defaults are what such a tenant can turn on; they are off.
    for id in ["M365-MFA-01", "M365-CA-01"] {
        let f = run.finding(id, CONTOSO_ID);
        assert_eq!(f["status"], "fail", "{id}: {f}");
        assert!(
            message(&f)
                .contains("security defaults are off and the tenant has no Microsoft Entra ID P1"),
            "{f}"
        );
        assert!(f["fix"]
            .as_str()
            .unwrap()
            .contains("turn on security defaults"));
    }
    // The summary says it once, and the report records it for this tenant only.
    let note = "note: the tenant has no Microsoft Entra ID P1";
    assert_eq!(run.stdout.matches(note).count(), 1, "{}", run.stdout);
    let tenants = run.report()["tenants"].clone();
    assert!(tenants[0]["notes"][0]
        .as_str()
        .unwrap()
        .contains("no Microsoft Entra ID P1"));
    assert!(tenants[1].get("notes").is_none(), "{}", tenants[1]);
}

#[test]
fn tenant_notes_show_under_their_tenant_in_html_and_markdown() {
    let sim = Scenario::new()
        .m365(|s| business_standard(s, false))
        .start();
    let run = sim.run(&["audit", "--format", "json,html,markdown"]);
    let note = run.report()["tenants"][0]["notes"][0]
        .as_str()
        .unwrap()
        .to_owned();
    let read = |file: &str| std::fs::read_to_string(run.out.join(file)).unwrap();

    // HTML: one notes row, after this tenant's row (askama escapes it).
    let html = read("report.html");
    let row = html
        .find("<tr class=\"tenant-notes\">")
        .unwrap_or_else(|| panic!("no notes row in:\n{html}"));
    assert_eq!(html.matches("<tr class=\"tenant-notes\">").count(), 1);
    let tenant_row = html.find("<code class=\"id\">").unwrap();
    assert!(tenant_row < row, "the note follows its tenant's row");
    let row_end = row + html[row..].find("</tr>").unwrap();
    assert!(
        html[row..row_end].contains(&note),
        "{note} not in the notes row"
    );

    // Markdown: a list after the tenant table, naming the tenant.
    let md = read("report.md");
    let line = md
        .lines()
        .find(|l| l.starts_with("- ") && l.contains("no Microsoft Entra ID P1"))
        .unwrap_or_else(|| panic!("no note in:\n{md}"));
    assert!(line.starts_with("- Contoso"), "{line}");
    assert!(md.find(line).unwrap() > md.find("| Tenant |").unwrap());
    assert_eq!(md.matches("\nNotes:\n").count(), 1, "{md}");
}

#[test]
fn security_defaults_satisfy_mfa_and_legacy_authentication_only() {
    let run = Scenario::new().m365(|s| business_standard(s, true)).audit();
    for id in ["M365-MFA-01", "M365-CA-01"] {
        let f = run.finding(id, CONTOSO_ID);
        assert_eq!(f["status"], "pass", "{id}: {f}");
        assert!(message(&f).contains("passes by security defaults"), "{f}");
    }
    // Security defaults do not block the device code flow, nor anything else
    // only conditional access does.
    for id in CA_ONLY {
        assert_eq!(run.status(id, CONTOSO_ID), "not_applicable", "{id}");
    }
}

#[test]
fn with_p1_and_no_policy_conditional_access_checks_still_fail() {
    // Entra ID P2 alone (no AAD_PREMIUM plan) includes P1.
    let run = Scenario::new()
        .m365(|s| {
            s.edit_items(SKUS, |sku| {
                for plan in sku["servicePlans"].as_array_mut().unwrap() {
                    if plan["servicePlanId"] == AAD_PREMIUM {
                        plan["servicePlanId"] = json!(AAD_PREMIUM_P2);
                    }
                }
            })?
            .patch(CA, "/value", json!([]))
        })
        .audit();
    let legacy = run.finding("M365-CA-01", CONTOSO_ID);
    assert_eq!(legacy["status"], "fail");
    assert_eq!(
        message(&legacy),
        "legacy authentication block: no conditional-access policy does this; security defaults are off"
    );
    for id in ["M365-MFA-02", "M365-CA-04", "M365-CA-05", "M365-CA-06"] {
        assert_eq!(run.status(id, CONTOSO_ID), "fail", "{id}");
    }
    assert_eq!(
        message(&run.finding("M365-CA-07", CONTOSO_ID)),
        "0 enabled policies have only approved exclusions (0 approved exclusions)"
    );
    assert!(run.report()["tenants"][0].get("notes").is_none());
}

fn strength(id: &str, name: &str, combinations: &[&str]) -> Value {
    json!({"operator": "OR", "builtInControls": [],
        "authenticationStrength": {"id": id, "displayName": name, "policyType": "custom",
            "allowedCombinations": combinations}})
}

const CUSTOM: &str = "5a2b3c4d-0000-4000-8000-00000000000a";
const BUILT_IN_MFA: &str = "00000000-0000-0000-0000-000000000002";

#[test]
fn a_strength_is_mfa_only_when_every_combination_is_multifactor() {
    // CA001 allows a password alone; CA007 (all users, all apps) a strength
    // with no combinations; CA003 the built-in MFA strength, for admins only.
    let run = Scenario::new()
        .m365(|s| {
            s.patch(
                CA,
                "/value/0/grantControls",
                strength(CUSTOM, "Password or SMS", &["password,sms", "password"]),
            )?
            .patch(CA, "/value/6/grantControls", strength(CUSTOM, "Empty", &[]))?
            .patch(
                CA,
                "/value/2/grantControls",
                strength(
                    BUILT_IN_MFA,
                    "Multifactor authentication",
                    &["password,sms"],
                ),
            )
        })
        .audit();
    let mfa = run.finding("M365-MFA-01", CONTOSO_ID);
    assert_eq!(mfa["status"], "fail");
    let text = message(&mfa);
    assert!(
        text.contains("3 policies do this but none counts"),
        "{text}"
    );
    assert!(
        text.contains("\"CA001 Require MFA for all users\" (authentication strength \"Password or SMS\" allows single-factor combination password"),
        "{text}"
    );
    assert!(
        text.contains("\"Empty\" has no allowed combinations"),
        "{text}"
    );
    let admins = run.finding("M365-MFA-02", CONTOSO_ID);
    assert!(
        message(&admins).contains("built-in \"Multifactor authentication\" strength, which allows methods that are not phishing-resistant"),
        "{admins}"
    );

    // Every combination multifactor: counts.
    let pass = expect(
        Scenario::new().m365(|s| {
            s.patch(
                CA,
                "/value/0/grantControls",
                strength(
                    CUSTOM,
                    "Strong",
                    &["password,sms", "fido2", "deviceBasedPush"],
                ),
            )
        }),
        "M365-MFA-01",
        CONTOSO_ID,
        "pass",
    );
    assert!(message(&pass).contains("CA001"));
    // A built-in strength is known by its id, whatever combinations came with it.
    expect(
        Scenario::new().m365(|s| {
            s.patch(
                CA,
                "/value/0/grantControls",
                strength(BUILT_IN_MFA, "Multifactor authentication", &[]),
            )
        }),
        "M365-MFA-01",
        CONTOSO_ID,
        "pass",
    );
}

#[test]
fn a_null_or_absent_migration_state_is_the_converged_policy() {
    let pass = expect(
        Scenario::new().m365(|s| s.patch(METHODS, "/policyMigrationState", json!(null))),
        "M365-MFA-06",
        CONTOSO_ID,
        "pass",
    );
    assert!(message(&pass).contains("only the converged methods policy"));
    let absent = Scenario::new().m365(|s| {
        let mut policy = s.get(METHODS).unwrap().clone();
        policy
            .as_object_mut()
            .unwrap()
            .remove("policyMigrationState");
        Ok(s.set(METHODS, policy))
    });
    expect(absent, "M365-MFA-06", CONTOSO_ID, "pass");
    let fail = expect(
        Scenario::new().m365(|s| {
            s.patch(
                METHODS,
                "/policyMigrationState",
                json!("migrationInProgress"),
            )
        }),
        "M365-MFA-06",
        CONTOSO_ID,
        "fail",
    );
    assert!(message(&fail).contains("migrationInProgress"));
}

fn in_days(days: i64) -> String {
    (crate::support::now() + chrono::Duration::days(days)).to_rfc3339()
}

/// The app management policy on, applications limited to a year from
/// `app_start` (a date), service principals as given.
fn app_policy(app_start: Option<String>, service_principals: Value) -> Scenario {
    Scenario::new().m365(move |s| {
        s.patch(APP_POLICY, "/isEnabled", json!(true))?
            .patch(
                APP_POLICY,
                "/applicationRestrictions/passwordCredentials/0",
                json!({"restrictionType": "passwordLifetime", "state": "enabled", "maxLifetime": "P365D",
                    "restrictForAppsCreatedAfterDateTime": app_start}),
            )?
            .patch(APP_POLICY, "/servicePrincipalRestrictions/passwordCredentials", service_principals)
    })
}

#[test]
fn app_management_policy_judges_start_dates_and_service_principals() {
    let block = json!([{"restrictionType": "passwordAddition", "state": "enabled",
        "restrictForAppsCreatedAfterDateTime": null}]);
    // In force for new apps only: passes, saying who is left out.
    let pass = expect(
        app_policy(Some(in_days(-400)), block.clone()),
        "M365-APP-07",
        CONTOSO_ID,
        "pass",
    );
    let text = message(&pass);
    assert!(
        text.contains("apps created before it are unrestricted"),
        "{text}"
    );
    assert!(
        text.contains("passwordAddition for service principals"),
        "{text}"
    );
    // A start date still ahead: not in force yet.
    let future = expect(
        app_policy(Some(in_days(30)), block),
        "M365-APP-07",
        CONTOSO_ID,
        "fail",
    );
    assert!(
        message(&future)
            .contains("applications: the restriction applies only to apps created after"),
        "{future}"
    );
    assert!(message(&future).contains("not in force yet"), "{future}");
    // Service principals unrestricted: named, with what is enforced.
    let sp = expect(
        app_policy(None, json!([])),
        "M365-APP-07",
        CONTOSO_ID,
        "fail",
    );
    assert_eq!(
        message(&sp),
        "not covered: service principals: nothing blocks app secrets or limits them to 365 days (enforced: passwordLifetime for applications)"
    );
}

const ENROLMENT_APP: &str = "d4ebce55-015a-49b5-a083-c84d1797ae8c";
const DIRECTORY_SYNC: &str = "d29b2b05-8046-44ba-8758-1e26182fcf32";

/// CA001 (MFA for all) also excludes an enrolment app, the directory
/// synchronisation role and service-provider guests; CA007 excludes
/// service-provider and B2B collaboration guests; CA006 guests of types it
/// does not state; CA005 the guest type `none`, which excludes nobody.
fn wider_exclusions() -> Scenario {
    Scenario::new().m365(|s| {
        s.patch(CA, "/value/0/conditions/applications/excludeApplications", json!([ENROLMENT_APP]))?
            .patch(CA, "/value/0/conditions/users/excludeRoles", json!([DIRECTORY_SYNC]))?
            .patch(
                CA,
                "/value/0/conditions/users/excludeGuestsOrExternalUsers",
                json!({"guestOrExternalUserTypes": "serviceProvider",
                    "externalTenants": {"@odata.type": "#microsoft.graph.conditionalAccessAllExternalTenants", "membershipKind": "all"}}),
            )?
            .patch(
                CA,
                "/value/4/conditions/users/excludeGuestsOrExternalUsers",
                json!({"guestOrExternalUserTypes": "none"}),
            )?
            .patch(
                CA,
                "/value/5/conditions/users/excludeGuestsOrExternalUsers",
                json!({"externalTenants": {"@odata.type": "#microsoft.graph.conditionalAccessAllExternalTenants", "membershipKind": "all"}}),
            )?
            .patch(
                CA,
                "/value/6/conditions/users/excludeGuestsOrExternalUsers",
                json!({"guestOrExternalUserTypes": "serviceProvider,b2bCollaborationGuest",
                    "externalTenants": {"@odata.type": "#microsoft.graph.conditionalAccessAllExternalTenants", "membershipKind": "all"}}),
            )
    })
}

#[test]
fn exclusions_of_apps_roles_and_guest_types_count_only_when_approved() {
    let run = wider_exclusions().audit();
    let mfa = run.finding("M365-MFA-01", CONTOSO_ID);
    assert_eq!(mfa["status"], "fail");
    let text = message(&mfa);
    for named in [
        format!("excludes application {ENROLMENT_APP}, not an approved exclusion"),
        format!("excludes directory role {DIRECTORY_SYNC}, not an approved exclusion"),
        "excludes guest type serviceProvider, not an approved exclusion".to_string(),
    ] {
        assert!(text.contains(&named), "{text}");
    }

    let approved = wider_exclusions()
        .contoso(&format!(
            "applications = [\"{ENROLMENT_APP}\"]\nroles = [\"{DIRECTORY_SYNC}\"]\nguest_user_types = [\"serviceProvider\"]\n"
        ))
        .audit();
    let mfa = approved.finding("M365-MFA-01", CONTOSO_ID);
    assert_eq!(mfa["status"], "pass", "{mfa}");
    assert!(
        message(&mfa).ends_with("with 5 approved exclusions"),
        "{mfa}"
    );
    let row = mfa["affected"][0]["reason"].as_str().unwrap();
    assert!(
        row.contains("guest type serviceProvider") && row.contains(ENROLMENT_APP),
        "{row}"
    );
    // What is not approved still fails, named: B2B guests on CA007, guests of
    // unstated types on CA006, a user on CA003; CA005's `none` excludes nobody.
    let exclusions = approved.finding("M365-CA-07", CONTOSO_ID);
    let text = message(&exclusions);
    assert!(
        text.starts_with("3 of 5 enabled policies have unapproved exclusions"),
        "{text}"
    );
    assert!(
        text.contains("\"CA006 Admin sign-in frequency 4 hours\" (excludes guests or external users of unstated types)"),
        "{text}"
    );
    assert!(!text.contains("CA005"), "{text}");
    assert!(
        text.contains("excludes guest type b2bCollaborationGuest, not an approved exclusion"),
        "{text}"
    );
    assert!(!text.contains("guest type serviceProvider, not"), "{text}");
}

/// The line of the generated config that holds `needle`.
fn line_of(run_dir: &std::path::Path, needle: &str) -> usize {
    let text = std::fs::read_to_string(run_dir.join("tenantaudit.toml")).unwrap();
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn exclusions_and_tenant_profiles_are_validated_naming_the_line() {
    for (extra, error) in [
        ("applications = [\"Intune\"]\n", "applications: \"Intune\" is not an application id (a GUID), Office365 or MicrosoftAdminPortals"),
        ("guest_user_types = [\"guests\"]\n", "guest_user_types: \"guests\" is not a guest or external user type (internalGuest, b2bCollaborationGuest"),
        ("roles = [\"Directory Synchronization Accounts\"]\n", "roles: \"Directory Synchronization Accounts\" is not a directory role template id"),
        ("[tenant.checks]\ndisable = [\"M365-XX-99\"]\n", "unknown check id \"M365-XX-99\""),
    ] {
        let sim = Scenario::new().contoso(extra).start();
        let run = sim.run(&["audit"]);
        assert_eq!(run.code, 2, "{extra}: {}", run.stderr);
        let needle = extra.lines().last().unwrap();
        let at = format!("tenantaudit.toml:{}:", line_of(sim.dir.path(), needle));
        assert!(run.stderr.contains(&at) && run.stderr.contains(error), "{extra}: {}", run.stderr);
        assert_eq!(sim.sim.request_count(), 0);
    }
}

const PROFILES: &str = r#"[tenant.checks]
severity = { "COM-ID-01" = "critical" }

[checks.severity]
COM-ID-01 = "low"
"#;

#[test]
fn a_tenant_profile_is_merged_over_the_global_one_and_recorded() {
    let sim = Scenario::new()
        .contoso("[tenant.checks]\ndisable = [\"M365-ID-01\"]\n[tenant.checks.params.COM-ID-01]\ndays = 3650\n")
        .config(PROFILES)
        .start();
    let evidence = sim.dir.path().join("evidence");
    let run = sim.run(&["audit", "--evidence", evidence.to_str().unwrap()]);
    assert!(run.code <= 1, "{}", run.stderr);
    let findings = run.report()["findings"].clone();
    let has = |check: &str, tenant: &str| {
        findings
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["check_id"] == check && f["tenant_id"] == tenant)
    };
    assert!(!has("M365-ID-01", CONTOSO_ID), "disabled for contoso only");
    assert_eq!(run.finding("COM-ID-01", CONTOSO_ID)["severity"], "low");
    assert_eq!(run.finding("COM-ID-01", ACME_ID)["severity"], "critical");
    assert!(message(&run.finding("COM-ID-01", CONTOSO_ID)).contains("3650 days"));
    assert!(!message(&run.finding("COM-ID-01", ACME_ID)).contains("3650 days"));
    let tenants = run.report()["tenants"].clone();
    let contoso = &tenants[0]["profile"];
    assert_eq!(contoso["disabled"], json!(["M365-ID-01"]));
    assert_eq!(contoso["params"]["COM-ID-01"]["days"], 3650);
    assert_eq!(contoso["severity"]["COM-ID-01"], "low");
    assert_eq!(tenants[1]["profile"]["severity"]["COM-ID-01"], "critical");
    let config: Value =
        serde_json::from_slice(&std::fs::read(find(&evidence, "config.json")).unwrap()).unwrap();
    assert_eq!(
        config["baseline"]["tenants"]["contoso"]["disabled"],
        json!(["M365-ID-01"]),
        "{config}"
    );
    // Offline, the same config applies the same tenant profiles.
    let snapshots = sim.dir.path().join("out/snapshots");
    let config = sim.dir.path().join("tenantaudit.toml");
    let recheck = sim.run_raw(&[
        "check",
        "--out",
        "recheck",
        "--config",
        config.to_str().unwrap(),
        snapshots.join("contoso.json").to_str().unwrap(),
        snapshots.join("acme.json").to_str().unwrap(),
    ]);
    let report: Value =
        serde_json::from_slice(&std::fs::read(sim.dir.path().join("recheck/report.json")).unwrap())
            .unwrap();
    assert!(recheck.code <= 1, "{}", recheck.stderr);
    assert_eq!(report["tenants"], tenants);
}

/// The one file called `name` below `dir`.
fn find(dir: &std::path::Path, name: &str) -> std::path::PathBuf {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().is_some_and(|n| n == name) {
            return path;
        }
        if path.is_dir() {
            let found = find(&path, name);
            if found.exists() {
                return found;
            }
        }
    }
    dir.join("missing").join(name)
}

/// No "1 apps hold", "1 policy(ies)" or "1 objects have" in any message.
fn assert_words(run: &Run) {
    for finding in run.report()["findings"].as_array().unwrap() {
        let text = message(finding);
        assert!(!text.contains("(s)") && !text.contains("(ies)"), "{text}");
        let words: Vec<_> = text.split_whitespace().collect();
        for pair in words.windows(2) {
            let plural_after_one =
                pair[0] == "1" && pair[1].ends_with('s') && !["of"].contains(&pair[1]);
            assert!(!plural_after_one, "{}: {text}", finding["check_id"]);
        }
    }
}

#[test]
fn messages_agree_in_number() {
    // The sample, and a tenant where many counts are one.
    assert_words(&Scenario::new().audit());
    assert_words(
        &Scenario::new()
            .m365(|s| business_standard(s, false))
            .audit(),
    );
}

#[test]
fn security_defaults_that_cannot_be_read_are_an_error_only_where_they_decide() {
    let run = Scenario::new()
        .forbid("identitySecurityDefaultsEnforcementPolicy")
        .audit();
    // CA001 enforces MFA: security defaults are not needed.
    assert_eq!(run.status("M365-MFA-01", CONTOSO_ID), "pass");
    // CA002 is report-only: only security defaults could pass it.
    let legacy = run.finding("M365-CA-01", CONTOSO_ID);
    assert_eq!(legacy["status"], "error", "{legacy}");
    assert!(
        legacy["fix"].as_str().unwrap().contains("Policy.Read.All"),
        "{legacy}"
    );
}

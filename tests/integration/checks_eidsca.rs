//! The Entra checks that close the gap to ScubaGear's AAD baseline and
//! Maester's EIDSCA controls: pass, fail, error and defaults, on simulator data.

use crate::checks_m365::{expect_many, reasons, with_p2};
use crate::support::paths::{AUTHZ, CA, CONSENT, GROUP_SETTINGS, METHODS, ROLES};
use crate::support::{Scenario, BREAK_GLASS, CONTOSO_ID};
use serde_json::json;

const CA_BETA: &str = "graph/beta/identity/conditionalAccess/policies";
const METHODS_BETA: &str = "graph/beta/policies/authenticationMethodsPolicy";
const ORGANIZATION: &str = "graph/v1.0/organization";
const GLOBAL_ADMINISTRATOR: &str = "62e90394-69f5-4237-9190-012177145e10";
// Indices in the sample: method configurations and Password Rule Settings values.
const FIDO2: &str = "/authenticationMethodConfigurations/0";
const AUTHENTICATOR: &str = "/authenticationMethodConfigurations/1";
const SMS: &str = "/authenticationMethodConfigurations/2";
const TAP: &str = "/authenticationMethodConfigurations/6";
const PASSWORD_RULES: &str = "/value/1/values";

fn finding(run: &crate::support::Run, id: &str) -> serde_json::Value {
    run.finding(id, CONTOSO_ID)
}

#[test]
fn eidsca_as_planted() {
    let run = expect_many(
        Scenario::new(),
        &[
            ("M365-CA-09", "fail"),
            ("M365-CA-10", "not_applicable"),
            ("M365-ID-11", "pass"),
            ("M365-ID-12", "fail"),
            ("M365-ID-13", "fail"),
            ("M365-ID-14", "fail"),
            ("M365-ID-15", "pass"),
            ("M365-APP-10", "pass"),
            ("M365-APP-11", "pass"),
            ("M365-MFA-10", "pass"),
            ("M365-MFA-11", "fail"),
            ("M365-MFA-12", "fail"),
            ("M365-MFA-13", "fail"),
            ("M365-MFA-14", "pass"),
        ],
    );
    assert_eq!(
        reasons(&finding(&run, "M365-MFA-13")),
        ["Report suspicious activity: state is default"]
    );
    // CA004 asks for a compliant device but is off and Windows-only.
    let ca09 = reasons(&finding(&run, "M365-CA-09")).join("\n");
    assert!(ca09.starts_with("CA004"), "{ca09}");
    assert!(ca09.contains("state is disabled"), "{ca09}");
    assert!(ca09.contains("applies only to platforms windows"), "{ca09}");
    assert!(finding(&run, "M365-ID-11")["message"]
        .as_str()
        .unwrap()
        .contains("5 Global Administrators, 6 users"));
    assert_eq!(
        reasons(&finding(&run, "M365-ID-13")),
        ["allowedToSignUpEmailBasedSubscriptions: users can sign up for email-based subscriptions"]
    );
    // Contoso is hybrid and left the on-premises mode at Audit.
    assert_eq!(
        reasons(&finding(&run, "M365-ID-14")),
        ["BannedPasswordCheckOnPremisesMode: Audit, should be Enforce"]
    );
    assert_eq!(
        reasons(&finding(&run, "M365-MFA-11")),
        [
            "Fido2 keyRestrictions: key restrictions are not enforced",
            "Fido2 aaGuids: 0 AAGUIDs on the block list; approved models are not named"
        ]
    );
    assert_eq!(
        reasons(&finding(&run, "M365-MFA-12")),
        ["TemporaryAccessPass isUsableOnce: a pass can be used more than once"]
    );
    assert!(finding(&run, "M365-CA-10")["fix"]
        .as_str()
        .unwrap()
        .contains("AAD_PREMIUM_P2"));
}

#[test]
fn eidsca_hardened() {
    let (bg1, bg2) = (BREAK_GLASS[0], BREAK_GLASS[1]);
    let scenario = Scenario::new().m365(move |s| {
        // CA004 becomes SCuBA's managed-device policy for everyone.
        s.patch(CA, "/value/3/state", json!("enabled"))?
            .patch(CA, "/value/3/conditions/platforms", json!(null))?
            .patch(CA, "/value/3/conditions/users", json!({"includeUsers": ["All"], "excludeUsers": [bg1, bg2]}))?
            .patch(CA, "/value/3/conditions/applications", json!({"includeApplications": ["All"]}))?
            .patch(CA, "/value/3/grantControls/builtInControls", json!(["compliantDevice", "domainJoinedDevice"]))?
            .patch(AUTHZ, "/allowedToUseSSPR", json!(false))?
            .patch(AUTHZ, "/allowedToSignUpEmailBasedSubscriptions", json!(false))?
            .patch(GROUP_SETTINGS, &format!("{PASSWORD_RULES}/0/value"), json!("Enforce"))?
            .patch(METHODS, &format!("{FIDO2}/keyRestrictions"), json!({
                "aaGuids": ["cb69481e-8ff7-4039-93ec-0a2729a154a8"], "enforcementType": "allow", "isEnforced": true}))?
            .patch(METHODS, &format!("{TAP}/isUsableOnce"), json!(true))?
            .patch(METHODS_BETA, "/reportSuspiciousActivitySettings/state", json!("enabled"))
    });
    let run = expect_many(
        scenario,
        &[
            ("M365-CA-09", "pass"),
            ("M365-ID-12", "pass"),
            ("M365-ID-13", "pass"),
            ("M365-ID-14", "pass"),
            ("M365-MFA-11", "pass"),
            ("M365-MFA-12", "pass"),
            ("M365-MFA-13", "pass"),
        ],
    );
    assert!(finding(&run, "M365-CA-09")["message"]
        .as_str()
        .unwrap()
        .contains("CA004"));
}

#[test]
fn eidsca_weakened() {
    let scenario = Scenario::new().m365(|s| {
        // Two User Administrators become Global Administrators: 7 against 4.
        s.patch(ROLES, "/value/7/roleDefinitionId", json!(GLOBAL_ADMINISTRATOR))?
            .patch(ROLES, "/value/15/roleDefinitionId", json!(GLOBAL_ADMINISTRATOR))?
            // A managed device OR MFA: users can pick MFA.
            .patch(CA, "/value/0/grantControls/builtInControls", json!(["mfa", "compliantDevice"]))?
            .patch(GROUP_SETTINGS, &format!("{PASSWORD_RULES}/4/value"), json!("ten"))?
            .patch(GROUP_SETTINGS, &format!("{PASSWORD_RULES}/3/value"), json!("30"))?
            .patch(AUTHZ, "/allowUserConsentForRiskyApps", json!(true))?
            .patch(CONSENT, "/remindersEnabled", json!(false))?
            .patch(CONSENT, "/requestDurationInDays", json!(90))?
            .patch(METHODS, &format!("{AUTHENTICATOR}/isSoftwareOathEnabled"), json!(true))?
            .patch(METHODS, &format!("{AUTHENTICATOR}/featureSettings"), json!({
                "numberMatchingRequiredState": {"state": "enabled",
                    "includeTarget": {"id": "0f1e2d3c-0000-4000-8000-000000000002", "targetType": "group"},
                    "excludeTarget": {"id": "00000000-0000-0000-0000-000000000000", "targetType": "group"}}}))?
            .patch(METHODS, &format!("{SMS}/includeTargets/0/isUsableForSignIn"), json!(true))?
            // Not reported: fail closed.
            .patch(METHODS, &format!("{TAP}/isUsableOnce"), json!(null))?
            .patch(METHODS_BETA, "/systemCredentialPreferences/excludeTargets", json!([
                {"id": "0f1e2d3c-0000-4000-8000-000000000003", "targetType": "group"}]))?
            // Cloud-only now: the on-premises mode is not judged.
            .patch(ORGANIZATION, "/value/0/onPremisesSyncEnabled", json!(false))
    });
    let run = expect_many(
        scenario,
        &[
            ("M365-ID-11", "fail"),
            ("M365-CA-09", "fail"),
            ("M365-ID-14", "pass"),
            ("M365-ID-15", "fail"),
            ("M365-APP-10", "fail"),
            ("M365-APP-11", "fail"),
            ("M365-MFA-10", "fail"),
            ("M365-MFA-12", "error"),
            ("M365-MFA-14", "fail"),
        ],
    );
    assert_eq!(
        reasons(&finding(&run, "M365-MFA-14")),
        ["System-preferred MFA: excludes 0f1e2d3c-0000-4000-8000-000000000003"]
    );
    let ga = reasons(&finding(&run, "M365-ID-11"));
    assert_eq!(ga.len(), 7, "{ga:?}");
    assert!(ga.contains(&"megan.bowen@contoso.com: holds Global Administrator".to_string()));
    let ca09 = reasons(&finding(&run, "M365-CA-09")).join("\n");
    assert!(
        !ca09.contains("CA001"),
        "an OR with MFA is not a candidate: {ca09}"
    );
    assert_eq!(
        reasons(&finding(&run, "M365-ID-15")),
        [
            "LockoutThreshold: ten, allowed at most 10",
            "LockoutDurationInSeconds: 30 seconds, required at least 60"
        ]
    );
    assert_eq!(
        reasons(&finding(&run, "M365-APP-10")),
        ["allowUserConsentForRiskyApps: true in the authorization policy"]
    );
    assert_eq!(reasons(&finding(&run, "M365-APP-11")).len(), 2);
    assert_eq!(
        reasons(&finding(&run, "M365-MFA-10")),
        [
            "MicrosoftAuthenticator isSoftwareOathEnabled: one-time codes from the app are allowed",
            "MicrosoftAuthenticator numberMatchingRequiredState: targets 0f1e2d3c-0000-4000-8000-000000000002, not all users"
        ]
    );
    assert!(reasons(&finding(&run, "M365-MFA-04"))
        .contains(&"Sms: state is enabled, usable for first-factor sign-in".to_string()));
    assert!(finding(&run, "M365-MFA-12")["message"]
        .as_str()
        .unwrap()
        .contains("isUsableOnce"));
}

#[test]
fn eidsca_unset_settings_take_microsoft_defaults() {
    // No directory settings at all and no explicit flags: Microsoft's defaults.
    let scenario = Scenario::new()
        .m365(|s| {
            s.patch(GROUP_SETTINGS, "/value", json!([]))?
                .patch(AUTHZ, "/allowedToUseSSPR", json!(null))?
                .patch(AUTHZ, "/allowUserConsentForRiskyApps", json!(null))?
                .patch(CONSENT, "/isEnabled", json!(false))?
                .patch(METHODS_BETA, "/systemCredentialPreferences", json!(null))
        })
        // EIDSCA's reading: Microsoft-managed number matching is not enough.
        .config("[checks.params.M365-MFA-10]\nnumber_matching_states = [\"enabled\"]\n");
    let run = expect_many(
        scenario,
        &[
            ("M365-ID-12", "fail"),
            ("M365-ID-14", "fail"),
            ("M365-ID-15", "pass"),
            ("M365-APP-10", "pass"),
            ("M365-APP-11", "not_applicable"),
            ("M365-MFA-14", "fail"),
            ("M365-MFA-10", "fail"),
        ],
    );
    assert_eq!(
        reasons(&finding(&run, "M365-MFA-10")),
        ["MicrosoftAuthenticator numberMatchingRequiredState: state is default"]
    );
    let evidence = finding(&run, "M365-ID-14")["evidence"].to_string();
    assert!(evidence.contains("Audit (default)"), "{evidence}");
    assert!(finding(&run, "M365-ID-12")["evidence"]
        .to_string()
        .contains("true (default)"));
}

#[test]
fn agent_risk_block_needs_the_beta_policies() {
    let agent_policy = json!({
        "id": "5b0c7e21-4f8a-4d6e-9c3b-7a1f2e8d9c40", "displayName": "CA008 Block high-risk agents",
        "state": "enabled",
        "conditions": {
            "users": {"includeUsers": ["None"]},
            "applications": {"includeApplications": ["All"], "excludeApplications": []},
            "clientApplications": {"includeAgentIdServicePrincipals": ["All"], "excludeAgentIdServicePrincipals": []},
            "agentIdRiskLevels": "high",
            "clientAppTypes": ["all"]
        },
        "grantControls": {"operator": "OR", "builtInControls": ["block"]},
        "sessionControls": null
    });
    let with_policy = |state: &'static str| {
        let policy = agent_policy.clone();
        with_p2().m365(move |s| {
            s.patch(CA_BETA, "/value/6", policy)?
                .patch(CA_BETA, "/value/6/state", json!(state))
        })
    };
    expect_many(with_p2(), &[("M365-CA-10", "fail")]);
    let run = expect_many(with_policy("enabled"), &[("M365-CA-10", "pass")]);
    assert!(finding(&run, "M365-CA-10")["message"]
        .as_str()
        .unwrap()
        .contains("CA008"));
    let run = expect_many(
        with_policy("enabledForReportingButNotEnforced"),
        &[("M365-CA-10", "fail")],
    );
    assert_eq!(
        reasons(&finding(&run, "M365-CA-10")),
        ["CA008 Block high-risk agents: state is enabledForReportingButNotEnforced"]
    );
    // The beta list unreadable: error, though v1.0 was read.
    let run = with_p2().forbid("graph/beta/identity").audit();
    let f = finding(&run, "M365-CA-10");
    assert_eq!(f["status"], "error", "{f}");
    assert!(f["fix"].as_str().unwrap().contains("Policy.Read.All"));
}

#[test]
fn eidsca_forbidden() {
    let run = Scenario::new()
        .forbid("groupSettings")
        .forbid("policies/authorizationPolicy")
        .forbid("authenticationMethodsPolicy")
        .forbid("adminConsentRequestPolicy")
        .forbid("graph/v1.0/identity/conditionalAccess")
        .forbid("roleManagement/directory/roleAssignments")
        .audit();
    for (check, permission) in [
        ("M365-CA-09", "Policy.Read.All"),
        ("M365-ID-11", "RoleManagement.Read.Directory"),
        ("M365-ID-12", "Policy.Read.All"),
        ("M365-ID-13", "Policy.Read.All"),
        ("M365-ID-14", "GroupSettings.Read.All"),
        ("M365-ID-15", "GroupSettings.Read.All"),
        ("M365-APP-10", "Policy.Read.All"),
        ("M365-APP-11", "Policy.Read.All"),
        ("M365-MFA-10", "Policy.Read.AuthenticationMethod"),
        ("M365-MFA-11", "Policy.Read.AuthenticationMethod"),
        ("M365-MFA-12", "Policy.Read.AuthenticationMethod"),
        ("M365-MFA-13", "Policy.Read.AuthenticationMethod"),
        ("M365-MFA-14", "Policy.Read.AuthenticationMethod"),
    ] {
        let f = finding(&run, check);
        assert_eq!(f["status"], "error", "{check}: {f}");
        assert!(
            f["fix"].as_str().unwrap_or_default().contains(permission),
            "{check}: {f}"
        );
    }
}

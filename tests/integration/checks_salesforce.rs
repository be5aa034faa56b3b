//! Pass, fail and error of every Salesforce check, on simulator data.

use crate::support::{expect, expect_forbidden_error, Scenario, ACME_ID};
use serde_json::json;

const SETTINGS: &str = "tooling/SecuritySettings";

#[test]
fn mfa_required_for_ui_logins() {
    expect(Scenario::new(), "SF-MFA-01", ACME_ID, "pass");
    expect(
        Scenario::new().salesforce(|s| {
            s.patch(
                SETTINGS,
                "/records/0/Metadata/sessionSettings/enableMFADirectUILoginOptIn",
                json!(false),
            )
        }),
        "SF-MFA-01",
        ACME_ID,
        "fail",
    );
    expect(
        Scenario::new().salesforce(|s| {
            s.patch(
                SETTINGS,
                "/records/0/Metadata/sessionSettings/enableMFADirectUILoginOptIn",
                json!(null),
            )
        }),
        "SF-MFA-01",
        ACME_ID,
        "error",
    );
    expect_forbidden_error(
        "FROM SecuritySettings",
        "SF-MFA-01",
        ACME_ID,
        "View Setup and Configuration",
    );
}

#[test]
fn modify_all_data_holders() {
    let fail = expect(Scenario::new(), "SF-ID-01", ACME_ID, "fail");
    assert_eq!(fail["affected"].as_array().unwrap().len(), 6);
    // Samuel Ortiz is deactivated: five remain.
    expect(
        Scenario::new().salesforce(|s| {
            s.edit_items("query/User", |u| {
                if u["Id"] == "005Dn000004dugHIAQ" {
                    u["IsActive"] = json!(false);
                }
            })
        }),
        "SF-ID-01",
        ACME_ID,
        "pass",
    );
    // Within the count but not on the allow-list.
    let allow = expect(
        Scenario::new().config(
            "[checks.params.SF-ID-01]\nmax = 10\nallow = [\"dana.whitfield@acme-corp.com\"]\n",
        ),
        "SF-ID-01",
        ACME_ID,
        "fail",
    );
    assert!(allow["message"]
        .as_str()
        .unwrap()
        .contains("5 not on the allow-list"));
    expect_forbidden_error(
        "FROM PermissionSetAssignment",
        "SF-ID-01",
        ACME_ID,
        "View All Users",
    );
}

#[test]
fn session_timeout() {
    let fail = expect(Scenario::new(), "SF-ACC-01", ACME_ID, "fail");
    assert_eq!(fail["evidence"][0]["value"], "EightHours");
    expect(
        Scenario::new().salesforce(|s| {
            s.patch(
                SETTINGS,
                "/records/0/Metadata/sessionSettings/sessionTimeout",
                json!("TwoHours"),
            )
        }),
        "SF-ACC-01",
        ACME_ID,
        "pass",
    );
    // A value this version does not know is not guessed at.
    expect(
        Scenario::new().salesforce(|s| {
            s.patch(
                SETTINGS,
                "/records/0/Metadata/sessionSettings/sessionTimeout",
                json!("FortyEightHours"),
            )
        }),
        "SF-ACC-01",
        ACME_ID,
        "fail",
    );
    expect_forbidden_error(
        "FROM SecuritySettings",
        "SF-ACC-01",
        ACME_ID,
        "View Setup and Configuration",
    );
}

#[test]
fn connected_apps_admin_approved() {
    let fail = expect(Scenario::new(), "SF-APP-01", ACME_ID, "fail");
    assert_eq!(
        fail["affected"][0]["display_name"],
        "Legacy Data Loader Export"
    );
    expect(
        Scenario::new().salesforce(|s| {
            s.edit_items("query/ConnectedApplication", |a| {
                a["OptionsAllowAdminApprovedUsersOnly"] = json!(true)
            })
        }),
        "SF-APP-01",
        ACME_ID,
        "pass",
    );
    expect_forbidden_error(
        "FROM ConnectedApplication",
        "SF-APP-01",
        ACME_ID,
        "View Setup and Configuration",
    );
}

/// One value of a sample file changed.
fn patched(file: &'static str, pointer: &'static str, value: serde_json::Value) -> Scenario {
    Scenario::new().salesforce(move |s| s.patch(file, pointer, value))
}

/// A SecuritySettings metadata value changed (`pointer` below `Metadata`).
fn setting(pointer: &str, value: serde_json::Value) -> Scenario {
    let pointer = format!("/records/0/Metadata/{pointer}");
    Scenario::new().salesforce(move |s| s.patch(SETTINGS, &pointer, value))
}

/// `edit` applied to every record of a sample file.
fn edited(file: &'static str, edit: impl FnMut(&mut serde_json::Value) + 'static) -> Scenario {
    Scenario::new().salesforce(move |s| s.edit_items(file, edit))
}

/// One field set on every record of a sample file.
fn every(file: &'static str, field: &'static str, value: serde_json::Value) -> Scenario {
    edited(file, move |r| r[field] = value.clone())
}

/// A `[checks.params.<check>]` table.
fn params(check: &str, body: &str) -> Scenario {
    Scenario::new().config(&format!("[checks.params.{check}]\n{body}\n"))
}

const VIEW_SETUP: &str = "View Setup and Configuration";
const PS: &str = "query/PermissionSet";

#[test]
fn api_enabled_holders() {
    let fail = expect(Scenario::new(), "SF-ID-02", ACME_ID, "fail");
    // 29, plus Walter Finch (active leaver, Standard User: API Enabled).
    assert_eq!(fail["affected"].as_array().unwrap().len(), 30);
    expect(
        every(PS, "PermissionsApiEnabled", json!(false)),
        "SF-ID-02",
        ACME_ID,
        "pass",
    );
    expect(
        every(PS, "PermissionsApiEnabled", json!(null)),
        "SF-ID-02",
        ACME_ID,
        "error",
    );
    expect_forbidden_error("FROM PermissionSet", "SF-ID-02", ACME_ID, VIEW_SETUP);
}

#[test]
fn admin_permission_holders() {
    let fail = expect(Scenario::new(), "SF-ID-03", ACME_ID, "fail");
    assert!(fail["message"].as_str().unwrap().contains("13 of 13"));
    let allow = "allow = [\"dana.whitfield@acme-corp.com\", \"marcus.lee@acme-corp.com\", \"priya.raman@acme-corp.com\", \"tom.okafor@acme-corp.com\", \"ethan.walsh@acme-corp.com\"]";
    expect(params("SF-ID-03", allow), "SF-ID-03", ACME_ID, "pass");
    expect(
        every(PS, "PermissionsAuthorApex", json!(null)),
        "SF-ID-03",
        ACME_ID,
        "error",
    );
    expect_forbidden_error(
        "FROM PermissionSetAssignment",
        "SF-ID-03",
        ACME_ID,
        "View All Users",
    );
}

#[test]
fn login_as_any_user() {
    expect(Scenario::new(), "SF-ID-04", ACME_ID, "pass");
    expect(
        setting("enableAdminLoginAsAnyUser", json!(true)),
        "SF-ID-04",
        ACME_ID,
        "fail",
    );
    expect(
        setting("enableAdminLoginAsAnyUser", json!(null)),
        "SF-ID-04",
        ACME_ID,
        "error",
    );
    expect_forbidden_error("FROM SecuritySettings", "SF-ID-04", ACME_ID, VIEW_SETUP);
}

#[test]
fn password_policy() {
    expect(Scenario::new(), "SF-ID-05", ACME_ID, "pass");
    let fail = expect(
        setting("passwordPolicies/maxLoginAttempts", json!("NoLimit")),
        "SF-ID-05",
        ACME_ID,
        "fail",
    );
    assert!(fail["message"]
        .as_str()
        .unwrap()
        .contains("maxLoginAttempts NoLimit"));
    expect(
        setting("passwordPolicies/expiration", json!("Never")),
        "SF-ID-05",
        ACME_ID,
        "fail",
    );
    expect(
        setting("passwordPolicies/minimumPasswordLength", json!("eight")),
        "SF-ID-05",
        ACME_ID,
        "error",
    );
    expect_forbidden_error("FROM SecuritySettings", "SF-ID-05", ACME_ID, VIEW_SETUP);
}

#[test]
fn sso_only_login() {
    expect(Scenario::new(), "SF-ID-06", ACME_ID, "fail");
    expect(
        setting(
            "singleSignOnSettings/isLoginWithSalesforceCredentialsDisabled",
            json!(true),
        ),
        "SF-ID-06",
        ACME_ID,
        "pass",
    );
    expect(
        setting("singleSignOnSettings/enableSamlLogin", json!(false)),
        "SF-ID-06",
        ACME_ID,
        "not_applicable",
    );
    expect(
        setting("singleSignOnSettings/enableSamlLogin", json!(null)),
        "SF-ID-06",
        ACME_ID,
        "error",
    );
    expect_forbidden_error("FROM SecuritySettings", "SF-ID-06", ACME_ID, VIEW_SETUP);
}

#[test]
fn mfa_waivers() {
    let fail = expect(Scenario::new(), "SF-MFA-02", ACME_ID, "fail");
    assert_eq!(
        fail["affected"][0]["display_name"],
        "integration.mulesoft@acme-corp.com"
    );
    expect(
        params(
            "SF-MFA-02",
            "allow = [\"integration.mulesoft@acme-corp.com\"]",
        ),
        "SF-MFA-02",
        ACME_ID,
        "pass",
    );
    // Where describe has no such field, nobody can be exempt: not a pass.
    expect(
        edited(PS, |r| {
            r.as_object_mut()
                .unwrap()
                .remove("PermissionsBypassMFAForUiLogins");
        }),
        "SF-MFA-02",
        ACME_ID,
        "not_applicable",
    );
    expect(
        every(PS, "PermissionsBypassMFAForUiLogins", json!(null)),
        "SF-MFA-02",
        ACME_ID,
        "error",
    );
    expect_forbidden_error("FROM PermissionSet", "SF-MFA-02", ACME_ID, VIEW_SETUP);
}

#[test]
fn mfa_registration() {
    let fail = expect(Scenario::new(), "SF-MFA-03", ACME_ID, "fail");
    assert_eq!(fail["affected"].as_array().unwrap().len(), 4);
    expect(
        every("query/TwoFactorMethodsInfo", "HasTotp", json!(true)),
        "SF-MFA-03",
        ACME_ID,
        "fail",
    );
    let exempt = "exempt = [\"integration.mulesoft@acme-corp.com\", \"victor.nguyen@acme-corp.com\", \"olivia.brandt@acme-corp.com\", \"jasmine.patel@acme-corp.com\"]";
    expect(params("SF-MFA-03", exempt), "SF-MFA-03", ACME_ID, "pass");
    expect_forbidden_error(
        "FROM TwoFactorMethodsInfo",
        "SF-MFA-03",
        ACME_ID,
        "Manage Multi-Factor Authentication in API",
    );
}

#[test]
fn admins_have_phishing_resistant_mfa() {
    let fail = expect(Scenario::new(), "SF-MFA-04", ACME_ID, "fail");
    assert_eq!(
        fail["affected"][0]["display_name"],
        "tom.okafor@acme-corp.com"
    );
    expect(
        every("query/TwoFactorMethodsInfo", "HasSecurityKey", json!(true)),
        "SF-MFA-04",
        ACME_ID,
        "pass",
    );
    expect(
        every(PS, "PermissionsManageUsers", json!(null)),
        "SF-MFA-04",
        ACME_ID,
        "error",
    );
    expect_forbidden_error(
        "FROM TwoFactorMethodsInfo",
        "SF-MFA-04",
        ACME_ID,
        "Manage Multi-Factor Authentication in API",
    );
}

#[test]
fn session_hardening() {
    let fail = expect(Scenario::new(), "SF-ACC-02", ACME_ID, "fail");
    assert_eq!(
        fail["affected"][0]["id"],
        "sessionSettings.forceLogoutOnSessionTimeout"
    );
    expect(
        setting("sessionSettings/forceLogoutOnSessionTimeout", json!(true)),
        "SF-ACC-02",
        ACME_ID,
        "pass",
    );
    expect(
        setting("sessionSettings/requireHttpOnly", json!("yes")),
        "SF-ACC-02",
        ACME_ID,
        "error",
    );
    expect_forbidden_error("FROM SecuritySettings", "SF-ACC-02", ACME_ID, VIEW_SETUP);
}

#[test]
fn clickjack_and_csrf() {
    expect(Scenario::new(), "SF-ACC-03", ACME_ID, "fail");
    expect(
        setting(
            "sessionSettings/enableClickjackNonsetupUserHeaderless",
            json!(true),
        ),
        "SF-ACC-03",
        ACME_ID,
        "pass",
    );
    expect(
        setting("sessionSettings/enableCSRFOnPost", json!(null)),
        "SF-ACC-03",
        ACME_ID,
        "error",
    );
    expect_forbidden_error("FROM SecuritySettings", "SF-ACC-03", ACME_ID, VIEW_SETUP);
}

#[test]
fn login_ip_ranges() {
    let fail = expect(Scenario::new(), "SF-ACC-04", ACME_ID, "fail");
    assert!(fail["affected"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("4294967296 addresses"));
    expect(
        patched(
            "query/LoginIpRange",
            "/records/2/StartAddress",
            json!("192.0.2.0"),
        ),
        "SF-ACC-04",
        ACME_ID,
        "fail",
    );
    expect(
        Scenario::new().salesforce(|s| {
            s.patch(
                "query/LoginIpRange",
                "/records/2/StartAddress",
                json!("192.0.2.0"),
            )?
            .patch(
                "query/LoginIpRange",
                "/records/2/EndAddress",
                json!("192.0.2.255"),
            )
        }),
        "SF-ACC-04",
        ACME_ID,
        "pass",
    );
    // The administrators' range removed: an admin profile without ranges.
    let admin = expect(
        Scenario::new().salesforce(|s| {
            s.patch(
                "query/LoginIpRange",
                "/records/2/EndAddress",
                json!("0.0.0.255"),
            )?
            .patch(
                "query/LoginIpRange",
                "/records/0/ProfileId",
                json!("00eDn00000Ju0gDIAR"),
            )
        }),
        "SF-ACC-04",
        ACME_ID,
        "fail",
    );
    assert!(admin["affected"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("admin profile"));
    expect(
        patched(
            "query/LoginIpRange",
            "/records/0/StartAddress",
            json!("not-an-ip"),
        ),
        "SF-ACC-04",
        ACME_ID,
        "error",
    );
    expect_forbidden_error("FROM LoginIpRange", "SF-ACC-04", ACME_ID, VIEW_SETUP);
}

#[test]
fn ip_ranges_enforced_on_every_request() {
    expect(Scenario::new(), "SF-ACC-05", ACME_ID, "fail");
    expect(
        setting("sessionSettings/enforceIpRangesEveryRequest", json!(true)),
        "SF-ACC-05",
        ACME_ID,
        "pass",
    );
    expect(
        setting("sessionSettings/enforceIpRangesEveryRequest", json!(null)),
        "SF-ACC-05",
        ACME_ID,
        "error",
    );
    expect_forbidden_error("FROM SecuritySettings", "SF-ACC-05", ACME_ID, VIEW_SETUP);
}

#[test]
fn health_check_score_and_high_risks() {
    let fail = expect(Scenario::new(), "SF-ACC-06", ACME_ID, "fail");
    // The score and each high-risk setting as the org reports them.
    assert_eq!(fail["evidence"][0]["value"], "71");
    let named: Vec<_> = fail["affected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        named,
        [
            "SessionTimeout",
            "ForceLogoutOnSessionTimeout",
            "CertificateExpiration"
        ]
    );
    assert!(fail["affected"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("org value 8 hours"));
    expect(
        Scenario::new().salesforce(|s| {
            s.patch(
                "tooling/SecurityHealthCheck",
                "/records/0/Score",
                json!("92"),
            )?
            .edit_items("tooling/SecurityHealthCheckRisks", |r| {
                if r["RiskType"] == "HIGH_RISK" {
                    r["RiskType"] = json!("MEETS_STANDARD")
                }
            })
        }),
        "SF-ACC-06",
        ACME_ID,
        "pass",
    );
    // A high score does not hide a high-risk setting.
    expect(
        patched(
            "tooling/SecurityHealthCheck",
            "/records/0/Score",
            json!("92"),
        ),
        "SF-ACC-06",
        ACME_ID,
        "fail",
    );
    expect(
        patched(
            "tooling/SecurityHealthCheck",
            "/records/0/Score",
            json!(null),
        ),
        "SF-ACC-06",
        ACME_ID,
        "error",
    );
    expect_forbidden_error(
        "FROM SecurityHealthCheckRisks",
        "SF-ACC-06",
        ACME_ID,
        "View Health Check",
    );
}

#[test]
fn internal_org_wide_defaults() {
    let fail = expect(Scenario::new(), "SF-SHR-01", ACME_ID, "fail");
    assert_eq!(fail["affected"][0]["id"], "Lead");
    expect(
        patched(
            "tooling/EntityDefinition",
            "/records/4/InternalSharingModel",
            json!("Read"),
        ),
        "SF-SHR-01",
        ACME_ID,
        "pass",
    );
    expect(
        patched(
            "tooling/EntityDefinition",
            "/records/0/InternalSharingModel",
            json!(null),
        ),
        "SF-SHR-01",
        ACME_ID,
        "error",
    );
    expect_forbidden_error("FROM EntityDefinition", "SF-SHR-01", ACME_ID, VIEW_SETUP);
}

#[test]
fn external_org_wide_defaults() {
    let fail = expect(Scenario::new(), "SF-SHR-02", ACME_ID, "fail");
    assert_eq!(fail["affected"][0]["id"], "Project__c");
    expect(
        params("SF-SHR-02", "allow = [\"Project__c\"]"),
        "SF-SHR-02",
        ACME_ID,
        "pass",
    );
    expect(
        patched(
            "tooling/EntityDefinition",
            "/records/0/ExternalSharingModel",
            json!("Mystery"),
        ),
        "SF-SHR-02",
        ACME_ID,
        "fail",
    );
    expect_forbidden_error("FROM EntityDefinition", "SF-SHR-02", ACME_ID, VIEW_SETUP);
}

#[test]
fn guest_object_access() {
    let fail = expect(Scenario::new(), "SF-SHR-03", ACME_ID, "fail");
    // The Standard User profile's row is not a guest's.
    assert_eq!(fail["affected"].as_array().unwrap().len(), 3);
    expect(
        params(
            "SF-SHR-03",
            "allow = [\"Case.Read\", \"Case.Create\", \"Knowledge__kav.Read\"]",
        ),
        "SF-SHR-03",
        ACME_ID,
        "pass",
    );
    expect(
        Scenario::new()
            .salesforce(|s| s.patch("query/ObjectPermissions", "/records/1/PermissionsDelete", json!(null)))
            .config("[checks.params.SF-SHR-03]\nallow = [\"Case.Read\", \"Case.Create\", \"Knowledge__kav.Read\"]\n"),
        "SF-SHR-03",
        ACME_ID,
        "fail",
    );
    expect_forbidden_error("FROM ObjectPermissions", "SF-SHR-03", ACME_ID, VIEW_SETUP);
}

#[test]
fn guest_api_access() {
    expect(Scenario::new(), "SF-SHR-04", ACME_ID, "pass");
    expect(
        patched(PS, "/records/4/PermissionsApiEnabled", json!(true)),
        "SF-SHR-04",
        ACME_ID,
        "fail",
    );
    expect(
        every("query/User", "UserType", json!("Standard")),
        "SF-SHR-04",
        ACME_ID,
        "not_applicable",
    );
    expect(
        patched(PS, "/records/4/PermissionsApiEnabled", json!(null)),
        "SF-SHR-04",
        ACME_ID,
        "error",
    );
    expect_forbidden_error("FROM PermissionSet", "SF-SHR-04", ACME_ID, VIEW_SETUP);
}

#[test]
fn refresh_tokens_expire() {
    let fail = expect(Scenario::new(), "SF-APP-02", ACME_ID, "fail");
    assert_eq!(fail["affected"].as_array().unwrap().len(), 2);
    expect(
        every(
            "query/ConnectedApplication",
            "RefreshTokenValidityPeriod",
            json!(30),
        ),
        "SF-APP-02",
        ACME_ID,
        "pass",
    );
    expect(
        every(
            "query/ConnectedApplication",
            "RefreshTokenValidityPeriod",
            json!("soon"),
        ),
        "SF-APP-02",
        ACME_ID,
        "error",
    );
    expect_forbidden_error(
        "FROM ConnectedApplication",
        "SF-APP-02",
        ACME_ID,
        VIEW_SETUP,
    );
}

#[test]
fn tokens_of_inactive_users() {
    let fail = expect(Scenario::new(), "SF-APP-03", ACME_ID, "fail");
    assert_eq!(
        fail["affected"][0]["display_name"],
        "Legacy Data Loader Export"
    );
    expect(
        every("query/User", "IsActive", json!(true)),
        "SF-APP-03",
        ACME_ID,
        "pass",
    );
    expect(
        every("query/OauthToken", "UserId", json!(null)),
        "SF-APP-03",
        ACME_ID,
        "error",
    );
    expect_forbidden_error(
        "FROM OauthToken",
        "SF-APP-03",
        ACME_ID,
        "Customize Application",
    );
}

#[test]
fn unused_tokens() {
    let fail = expect(Scenario::new(), "SF-APP-04", ACME_ID, "fail");
    assert_eq!(
        fail["affected"][0]["display_name"],
        "Salesforce for Outlook"
    );
    expect(
        params("SF-APP-04", "days = 365"),
        "SF-APP-04",
        ACME_ID,
        "pass",
    );
    expect(
        every("query/OauthToken", "LastUsedDate", json!("yesterday")),
        "SF-APP-04",
        ACME_ID,
        "error",
    );
    expect_forbidden_error(
        "FROM OauthToken",
        "SF-APP-04",
        ACME_ID,
        "Customize Application",
    );
}

#[test]
fn api_client_permissions() {
    let fail = expect(Scenario::new(), "SF-APP-05", ACME_ID, "fail");
    assert!(fail["message"]
        .as_str()
        .unwrap()
        .contains("not readable by API"));
    // Nobody holds Use Any API Client; Approve Uninstalled stays unreadable.
    expect(
        every(PS, "PermissionsUseAnyApiClient", json!(false)),
        "SF-APP-05",
        ACME_ID,
        "manual",
    );
    expect(
        Scenario::new().salesforce(|s| {
            s.edit_items(PS, |r| {
                r["PermissionsUseAnyApiClient"] = json!(false);
                r["PermissionsCanApproveUninstalledApps"] = json!(false);
            })
        }),
        "SF-APP-05",
        ACME_ID,
        "pass",
    );
    expect(
        every(PS, "PermissionsUseAnyApiClient", json!(null)),
        "SF-APP-05",
        ACME_ID,
        "error",
    );
    expect_forbidden_error("FROM PermissionSet", "SF-APP-05", ACME_ID, VIEW_SETUP);
}

#[test]
fn certificates() {
    let fail = expect(Scenario::new(), "SF-APP-06", ACME_ID, "fail");
    assert_eq!(fail["affected"][0]["display_name"], "MuleSoft Mutual TLS");
    expect(
        params("SF-APP-06", "days = 7"),
        "SF-APP-06",
        ACME_ID,
        "pass",
    );
    expect(
        patched(
            "tooling/Certificate",
            "/records/0/ExpirationDate",
            json!(null),
        ),
        "SF-APP-06",
        ACME_ID,
        "error",
    );
    expect_forbidden_error("FROM Certificate", "SF-APP-06", ACME_ID, VIEW_SETUP);
}

#[test]
fn callout_endpoints() {
    let fail = expect(Scenario::new(), "SF-APP-07", ACME_ID, "fail");
    // The inactive remote site is not counted.
    assert_eq!(fail["affected"].as_array().unwrap().len(), 4);
    expect(
        params(
            "SF-APP-07",
            "allow_hosts = [\"*.acme-corp.com\", \"api.stripe.com\", \"pastebin.com\"]",
        ),
        "SF-APP-07",
        ACME_ID,
        "pass",
    );
    expect(
        patched("query/NamedCredential", "/records/0/Endpoint", json!(null)),
        "SF-APP-07",
        ACME_ID,
        "error",
    );
    expect_forbidden_error("FROM RemoteProxy", "SF-APP-07", ACME_ID, VIEW_SETUP);
}

#[test]
fn event_log_retention() {
    expect(Scenario::new(), "SF-LOG-01", ACME_ID, "pass");
    expect(
        params("SF-LOG-01", "days = 60"),
        "SF-LOG-01",
        ACME_ID,
        "fail",
    );
    // Only the free event types: no Event Monitoring.
    expect(
        every("query/EventLogFile", "EventType", json!("Login")),
        "SF-LOG-01",
        ACME_ID,
        "not_applicable",
    );
    expect(
        every("query/EventLogFile", "LogDate", json!(null)),
        "SF-LOG-01",
        ACME_ID,
        "error",
    );
    expect_forbidden_error(
        "FROM EventLogFile",
        "SF-LOG-01",
        ACME_ID,
        "View Event Log Files",
    );
}

#[test]
fn setup_changes_need_review() {
    let fail = expect(Scenario::new(), "SF-LOG-02", ACME_ID, "fail");
    let affected = fail["affected"].as_array().unwrap();
    assert_eq!(affected.len(), 2);
    assert!(affected[0]["reason"]
        .as_str()
        .unwrap()
        .contains("marcus.lee@acme-corp.com logged in as brian.caldwell"));
    let ids: Vec<String> = affected
        .iter()
        .map(|a| format!("\"{}\"", a["id"].as_str().unwrap()))
        .collect();
    expect(
        Scenario::new().config(&format!(
            "[checks.params.SF-LOG-02]\nreviewed = [{}]\n",
            ids.join(", ")
        )),
        "SF-LOG-02",
        ACME_ID,
        "pass",
    );
    expect(
        every("query/SetupAuditTrail", "CreatedDate", json!(null)),
        "SF-LOG-02",
        ACME_ID,
        "error",
    );
    expect_forbidden_error("FROM SetupAuditTrail", "SF-LOG-02", ACME_ID, VIEW_SETUP);
}

#[test]
fn data_classification() {
    let fail = expect(Scenario::new(), "SF-DATA-01", ACME_ID, "fail");
    // Project__c is not a sensitive object: its unclassified field is not asked for.
    assert_eq!(fail["affected"][0]["id"], "Account.Tax_ID__c");
    assert_eq!(fail["affected"].as_array().unwrap().len(), 1);
    expect(
        every(
            "query/FieldDefinition",
            "SecurityClassification",
            json!("Internal"),
        ),
        "SF-DATA-01",
        ACME_ID,
        "pass",
    );
    // A 403 on one composite subrequest fails the collection.
    expect_forbidden_error("FROM FieldDefinition", "SF-DATA-01", ACME_ID, VIEW_SETUP);
}

#[test]
fn an_exhausted_daily_api_limit_stops_collection_cleanly() {
    let run = Scenario::new()
        .api_daily_limit(10)
        .config("[tenant.limits]\napi_warn_percent = 50\n")
        .audit();
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        run.stderr.contains("Salesforce API usage is"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("daily API request limit exhausted"),
        "{}",
        run.stderr
    );
    let report = run.report();
    let acme = report["tenants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["provider"] == "salesforce")
        .unwrap();
    let collections = acme["collections"].as_object().unwrap();
    let throttled: Vec<_> = collections
        .iter()
        .filter(|(_, c)| c["status"] == "error")
        .map(|(name, c)| {
            assert!(
                c["detail"].as_str().unwrap().starts_with("throttled"),
                "{name}: {c}"
            );
            name.clone()
        })
        .collect();
    let collected = collections.values().filter(|c| c["status"] == "ok").count();
    assert!(!throttled.is_empty() && collected > 0, "{collections:?}");
    // Checks of what was not collected are errors; the others still ran.
    for finding in report["findings"].as_array().unwrap() {
        if finding["tenant_id"] != ACME_ID && finding["provider"] == "salesforce" {
            continue;
        }
        if finding["message"]
            .as_str()
            .unwrap()
            .contains("failed (throttled)")
        {
            assert_eq!(finding["status"], "error");
        }
    }
    // Nothing half-written: every output parses and no temporary file is left.
    for entry in std::fs::read_dir(&run.out)
        .unwrap()
        .chain(std::fs::read_dir(run.out.join("snapshots")).unwrap())
    {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            serde_json::from_str::<serde_json::Value>(&std::fs::read_to_string(&path).unwrap())
                .unwrap();
        }
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        assert!(
            !name.starts_with('.') && !name.contains("tmp"),
            "leftover {name}"
        );
    }
}

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

//! Pass, fail and error of the common checks, for each provider.

use crate::support::{expect, expect_forbidden_error, Scenario, ACME_ID, CONTOSO_ID};
use serde_json::json;

/// Yesterday: recent enough for any dormancy threshold.
fn recent() -> String {
    (crate::support::now() - chrono::Duration::days(1)).to_rfc3339()
}

#[test]
fn dormant_accounts_m365() {
    let fail = expect(Scenario::new(), "COM-ID-01", CONTOSO_ID, "fail");
    assert_eq!(fail["affected"].as_array().unwrap().len(), 4);
    let now = recent();
    expect(
        Scenario::new().m365(move |s| {
            s.edit_items("graph/v1.0/users", |u| {
                u["signInActivity"] = json!({"lastSignInDateTime": now})
            })
        }),
        "COM-ID-01",
        CONTOSO_ID,
        "pass",
    );
    expect_forbidden_error(
        "GET /graph/v1.0/users?",
        "COM-ID-01",
        CONTOSO_ID,
        "User.Read.All",
    );
}

#[test]
fn dormant_accounts_salesforce() {
    let fail = expect(Scenario::new(), "COM-ID-01", ACME_ID, "fail");
    assert_eq!(fail["affected"].as_array().unwrap().len(), 4);
    let now = recent();
    expect(
        Scenario::new()
            .salesforce(move |s| s.edit_items("query/User", |u| u["LastLoginDate"] = json!(now))),
        "COM-ID-01",
        ACME_ID,
        "pass",
    );
    expect_forbidden_error("FROM User", "COM-ID-01", ACME_ID, "View All Users");
}

#[test]
fn disabled_admins_m365() {
    expect(Scenario::new(), "COM-ID-02", CONTOSO_ID, "pass");
    // Lidia Holloway (Privileged Role and Security Administrator) leaves.
    let fail = expect(
        Scenario::new().m365(|s| {
            s.edit_items("graph/v1.0/users", |u| {
                if u["id"] == "00633256-e25f-471d-8fe2-c4e12b5eadad" {
                    u["accountEnabled"] = json!(false);
                }
            })
        }),
        "COM-ID-02",
        CONTOSO_ID,
        "fail",
    );
    assert_eq!(fail["affected"].as_array().unwrap().len(), 2);
    expect_forbidden_error(
        "roleManagement/directory/roleAssignments",
        "COM-ID-02",
        CONTOSO_ID,
        "RoleManagement.Read.Directory",
    );
}

#[test]
fn admins_without_mfa_m365() {
    expect(Scenario::new(), "COM-MFA-01", CONTOSO_ID, "pass");
    let fail = expect(
        Scenario::new().m365(|s| {
            s.edit_items(
                "graph/v1.0/reports/authenticationMethods/userRegistrationDetails",
                |d| {
                    if d["userPrincipalName"] == "grady.archie@contoso.com" {
                        d["isMfaRegistered"] = json!(false);
                    }
                },
            )
        }),
        "COM-MFA-01",
        CONTOSO_ID,
        "fail",
    );
    assert_eq!(
        fail["affected"][0]["display_name"],
        "grady.archie@contoso.com"
    );
    expect_forbidden_error(
        "userRegistrationDetails",
        "COM-MFA-01",
        CONTOSO_ID,
        "AuditLog.Read.All",
    );
}

#[test]
fn disabled_account_grants_m365() {
    let fail = expect(Scenario::new(), "COM-APP-01", CONTOSO_ID, "fail");
    assert_eq!(
        fail["affected"][0]["display_name"],
        "christie.cline@contoso.com"
    );
    expect(
        Scenario::new().m365(|s| {
            s.patch(
                "graph/v1.0/oauth2PermissionGrants",
                "/value/1/principalId",
                json!("c85ad6ff-6546-44be-b379-782e12806dcc"),
            )
        }),
        "COM-APP-01",
        CONTOSO_ID,
        "pass",
    );
    expect_forbidden_error(
        "oauth2PermissionGrants",
        "COM-APP-01",
        CONTOSO_ID,
        "Directory.Read.All",
    );
}

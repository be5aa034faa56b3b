//! Pass, fail and error of every Microsoft 365 check, on simulator data.

use crate::support::{expect, expect_forbidden_error, Scenario, CONTOSO_ID};
use serde_json::json;

const CA: &str = "graph/v1.0/identity/conditionalAccess/policies";
const AUTHZ: &str = "graph/v1.0/policies/authorizationPolicy";
const ROLES: &str = "graph/v1.0/roleManagement/directory/roleAssignments";
const REGISTRATION: &str = "graph/v1.0/reports/authenticationMethods/userRegistrationDetails";

#[test]
fn mfa_all_users() {
    let pass = expect(Scenario::new(), "M365-MFA-01", CONTOSO_ID, "pass");
    assert!(pass["message"].as_str().unwrap().contains("CA001"));
    // Report-only does not enforce.
    let fail = expect(
        Scenario::new().m365(|s| {
            s.patch(
                CA,
                "/value/0/state",
                json!("enabledForReportingButNotEnforced"),
            )
        }),
        "M365-MFA-01",
        CONTOSO_ID,
        "fail",
    );
    assert_eq!(fail["affected"][0]["reason"], "report-only, not enforced");
    // An exclusion that is not approved is named.
    let fail = expect(
        Scenario::new().m365(|s| {
            s.patch(
                CA,
                "/value/0/conditions/users/excludeGroups",
                json!(["0f1e2d3c-0000-4000-8000-000000000001"]),
            )
        }),
        "M365-MFA-01",
        CONTOSO_ID,
        "fail",
    );
    assert!(fail["affected"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("excludes group 0f1e2d3c"));
    // No CA policies at all: security defaults decide.
    let no_policies = |enabled: bool| {
        Scenario::new().m365(move |s| {
            s.patch(CA, "/value", json!([]))?.patch(
                "graph/v1.0/policies/identitySecurityDefaultsEnforcementPolicy",
                "/isEnabled",
                json!(enabled),
            )
        })
    };
    expect(no_policies(true), "M365-MFA-01", CONTOSO_ID, "pass");
    expect(no_policies(false), "M365-MFA-01", CONTOSO_ID, "fail");
    expect_forbidden_error(
        "conditionalAccess/policies",
        "M365-MFA-01",
        CONTOSO_ID,
        "Policy.Read.All",
    );
}

#[test]
fn legacy_auth_blocked() {
    let fail = expect(Scenario::new(), "M365-CA-01", CONTOSO_ID, "fail");
    assert_eq!(
        fail["affected"][0]["display_name"],
        "CA002 Block legacy authentication"
    );
    expect(
        Scenario::new().m365(|s| s.patch(CA, "/value/1/state", json!("enabled"))),
        "M365-CA-01",
        CONTOSO_ID,
        "pass",
    );
    expect_forbidden_error(
        "conditionalAccess/policies",
        "M365-CA-01",
        CONTOSO_ID,
        "Policy.Read.All",
    );
}

#[test]
fn global_admin_count() {
    let fail = expect(Scenario::new(), "M365-ID-01", CONTOSO_ID, "fail");
    assert_eq!(fail["affected"].as_array().unwrap().len(), 5);
    // Raul moves to User Administrator: four remain.
    expect(
        Scenario::new().m365(|s| {
            s.patch(
                ROLES,
                "/value/4/roleDefinitionId",
                json!("fe930be7-5e62-47db-91af-98c3a49a38b1"),
            )
        }),
        "M365-ID-01",
        CONTOSO_ID,
        "pass",
    );
    // A group holding the role cannot be counted yet: error, not pass.
    let group = expect(
        Scenario::new().m365(|s| {
            s.patch(
                ROLES,
                "/value/4/roleDefinitionId",
                json!("fe930be7-5e62-47db-91af-98c3a49a38b1"),
            )?
            .patch(
                ROLES,
                "/value/13/roleDefinitionId",
                json!("62e90394-69f5-4237-9190-012177145e10"),
            )
        }),
        "M365-ID-01",
        CONTOSO_ID,
        "error",
    );
    assert!(group["message"]
        .as_str()
        .unwrap()
        .contains("members of group"));
    expect_forbidden_error(
        "roleManagement/directory/roleAssignments",
        "M365-ID-01",
        CONTOSO_ID,
        "RoleManagement.Read.Directory",
    );
}

#[test]
fn guest_access_restricted() {
    expect(Scenario::new(), "M365-ID-05", CONTOSO_ID, "pass");
    expect(
        Scenario::new().m365(|s| {
            s.patch(
                AUTHZ,
                "/guestUserRoleId",
                json!("a0b1b346-4d3e-4e8b-98f8-753987be4970"),
            )
        }),
        "M365-ID-05",
        CONTOSO_ID,
        "fail",
    );
    // A field the API left out is missing evidence.
    let missing = expect(
        Scenario::new().m365(|s| s.patch(AUTHZ, "/guestUserRoleId", json!(null))),
        "M365-ID-05",
        CONTOSO_ID,
        "error",
    );
    assert!(missing["message"]
        .as_str()
        .unwrap()
        .contains("guestUserRoleId"));
    expect_forbidden_error(
        "policies/authorizationPolicy",
        "M365-ID-05",
        CONTOSO_ID,
        "Policy.Read.All",
    );
}

#[test]
fn app_registration_admin_only() {
    expect(Scenario::new(), "M365-APP-01", CONTOSO_ID, "fail");
    expect(
        Scenario::new().m365(|s| {
            s.patch(
                AUTHZ,
                "/defaultUserRolePermissions/allowedToCreateApps",
                json!(false),
            )
        }),
        "M365-APP-01",
        CONTOSO_ID,
        "pass",
    );
    expect_forbidden_error(
        "policies/authorizationPolicy",
        "M365-APP-01",
        CONTOSO_ID,
        "Policy.Read.All",
    );
}

#[test]
fn user_consent_limited() {
    let fail = expect(Scenario::new(), "M365-APP-02", CONTOSO_ID, "fail");
    assert_eq!(
        fail["affected"][0]["id"],
        "ManagePermissionGrantsForSelf.microsoft-user-default-legacy"
    );
    let low = json!(["ManagePermissionGrantsForSelf.microsoft-user-default-low"]);
    expect(
        Scenario::new().m365(|s| {
            s.patch(
                AUTHZ,
                "/defaultUserRolePermissions/permissionGrantPoliciesAssigned",
                low,
            )
        }),
        "M365-APP-02",
        CONTOSO_ID,
        "pass",
    );
    expect_forbidden_error(
        "policies/authorizationPolicy",
        "M365-APP-02",
        CONTOSO_ID,
        "Policy.Read.All",
    );
}

#[test]
fn members_mfa_capable() {
    let fail = expect(Scenario::new(), "M365-MFA-07", CONTOSO_ID, "fail");
    assert_eq!(fail["affected"].as_array().unwrap().len(), 3);
    expect(
        Scenario::new().m365(|s| s.edit_items(REGISTRATION, |d| d["isMfaCapable"] = json!(true))),
        "M365-MFA-07",
        CONTOSO_ID,
        "pass",
    );
    expect_forbidden_error(
        "userRegistrationDetails",
        "M365-MFA-07",
        CONTOSO_ID,
        "AuditLog.Read.All",
    );
}

//! Pass, fail and error of every Microsoft 365 check, on simulator data.

use crate::support::{expect, expect_forbidden_error, Scenario, CONTOSO_ID};
use serde_json::json;

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
    // A group holding the role counts its members: 4 people + 2 members.
    let to_group = |s: tenantaudit_simulator::SampleStore| {
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
    };
    let group = expect(
        Scenario::new().m365(to_group),
        "M365-ID-01",
        CONTOSO_ID,
        "fail",
    );
    let affected = group["affected"].to_string();
    assert!(affected.contains("adele.vance@contoso.com"), "{affected}");
    assert!(
        affected.contains("through group SG-Helpdesk-Tier1"),
        "{affected}"
    );
    // Members that cannot be read: error, not pass.
    let group = expect(
        Scenario::new().forbid("/members").m365(|s| {
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
    assert!(group["fix"]
        .as_str()
        .unwrap()
        .contains("GroupMember.Read.All"));
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

// ---- The whole catalog (issue 3). One audit answers many findings, so each
// scenario below is run once and checked for every check it decides.

use crate::support::paths::{
    AAD_PREMIUM_P2, APP_POLICY, AUTHZ, CA, CONSENT, GROUP_SETTINGS, METHODS, REGISTRATION, ROLES,
    SKUS, SPS,
};
use crate::support::{Run, BREAK_GLASS};
use tenantaudit_simulator::{Fault, FaultKind};

const USERS: &str = "graph/v1.0/users";
const DOMAINS: &str = "graph/v1.0/domains";
const APPS: &str = "graph/v1.0/applications";
const GRANTS: &str = "graph/v1.0/oauth2PermissionGrants";
const SHAREPOINT: &str = "graph/v1.0/admin/sharepoint/settings";
const SCHEDULES: &str = "graph/v1.0/roleManagement/directory/roleAssignmentScheduleInstances";
const PIM_POLICIES: &str = "graph/v1.0/policies/roleManagementPolicyAssignments";
const PRIVILEGED: [&str; 11] = [
    "62e90394-69f5-4237-9190-012177145e10",
    "e8611ab8-c189-46e8-94e1-60213ab1f814",
    "7be44c8a-adaf-4e2a-84d6-ab2649e08a13",
    "194ae4cb-b126-40b2-bd5b-6091b380977d",
    "fe930be7-5e62-47db-91af-98c3a49a38b1",
    "29232cdf-9323-42fd-ade2-1d097af3e4de",
    "f28a1f50-f6e7-4571-818b-6a12f2af6b6c",
    "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3",
    "158c047a-c907-4556-b7ef-446551a6b5f7",
    "b1be1c3e-b65d-4f19-8427-f6fa0d97feb9",
    "8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2",
];

/// Runs one audit and asserts the status of each listed Contoso check.
pub(crate) fn expect_many(scenario: Scenario, expected: &[(&str, &str)]) -> Run {
    let run = scenario.audit();
    for (check, status) in expected {
        let finding = run.finding(check, CONTOSO_ID);
        assert_eq!(
            finding["status"],
            *status,
            "{check}: {}\nstderr:\n{}",
            serde_json::to_string_pretty(&finding).unwrap(),
            run.stderr
        );
    }
    run
}

/// A 403 on `target` makes each check `error`, naming `permission`.
fn expect_forbidden(target: &str, checks: &[&str], permission: &str) {
    let run = Scenario::new().forbid(target).audit();
    for check in checks {
        let finding = run.finding(check, CONTOSO_ID);
        assert_eq!(
            finding["status"], "error",
            "{check} with {target} forbidden"
        );
        let fix = finding["fix"].as_str().unwrap_or_default();
        assert!(
            fix.contains(permission),
            "{check}: fix {fix:?} should name {permission}"
        );
    }
}

pub(crate) fn reasons(finding: &serde_json::Value) -> Vec<String> {
    finding["affected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            format!(
                "{}: {}",
                a["display_name"].as_str().unwrap(),
                a["reason"].as_str().unwrap()
            )
        })
        .collect()
}

fn in_days(days: i64) -> String {
    (crate::support::now() + chrono::Duration::days(days)).to_rfc3339()
}

/// The sample tenant with Entra ID P2 added to its second SKU.
pub(crate) fn with_p2() -> Scenario {
    Scenario::new().m365(|s| {
        s.patch(
            SKUS,
            "/value/1/servicePlans/0/servicePlanId",
            json!(AAD_PREMIUM_P2),
        )
    })
}

/// A conditional-access policy for all users and apps (break-glass excluded)
/// that blocks, with `condition` merged into its conditions.
fn block_policy(id: &str, condition: serde_json::Value) -> serde_json::Value {
    let mut conditions = json!({
        "users": {"includeUsers": ["All"], "excludeUsers": BREAK_GLASS},
        "applications": {"includeApplications": ["All"]},
        "clientAppTypes": ["all"]
    });
    for (k, v) in condition.as_object().unwrap() {
        conditions[k] = v.clone();
    }
    json!({"id": id, "displayName": id, "state": "enabled", "conditions": conditions,
           "grantControls": {"operator": "OR", "builtInControls": ["block"]}, "sessionControls": null})
}

#[test]
fn catalog_as_planted() {
    let run = expect_many(
        Scenario::new(),
        &[
            ("M365-ID-02", "fail"),
            ("M365-ID-03", "not_applicable"),
            ("M365-ID-04", "not_applicable"),
            ("M365-ID-06", "fail"),
            ("M365-ID-07", "fail"),
            ("M365-ID-08", "fail"),
            ("M365-ID-09", "fail"),
            ("M365-ID-10", "pass"),
            ("M365-MFA-02", "fail"),
            ("M365-MFA-03", "fail"),
            ("M365-MFA-04", "fail"),
            ("M365-MFA-05", "fail"),
            ("M365-MFA-06", "fail"),
            ("M365-MFA-08", "fail"),
            ("M365-CA-02", "not_applicable"),
            ("M365-CA-03", "not_applicable"),
            ("M365-CA-04", "pass"),
            ("M365-CA-05", "fail"),
            ("M365-CA-06", "fail"),
            ("M365-CA-07", "fail"),
            ("M365-CA-08", "pass"),
            ("M365-SHR-01", "fail"),
            ("M365-SHR-02", "manual"),
            ("M365-SHR-03", "fail"),
            ("M365-SHR-04", "fail"),
            ("M365-SHR-05", "pass"),
            ("M365-SHR-06", "manual"),
            ("M365-SHR-07", "fail"),
            ("M365-APP-03", "pass"),
            ("M365-APP-04", "fail"),
            ("M365-APP-05", "fail"),
            ("M365-APP-06", "fail"),
            ("M365-APP-07", "fail"),
            ("M365-APP-08", "fail"),
            ("M365-APP-09", "fail"),
            ("M365-LOG-01", "manual"),
            ("M365-LOG-02", "manual"),
            ("M365-LOG-03", "not_applicable"),
            ("M365-DATA-01", "manual"),
            ("M365-DATA-02", "manual"),
            ("M365-DATA-03", "manual"),
        ],
    );
    let f = |id| run.finding(id, CONTOSO_ID);
    assert_eq!(reasons(&f("M365-ID-02")), ["raul.razo@contoso.com: synced from on-premises (onPremisesSyncEnabled); holds Global Administrator (active)"]);
    // P2-only features name the licence.
    assert!(f("M365-CA-02")["fix"]
        .as_str()
        .unwrap()
        .contains("AAD_PREMIUM_P2"));
    assert!(f("M365-ID-03")["fix"]
        .as_str()
        .unwrap()
        .contains("Entra ID P2"));
    let stale = reasons(&f("M365-ID-08"));
    assert_eq!(stale.len(), 2, "{stale:?}");
    assert!(
        stale[0].starts_with("mark_northwindtraders.com")
            || stale[1].starts_with("mark_northwindtraders.com")
    );
    assert_eq!(
        reasons(&f("M365-ID-09")),
        ["contoso.com: passwords expire after 90 days"]
    );
    // CA003 misses Hybrid Identity Administrator and excludes Grady Archie.
    let mfa02 = reasons(&f("M365-MFA-02")).join("\n");
    assert!(
        mfa02.contains("does not include role Hybrid Identity Administrator"),
        "{mfa02}"
    );
    assert!(
        mfa02.contains(
            "excludes user 3c19c840-d9f9-4acd-a62d-2465be71c2d9, not an approved exclusion"
        ),
        "{mfa02}"
    );
    assert_eq!(reasons(&f("M365-MFA-04")).len(), 2);
    assert_eq!(reasons(&f("M365-MFA-08")).len(), 4);
    assert!(reasons(&f("M365-CA-06"))[0].contains("does not include role User Administrator"));
    // CA003 excludes Grady Archie; the other policies only the break-glass accounts.
    let exclusions = reasons(&f("M365-CA-07"));
    assert_eq!(exclusions.len(), 5, "{exclusions:?}");
    assert_eq!(
        exclusions
            .iter()
            .filter(|r| r.contains("not an approved exclusion"))
            .count(),
        1,
        "{exclusions:?}"
    );
    assert!(f("M365-SHR-06")["message"]
        .as_str()
        .unwrap()
        .contains("sharepoint_admin"));
    assert_eq!(
        reasons(&f("M365-APP-04")),
        ["Fabrikam CRM Connector: holds Mail.ReadWrite on Microsoft Graph"]
    );
    assert_eq!(
        reasons(&f("M365-APP-05")),
        ["Litware Mail Assistant: tenant-wide consent to Mail.ReadWrite, Files.ReadWrite.All"]
    );
    assert_eq!(reasons(&f("M365-APP-06")).len(), 2);
    assert_eq!(reasons(&f("M365-APP-08")).len(), 2);
    assert_eq!(
        reasons(&f("M365-APP-09")),
        ["Fabrikam CRM Connector: unverified publisher; 2 user consents"]
    );
}

#[test]
fn catalog_hardened() {
    let (bg1, bg2) = (BREAK_GLASS[0], BREAK_GLASS[1]);
    let phishing_resistant = json!({"operator": "OR", "builtInControls": [],
        "authenticationStrength": {"id": "00000000-0000-0000-0000-000000000004", "displayName": "Phishing-resistant MFA",
            "allowedCombinations": ["windowsHelloForBusiness", "fido2", "x509CertificateMultiFactor"]}});
    let recent = in_days(-1);
    let scenario = Scenario::new().m365(move |s| {
        s.patch(USERS, "/value/4/onPremisesSyncEnabled", json!(null))?
            .patch(USERS, "/value/4/onPremisesImmutableId", json!(null))?
            .edit_items(USERS, |u| {
                if u["userType"] == "Guest" {
                    u["externalUserState"] = json!("Accepted");
                    u["signInActivity"] = json!({"lastSignInDateTime": recent});
                }
            })?
            .patch(AUTHZ, "/allowInvitesFrom", json!("adminsAndGuestInviters"))?
            .patch(AUTHZ, "/defaultUserRolePermissions/allowedToCreateSecurityGroups", json!(false))?
            .patch(AUTHZ, "/defaultUserRolePermissions/allowedToReadBitlockerKeysForOwnedDevice", json!(false))?
            .patch(DOMAINS, "/value/1/passwordValidityPeriodInDays", json!(2147483647))?
            .patch(CA, "/value/0/grantControls", phishing_resistant)?
            .patch(CA, "/value/2/conditions/users/includeRoles", json!(PRIVILEGED))?
            .patch(CA, "/value/2/conditions/users/excludeUsers", json!([bg1, bg2]))?
            // CA004 becomes: everyone registers security info from a compliant device.
            .patch(CA, "/value/3/state", json!("enabled"))?
            .patch(CA, "/value/3/conditions/platforms", json!(null))?
            .patch(CA, "/value/3/conditions/users", json!({"includeUsers": ["All"], "excludeUsers": [bg1, bg2]}))?
            .patch(CA, "/value/3/conditions/applications", json!({"includeApplications": [], "includeUserActions": ["urn:user:registersecurityinfo"]}))?
            .patch(CA, "/value/5/conditions/users/includeRoles", json!(PRIVILEGED))?
            .patch(METHODS, "/authenticationMethodConfigurations/1/featureSettings/displayLocationInformationRequiredState/state", json!("enabled"))?
            .patch(METHODS, "/authenticationMethodConfigurations/2/state", json!("disabled"))?
            .patch(METHODS, "/authenticationMethodConfigurations/4/state", json!("disabled"))?
            .patch(METHODS, "/policyMigrationState", json!("migrationComplete"))?
            .edit_items(REGISTRATION, |d| d["methodsRegistered"].as_array_mut().unwrap().push(json!("fido2")))?
            .patch(SHAREPOINT, "/sharingCapability", json!("existingExternalUserSharingOnly"))?
            .patch(SHAREPOINT, "/sharingDomainRestrictionMode", json!("allowList"))?
            .patch(SHAREPOINT, "/isResharingByExternalUsersEnabled", json!(false))?
            .patch(GROUP_SETTINGS, "/value/0/values/6/value", json!("false"))?
            .patch(SPS, "/value/1/appRoleAssignments", json!([]))?
            .patch(SPS, "/value/1/verifiedPublisher/verifiedPublisherId", json!("1234567"))?
            .patch(GRANTS, "/value/2/scope", json!(" User.Read"))?
            .patch(APPS, "/value/0/passwordCredentials", json!([]))?
            .patch(APPS, "/value/1/keyCredentials", json!([]))?
            .patch(APPS, "/value/1/owners", json!([{"@odata.type": "#microsoft.graph.user", "id": "b9c48cb0-1720-400e-8ca8-2984fcb042d9", "accountEnabled": true}]))?
            .patch(APPS, "/value/3/owners", json!([{"@odata.type": "#microsoft.graph.user", "id": "b9c48cb0-1720-400e-8ca8-2984fcb042d9", "accountEnabled": true}]))?
            .patch(APP_POLICY, "/isEnabled", json!(true))?
            .patch(APP_POLICY, "/applicationRestrictions/passwordCredentials/0/maxLifetime", json!("P365D"))?
            .patch(APP_POLICY, "/servicePrincipalRestrictions/passwordCredentials", json!([{"restrictionType": "passwordAddition", "state": "enabled"}]))
    });
    expect_many(
        scenario,
        &[
            ("M365-ID-02", "pass"),
            ("M365-ID-06", "pass"),
            ("M365-ID-07", "pass"),
            ("M365-ID-08", "pass"),
            ("M365-ID-09", "pass"),
            ("M365-MFA-01", "pass"),
            ("M365-MFA-02", "pass"),
            ("M365-MFA-03", "pass"),
            ("M365-MFA-04", "pass"),
            ("M365-MFA-05", "pass"),
            ("M365-MFA-06", "pass"),
            ("M365-MFA-08", "pass"),
            ("M365-CA-05", "pass"),
            ("M365-CA-06", "pass"),
            ("M365-CA-07", "pass"),
            ("M365-SHR-01", "pass"),
            ("M365-SHR-02", "pass"),
            ("M365-SHR-03", "pass"),
            ("M365-SHR-04", "pass"),
            ("M365-SHR-07", "pass"),
            ("M365-APP-04", "pass"),
            ("M365-APP-05", "pass"),
            ("M365-APP-06", "pass"),
            ("M365-APP-07", "pass"),
            ("M365-APP-08", "pass"),
            ("M365-APP-09", "pass"),
        ],
    );
}

#[test]
fn catalog_weakened() {
    let bg1 = BREAK_GLASS[0];
    let scenario = Scenario::new().m365(move |s| {
        s.patch(CA, "/value/0/conditions/users/excludeUsers", json!([bg1]))?
            .patch(
                CA,
                "/value/4/state",
                json!("enabledForReportingButNotEnforced"),
            )?
            .patch(SHAREPOINT, "/isLegacyAuthProtocolsEnabled", json!(true))?
            .patch(
                SHAREPOINT,
                "/isRequireAcceptingUserToMatchInvitedUserEnabled",
                json!(false),
            )?
            .patch(SHAREPOINT, "/sharingCapability", json!("disabled"))?
            .patch(
                METHODS,
                "/authenticationMethodConfigurations/1/state",
                json!("disabled"),
            )?
            .patch(CONSENT, "/isEnabled", json!(false))?
            .patch(GROUP_SETTINGS, "/value", json!([]))
    });
    let run = expect_many(
        scenario,
        &[
            ("M365-ID-10", "fail"),
            ("M365-CA-04", "fail"),
            ("M365-CA-08", "fail"),
            ("M365-SHR-01", "pass"),
            ("M365-SHR-02", "pass"),
            ("M365-SHR-03", "not_applicable"),
            ("M365-SHR-05", "fail"),
            ("M365-SHR-07", "pass"),
            ("M365-MFA-05", "not_applicable"),
            ("M365-APP-03", "fail"),
        ],
    );
    assert_eq!(
        reasons(&run.finding("M365-ID-10", CONTOSO_ID)),
        ["bg-admin2@contoso.onmicrosoft.com: not excluded from policy \"CA001 Require MFA for all users\""]
    );
    assert!(reasons(&run.finding("M365-CA-04", CONTOSO_ID))[0].contains("report-only"));
}

#[test]
fn expanded_properties_are_required() {
    // Without the `$expand`ed owners or app roles, "no owner" and "no
    // permission" would be guesses: the collection is malformed instead.
    let scenario = Scenario::new().m365(|s| {
        s.edit_items(APPS, |a| {
            a.as_object_mut().unwrap().remove("owners");
        })?
        .edit_items(SPS, |sp| {
            sp.as_object_mut().unwrap().remove("appRoleAssignments");
        })
    });
    let run = expect_many(
        scenario,
        &[("M365-APP-08", "error"), ("M365-APP-04", "error")],
    );
    assert!(run.finding("M365-APP-08", CONTOSO_ID)["message"]
        .as_str()
        .unwrap()
        .contains("malformed"));
}

#[test]
fn entra_p2_features() {
    let run = expect_many(
        with_p2(),
        &[
            ("M365-ID-01", "fail"),
            ("M365-ID-03", "fail"),
            ("M365-ID-04", "fail"),
            ("M365-CA-02", "fail"),
            ("M365-CA-03", "fail"),
            ("M365-LOG-03", "manual"),
        ],
    );
    // Lee Gu is eligible for Global Administrator through PIM.
    let ga = reasons(&run.finding("M365-ID-01", CONTOSO_ID));
    assert_eq!(ga.len(), 6);
    assert!(
        ga.contains(&"lee.gu@contoso.com: holds Global Administrator (eligible)".to_string()),
        "{ga:?}"
    );
    // Break-glass accounts may stay permanent; Patti has an end date; Lee's is an activation.
    let permanent = reasons(&run.finding("M365-ID-03", CONTOSO_ID));
    assert_eq!(
        permanent,
        [
            "nestor.wilke@contoso.com: permanently active Global Administrator (no end date)",
            "raul.razo@contoso.com: permanently active Global Administrator (no end date)"
        ]
    );

    let end = in_days(30);
    let hardened = with_p2().m365(move |s| {
        s.edit_items(SCHEDULES, |i| i["endDateTime"] = json!(end))?
            .patch(
                PIM_POLICIES,
                "/value/0/policy/rules/2/setting/isApprovalRequired",
                json!(true),
            )?
            .patch(
                CA,
                "/value/3",
                block_policy("user-risk", json!({"userRiskLevels": ["high"]})),
            )?
            .patch(
                CA,
                "/value/6",
                block_policy(
                    "sign-in-risk",
                    json!({"signInRiskLevels": ["high", "medium"]}),
                ),
            )
    });
    expect_many(
        hardened,
        &[
            ("M365-ID-03", "pass"),
            ("M365-ID-04", "pass"),
            ("M365-CA-02", "pass"),
            ("M365-CA-03", "pass"),
        ],
    );
}

#[test]
fn pim_collections_fail_closed() {
    let run = with_p2()
        .forbid("roleEligibilityScheduleInstances")
        .forbid("roleAssignmentScheduleInstances")
        .forbid("roleManagementPolicyAssignments")
        .audit();
    for (check, permission) in [
        ("M365-ID-01", "RoleEligibilitySchedule.Read.Directory"),
        ("M365-ID-03", "RoleAssignmentSchedule.Read.Directory"),
        ("M365-ID-04", "RoleManagementPolicy.Read.Directory"),
    ] {
        let finding = run.finding(check, CONTOSO_ID);
        assert_eq!(finding["status"], "error", "{check}");
        assert!(
            finding["fix"].as_str().unwrap().contains(permission),
            "{check}: {finding}"
        );
    }
}

#[test]
fn non_premium_tenant_is_not_licensed() {
    let refusal = json!({"error": {"code": "Authentication_RequestFromNonPremiumTenantOrB2CTenant",
        "message": "Neither tenant is B2C or tenant doesn't have premium license"}});
    let run = Scenario::new()
        .fault(Fault::new(
            "userRegistrationDetails",
            FaultKind::StatusBody(403, refusal),
        ))
        .audit();
    let finding = run.finding("M365-MFA-07", CONTOSO_ID);
    assert_eq!(finding["status"], "not_applicable", "{finding}");
    assert!(finding["fix"].as_str().unwrap().contains("Entra ID P1"));
    // An expected state, not a warning: the run log says nothing at its
    // default level.
    assert!(!run.stderr.contains("WARN"), "{}", run.stderr);
    // Any other 403 is a missing permission: error.
    expect_forbidden(
        "userRegistrationDetails",
        &["M365-MFA-07", "M365-MFA-08"],
        "AuditLog.Read.All",
    );
}

#[test]
fn catalog_forbidden() {
    for (target, checks, permission) in [
        (
            "GET /graph/v1.0/users?",
            &["M365-ID-02", "M365-ID-08", "M365-ID-10"][..],
            "User.Read.All",
        ),
        (
            "roleManagement/directory/roleAssignments",
            &["M365-ID-02", "M365-MFA-08", "M365-ID-10"][..],
            "RoleManagement.Read.Directory",
        ),
        (
            "policies/authorizationPolicy",
            &["M365-ID-06", "M365-ID-07"][..],
            "Policy.Read.All",
        ),
        ("graph/v1.0/domains", &["M365-ID-09"][..], "Domain.Read.All"),
        (
            "conditionalAccess/policies",
            &[
                "M365-MFA-02",
                "M365-MFA-03",
                "M365-CA-04",
                "M365-CA-05",
                "M365-CA-06",
                "M365-CA-07",
                "M365-ID-10",
            ][..],
            "Policy.Read.All",
        ),
        (
            "authenticationMethodsPolicy",
            &["M365-MFA-04", "M365-MFA-05", "M365-MFA-06"][..],
            "Policy.Read.AuthenticationMethod",
        ),
        (
            "subscribedSkus",
            &[
                "M365-CA-02",
                "M365-CA-03",
                "M365-LOG-03",
                // Conditional access needs Entra ID P1: unknown licences are an error.
                "M365-MFA-02",
                "M365-MFA-03",
                "M365-CA-04",
                "M365-CA-05",
                "M365-CA-06",
                "M365-CA-07",
                "M365-CA-09",
            ][..],
            "Organization.Read.All",
        ),
        (
            "admin/sharepoint/settings",
            &[
                "M365-CA-08",
                "M365-SHR-01",
                "M365-SHR-02",
                "M365-SHR-03",
                "M365-SHR-04",
                "M365-SHR-05",
            ][..],
            "SharePointTenantSettings.Read.All",
        ),
        (
            "groupSettings",
            &["M365-SHR-07"][..],
            "GroupSettings.Read.All",
        ),
        (
            "adminConsentRequestPolicy",
            &["M365-APP-03"][..],
            "Policy.Read.All",
        ),
        (
            "defaultAppManagementPolicy",
            &["M365-APP-07"][..],
            "Policy.Read.ApplicationConfiguration",
        ),
        (
            "graph/v1.0/applications",
            &["M365-APP-06", "M365-APP-08"][..],
            "Application.Read.All",
        ),
        (
            "servicePrincipals",
            &["M365-APP-04", "M365-APP-05", "M365-APP-09"][..],
            "Application.Read.All",
        ),
        (
            "oauth2PermissionGrants",
            &["M365-APP-05", "M365-APP-09"][..],
            "Directory.Read.All",
        ),
    ] {
        expect_forbidden(target, checks, permission);
    }
}

#[test]
fn permissions_list_every_collection() {
    let out = crate::support::tenantaudit()
        .args(["permissions", "m365"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for permission in [
        "RoleEligibilitySchedule.Read.Directory",
        "RoleAssignmentSchedule.Read.Directory",
        "RoleManagementPolicy.Read.Directory",
        "Domain.Read.All",
        "GroupSettings.Read.All",
        "Policy.Read.ApplicationConfiguration",
        "Application.Read.All",
        "Directory.Read.All",
        "SharePointTenantSettings.Read.All",
    ] {
        assert!(
            text.contains(permission),
            "{permission} missing from:\n{text}"
        );
    }
}

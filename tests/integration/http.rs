//! The HTTP client's behaviour against injected faults: retries honouring
//! Retry-After, token refresh on 401, malformed answers, paging.

use crate::support::{Scenario, ACME_ID, CONTOSO_ID};
use tenantaudit_simulator::{Fault, FaultKind};

#[test]
fn throttling_is_retried_to_success() {
    let clean = Scenario::new().audit();
    let sim = Scenario::new()
        .fault(
            Fault::new(
                "GET /graph/v1.0/users?",
                FaultKind::Throttle {
                    retry_after: Some(0),
                },
            )
            .times(2),
        )
        .fault(Fault::new("FROM User", FaultKind::Status(503)).times(1))
        .start();
    let run = sim.run(&["audit"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.statuses(), clean.statuses());
}

#[test]
fn persistent_throttling_is_a_throttled_error() {
    let run = Scenario::new()
        .fault(Fault::new(
            "policies/authorizationPolicy",
            FaultKind::Throttle {
                retry_after: Some(0),
            },
        ))
        .audit();
    assert_eq!(run.code, 3);
    let finding = run.finding("M365-APP-01", CONTOSO_ID);
    assert_eq!(finding["status"], "error");
    assert!(
        finding["message"].as_str().unwrap().contains("throttled"),
        "{finding}"
    );
}

#[test]
fn an_expired_token_is_refreshed_once() {
    let sim = Scenario::new()
        .fault(Fault::new("conditionalAccess/policies", FaultKind::ExpiredToken).times(1))
        .start();
    let run = sim.run(&["audit"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.status("M365-MFA-01", CONTOSO_ID), "pass");
    let tokens = sim
        .sim
        .request_log()
        .iter()
        .filter(|l| l.contains("oauth2/v2.0/token"))
        .count();
    assert_eq!(tokens, 2, "one token, one refresh");
}

#[test]
fn a_malformed_answer_is_an_error_never_a_pass() {
    let run = Scenario::new()
        .fault(Fault::new(
            "FROM SecuritySettings",
            FaultKind::MalformedJson,
        ))
        .audit();
    assert_eq!(run.code, 3);
    let finding = run.finding("SF-MFA-01", ACME_ID);
    assert_eq!(finding["status"], "error");
    assert!(
        finding["message"].as_str().unwrap().contains("malformed"),
        "{finding}"
    );
}

#[test]
fn small_pages_give_the_same_findings() {
    // Scenario pages Graph at 7 items; users and registration details span pages.
    let run = Scenario::new().audit();
    let report = run.report();
    let contoso = report["tenants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["tenant_id"] == CONTOSO_ID)
        .unwrap()
        .clone();
    assert_eq!(contoso["collections"]["users"]["status"], "ok");
    let snapshot: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(run.out.join("snapshots/contoso.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(snapshot["collections"]["users"]["item_count"], 40);
    assert_eq!(snapshot["collections"]["users"]["pages"], 6);
}

#[test]
fn a_next_link_that_loops_is_malformed() {
    // Every page links back to the first one.
    let looping = "/graph/v1.0/identity/conditionalAccess/policies";
    let run = Scenario::new()
        .fault(Fault::new(
            "conditionalAccess/policies",
            FaultKind::Body(serde_json::json!({"value": [], "@odata.nextLink": looping})),
        ))
        .audit();
    let finding = run.finding("M365-MFA-01", CONTOSO_ID);
    assert_eq!(finding["status"], "error", "{finding}");
    assert!(
        finding["message"].as_str().unwrap().contains("paging loop"),
        "{finding}"
    );
}

#[test]
fn a_collection_that_depends_on_a_failed_one_is_an_error_not_an_empty_success() {
    let run = Scenario::new()
        .forbid("roleManagement/directory/roleAssignments")
        .audit();
    let snapshot: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(run.out.join("snapshots/contoso.json")).unwrap(),
    )
    .unwrap();
    let members = &snapshot["collections"]["role_group_members"];
    assert_eq!(members["status"], "error", "{members}");
    assert_eq!(members["error"]["kind"], "forbidden");
    assert!(members["error"]["message"]
        .as_str()
        .unwrap()
        .contains("role_assignments"));
}

/// Issue 17: a next link to another origin (absolute, or protocol-relative)
/// is refused, naming the host, and the other origin hears nothing.
#[test]
fn a_next_link_to_another_origin_is_refused_and_never_contacted() {
    let foreign = crate::support::ForeignListener::start();
    let run = Scenario::new()
        .fault(Fault::new(
            "GET /graph/v1.0/users?",
            FaultKind::ForeignNextLink(format!("http://{}", foreign.origin)),
        ))
        .fault(Fault::new(
            "FROM User",
            FaultKind::ForeignNextLink(format!("//{}", foreign.origin)),
        ))
        .audit();
    assert_eq!(run.code, 3, "{}", run.stderr);
    for label in ["contoso", "acme"] {
        let snapshot: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(run.out.join(format!("snapshots/{label}.json"))).unwrap(),
        )
        .unwrap();
        let users = &snapshot["collections"]["users"];
        assert_eq!(users["status"], "error", "{label}: {users}");
        assert_eq!(users["error"]["kind"], "malformed", "{label}: {users}");
        let message = users["error"]["message"].as_str().unwrap();
        assert!(message.contains(&foreign.origin), "{label}: {message}");
    }
    assert_eq!(
        foreign.contacts(),
        (0, 0),
        "connections, requests with a token"
    );
}

/// Issue 17: a singleton answering `{}` is a malformed collection (exit 3),
/// not a policy of defaults.
#[test]
fn a_singleton_answering_an_empty_object_is_malformed() {
    let run = Scenario::new()
        .fault(Fault::new(
            "policies/authorizationPolicy",
            FaultKind::Body(serde_json::json!({})),
        ))
        .audit();
    assert_eq!(run.code, 3, "{}", run.stderr);
    let finding = run.finding("M365-APP-01", CONTOSO_ID);
    assert_eq!(finding["status"], "error", "{finding}");
    assert!(
        finding["message"].as_str().unwrap().contains("malformed"),
        "{finding}"
    );
}

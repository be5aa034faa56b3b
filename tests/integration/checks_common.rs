//! Pass, fail and error of the common checks, for each provider.

use crate::support::{expect, expect_forbidden_error, Scenario, ACME_ID, CONTOSO_ID};
use serde_json::json;

/// Yesterday: recent enough for any dormancy threshold.
fn recent() -> String {
    (chrono::Utc::now() - chrono::Duration::days(1)).to_rfc3339()
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

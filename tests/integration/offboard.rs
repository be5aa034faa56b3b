//! `tenantaudit offboard` against the simulator: each sample leaver gets
//! exactly the residual items planted (samples/*/README.md, "Leavers"), a
//! failed read turns items `unknown`, and a bad leavers file writes nothing.
//! COM-ID-03 (cross-tenant offboarding drift) is tested here too: it uses
//! the same matching.

use crate::support::{expect, samples, Run, Scenario, TestSim, ACME_ID, CONTOSO_ID};
use serde_json::{json, Value};

/// A planted leave date, moved like the sample timestamps (by now − anchor).
fn date(planted: &str) -> String {
    let anchor: chrono::DateTime<chrono::Utc> = "2026-11-30T00:00:00Z".parse().unwrap();
    let shift = crate::support::now() - anchor;
    let day: chrono::NaiveDate = planted.parse().unwrap();
    (day + shift).format("%Y-%m-%d").to_string()
}

fn leavers_csv() -> String {
    format!(
        "name,email,leave_date,aliases\n\
         Debra Berger,debra.berger@contoso.com,{},\n\
         Christie Cline,christie.cline@contoso.com,{},\n\
         Walter Finch,walter.finch@contoso.com,{},wfinch@contoso.com\n",
        date("2026-10-30"),
        date("2026-04-10"),
        date("2026-10-31")
    )
}

fn offboard(sim: &TestSim, csv: &str, extra: &[&str]) -> Run {
    let args = offboard_args(sim, csv, extra);
    sim.run_raw(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

/// `offboard` of the leavers in `csv`, forwarding read from the samples.
fn offboard_args(sim: &TestSim, csv: &str, extra: &[&str]) -> Vec<String> {
    let file = sim.dir.path().join("leavers.csv");
    std::fs::write(&file, csv).unwrap();
    let mailboxes = samples().join("m365-contoso/exchange/mailboxes.csv");
    let mut args: Vec<String> = vec![
        "offboard".into(),
        "--config".into(),
        sim.default_config().display().to_string(),
        "--leavers".into(),
        file.display().to_string(),
        "--mailboxes".into(),
        mailboxes.display().to_string(),
    ];
    args.extend(extra.iter().map(|a| a.to_string()));
    args
}

fn read_review(run: &Run) -> Value {
    let path = run.out.join("offboard.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("no {} ({e}); stderr:\n{}", path.display(), run.stderr));
    serde_json::from_str(&text).unwrap()
}

fn person<'a>(review: &'a Value, label: &str) -> &'a Value {
    review["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["person"]["label"] == label)
        .unwrap_or_else(|| panic!("no {label}"))
}

/// `(tenant, kind: summary)` of every item with this status, sorted.
fn items(person: &Value, status: &str) -> Vec<String> {
    let mut all = Vec::new();
    for tenant in person["tenants"].as_array().unwrap() {
        for account in tenant["accounts"].as_array().unwrap() {
            for item in account["items"].as_array().unwrap() {
                if item["status"] == status {
                    all.push(format!(
                        "{} {}: {}",
                        tenant["label"].as_str().unwrap(),
                        item["kind"].as_str().unwrap(),
                        item["summary"].as_str().unwrap()
                    ));
                }
            }
        }
    }
    all.sort();
    all
}

#[test]
fn each_sample_leaver_gets_exactly_what_was_planted() {
    let sim = Scenario::new().start();
    let run = offboard(&sim, &leavers_csv(), &[]);
    assert_eq!(
        run.code, 1,
        "stdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    let review = read_review(&run);
    assert_eq!(review["schema"], "tenantaudit.offboard/v1");

    let debra = person(&review, "Debra Berger");
    assert_eq!(
        debra["status"],
        "clear",
        "{}",
        serde_json::to_string_pretty(debra).unwrap()
    );
    assert!(items(debra, "unknown").is_empty());
    for tenant in debra["tenants"].as_array().unwrap() {
        assert_eq!(tenant["lookup"], "found");
    }

    let christie = person(&review, "Christie Cline");
    assert_eq!(christie["status"], "residual");
    let residual = items(christie, "residual");
    let planted = [
        "acme oauth_token: OAuth token of Dataloader Bulk Export, last used ",
        // Helpdesk Administrator: the sample does not expand roleDefinition,
        // so the role is named by its template id.
        "contoso directory_role: active role 729827e3-9c14-49f7-bb1b-9608f156bbb8 (scope /)",
        "contoso group_membership: member of group Contoso Finance",
        "contoso oauth2_consent: consented ",
        "contoso ownership: owner of application Contoso Intranet",
        "contoso ownership: owner of application Contoso Reporting",
    ];
    assert_eq!(residual.len(), planted.len(), "{residual:#?}");
    for (got, want) in residual.iter().zip(planted) {
        assert!(got.starts_with(want), "{got} should start with {want}");
    }
    assert!(items(christie, "unknown").is_empty());
    let matched = &christie["tenants"][1]["accounts"][0]["matched_by"][0];
    assert_eq!(matched["key"], "email");
    assert_eq!(
        christie["tenants"][1]["accounts"][0]["login"],
        "christie.cline@acme-corp.com"
    );

    let walter = person(&review, "Walter Finch");
    assert_eq!(walter["tenants"][0]["lookup"], "not_found");
    let residual = items(walter, "residual");
    assert_eq!(residual.len(), 3, "{residual:#?}");
    assert!(residual[0].starts_with("acme account_active: the user is active (not frozen)"));
    assert!(residual[1].starts_with("acme login_after_leave: logged in after leaving"));
    assert!(residual[2].starts_with("acme login_ip_restriction:"));

    // The same review as CSV and as a ticket checklist.
    let csv = std::fs::read_to_string(run.out.join("offboard.csv")).unwrap();
    assert!(csv.starts_with(
        "person,leave_date,tenant,provider,account_id,account,matched_by,item,status,"
    ));
    assert!(csv.contains("Walter Finch,") && csv.contains("no matching account"));
    let md = std::fs::read_to_string(run.out.join("offboard.md")).unwrap();
    assert!(
        md.contains("- [ ] `directory_role` active role 729827e3"),
        "{md}"
    );
    assert!(md.contains("- [x] `account_enabled`"));
    assert!(
        run.stdout.contains("RESIDUAL  Christie Cline"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("CLEAR     Debra Berger"));
}

#[test]
fn a_person_on_the_command_line_with_a_leave_date() {
    let sim = Scenario::new().start();
    let config = sim.default_config().display().to_string();
    let mailboxes = samples()
        .join("m365-contoso/exchange/mailboxes.csv")
        .display()
        .to_string();
    let leave = date("2026-10-30");
    let run = sim.run_raw(&[
        "offboard",
        "--config",
        &config,
        "--leave-date",
        &leave,
        "--mailboxes",
        &mailboxes,
        "DEBRA.BERGER@contoso.com",
    ]);
    assert_eq!(
        run.code, 0,
        "stdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    let review = read_review(&run);
    assert_eq!(review["status"], "clear");
    // Without the Exchange export, forwarding cannot be known: not clear.
    let run = sim.run_raw(&[
        "offboard",
        "--config",
        &config,
        "--leave-date",
        &leave,
        "debra.berger@contoso.com",
    ]);
    assert_eq!(run.code, 1);
    let review = read_review(&run);
    assert_eq!(items(&review["people"][0], "unknown").len(), 1);
}

#[test]
fn a_failed_read_is_unknown_never_clear() {
    // Debra's authentication methods cannot be read: that item is unknown,
    // and she is no longer clear.
    let sim = Scenario::new()
        .forbid("/authentication/methods")
        .forbid("FROM OauthToken")
        .start();
    let run = offboard(&sim, &leavers_csv(), &[]);
    assert_eq!(run.code, 1);
    let review = read_review(&run);
    let debra = person(&review, "Debra Berger");
    assert_eq!(debra["status"], "unknown");
    let unknown = items(debra, "unknown");
    assert_eq!(unknown.len(), 2, "{unknown:#?}");
    assert!(unknown[0].starts_with("acme oauth_token: could not be collected (forbidden"));
    assert!(
        unknown[1].starts_with("contoso authentication_method: could not be collected (forbidden")
    );
    let item = debra["tenants"][0]["accounts"][0]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["status"] == "unknown")
        .unwrap();
    assert!(item["remediation"]
        .as_str()
        .unwrap()
        .contains("UserAuthenticationMethod.Read.All"));

    // A directory that cannot be read: whether the person is there is unknown.
    let sim = Scenario::new().forbid("GET /graph/v1.0/users?").start();
    let run = offboard(&sim, &leavers_csv(), &[]);
    assert_eq!(run.code, 1);
    let review = read_review(&run);
    let walter = person(&review, "Walter Finch");
    assert_eq!(walter["tenants"][0]["lookup"], "failed");
    assert_eq!(person(&review, "Debra Berger")["status"], "unknown");
}

#[test]
fn a_malformed_leavers_row_is_rejected_and_nothing_is_written() {
    let sim = Scenario::new().start();
    let csv = leavers_csv() + "Nobody,nobody@contoso.com,31/12/2026,\n";
    let run = offboard(&sim, &csv, &[]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("row 5"), "{}", run.stderr);
    assert!(!run.out.exists(), "nothing may be written");
    assert!(
        sim.sim.request_log().is_empty(),
        "nothing may be requested: {:?}",
        sim.sim.request_log()
    );
}

#[test]
fn offboarding_drift_across_tenants() {
    // Walter Finch is gone from Entra but enabled in Salesforce.
    let fail = expect(Scenario::new(), "COM-ID-03", ACME_ID, "fail");
    let affected = fail["affected"].as_array().unwrap();
    assert_eq!(affected.len(), 1, "{affected:#?}");
    assert_eq!(affected[0]["display_name"], "walter.finch@acme-corp.com");
    expect(Scenario::new(), "COM-ID-03", CONTOSO_ID, "not_applicable");
    // Disabled in Entra, enabled in Salesforce: drift too.
    let fail = expect(
        Scenario::new().salesforce(|s| {
            s.edit_items("query/User", |u| {
                if u["Username"] == "christie.cline@acme-corp.com" {
                    u["IsActive"] = json!(true);
                }
                if u["Username"] == "walter.finch@acme-corp.com" {
                    u["IsActive"] = json!(false);
                }
            })
        }),
        "COM-ID-03",
        ACME_ID,
        "fail",
    );
    assert!(fail["affected"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("disabled in contoso"));
    expect(
        Scenario::new().salesforce(|s| {
            s.edit_items("query/User", |u| {
                if u["Username"] == "walter.finch@acme-corp.com" {
                    u["IsActive"] = json!(false);
                }
            })
        }),
        "COM-ID-03",
        ACME_ID,
        "pass",
    );
    // The identity provider's users cannot be read: error, never pass.
    let error = expect(
        Scenario::new().forbid("GET /graph/v1.0/users?"),
        "COM-ID-03",
        ACME_ID,
        "error",
    );
    assert!(
        error["fix"].as_str().unwrap().contains("User.Read.All"),
        "{error:#}"
    );
}

/// A review that cannot be written whole (a file size limit just below its
/// largest file, as on a disk that fills up) leaves the previous review
/// untouched, file for file, and exits 4.
#[test]
fn a_review_that_cannot_be_written_leaves_the_previous_one() {
    const FILES: [&str; 3] = ["offboard.json", "offboard.csv", "offboard.md"];
    let sim = Scenario::new().start();
    let read = |dir: &std::path::Path| FILES.map(|f| std::fs::read(dir.join(f)).unwrap());

    // The three-leaver review, written elsewhere, tells the sizes.
    let full = offboard(&sim, &leavers_csv(), &["--out", "full"]);
    let largest = read(&full.out.with_file_name("full"))
        .iter()
        .map(|bytes| bytes.len() as u64)
        .max()
        .unwrap();

    // The previous review: one leaver.
    let one = leavers_csv().lines().take(2).collect::<Vec<_>>().join("\n") + "\n";
    let previous = offboard(&sim, &one, &[]);
    assert!(matches!(previous.code, 0 | 1), "{}", previous.stderr);
    let before = read(&previous.out);

    let args = offboard_args(&sim, &leavers_csv(), &[]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = sim.run_with_file_limit(&args, largest - 1);
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert!(
        run.stderr.contains("keeps the previous run's files"),
        "{}",
        run.stderr
    );
    assert!(read(&run.out) == before, "the previous review changed");
}

//! The people- and tool-facing report formats: every one written, hostile
//! tenant data inert in each, JUnit valid against the junit-10 schema's
//! rules, OCSF carrying the Compliance Finding class's required fields, the
//! responsibility matrix complete, and the HTML report rendered by a real
//! headless Chromium.

use crate::support::{tenantaudit, Run, Scenario, CONTOSO_ID};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Every format and the file it is written to.
const FILES: [(&str, &str); 8] = [
    ("json", "report.json"),
    ("csv", "report.csv"),
    ("html", "report.html"),
    ("markdown", "report.md"),
    ("junit", "report.junit.xml"),
    ("ocsf", "report.ocsf.json"),
    ("compliance", "compliance.json"),
    ("xlsx", "report.xlsx"),
];

/// A user principal name that is both a spreadsheet formula and markup.
const HOSTILE_UPN: &str = "=HYPERLINK(\"http://x\")<script>alert(1)</script>";
const SCRIPT: &str = "<script>alert(1)</script>";

/// Runs `tenantaudit demo <args>` in a fresh folder.
pub(crate) fn demo(args: &[&str]) -> (tempfile::TempDir, Run) {
    let dir = tempfile::tempdir().unwrap();
    let output = tenantaudit()
        .arg("demo")
        .args(args)
        .current_dir(dir.path())
        .output()
        .unwrap();
    let run = Run::new(output, dir.path().join("tenantaudit-out"));
    assert_eq!(run.code, 0, "{}", run.stderr);
    (dir, run)
}

fn read(run: &Run, file: &str) -> String {
    std::fs::read_to_string(run.out.join(file))
        .unwrap_or_else(|e| panic!("{file}: {e}; stderr:\n{}", run.stderr))
}

fn findings(run: &Run) -> Vec<Value> {
    run.report()["findings"].as_array().unwrap().clone()
}

#[test]
fn the_demo_writes_every_format_and_audit_only_what_is_asked() {
    let (_dir, run) = demo(&[]);
    for (_, file) in FILES {
        let size = std::fs::metadata(run.out.join(file)).unwrap().len();
        assert!(size > 200, "{file} is nearly empty");
    }
    assert!(
        run.out.join("compliance.csv").exists(),
        "compliance.csv beside its JSON"
    );
    assert!(read(&run, "report.html").starts_with("<!DOCTYPE html>"));
    assert!(read(&run, "report.md").starts_with("## tenantaudit: "));
    assert!(read(&run, "report.junit.xml").starts_with("<?xml"));
    let ocsf: Value = serde_json::from_str(&read(&run, "report.ocsf.json")).unwrap();
    assert_eq!(ocsf.as_array().unwrap().len(), findings(&run).len());

    // `--format` takes a comma-separated list and can be repeated.
    let (_dir, run) = demo(&["--format", "html,md", "--format", "junit"]);
    for (name, file) in FILES {
        let expected = matches!(name, "html" | "markdown" | "junit");
        assert_eq!(run.out.join(file).exists(), expected, "{file}");
    }

    // `audit` keeps the machine formats by default.
    let run = Scenario::new().audit();
    for (name, file) in FILES {
        let expected = matches!(name, "json" | "csv");
        assert_eq!(run.out.join(file).exists(), expected, "{file}");
    }

    let sim = Scenario::new().start();
    let bad = sim.run(&["audit", "--format", "json,pdf"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert!(
        bad.stderr.contains("\"pdf\"") && bad.stderr.contains("ocsf"),
        "{}",
        bad.stderr
    );
}

#[test]
fn hostile_tenant_data_is_inert_in_every_format() {
    let sim = Scenario::new()
        .m365(|s| {
            // Diego is one of the dormant users COM-ID-01 names by UPN.
            s.edit_items("graph/v1.0/users", |u| {
                if u["userPrincipalName"] == "diego.siciliani@contoso.com" {
                    u["userPrincipalName"] = json!(HOSTILE_UPN);
                    u["displayName"] = json!(SCRIPT);
                }
            })
        })
        .start();
    let run = sim.run(&["audit", "--format", "all"]);
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    let dormant = run.finding("COM-ID-01", CONTOSO_ID);
    assert!(
        dormant["affected"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["display_name"] == HOSTILE_UPN),
        "the planted name must reach the report: {dormant}"
    );

    // HTML: escaped; the page has no script element at all.
    let html = read(&run, "report.html");
    assert!(
        !html.to_lowercase().contains("<script"),
        "raw script in HTML"
    );
    let decoded = ["&#60;", "&lt;", "&#62;", "&gt;"]
        .iter()
        .zip(["<", "<", ">", ">"])
        .fold(html.clone(), |text, (entity, c)| text.replace(entity, c));
    assert!(decoded.contains(SCRIPT), "the name is shown, as text");

    // CSV: the formula cell is prefixed with a quote, and no cell starts with `=`.
    let mut csv = csv::Reader::from_path(run.out.join("report.csv")).unwrap();
    let mut planted = 0;
    for record in csv.records() {
        for cell in record.unwrap().iter() {
            assert!(!cell.starts_with('='), "formula cell {cell:?}");
            if cell.contains("HYPERLINK") {
                assert_eq!(cell, format!("'{HOSTILE_UPN}"));
                planted += 1;
            }
        }
    }
    assert!(planted > 0, "the planted name is in the CSV");

    // JUnit: escaped, well-formed, and the value reads back unchanged.
    let xml = read(&run, "report.junit.xml");
    assert!(!xml.contains(SCRIPT));
    let doc = roxmltree::Document::parse(&xml).expect("JUnit is well-formed");
    assert!(doc
        .descendants()
        .any(|n| n.text().is_some_and(|t| t.contains(HOSTILE_UPN))));

    // Markdown: the markup characters are escaped.
    let md = read(&run, "report.md");
    assert!(!md.contains(SCRIPT), "raw script in Markdown");
    assert!(md.contains("\\<script\\>alert(1)\\</script\\>"), "{md}");

    // OCSF: no raw markup in the bytes, the exact value once parsed.
    let ocsf = read(&run, "report.ocsf.json");
    assert!(!ocsf.contains('<'));
    let events: Value = serde_json::from_str(&ocsf).unwrap();
    assert!(events
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| e["resources"].as_array().unwrap())
        .any(|r| r["name"] == HOSTILE_UPN));
}

/// The rules of the Jenkins xUnit `junit-10.xsd` (the schema most JUnit
/// consumers follow): elements, their allowed and required attributes, and
/// which children each may hold.
fn check_junit_schema(node: roxmltree::Node) {
    let (allowed, required, children): (&[&str], &[&str], &[&str]) = match node.tag_name().name() {
        "testsuites" => (
            &["name", "time", "tests", "failures", "errors"],
            &[],
            &["testsuite"],
        ),
        "testsuite" => (
            &[
                "name",
                "tests",
                "failures",
                "errors",
                "group",
                "time",
                "skipped",
                "timestamp",
                "hostname",
                "id",
                "package",
                "file",
                "log",
                "url",
            ],
            &["name", "tests", "failures", "errors"],
            &[
                "testsuite",
                "properties",
                "testcase",
                "system-out",
                "system-err",
            ],
        ),
        "properties" => (&[], &[], &["property"]),
        "property" => (&["name", "value"], &["name", "value"], &[]),
        "testcase" => (
            &["name", "time", "classname", "group"],
            &["name"],
            &["skipped", "error", "failure", "system-out", "system-err"],
        ),
        "failure" | "error" | "skipped" => (&["type", "message"], &[], &[]),
        "system-out" | "system-err" => (&[], &[], &[]),
        other => panic!("element <{other}> is not in junit-10.xsd"),
    };
    let name = node.tag_name().name();
    for attribute in node.attributes() {
        assert!(
            allowed.contains(&attribute.name()),
            "<{name}> may not carry {}",
            attribute.name()
        );
    }
    for attribute in required {
        assert!(node.has_attribute(*attribute), "<{name}> needs {attribute}");
    }
    if let Some(time) = node.attribute("time") {
        assert!(
            !time.is_empty() && time.chars().all(|c| c.is_ascii_digit() || c == '.'),
            "time {time:?} is not a SUREFIRE_TIME"
        );
    }
    for child in node.children().filter(|n| n.is_element()) {
        assert!(
            children.contains(&child.tag_name().name()),
            "<{}> may not hold <{}>",
            name,
            child.tag_name().name()
        );
        check_junit_schema(child);
    }
}

fn count(node: roxmltree::Node, attribute: &str) -> usize {
    node.attribute(attribute)
        .unwrap_or_else(|| panic!("{attribute} missing"))
        .parse()
        .unwrap()
}

#[test]
fn junit_follows_the_schema_with_consistent_counts() {
    // A forbidden collection gives `error` findings beside the fails and passes.
    let sim = Scenario::new().forbid("conditionalAccess/policies").start();
    let run = sim.run(&["audit", "--format", "json,junit"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    let xml = read(&run, "report.junit.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    check_junit_schema(root);

    let findings = findings(&run);
    let mut totals = [0usize; 3];
    let mut cases = 0;
    for suite in root.children().filter(|n| n.has_tag_name("testsuite")) {
        let testcases: Vec<_> = suite
            .children()
            .filter(|n| n.has_tag_name("testcase"))
            .collect();
        let with = |tag: &str| {
            testcases
                .iter()
                .filter(|c| c.children().any(|n| n.has_tag_name(tag)))
                .count()
        };
        assert_eq!(count(suite, "tests"), testcases.len());
        assert_eq!(count(suite, "failures"), with("failure"));
        assert_eq!(count(suite, "errors"), with("error"));
        assert_eq!(count(suite, "skipped"), with("skipped"));
        totals[0] += testcases.len();
        totals[1] += with("failure");
        totals[2] += with("error");
        cases += testcases.len();
        // One test case per check on this tenant.
        let mut names: Vec<_> = testcases
            .iter()
            .map(|c| c.attribute("name").unwrap())
            .collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), testcases.len(), "duplicate test case names");
        assert!(testcases.iter().all(|c| c.has_attribute("classname")));
    }
    assert_eq!(count(root, "tests"), totals[0]);
    assert_eq!(count(root, "failures"), totals[1]);
    assert_eq!(count(root, "errors"), totals[2]);
    assert_eq!(cases, findings.len());
    let of = |status: &str| findings.iter().filter(|f| f["status"] == status).count();
    assert_eq!(totals[1], of("fail"));
    assert_eq!(totals[2], of("error"));
    assert!(totals[2] > 0, "the forbidden collection produced errors");
}

#[test]
fn ocsf_events_carry_the_compliance_finding_required_fields() {
    let sim = Scenario::new().forbid("conditionalAccess/policies").start();
    let run = sim.run(&["audit", "--format", "json,ocsf"]);
    let findings = findings(&run);
    let events: Vec<Value> =
        serde_json::from_str(&read(&run, "report.ocsf.json")).expect("a JSON array");
    assert_eq!(events.len(), findings.len());
    // Required by the class (OCSF 1.3.0) and its base event and objects.
    let required = [
        "/activity_id",
        "/category_uid",
        "/class_uid",
        "/type_uid",
        "/severity_id",
        "/time",
        "/metadata/version",
        "/metadata/product/name",
        "/metadata/product/vendor_name",
        "/finding_info/uid",
        "/finding_info/title",
        "/compliance/standards/0",
        "/compliance/status_id",
        "/status_id",
        "/cloud/provider",
    ];
    let mut by_status: BTreeMap<String, u64> = BTreeMap::new();
    for (event, finding) in events.iter().zip(&findings) {
        for pointer in required {
            let value = event.pointer(pointer);
            assert!(
                value.is_some_and(|v| !v.is_null() && v != ""),
                "{pointer} missing in {event}"
            );
        }
        assert_eq!(event["class_uid"], 2003);
        assert_eq!(event["category_uid"], 2);
        assert_eq!(event["activity_id"], 1);
        assert_eq!(event["type_uid"], 200301);
        assert!(
            event["time"].as_i64().unwrap() > 1_600_000_000_000,
            "epoch ms"
        );
        assert!((1..=6).contains(&event["severity_id"].as_u64().unwrap()));
        assert_eq!(event["compliance"]["control"], finding["check_id"]);
        // Each requirement names its framework; each standard is one the
        // frameworks list knows, never a made-up "baseline".
        let requirements = event["compliance"]["requirements"].as_array().unwrap();
        assert!(!requirements.is_empty(), "{event}");
        for standard in event["compliance"]["standards"].as_array().unwrap() {
            let standard = standard.as_str().unwrap();
            assert!(!standard.contains("tenantaudit"), "{standard}");
            assert!(
                requirements
                    .iter()
                    .any(|r| r.as_str().unwrap().starts_with(&format!("{standard} "))),
                "{standard} has no requirement in {event}"
            );
        }
        let status = finding["status"].as_str().unwrap().to_string();
        by_status.insert(status, event["compliance"]["status_id"].as_u64().unwrap());
    }
    // A check that cites NIST maps to NIST SP 800-53, with the control.
    let offboarding = events
        .iter()
        .find(|e| e["compliance"]["control"] == "COM-ID-02")
        .unwrap();
    let compliance = &offboarding["compliance"];
    assert!(
        compliance["standards"]
            .as_array()
            .unwrap()
            .contains(&json!("NIST SP 800-53 Rev. 5")),
        "{compliance}"
    );
    assert!(compliance["requirements"]
        .as_array()
        .unwrap()
        .contains(&json!("NIST SP 800-53 Rev. 5 AC-2(3)")));
    assert_eq!(by_status.get("pass"), Some(&1));
    assert_eq!(by_status.get("fail"), Some(&3));
    assert_eq!(
        by_status.get("error"),
        Some(&2),
        "missing evidence is a Warning"
    );
}

/// The customer-side layers of SaaS, as `tenantaudit matrix` names them.
const CUSTOMER_LAYERS: [&str; 10] = [
    "Identity platform and access policy",
    "Accounts and identities",
    "Authentication",
    "Sharing and collaboration",
    "Third-party apps and integrations",
    "Audit logging and monitoring",
    "Endpoints and devices",
    "Information and data",
    "Encryption key management",
    "Data classification and governance",
];

/// The customer-side section of the matrix: layer name → its lines.
fn customer_rows(text: &str) -> BTreeMap<String, Vec<String>> {
    let section = text
        .split_once("Customer side in SaaS")
        .expect("customer section")
        .1;
    let mut rows: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut current = None;
    for line in section.lines().skip(1) {
        if line.is_empty() {
            continue;
        }
        if let Some(item) = line.strip_prefix("  ") {
            let layer: &String = current.as_ref().expect("a line under a layer");
            rows.get_mut(layer).unwrap().push(item.trim().to_string());
        } else {
            let name = line.split(" (").next().unwrap().to_string();
            rows.insert(name.clone(), Vec::new());
            current = Some(name);
        }
    }
    rows
}

#[test]
fn the_matrix_covers_every_customer_side_layer_with_checks_or_a_manual_note() {
    let plain = tenantaudit().arg("matrix").output().unwrap();
    assert!(plain.status.success());
    let text = String::from_utf8(plain.stdout).unwrap();
    for layer in [
        "Physical datacenter",
        "Operating system",
        "Data classification",
    ] {
        assert!(text.contains(layer), "{layer} missing:\n{text}");
    }
    let rows = customer_rows(&text);
    assert_eq!(
        rows.keys().collect::<Vec<_>>(),
        {
            let mut sorted: Vec<_> = CUSTOMER_LAYERS.iter().map(|s| s.to_string()).collect();
            sorted.sort();
            sorted
        }
        .iter()
        .collect::<Vec<_>>()
    );
    for (layer, lines) in &rows {
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("manual ") || l.contains('-')),
            "{layer} has neither a check nor a manual note"
        );
    }

    // With a report: each check with its latest status per tenant, and the
    // same view in the HTML report.
    let (_dir, run) = demo(&[]);
    let output = tenantaudit()
        .args(["matrix", "--report"])
        .arg(run.out.join("report.json"))
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    let mfa = &customer_rows(&text)["Authentication"];
    for finding in findings(&run).iter().filter(|f| f["area"] == "mfa") {
        let check = finding["check_id"].as_str().unwrap();
        let line = mfa.iter().find(|l| l.starts_with(check)).unwrap();
        assert!(line.contains(finding["status"].as_str().unwrap()), "{line}");
    }
    let html = read(&run, "report.html");
    for layer in CUSTOMER_LAYERS {
        assert!(html.contains(layer), "{layer} missing from the HTML matrix");
    }

    let missing = tenantaudit()
        .args(["matrix", "--report", "no-such-report.json"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn the_html_report_is_self_contained() {
    let (_dir, run) = demo(&[]);
    let html = read(&run, "report.html");
    // Nothing is fetched: the only URL attributes are the empty data: icon
    // and links within the page.
    for attribute in [" src=", " href=", "@import", "url("] {
        let uses: Vec<_> = html.match_indices(attribute).collect();
        assert!(
            uses.iter()
                .all(|(i, _)| html[*i..].starts_with(" href=\"data:,\"")
                    || html[*i..].starts_with(" href=\"#")),
            "{attribute} in the HTML report"
        );
    }
    // Every in-page link has its target.
    for (i, _) in html.match_indices(" href=\"#") {
        let target = html[i + 8..].split('"').next().unwrap();
        assert!(html.contains(&format!(" id=\"{target}\"")), "no #{target}");
    }
    assert!(html.contains("Content-Security-Policy"));
    assert!(html.contains("default-src 'none'"));
    for finding in findings(&run) {
        assert!(html.contains(finding["check_id"].as_str().unwrap()));
    }
}

/// Where Debian installs Chromium (`.ci/run` installs it).
const CHROMIUM: &str = "/usr/bin/chromium";

/// Runs headless Chromium on a file with no network, a fresh profile, and
/// console output on stderr; kills it after a minute. Output goes to files:
/// a pipe nobody reads while waiting would fill and stall the browser.
fn chromium(page: &Path, mode: &[&str]) -> (String, String) {
    let profile = tempfile::tempdir().unwrap();
    let stdout = profile.path().join("stdout");
    let stderr = profile.path().join("stderr");
    let mut child = Command::new(CHROMIUM)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-background-networking",
            "--disable-gpu",
            "--no-first-run",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(mode)
        .arg(format!("file://{}", page.display()))
        // The browser is not under test: it keeps the real clock when the suite
        // runs under libfaketime (.ci/run), which would stall it.
        .env_remove("LD_PRELOAD")
        .env_remove("FAKETIME")
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&stdout).unwrap())
        .stderr(std::fs::File::create(&stderr).unwrap())
        .spawn()
        .expect("chromium starts");
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(60) {
            child.kill().ok();
            child.wait().ok();
            panic!("chromium did not finish in 60 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let read = |path: &Path| String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
    (read(&stdout), read(&stderr))
}

/// Console messages and script errors from the page (Chromium logs them as
/// `CONSOLE` lines); Chromium's own D-Bus and GPU noise is not the page's.
fn page_errors(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.contains("CONSOLE") || l.contains("Uncaught"))
        .collect()
}

// build.rs sets `chromium_missing` when the browser is not installed.
#[test]
#[cfg_attr(
    chromium_missing,
    ignore = "needs Chromium at /usr/bin/chromium (`.ci/run` installs it)"
)]
fn the_html_report_renders_in_headless_chromium() {
    let (dir, run) = demo(&[]);
    let page: PathBuf = run.out.join("report.html").canonicalize().unwrap();

    let (dom, stderr) = chromium(&page, &["--dump-dom"]);
    assert!(
        page_errors(&stderr).is_empty(),
        "{:?}",
        page_errors(&stderr)
    );
    let report = run.report();
    let overall = report["scores"]["overall"]["percent"].as_f64().unwrap();
    assert!(dom.contains(&format!("{overall:.1}%")), "overall score");
    for (area, score) in report["scores"]["by_area"].as_object().unwrap() {
        let percent = score["percent"].as_f64().unwrap();
        assert!(dom.contains(&format!("{percent:.1}%")), "{area} score");
    }
    for finding in findings(&run) {
        for field in ["check_id", "title"] {
            let text = finding[field].as_str().unwrap();
            assert!(dom.contains(text), "{text} not on the page");
        }
    }
    assert!(dom.contains("Shared responsibility matrix"));
    // The first page: scores, heat map and matrix, top risks, changes, all
    // before the findings; each check's explanation is on the page.
    let at = |marker: &str| {
        dom.find(marker)
            .unwrap_or_else(|| panic!("{marker} not rendered"))
    };
    let order = [
        at("id=\"summary\""),
        at("id=\"heatmap\""),
        at("id=\"matrix\""),
        at("id=\"risks\""),
        at("id=\"changes\""),
        at("id=\"findings-h\""),
    ];
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    let heat = &dom[at("class=\"heat\"")..at("id=\"matrix\"")];
    for tenant in ["contoso", "acme"] {
        assert!(heat.contains(tenant), "{tenant} row in the heat map");
    }
    for finding in findings(&run) {
        let id = finding["check_id"].as_str().unwrap();
        assert!(
            dom.contains(&format!("id=\"check-{id}\"")),
            "{id} explanation"
        );
    }
    // Markdown in remediation is rendered, not shown as backticks.
    assert!(dom.contains("<code>Set-SPOTenant -LegacyAuthProtocolsEnabled $false</code>"));

    let shot = dir.path().join("report.png");
    let (_, stderr) = chromium(
        &page,
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1280,2000",
            "--hide-scrollbars",
        ],
    );
    assert!(
        page_errors(&stderr).is_empty(),
        "{:?}",
        page_errors(&stderr)
    );
    let png = std::fs::read(&shot).expect("a screenshot was written");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    assert!(png.len() > 10_000, "screenshot is suspiciously small");
}

#[test]
fn a_second_run_shows_the_trend_per_tenant_and_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let run_at = |now: &str| {
        let output = tenantaudit()
            .args(["-q", "demo", "--format", "html"])
            .env("TENANTAUDIT_NOW", now)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        std::fs::read_to_string(dir.path().join("tenantaudit-out/report.html")).unwrap()
    };
    let first = run_at("2026-10-01T09:00:00Z");
    assert!(first.contains("No earlier run is recorded"));
    let second = run_at(crate::support::NOW);
    let changes =
        &second[second.find("id=\"changes\"").unwrap()..second.find("class=\"details\"").unwrap()];
    assert!(!changes.contains("No earlier run"), "{changes}");
    assert!(
        changes.contains("<td>new</td>")
            || changes.contains("<td>resolved</td>")
            || changes.contains("No finding started or stopped failing")
    );
    assert!(second.contains("Score per tenant over time (2026-10-01 to 2026-11-30)"));
    // One line per tenant, two runs each.
    for line in ["line-0", "line-1"] {
        assert_eq!(
            second.matches(&format!("class=\"dot {line}\"")).count(),
            2,
            "{line}"
        );
        assert_eq!(
            second.matches(&format!("class=\"trend {line}\"")).count(),
            1,
            "{line}"
        );
    }
}

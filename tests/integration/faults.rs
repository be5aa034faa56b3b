//! The fault matrix: the real binary against every injected fault on every
//! collection of both sample tenants.
//!
//! Each collection that the clean run reads successfully is a target; its
//! requests are named by a substring of the simulator's request line (Graph:
//! `GET <path>?`, Salesforce: `GET <path> <SOQL>`, composite:
//! `POST …/composite`, Exchange: `POST …/InvokeCommand <cmdlet>`, SharePoint:
//! `GET …/_api/SPO.Tenant`). Contoso has the Exchange Online and SharePoint
//! admin sources configured, so their collections are targets too.
//!
//! - A **transient** fault (a burst that ends) is put on every target at once,
//!   in one run: the run must end exactly like the clean one (exit code, every
//!   collection's status, every finding's status).
//! - A **persistent** fault is put on a few targets of each tenant per run:
//!   exactly those collections are `error` with the expected kind, every other
//!   collection keeps its clean status, no check that reads a faulted
//!   collection is `pass`, every other finding keeps its clean status, and the
//!   run exits 3.
//!
//! Every run must finish before its deadline and leave only whole files: each
//! JSON output parses, the CSV parses, and no `.tenantaudit-*` temporary file
//! is left behind. The figures are printed at the end (`--nocapture`).

use crate::support::{samples, tenantaudit, ForeignListener, Scenario, SECRET_ENV};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Stdio;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tenantaudit_simulator::{Fault, FaultKind, SampleStore};

/// Concurrent runs: they mostly wait (backoffs, timeouts), so more than the
/// cores.
const PARALLEL_RUNS: usize = 6;
/// Targets of each tenant faulted together in one persistent run.
const GROUP: usize = 5;
/// No run may take longer than this (the slowest, a persistent stall, needs
/// 3 attempts of 1 s plus two backoffs).
const DEADLINE: Duration = Duration::from_secs(45);
/// `[http]` for most runs: two retries, the default backoff.
const HTTP: &str = "max_retries = 2\n";
/// `[http]` for stalls: a 1 s client timeout.
const HTTP_STALL: &str = "max_retries = 2\ntimeout_seconds = 1\n";

/// One collection of one tenant, and how to aim a fault at it.
#[derive(Clone, Debug)]
struct Target {
    provider: &'static str,
    collection: String,
    /// Substring of the request line of this collection's requests only.
    needle: String,
    /// Path and query of its first page, as sent.
    first: String,
    /// Pages (`value`/`records` lists): next-link faults apply.
    list: bool,
    composite: bool,
}

impl Target {
    fn key(&self) -> (String, String) {
        (self.provider.to_string(), self.collection.clone())
    }
}

/// What a fault should do to the run.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Expect {
    /// Retried or followed to success: the run equals the clean run.
    Recovers,
    /// The collection is `error` with this kind.
    Error(&'static str),
}

struct Case {
    name: &'static str,
    /// The fault for a target, or `None` where it does not apply.
    kind: fn(&Target) -> Option<FaultKind>,
    /// Matching requests that get the fault; `None` for all of them.
    times: Option<u32>,
    expect: Expect,
    http: &'static str,
}

fn always(kind: FaultKind) -> Option<FaultKind> {
    Some(kind)
}

fn status(code: u16) -> Option<FaultKind> {
    always(FaultKind::Status(code))
}

/// Valid JSON whose items lack the fields the contract requires (`id`…).
fn missing_fields(t: &Target) -> Option<FaultKind> {
    let body = match (t.provider, t.list, t.composite) {
        (_, _, true) => json!({"compositeResponse": [{"body": {"totalSize": 1, "done": true,
            "records": [{"attributes": {"type": "FieldDefinition"}}]}, "httpHeaders": {}, "httpStatusCode": 200}]}),
        ("m365", true, _) => json!({"value": [{"displayName": "no id"}]}),
        ("m365", false, _) => json!({"displayName": "no id"}),
        _ => {
            json!({"totalSize": 1, "done": true, "records": [{"attributes": {"type": "Unknown"}}]})
        }
    };
    Some(FaultKind::Body(body))
}

/// A next link back to the first page.
fn looping_next(t: &Target) -> Option<FaultKind> {
    let body = match (t.provider, t.list) {
        (_, false) => return None,
        ("m365", true) => json!({"value": [], "@odata.nextLink": t.first}),
        _ => json!({"totalSize": 0, "done": false, "records": [], "nextRecordsUrl": t.first}),
    };
    Some(FaultKind::Body(body))
}

/// An empty first page whose next link leads to the data: must be followed.
fn empty_page_then_data(t: &Target) -> Option<FaultKind> {
    let separator = if t.first.contains('?') { '&' } else { '?' };
    let body = match (t.provider, t.list) {
        (_, false) => return None,
        ("m365", true) => json!({"value": [],
            "@odata.nextLink": format!("{}{separator}%24skiptoken=0", t.first)}),
        _ => json!({"totalSize": 0, "done": false, "records": [],
            "nextRecordsUrl": format!("{}{separator}page=2", t.first)}),
    };
    Some(FaultKind::Body(body))
}

/// The second origin next links are aimed at; it must never hear from us.
fn foreign() -> &'static ForeignListener {
    static FOREIGN: std::sync::OnceLock<ForeignListener> = std::sync::OnceLock::new();
    FOREIGN.get_or_init(ForeignListener::start)
}

/// A next link to another port: absolute for Graph, protocol-relative
/// (`//host:port/…`) for Salesforce.
fn foreign_next(t: &Target) -> Option<FaultKind> {
    let scheme = if t.provider == "m365" { "http:" } else { "" };
    t.list
        .then(|| FaultKind::ForeignNextLink(format!("{scheme}//{}", foreign().origin)))
}

/// A singleton resource answering `{}`.
fn empty_singleton(t: &Target) -> Option<FaultKind> {
    (!t.list && !t.composite).then(|| FaultKind::Body(json!({})))
}

/// Exchange's answer to a cmdlet that fails (the observed envelope: an OData
/// error whose `details` carry the cmdlet's exception).
fn cmdlet_error(t: &Target) -> Option<FaultKind> {
    t.needle.contains("/InvokeCommand").then(|| {
        FaultKind::StatusBody(
            400,
            json!({"error": {"code": "BadRequest", "message": "Error executing cmdlet",
                "details": [{"code": "Context", "target": "",
                    "message": "Ex0D2F2E|Microsoft.Exchange.Configuration.Tasks.TaskException|A transient directory error occurred."}],
                "innererror": {"message": "Error executing cmdlet",
                    "type": "Microsoft.Exchange.Admin.OData.Core.ODataServiceException"}}}),
        )
    })
}

const MISSING_FIELDS: &str = "missing required fields";

fn cases() -> Vec<Case> {
    use Expect::*;
    let transient = |name, kind: fn(&Target) -> Option<FaultKind>, times, http| Case {
        name,
        kind,
        times: Some(times),
        expect: Recovers,
        http,
    };
    let persistent = |name, kind: fn(&Target) -> Option<FaultKind>, error, http| Case {
        name,
        kind,
        times: None,
        expect: Error(error),
        http,
    };
    vec![
        transient(
            "429 Retry-After: 0, twice",
            |_| {
                always(FaultKind::Throttle {
                    retry_after: Some(0),
                })
            },
            2,
            HTTP,
        ),
        transient(
            "429 without Retry-After, once",
            |_| always(FaultKind::Throttle { retry_after: None }),
            1,
            HTTP,
        ),
        transient("500 burst of 2", |_| status(500), 2, HTTP),
        transient("502 burst of 2", |_| status(502), 2, HTTP),
        transient("503 burst of 2", |_| status(503), 2, HTTP),
        transient("504 burst of 2", |_| status(504), 2, HTTP),
        transient(
            "connection reset, once",
            |_| always(FaultKind::Reset),
            1,
            HTTP,
        ),
        transient(
            "truncated body, once",
            |_| always(FaultKind::Truncated),
            1,
            HTTP,
        ),
        transient(
            "truncated gzip body, once",
            |_| always(FaultKind::TruncatedGzip),
            1,
            HTTP,
        ),
        transient(
            "429 Retry-After: 1, once, pausing the tenant",
            |_| {
                always(FaultKind::Throttle {
                    retry_after: Some(1),
                })
            },
            1,
            HTTP,
        ),
        transient(
            "stalled answer, once",
            |_| always(FaultKind::Stall),
            1,
            HTTP_STALL,
        ),
        transient(
            "401 expired token, once",
            |_| always(FaultKind::ExpiredToken),
            1,
            HTTP,
        ),
        transient("empty page with a next link", empty_page_then_data, 1, HTTP),
        persistent(
            "429 Retry-After: 0, always",
            |_| {
                always(FaultKind::Throttle {
                    retry_after: Some(0),
                })
            },
            "throttled",
            HTTP,
        ),
        persistent(
            "429 without Retry-After, always",
            |_| always(FaultKind::Throttle { retry_after: None }),
            "throttled",
            HTTP,
        ),
        persistent("500 always", |_| status(500), "transport", HTTP),
        persistent("502 always", |_| status(502), "transport", HTTP),
        persistent("503 always", |_| status(503), "throttled", HTTP),
        persistent("504 always", |_| status(504), "timeout", HTTP),
        persistent(
            "connection reset, always",
            |_| always(FaultKind::Reset),
            "transport",
            HTTP,
        ),
        persistent(
            "truncated body, always",
            |_| always(FaultKind::Truncated),
            "transport",
            HTTP,
        ),
        persistent(
            "truncated gzip body, always",
            |_| always(FaultKind::TruncatedGzip),
            "transport",
            HTTP,
        ),
        persistent(
            "next link to another origin",
            foreign_next,
            "malformed",
            HTTP,
        ),
        persistent("singleton answering {}", empty_singleton, "malformed", HTTP),
        persistent(
            "stalled answer, always",
            |_| always(FaultKind::Stall),
            "timeout",
            HTTP_STALL,
        ),
        persistent(
            "malformed JSON",
            |_| always(FaultKind::MalformedJson),
            "malformed",
            HTTP,
        ),
        persistent(
            "valid JSON of the wrong shape",
            |_| always(FaultKind::Body(json!(["unexpected"]))),
            "malformed",
            HTTP,
        ),
        persistent(MISSING_FIELDS, missing_fields, "malformed", HTTP),
        persistent("next link that loops", looping_next, "malformed", HTTP),
        persistent(
            "401 after refresh too",
            |_| always(FaultKind::ExpiredToken),
            "auth",
            HTTP,
        ),
        persistent("403 forbidden", |_| status(403), "forbidden", HTTP),
        persistent("Exchange cmdlet error", cmdlet_error, "transport", HTTP),
        persistent("404 not found", |_| status(404), "not_found", HTTP),
    ]
}

/// One finished run of the binary.
struct Outcome {
    code: Option<i32>,
    elapsed: Duration,
    stderr: String,
    /// (provider, collection) → (status, error kind).
    collections: BTreeMap<(String, String), (String, Option<String>)>,
    /// (provider, check id) → (status, message and fix).
    findings: BTreeMap<(String, String), (String, String)>,
    /// Problems with the files written: partial or unreadable.
    bad_files: Vec<String>,
}

/// Runs `audit` against a fresh simulator with these faults, under a deadline.
fn run(faults: Vec<Fault>, http: &str) -> Outcome {
    let mut scenario = Scenario::new().admin_sources().http(http);
    for fault in faults {
        scenario = scenario.fault(fault);
    }
    let sim = scenario.start();
    let config = sim.default_config();
    let dir = sim.dir.path();
    let stdout = std::fs::File::create(dir.join("stdout.txt")).unwrap();
    let stderr = std::fs::File::create(dir.join("stderr.txt")).unwrap();
    let started = Instant::now();
    let mut child = tenantaudit()
        .args(["audit", "--config"])
        .arg(&config)
        .current_dir(dir)
        .env(SECRET_ENV, sim.secret())
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(stderr)
        .spawn()
        .expect("binary starts");
    let code = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status.code();
        }
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stderr = std::fs::read_to_string(dir.join("stderr.txt")).unwrap_or_default();
    inspect(&dir.join("out"), code, started.elapsed(), stderr)
}

/// What a run left in `out`.
fn inspect(out: &Path, code: Option<i32>, elapsed: Duration, stderr: String) -> Outcome {
    let mut outcome = Outcome {
        code,
        elapsed,
        stderr,
        collections: BTreeMap::new(),
        findings: BTreeMap::new(),
        bad_files: whole_files(out),
    };
    for label in ["contoso", "acme"] {
        let Some(snapshot) = read_json(&out.join(format!("snapshots/{label}.json"))) else {
            continue;
        };
        let provider = snapshot["tenant"]["provider"]
            .as_str()
            .unwrap_or("?")
            .to_string();
        for (name, record) in snapshot["collections"].as_object().into_iter().flatten() {
            let status = record["status"].as_str().unwrap_or("?").to_string();
            let kind = record["error"]["kind"].as_str().map(str::to_string);
            outcome
                .collections
                .insert((provider.clone(), name.clone()), (status, kind));
        }
    }
    if let Some(report) = read_json(&out.join("report.json")) {
        for finding in report["findings"].as_array().into_iter().flatten() {
            let key = (
                finding["provider"].as_str().unwrap_or("?").to_string(),
                finding["check_id"].as_str().unwrap_or("?").to_string(),
            );
            let status = finding["status"].as_str().unwrap_or("?").to_string();
            let text = format!(
                "{} {}",
                finding["message"].as_str().unwrap_or(""),
                finding["fix"].as_str().unwrap_or("")
            );
            outcome.findings.insert(key, (status, text));
        }
    }
    outcome
}

fn read_json(path: &Path) -> Option<Value> {
    serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()
}

/// Every file below `dir` is whole: JSON parses, CSV parses, no temp file.
fn whole_files(dir: &Path) -> Vec<String> {
    let mut bad = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if path.is_dir() {
                stack.push(path);
            } else if name.starts_with(".tenantaudit-") {
                bad.push(format!("temporary file left: {}", path.display()));
            } else if name.ends_with(".json") {
                if read_json(&path).is_none() {
                    bad.push(format!("not whole JSON: {}", path.display()));
                }
            } else if name.ends_with(".csv") {
                let mut reader = csv::Reader::from_path(&path).expect("csv opens");
                if reader.records().any(|r| r.is_err()) {
                    bad.push(format!("not whole CSV: {}", path.display()));
                }
            }
        }
    }
    bad
}

/// The collections of the clean run that a fault can be aimed at.
fn targets(clean_dir: &Path) -> Vec<Target> {
    let graph_samples =
        SampleStore::load_as_of(&samples().join("m365-contoso"), crate::support::now())
            .expect("samples");
    let mut all = Vec::new();
    for label in ["contoso", "acme"] {
        let snapshot =
            read_json(&clean_dir.join(format!("snapshots/{label}.json"))).expect("clean snapshot");
        let provider = match snapshot["tenant"]["provider"].as_str() {
            Some("m365") => "m365",
            _ => "salesforce",
        };
        for (name, record) in snapshot["collections"].as_object().expect("collections") {
            // Only collections that made requests in the clean run can be faulted.
            if record["status"] != "ok" || record["pages"].as_u64().unwrap_or(0) == 0 {
                continue;
            }
            // The last endpoint is the collection's data (permission_sets reads describe first).
            let first = record["endpoints"]
                .as_array()
                .and_then(|e| e.last())
                .and_then(Value::as_str)
                .expect("endpoint")
                .to_string();
            // An Exchange endpoint is `<path> <cmdlet>`: one path runs every cmdlet.
            if let Some((path, cmdlet)) = first.split_once(' ') {
                all.push(Target {
                    provider,
                    collection: name.clone(),
                    needle: format!("POST {path} {cmdlet}"),
                    first: path.to_string(),
                    list: true,
                    composite: false,
                });
                continue;
            }
            let url = url::Url::parse(&format!("http://sim{first}")).expect("endpoint URL");
            let path = url.path().to_string();
            let target = if path.contains("/_api/") {
                Target {
                    provider,
                    collection: name.clone(),
                    needle: format!("GET {path}"),
                    first,
                    list: false,
                    composite: false,
                }
            } else if provider == "m365" {
                let key = path.trim_start_matches('/');
                let list = graph_samples
                    .get(key)
                    .is_some_and(|body| body.get("value").is_some_and(Value::is_array));
                Target {
                    provider,
                    collection: name.clone(),
                    needle: format!("GET {path}?"),
                    first,
                    list,
                    composite: false,
                }
            } else if path.ends_with("/composite") {
                Target {
                    provider,
                    collection: name.clone(),
                    needle: format!("POST {path}"),
                    first,
                    list: false,
                    composite: true,
                }
            } else {
                let soql = url
                    .query_pairs()
                    .find(|(k, _)| k == "q")
                    .map(|(_, v)| v.into_owned())
                    .expect("SOQL");
                Target {
                    provider,
                    collection: name.clone(),
                    needle: format!("GET {path} {soql}"),
                    first,
                    list: true,
                    composite: false,
                }
            };
            all.push(target);
        }
    }
    all
}

/// check id → the (provider, collection) pairs it reads, from `checks explain`.
fn needs() -> BTreeMap<String, Vec<(Option<String>, String)>> {
    let list = tenantaudit()
        .args(["checks", "list"])
        .output()
        .expect("checks list");
    let list = String::from_utf8_lossy(&list.stdout).into_owned();
    let mut needs = BTreeMap::new();
    for id in list
        .lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().next())
    {
        let page = tenantaudit()
            .args(["checks", "explain", id])
            .output()
            .expect("checks explain");
        let page = String::from_utf8_lossy(&page.stdout).into_owned();
        let line = page
            .lines()
            .find_map(|l| l.strip_prefix("- Collections read:"))
            .unwrap_or_default();
        let read = line
            .split(',')
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(|n| match n.split_once(':') {
                Some((provider, name)) => (Some(provider.to_string()), name.to_string()),
                None => (None, n.to_string()),
            })
            .collect();
        needs.insert(id.to_string(), read);
    }
    needs
}

#[derive(Default)]
struct Figures {
    completed: usize,
    false_passes: usize,
    partial_files: usize,
    slowest: Duration,
    /// Collections that accepted items without the fields a fault removed.
    tolerated: BTreeSet<String>,
    /// `check@provider <- collection`: an error on a collection its `needs` omit.
    undeclared: BTreeSet<String>,
}

/// (upstream, derived) Microsoft 365 collections.
const DERIVED: [(&str, &str); 2] = [
    ("role_assignments", "role_group_members"),
    ("role_eligibility_schedules", "role_group_members"),
];

/// Everything wrong with one run, measured against the clean run.
fn judge(
    case: &Case,
    job: &Job,
    outcome: &Outcome,
    clean: &Outcome,
    needs: &BTreeMap<String, Vec<(Option<String>, String)>>,
    figures: &mut Figures,
) -> Vec<String> {
    let mut found = Vec::new();
    figures.slowest = figures.slowest.max(outcome.elapsed);
    let Some(code) = outcome.code else {
        found.push(format!("did not finish within {DEADLINE:?}"));
        return found;
    };
    figures.completed += 1;
    figures.partial_files += outcome.bad_files.len();
    found.extend(outcome.bad_files.iter().cloned());
    let persistent = matches!(case.expect, Expect::Error(_));
    let expected_code = if persistent { 3 } else { 0 };
    if code != expected_code {
        found.push(format!(
            "exit {code}, expected {expected_code}; stderr:\n{}",
            outcome.stderr
        ));
    }
    let faulted: BTreeSet<(String, String)> = if persistent {
        job.targets.iter().map(Target::key).collect()
    } else {
        BTreeSet::new()
    };
    // Licences are read from subscribed_skus: without it, the licence-gated
    // collections are attempted rather than marked, and may change.
    let licences_lost = faulted.contains(&("m365".to_string(), "subscribed_skus".to_string()));
    let mut affected = faulted.clone();
    if licences_lost {
        for (key, (clean_status, _)) in &clean.collections {
            if key.0 == "m365" && matches!(clean_status.as_str(), "not_licensed" | "skipped") {
                affected.insert(key.clone());
            }
        }
    }
    // Collections whose requests come from another's answer fail with it:
    // the members of role-holding groups are read from the assignments.
    for (upstream, derived) in DERIVED {
        if faulted.contains(&("m365".to_string(), upstream.to_string())) {
            affected.insert(("m365".to_string(), derived.to_string()));
        }
    }
    for (key, clean_state) in &clean.collections {
        let Some(state) = outcome.collections.get(key) else {
            found.push(format!("{key:?}: no collection record"));
            continue;
        };
        if let (true, Expect::Error(kind)) = (faulted.contains(key), case.expect) {
            // A type with no required field reads `{}` as an item: allowed,
            // as long as no check passes on it (below).
            if case.name == MISSING_FIELDS && state.0 == "ok" {
                figures.tolerated.insert(format!("{}:{}", key.0, key.1));
            } else if state.0 != "error" || state.1.as_deref() != Some(kind) {
                found.push(format!("{key:?}: {state:?}, expected error {kind}"));
            }
        } else if !affected.contains(key) && state != clean_state {
            found.push(format!("{key:?}: {state:?}, clean run {clean_state:?}"));
        }
    }
    for (key, (clean_status, _)) in &clean.findings {
        let (status, text) = outcome
            .findings
            .get(key)
            .map(|(s, t)| (s.as_str(), t.as_str()))
            .unwrap_or(("missing", ""));
        let declared = needs.get(&key.1).is_some_and(|read| {
            read.iter().any(|(provider, name)| {
                provider.as_deref().is_none_or(|p| p == key.0)
                    && affected.contains(&(key.0.clone(), name.clone()))
            })
        });
        // An error naming a faulted collection reads it, declared or not (of
        // its own tenant or, for cross-tenant checks, of another).
        let named = affected
            .iter()
            .find(|(_, name)| text.contains(name.as_str()))
            .filter(|_| status == "error");
        if let (false, Some((provider, name))) = (declared, named) {
            figures
                .undeclared
                .insert(format!("{}@{} <- {provider}:{name}", key.1, key.0));
        }
        if declared || named.is_some() {
            if status == "pass" {
                figures.false_passes += 1;
                found.push(format!(
                    "{key:?} is pass although it reads a faulted collection"
                ));
            }
        } else if status != clean_status {
            if status == "pass" {
                figures.false_passes += 1;
            }
            found.push(format!("{key:?}: {status}, clean run {clean_status}"));
        }
    }
    found
}

struct Job {
    case: usize,
    targets: Vec<Target>,
}

#[test]
fn fault_matrix() {
    let started = Instant::now();
    let clean_sim = Scenario::new().admin_sources().http(HTTP).start();
    let clean_run = clean_sim.run(&["audit"]);
    let clean_out = clean_sim.dir.path().join("out");
    let clean = inspect(
        &clean_out,
        Some(clean_run.code),
        Duration::ZERO,
        clean_run.stderr,
    );
    assert_eq!(clean.code, Some(0), "clean run: {}", clean.stderr);
    assert!(clean.bad_files.is_empty(), "{:?}", clean.bad_files);
    let all_targets = targets(&clean_out);
    let needs = needs();
    assert!(needs.len() >= 10, "the catalog was read: {needs:?}");
    let cases = cases();

    // Transient: every target at once. Persistent: a few of each tenant per run.
    let mut jobs = Vec::new();
    for (index, case) in cases.iter().enumerate() {
        let applicable: Vec<Target> = all_targets
            .iter()
            .filter(|t| (case.kind)(t).is_some())
            .cloned()
            .collect();
        if case.expect == Expect::Recovers {
            jobs.push(Job {
                case: index,
                targets: applicable,
            });
            continue;
        }
        let (m365, salesforce): (Vec<Target>, Vec<Target>) =
            applicable.into_iter().partition(|t| t.provider == "m365");
        let groups = m365.len().max(salesforce.len()).div_ceil(GROUP);
        for g in 0..groups {
            let mut targets = Vec::new();
            for side in [&m365, &salesforce] {
                targets.extend(side.iter().skip(g * GROUP).take(GROUP).cloned());
            }
            jobs.push(Job {
                case: index,
                targets,
            });
        }
    }
    let pairs: usize = jobs.iter().map(|j| j.targets.len()).sum();
    let job_count = jobs.len();
    let queue = Mutex::new(jobs);
    let results = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..PARALLEL_RUNS {
            scope.spawn(|| loop {
                let Some(job) = queue.lock().unwrap().pop() else {
                    break;
                };
                let case = &cases[job.case];
                let faults = job
                    .targets
                    .iter()
                    .map(|t| {
                        let fault =
                            Fault::new(t.needle.clone(), (case.kind)(t).expect("applicable"));
                        match case.times {
                            Some(times) => fault.times(times),
                            None => fault,
                        }
                    })
                    .collect();
                let outcome = run(faults, case.http);
                results.lock().unwrap().push((job, outcome));
            });
        }
    });
    let results = results.into_inner().unwrap();

    let mut problems = Vec::new();
    let mut figures = Figures::default();
    for (job, outcome) in &results {
        let case = &cases[job.case];
        let found = judge(case, job, outcome, &clean, &needs, &mut figures);
        if !found.is_empty() {
            let names: Vec<String> = job
                .targets
                .iter()
                .map(|t| format!("{}:{}", t.provider, t.collection))
                .collect();
            let shown = found.len().min(12);
            let more = found.len() - shown;
            problems.push(format!(
                "[{}] faulted {}:\n  {}{}",
                case.name,
                names.join(", "),
                found[..shown].join("\n  "),
                if more > 0 {
                    format!("\n  … and {more} more")
                } else {
                    String::new()
                }
            ));
        }
    }
    let Figures {
        completed,
        false_passes,
        partial_files,
        slowest,
        tolerated,
        undeclared,
    } = figures;
    println!(
        "fault matrix: {pairs} faults x collections tried ({} fault kinds, {} collections), \
         {completed}/{job_count} runs completed, false passes: {false_passes}, partial files: {partial_files}, \
         slowest run {:.1}s, matrix {:.1}s",
        cases.len(),
        all_targets.len(),
        slowest.as_secs_f64(),
        started.elapsed().as_secs_f64(),
    );
    if !tolerated.is_empty() {
        let tolerated: Vec<_> = tolerated.into_iter().collect();
        println!(
            "  read without error although fields were missing (their checks were not pass): {}",
            tolerated.join(", ")
        );
    }
    if !undeclared.is_empty() {
        let undeclared: Vec<_> = undeclared.into_iter().collect();
        println!(
            "  checks erroring on a collection their metadata does not list: {}",
            undeclared.join(", ")
        );
    }
    assert_eq!(
        foreign().contacts(),
        (0, 0),
        "the foreign origin was contacted (connections, requests with a token)"
    );
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert_eq!(completed, job_count);
}

/// Forward compatibility: values the API may send tomorrow (an unknown enum
/// value, an extra field) never panic, are kept in the raw evidence, and the
/// checks decide conservatively, as their docs say.
#[test]
fn unknown_enum_values_and_extra_fields_are_handled_conservatively() {
    let clean = Scenario::new().audit();
    assert_eq!(
        clean.status("M365-MFA-01", crate::support::CONTOSO_ID),
        "pass"
    );
    let mut edited_guests = Vec::new();
    let sim = Scenario::new()
        .m365(|s| {
            s.edit_items("graph/v1.0/identity/conditionalAccess/policies", |p| {
                p["state"] = json!("enabledForFutureMode");
                p["futureProperty"] = json!({"nested": [1, {"deeper": true}]});
                if let Some(types) = p
                    .pointer_mut("/conditions/clientAppTypes")
                    .and_then(Value::as_array_mut)
                {
                    types.push(json!("quantumLink"));
                }
            })?
            .edit_items("graph/v1.0/users", |u| {
                if u["userType"] == "Guest" {
                    u["userType"] = json!("FutureGuest");
                }
            })
        })
        .salesforce(|s| {
            s.edit_items("query/User", |u| {
                if u["UserType"] == "Guest" {
                    u["UserType"] = json!("FutureGuestKind");
                    edited_guests.push(u["Id"].as_str().unwrap_or_default().to_string());
                }
            })
        })
        .start();
    let run = sim.run(&["audit", "--evidence", "out/evidence"]);
    assert_eq!(run.code, 0, "every collection is read: {}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    // A policy in a state tenantaudit does not know is not counted as enforcing.
    for check in ["M365-MFA-01", "M365-CA-01"] {
        let status = run.status(check, crate::support::CONTOSO_ID);
        assert!(
            status == "fail" || status == "error",
            "{check} is {status} with only unknown-state policies"
        );
    }
    // The unknown values are kept in the raw evidence.
    let mut raw = String::new();
    for entry in std::fs::read_dir(sim.dir.path().join("out/evidence"))
        .unwrap()
        .flatten()
    {
        let mut stack = vec![entry.path()];
        while let Some(path) = stack.pop() {
            if path.is_dir() {
                stack.extend(
                    std::fs::read_dir(&path)
                        .unwrap()
                        .flatten()
                        .map(|e| e.path()),
                );
            } else if path.extension().is_some_and(|e| e == "gz") {
                let bytes = std::fs::read(&path).unwrap();
                std::io::Read::read_to_string(
                    &mut flate2::read::GzDecoder::new(&bytes[..]),
                    &mut raw,
                )
                .unwrap();
            }
        }
    }
    for kept in [
        "enabledForFutureMode",
        "futureProperty",
        "quantumLink",
        "FutureGuest",
    ] {
        assert!(raw.contains(kept), "{kept} is in the raw evidence");
    }
    // Unknown account types map as the snapshot contract says: Graph → member,
    // Salesforce → external (never a more trusted kind).
    let snapshot = |label: &str| -> Value {
        serde_json::from_str(
            &std::fs::read_to_string(run.out.join(format!("snapshots/{label}.json"))).unwrap(),
        )
        .unwrap()
    };
    let acme = snapshot("acme");
    let principals = acme["common"]["principals"].as_array().unwrap();
    assert!(
        !edited_guests.is_empty(),
        "the sample has Salesforce guests"
    );
    for id in &edited_guests {
        let p = principals.iter().find(|p| p["id"] == id.as_str()).unwrap();
        assert_eq!(p["kind"], "external", "{p}");
    }
    let contoso = snapshot("contoso");
    assert_eq!(
        contoso["collections"]["conditional_access_policies"]["status"],
        "ok"
    );
    assert_eq!(contoso["collections"]["users"]["status"], "ok");
}

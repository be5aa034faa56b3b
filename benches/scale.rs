//! Large tenants, fast (issue 8): the real `tenantaudit` binary against the
//! simulator serving a generated tenant (100,000 users, 10,000 service
//! principals, 50,000 grants; a Salesforce org with 50,000 users, 100,000
//! permission-set assignments and 200,000 OAuth tokens), with per-request
//! latency and a throttle that answers 429 + `Retry-After`.
//!
//! ```sh
//! cargo bench --bench scale              # the full tenant
//! cargo bench --bench scale -- --small   # a twentieth of it (or TENANTAUDIT_BENCH_SMALL=1)
//! ```
//!
//! Knobs (environment): `TENANTAUDIT_BENCH_LATENCY_MS` (20), `TENANTAUDIT_BENCH_THROTTLE`
//! (API requests in flight per API before a 429, 4; 0 for none),
//! `TENANTAUDIT_BENCH_RETRY_AFTER` (seconds, 1), `TENANTAUDIT_BENCH_SEED` (8);
//! `TENANTAUDIT_BENCH_KEEP=1` keeps the config, snapshots and reports.
//!
//! Prints, next to their targets: requests made vs the minimum the page sizes
//! allow, 429s received, collection wall time vs the critical-path bound
//! (the longest chain of dependent pages × latency), peak resident memory of
//! the audit (collect through every report), and `check --format all` alone.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};
use tenantaudit_simulator::generate::{self, Scale, Seed};
use tenantaudit_simulator::{SampleStore, Simulator, SimulatorBuilder, Throttle};

const BIN: &str = env!("CARGO_BIN_EXE_tenantaudit");
const CONTOSO: &str = "6f1c2b3a-9d7e-4c51-8a42-0b1d2e3f4a5b";
/// The simulator's cap on a Graph page (the connectors ask for the
/// documented maximum, 999, or 500 for users with sign-in activity).
const GRAPH_PAGE_CAP: usize = 999;
/// Graph's page when a list takes no `$top` (the simulator's default).
const GRAPH_DEFAULT_PAGE: usize = 100;
const SOQL_BATCH: usize = 2000;

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() -> anyhow::Result<()> {
    if std::env::var_os(LAUNCHER).is_some() {
        return launcher();
    }
    // Children are started by a small copy of this program, started before
    // the tenant is generated: a child forked from this (large) process
    // would inherit its peak RSS in `ru_maxrss`.
    let mut launcher = Launcher::start()?;
    let small = std::env::args().any(|a| a == "--small")
        || std::env::var_os("TENANTAUDIT_BENCH_SMALL").is_some_and(|v| !v.is_empty() && v != "0");
    let latency = Duration::from_millis(env_or("TENANTAUDIT_BENCH_LATENCY_MS", 20));
    let in_flight: usize = env_or("TENANTAUDIT_BENCH_THROTTLE", 4);
    let retry_after: u64 = env_or("TENANTAUDIT_BENCH_RETRY_AFTER", 1);
    let seed: u64 = env_or("TENANTAUDIT_BENCH_SEED", 8);
    let scale = if small {
        Scale::small()
    } else {
        Scale::large()
    };
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");

    println!(
        "tenantaudit scale benchmark ({})",
        if small { "small" } else { "full" }
    );
    println!("  {scale:?}");
    let started = Instant::now();
    let seed = Seed {
        seed,
        now: chrono::Utc::now(),
    };
    let m365 = generate::m365(
        SampleStore::load(&samples.join("m365-contoso"))?,
        &scale,
        seed,
    );
    let sf = generate::salesforce(SampleStore::load(&samples.join("sf-acme"))?, &scale, seed);
    println!("  generated in {:.1} s", started.elapsed().as_secs_f64());
    let sizes = Sizes::of(&m365, &sf);

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let mut builder = SimulatorBuilder::new(&samples)
        .m365(m365)
        .salesforce(sf)
        .graph_page_size(GRAPH_PAGE_CAP)
        .soql_batch_size(SOQL_BATCH)
        .api_daily_limit(10_000_000)
        .latency(latency);
    if in_flight > 0 {
        builder = builder.throttle(Throttle {
            max_in_flight: in_flight,
            retry_after,
        });
    }
    let sim = runtime.block_on(builder.start())?;
    println!(
        "  simulator: latency {} ms, throttle {}",
        latency.as_millis(),
        if in_flight > 0 {
            format!(
                "429 + Retry-After: {retry_after} beyond {in_flight} requests in flight per API"
            )
        } else {
            "off".into()
        }
    );

    let work = tempfile::tempdir()?;
    let config = write_config(&sim, &samples, work.path())?;
    let secret = sim.credentials().entra_client_secret.clone();
    let mut run =
        |args: &[&str]| -> anyhow::Result<Run> { launcher.run(args, &secret, work.path()) };
    let config_arg = config.to_string_lossy().into_owned();
    if std::env::var_os("TENANTAUDIT_BENCH_SERVE").is_some() {
        // For profilers: serve until killed; run the binary by hand.
        println!("  serving; config {}", config.display());
        println!("  export TENANTAUDIT_BENCH_ENTRA_SECRET={secret}");
        let _ = work.keep();
        loop {
            std::thread::sleep(Duration::from_secs(3600));
        }
    }

    // 1. Collection alone: requests, 429s, wall time against the bound.
    let (before, log_start) = (sim.pacing_stats(), sim.request_log().len());
    let collect = run(&["-q", "collect", "--config", &config_arg])?;
    let after = sim.pacing_stats();
    let log = sim.request_log();
    let minimum = sizes.minimum(&log[log_start..]);
    let requests = after.requests - before.requests;
    let throttled = after.throttled - before.throttled;
    let bound = latency * minimum.longest_chain as u32;

    // 2. Checks and every report on the written snapshots, alone: the
    // 100,000-user tenant's (the target), then both tenants'.
    let snapshots = work.path().join("out/snapshots");
    let mut check_of = |files: &[&str], out: &str| {
        let mut args = vec![
            "-v",
            "check",
            "--format",
            "all",
            "--no-history",
            "--out",
            out,
        ];
        let paths: Vec<String> = files
            .iter()
            .map(|f| snapshots.join(f).to_string_lossy().into_owned())
            .collect();
        args.extend(paths.iter().map(String::as_str));
        run(&args)
    };
    let check = check_of(&["contoso.json"], "check-out")?;
    let phases = Phases::of(&check.stderr);
    let check_both = check_of(&["contoso.json", "acme.json"], "check-both")?;
    let phases_both = Phases::of(&check_both.stderr);

    // 3. The whole audit of the 100,000-user tenant in one process, for
    // peak memory; then of both tenants.
    let audit = run(&[
        "-q",
        "audit",
        "--config",
        "m365.toml",
        "--format",
        "all",
        "--no-history",
        "--out",
        "audit-m365",
    ])?;
    let audit_both = run(&[
        "-q",
        "audit",
        "--config",
        &config_arg,
        "--format",
        "all",
        "--no-history",
        "--out",
        "audit-both",
    ])?;

    let objects = affected_objects(&work.path().join("check-both/report.csv"));
    println!();
    println!(
        "  exit codes: collect {}, check {} (both {}), audit {}, audit of both {}",
        collect.code, check.code, check_both.code, audit.code, audit_both.code
    );
    println!("  report: {objects} rows in report.csv (finding × affected object)");
    println!();
    println!("  {:<36} {:>22} {:>18}", "figure", "measured", "target");
    let row = |name: &str, value: String, target: &str, ok: Option<bool>| {
        let verdict = match ok {
            Some(true) => "ok",
            Some(false) => "MISSED",
            None => "",
        };
        println!("  {name:<36} {value:>22} {target:>18}  {verdict}");
    };
    let ratio = requests as f64 / minimum.requests as f64;
    row(
        "requests (minimum for page sizes)",
        format!("{requests} ({})", minimum.requests),
        &format!("≤ {:.0} (1.05×)", minimum.requests as f64 * 1.05),
        Some(ratio <= 1.05),
    );
    row("429s received", throttled.to_string(), "", None);
    let wall_ratio = collect.wall.as_secs_f64() / bound.as_secs_f64();
    row(
        "collect wall (critical-path bound)",
        format!(
            "{:.2} s ({:.2} s)",
            collect.wall.as_secs_f64(),
            bound.as_secs_f64()
        ),
        &format!("≤ {:.2} s (1.3×)", bound.as_secs_f64() * 1.3),
        Some(wall_ratio <= 1.3),
    );
    row(
        "peak RSS, audit of the M365 tenant",
        format!("{} MB", audit.max_rss_kb / 1024),
        "≤ 300 MB",
        Some(audit.max_rss_kb <= 300 * 1024),
    );
    row(
        "peak RSS, audit of both tenants",
        format!("{} MB", audit_both.max_rss_kb / 1024),
        "",
        None,
    );
    row(
        "peak RSS, collect of both tenants",
        format!("{} MB", collect.max_rss_kb / 1024),
        "",
        None,
    );
    row(
        "checks + all reports, M365 snapshot",
        format!("{:.2} s", phases.checks_and_reports()),
        "≤ 1.00 s",
        Some(phases.checks_and_reports() <= 1.0),
    );
    row("  checks", format!("{:.2} s", phases.checks), "", None);
    row(
        "  reports",
        format!("{:.2} s", phases.reports.iter().sum::<f64>()),
        "",
        None,
    );
    row(
        "checks + all reports, both tenants",
        format!("{:.2} s", phases_both.checks_and_reports()),
        "",
        None,
    );
    row(
        "check of the M365 snapshot, whole process",
        format!("{:.2} s", check.wall.as_secs_f64()),
        "",
        None,
    );
    row(
        "  of which loading snapshots",
        format!("{:.2} s", phases.load),
        "",
        None,
    );
    row(
        "audit wall, M365 (both)",
        format!(
            "{:.2} s ({:.2} s)",
            audit.wall.as_secs_f64(),
            audit_both.wall.as_secs_f64()
        ),
        "",
        None,
    );
    println!();
    println!(
        "  longest chain: {} dependent requests ({}); ratios: requests {:.3}×, wall {:.2}×",
        minimum.longest_chain, minimum.chain_of, ratio, wall_ratio
    );
    drop(sim);
    if std::env::var_os("TENANTAUDIT_BENCH_KEEP").is_some() {
        println!("  kept {}", work.keep().display());
    }
    Ok(())
}

struct Run {
    wall: Duration,
    max_rss_kb: u64,
    code: i32,
    stderr: String,
}

const LAUNCHER: &str = "TENANTAUDIT_BENCH_LAUNCHER";

/// The launcher: one JSON request per line on stdin (`[secret, dir, args…]`),
/// one JSON answer per line on stdout.
fn launcher() -> anyhow::Result<()> {
    use std::io::{BufRead, Write};
    let mut out = std::io::stdout().lock();
    for line in std::io::stdin().lock().lines() {
        let request: Vec<String> = serde_json::from_str(&line?)?;
        let [secret, dir, args @ ..] = request.as_slice() else {
            anyhow::bail!("bad request");
        };
        let mut command = Command::new(BIN);
        command
            .args(args)
            .env("TENANTAUDIT_BENCH_ENTRA_SECRET", secret)
            .env("NO_COLOR", "1")
            .current_dir(dir);
        let run = measure(command)?;
        let answer =
            serde_json::json!([run.wall.as_secs_f64(), run.max_rss_kb, run.code, run.stderr]);
        writeln!(out, "{answer}")?;
        out.flush()?;
    }
    Ok(())
}

struct Launcher {
    child: std::process::Child,
    answers: std::io::Lines<std::io::BufReader<std::process::ChildStdout>>,
}

impl Launcher {
    fn start() -> anyhow::Result<Launcher> {
        use std::io::BufRead;
        let mut child = Command::new(std::env::current_exe()?)
            .env(LAUNCHER, "1")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()?;
        let stdout = child.stdout.take().expect("piped");
        Ok(Launcher {
            child,
            answers: std::io::BufReader::new(stdout).lines(),
        })
    }

    fn run(&mut self, args: &[&str], secret: &str, dir: &Path) -> anyhow::Result<Run> {
        use std::io::Write;
        let mut request = vec![secret.to_string(), dir.to_string_lossy().into_owned()];
        request.extend(args.iter().map(|a| a.to_string()));
        let stdin = self.child.stdin.as_mut().expect("piped");
        writeln!(stdin, "{}", serde_json::to_string(&request)?)?;
        stdin.flush()?;
        let line = self
            .answers
            .next()
            .ok_or_else(|| anyhow::anyhow!("launcher ended"))??;
        let (wall, max_rss_kb, code, stderr): (f64, u64, i32, String) =
            serde_json::from_str(&line)?;
        Ok(Run {
            wall: Duration::from_secs_f64(wall),
            max_rss_kb,
            code,
            stderr,
        })
    }
}

/// Runs the child to its end; wall time and its own peak resident set
/// (`wait4`'s `ru_maxrss`, in KiB on Linux).
fn measure(mut command: Command) -> anyhow::Result<Run> {
    command
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped());
    let started = Instant::now();
    let mut child = command.spawn()?;
    let pid = child.id() as libc::pid_t;
    // Drained on a thread so that a chatty child never blocks on a full pipe.
    let mut pipe = child.stderr.take().expect("piped");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut pipe, &mut text);
        text
    });
    let mut status = 0;
    // SAFETY: an all-zero rusage is valid, and wait4 only writes into it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our own child, not yet waited for; the pointers are live.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = started.elapsed();
    anyhow::ensure!(
        waited == pid,
        "wait4 failed: {}",
        std::io::Error::last_os_error()
    );
    std::mem::forget(child);
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    Ok(Run {
        wall,
        max_rss_kb: usage.ru_maxrss as u64,
        code,
        stderr: reader.join().unwrap_or_default(),
    })
}

fn write_config(sim: &Simulator, samples: &Path, dir: &Path) -> anyhow::Result<PathBuf> {
    let creds = sim.credentials();
    // The key file must be readable by its owner only, as any secret file.
    let key = dir.join("sf-jwt.key");
    std::fs::copy(samples.join("keys/demo-private-key.pem"), &key)?;
    let mut permissions = std::fs::metadata(&key)?.permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o600);
    std::fs::set_permissions(&key, permissions)?;
    let head = r#"[output]
dir = "out"

[history]
enabled = false

[http]
max_concurrency = 8
"#;
    let m365 = format!(
        r#"
[[tenant]]
label = "contoso"
provider = "m365"
tenant_id = "{CONTOSO}"
auth = {{ method = "client_secret", client_id = "{client}", secret_env = "TENANTAUDIT_BENCH_ENTRA_SECRET" }}

[tenant.endpoints]
authority = "{authority}"
graph_base = "{graph}"
"#,
        client = creds.entra_client_id,
        authority = sim.authority(),
        graph = sim.graph_base(),
    );
    let salesforce = format!(
        r#"
[[tenant]]
label = "acme"
provider = "salesforce"
auth = {{ method = "jwt_bearer", consumer_key = "{key_id}", username = "{user}", private_key_file = "{key}" }}

[tenant.endpoints]
salesforce_login = "{login}"
"#,
        key_id = creds.salesforce_consumer_key,
        user = creds.salesforce_username,
        key = key.display(),
        login = sim.salesforce_login(),
    );
    std::fs::write(dir.join("m365.toml"), format!("{head}{m365}"))?;
    let path = dir.join("tenantaudit.toml");
    std::fs::write(&path, format!("{head}{m365}{salesforce}"))?;
    Ok(path)
}

/// Item counts of every list the simulator serves, by store key.
struct Sizes(HashMap<String, usize>);

struct Minimum {
    requests: u64,
    longest_chain: u64,
    chain_of: String,
}

impl Sizes {
    fn of(m365: &SampleStore, sf: &SampleStore) -> Sizes {
        let mut sizes = HashMap::new();
        let keys = [
            "graph/v1.0/users",
            "graph/v1.0/reports/authenticationMethods/userRegistrationDetails",
            "graph/v1.0/servicePrincipals",
            "graph/v1.0/oauth2PermissionGrants",
            "graph/v1.0/identity/conditionalAccess/policies",
            "graph/v1.0/applications",
            "graph/v1.0/groups",
            "graph/v1.0/roleManagement/directory/roleAssignments",
            "graph/v1.0/domains",
        ];
        for key in keys {
            if let Some(n) = m365
                .get(key)
                .and_then(|f| f["value"].as_array())
                .map(Vec::len)
            {
                sizes.insert(key.to_string(), n);
            }
        }
        let objects = [
            "query/User",
            "query/PermissionSetAssignment",
            "query/OauthToken",
            "query/TwoFactorMethodsInfo",
            "query/SetupAuditTrail",
            "query/PermissionSet",
        ];
        for key in objects {
            if let Some(n) = sf
                .get(key)
                .and_then(|f| f["records"].as_array())
                .map(Vec::len)
            {
                sizes.insert(key.to_string(), n);
            }
        }
        Sizes(sizes)
    }

    /// The fewest requests that read what the run read: one per token and
    /// per single object, ⌈items ÷ page size⌉ per list (at the page size
    /// asked for, within the server's cap); continuation pages are not
    /// counted separately, their first page stands for them. The longest
    /// chain: per tenant, its token, the licences read first (Graph) and
    /// the longest list.
    fn minimum(&self, log: &[String]) -> Minimum {
        let mut seen = HashSet::new();
        let mut requests = 0u64;
        let mut longest: HashMap<&str, (u64, String)> = HashMap::new();
        for line in log {
            if !seen.insert(line.clone()) {
                continue;
            }
            let (tenant, key, page) = if let Some(rest) = line.strip_prefix("GET /graph/") {
                let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
                if query.contains("$skiptoken=") {
                    continue;
                }
                let top = query
                    .split('&')
                    .find_map(|p| p.strip_prefix("$top="))
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(GRAPH_DEFAULT_PAGE);
                ("m365", format!("graph/{path}"), top.min(GRAPH_PAGE_CAP))
            } else if line.starts_with("GET /services/data/") && line.contains(" SELECT ") {
                let object = line
                    .split_whitespace()
                    .skip_while(|w| !w.eq_ignore_ascii_case("FROM"))
                    .nth(1)
                    .unwrap_or_default();
                let family = if line.contains("/tooling/query ") {
                    "tooling"
                } else {
                    "query"
                };
                ("salesforce", format!("{family}/{object}"), SOQL_BATCH)
            } else if line.starts_with("GET /services/data/") && line.contains("/query/") {
                continue;
            } else {
                // Tokens, describe, composite: one each.
                requests += 1;
                continue;
            };
            let pages = self.0.get(&key).map_or(1, |n| n.div_ceil(page).max(1)) as u64;
            requests += pages;
            let entry = longest.entry(tenant).or_default();
            if pages > entry.0 {
                *entry = (pages, key);
            }
        }
        // Token, then (Graph) the licences, then the longest list.
        let (longest_chain, chain_of) = longest
            .iter()
            .map(|(tenant, (pages, key))| {
                let before = if *tenant == "m365" { 2 } else { 1 };
                (
                    pages + before,
                    format!("{tenant}: token, {key} × {pages} pages"),
                )
            })
            .max()
            .unwrap_or_default();
        Minimum {
            requests,
            longest_chain,
            chain_of,
        }
    }
}

/// Phases of a `check -v` run, from its log: loading, checks, and each
/// `write_outputs` (combined report, then one per tenant), whose formats are
/// written concurrently, so each group costs its slowest format.
#[derive(Default)]
struct Phases {
    load: f64,
    checks: f64,
    reports: Vec<f64>,
}

impl Phases {
    fn of(log: &str) -> Phases {
        let mut phases = Phases::default();
        let mut group = Vec::new();
        for line in log.lines() {
            let Some(elapsed) = line
                .split_whitespace()
                .find_map(|w| w.strip_prefix("elapsed="))
                .and_then(seconds)
            else {
                continue;
            };
            if line.contains("snapshots loaded") {
                phases.load = elapsed;
            } else if line.contains("checks evaluated") {
                phases.checks = elapsed;
            } else if line.contains("report written") {
                group.push(elapsed);
                if group.len() == tenantaudit_report::Format::ALL.len() {
                    phases.reports.push(group.drain(..).fold(0.0, f64::max));
                }
            }
        }
        phases
    }

    fn checks_and_reports(&self) -> f64 {
        self.checks + self.reports.iter().sum::<f64>()
    }
}

/// `1.5s`, `250.3ms`, `80µs` (tracing's `Debug` of a `Duration`).
fn seconds(text: &str) -> Option<f64> {
    let split = text.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
    let (number, unit) = text.split_at(split);
    let number: f64 = number.parse().ok()?;
    Some(match unit {
        "s" => number,
        "ms" => number / 1e3,
        "µs" | "us" => number / 1e6,
        "ns" => number / 1e9,
        _ => return None,
    })
}

/// Rows of the CSV report (one per finding × affected object).
fn affected_objects(path: &Path) -> usize {
    csv::Reader::from_path(path).map_or(0, |mut r| r.records().count())
}

//! Test harness: a simulator started in-process on 127.0.0.1:0, a config
//! pointing at it, and the real `tenantaudit` binary run against it.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;
use tenantaudit_simulator::{Fault, FaultKind, SampleStore, Simulator, SimulatorBuilder};

pub const SECRET_ENV: &str = "TENANTAUDIT_TEST_SECRET";
pub const CONTOSO_ID: &str = "6f1c2b3a-9d7e-4c51-8a42-0b1d2e3f4a5b";
pub const ACME_ID: &str = "00DDn0000008aQ2MAI";
pub const BREAK_GLASS: [&str; 2] = [
    "f768064f-9585-47ad-a39e-ed24c2c063fe",
    "5966eb44-e0c6-4744-9511-3dc30e9a8df5",
];

/// The instant every test runs at: the simulator's samples are moved to it and
/// the binary is given it (`TENANTAUDIT_NOW`), so no test depends on the day
/// it runs. `.ci/run` proves that by running the suite a year either side.
pub const NOW: &str = "2026-11-30T09:00:00Z";

pub fn now() -> chrono::DateTime<chrono::Utc> {
    NOW.parse().expect("valid instant")
}

/// Sample files the tests edit, keyed as the simulator's `SampleStore` keys
/// them (the API path without `.json`), and ids planted in them.
pub mod paths {
    pub const CA: &str = "graph/v1.0/identity/conditionalAccess/policies";
    pub const AUTHZ: &str = "graph/v1.0/policies/authorizationPolicy";
    pub const ROLES: &str = "graph/v1.0/roleManagement/directory/roleAssignments";
    pub const REGISTRATION: &str =
        "graph/v1.0/reports/authenticationMethods/userRegistrationDetails";
    pub const SKUS: &str = "graph/v1.0/subscribedSkus";
    pub const METHODS: &str = "graph/v1.0/policies/authenticationMethodsPolicy";
    pub const GROUP_SETTINGS: &str = "graph/v1.0/groupSettings";
    pub const CONSENT: &str = "graph/v1.0/policies/adminConsentRequestPolicy";
    pub const APP_POLICY: &str = "graph/v1.0/policies/defaultAppManagementPolicy";
    pub const SPS: &str = "graph/v1.0/servicePrincipals";
    /// The service plan of Entra ID P2 (it includes P1).
    pub const AAD_PREMIUM_P2: &str = "eec0eb4f-6444-4f95-aba0-50c24d67f998";
}

pub fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

fn load(name: &str) -> SampleStore {
    SampleStore::load_as_of(&samples().join(name), now()).expect("sample loads")
}

/// How the simulated tenants look for one test: sample data, edits, faults.
pub struct Scenario {
    m365: SampleStore,
    salesforce: SampleStore,
    faults: Vec<Fault>,
    graph_page_size: usize,
    config_extra: String,
    contoso_extra: String,
    api_daily_limit: Option<u64>,
    http: String,
    admin_sources: bool,
}

impl Scenario {
    pub fn new() -> Scenario {
        Scenario {
            m365: load("m365-contoso"),
            salesforce: load("sf-acme"),
            faults: Vec::new(),
            graph_page_size: 7,
            config_extra: String::new(),
            contoso_extra: String::new(),
            api_daily_limit: None,
            http: "max_retries = 2\n".into(),
            admin_sources: false,
        }
    }

    /// Contoso with the Exchange Online and SharePoint admin sources
    /// configured, authenticating with the demo certificate.
    pub fn admin_sources(mut self) -> Self {
        self.admin_sources = true;
        self
    }

    pub fn m365(mut self, edit: impl FnOnce(SampleStore) -> anyhow::Result<SampleStore>) -> Self {
        self.m365 = edit(self.m365).expect("sample edit applies");
        self
    }

    pub fn salesforce(
        mut self,
        edit: impl FnOnce(SampleStore) -> anyhow::Result<SampleStore>,
    ) -> Self {
        self.salesforce = edit(self.salesforce).expect("sample edit applies");
        self
    }

    /// Largest Graph page served (the default, 7, makes every list page).
    pub fn graph_page_size(mut self, size: usize) -> Self {
        self.graph_page_size = size;
        self
    }

    pub fn fault(mut self, fault: Fault) -> Self {
        self.faults.push(fault);
        self
    }

    /// A 403 on every request whose line contains `target`.
    pub fn forbid(self, target: &str) -> Self {
        self.fault(Fault::new(target, FaultKind::Status(403)))
    }

    /// The Salesforce org's daily API request limit.
    pub fn api_daily_limit(mut self, limit: u64) -> Self {
        self.api_daily_limit = Some(limit);
        self
    }

    /// Extra TOML appended to the generated config (e.g. a `[checks]` table).
    pub fn config(mut self, extra: &str) -> Self {
        self.config_extra.push_str(extra);
        self
    }

    /// Extra TOML lines (each ending in a newline) for the Contoso tenant,
    /// appended to its `[tenant.exclusions]` table: more exclusion keys, then
    /// e.g. its own `[tenant.checks]`.
    pub fn contoso(mut self, extra: &str) -> Self {
        self.contoso_extra.push_str(extra);
        self
    }

    /// Replaces the body of the generated config's `[http]` table
    /// (default `max_retries = 2`).
    pub fn http(mut self, table: &str) -> Self {
        self.http = table.to_string();
        self
    }

    pub fn start(self) -> TestSim {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let mut builder = SimulatorBuilder::new(&samples())
            .m365(self.m365)
            .salesforce(self.salesforce)
            .graph_page_size(self.graph_page_size);
        if let Some(limit) = self.api_daily_limit {
            builder = builder.api_daily_limit(limit);
        }
        for fault in self.faults {
            builder = builder.fault(fault);
        }
        let sim = runtime.block_on(builder.start()).expect("simulator starts");
        let dir = tempfile::tempdir().expect("temp dir");
        TestSim {
            _runtime: runtime,
            sim,
            dir,
            config_extra: self.config_extra,
            contoso_extra: self.contoso_extra,
            http: self.http,
            admin_sources: self.admin_sources,
        }
    }

    /// Starts the simulator and runs `tenantaudit audit` against it.
    pub fn audit(self) -> Run {
        let sim = self.start();
        let mut run = sim.run(&["audit"]);
        run.keep = Some(Box::new(sim));
        run
    }
}

pub struct TestSim {
    _runtime: tokio::runtime::Runtime,
    pub sim: Simulator,
    pub dir: tempfile::TempDir,
    config_extra: String,
    contoso_extra: String,
    http: String,
    admin_sources: bool,
}

impl TestSim {
    pub fn secret(&self) -> &str {
        &self.sim.credentials().entra_client_secret
    }

    /// Writes `tenantaudit.toml` for both sample tenants (client secret for
    /// Microsoft 365, JWT bearer for Salesforce) and returns its path.
    pub fn write_config(&self, m365_auth: &str, salesforce_auth: &str) -> PathBuf {
        let key = self.dir.path().join("sf.key");
        let certificate = self.dir.path().join("demo.crt");
        if !key.exists() {
            std::fs::copy(samples().join("keys/demo-private-key.pem"), &key).expect("copy key");
            set_owner_only(&key);
            std::fs::copy(samples().join("keys/demo-certificate.pem"), &certificate)
                .expect("copy certificate");
        }
        let admin = if self.admin_sources {
            format!(
                "exchange_admin = \"{}\"\nsharepoint_admin = \"{}\"\n",
                self.sim.exchange_admin(),
                self.sim.sharepoint_admin()
            )
        } else {
            String::new()
        };
        let creds = self.sim.credentials();
        let config = format!(
            r#"[output]
dir = "out"

[http]
{http}
[[tenant]]
label = "contoso"
provider = "m365"
tenant_id = "{CONTOSO_ID}"
{m365_auth}

[tenant.endpoints]
authority = "{authority}"
graph_base = "{graph}"
{admin}
[tenant.exclusions]
users = ["{bg1}", "{bg2}"]
{contoso}
[[tenant]]
label = "acme"
provider = "salesforce"
{salesforce_auth}

[tenant.endpoints]
salesforce_login = "{login}"

{extra}"#,
            authority = self.sim.authority(),
            graph = self.sim.graph_base(),
            login = self.sim.salesforce_login(),
            bg1 = BREAK_GLASS[0],
            bg2 = BREAK_GLASS[1],
            extra = self.config_extra,
            contoso = self.contoso_extra,
            http = self.http,
        );
        // The auth lines name credentials by placeholder; fill them in.
        let config = config
            .replace("{client_id}", &creds.entra_client_id)
            .replace("{consumer_key}", &creds.salesforce_consumer_key)
            .replace("{username}", &creds.salesforce_username)
            .replace("{key_file}", &key.display().to_string())
            .replace("{certificate_file}", &certificate.display().to_string());
        let path = self.dir.path().join("tenantaudit.toml");
        std::fs::write(&path, config).expect("write config");
        path
    }

    /// The default auth: client secret (from the environment) and JWT bearer;
    /// with the admin sources, a certificate for Microsoft 365 (SharePoint
    /// requires one).
    pub fn default_config(&self) -> PathBuf {
        let m365 = if self.admin_sources {
            r#"auth = { method = "certificate", client_id = "{client_id}", private_key_file = "{key_file}", certificate_file = "{certificate_file}" }"#.to_string()
        } else {
            format!(
                r#"auth = {{ method = "client_secret", client_id = "{{client_id}}", secret_env = "{SECRET_ENV}" }}"#
            )
        };
        self.write_config(
            &m365,
            r#"auth = { method = "jwt_bearer", consumer_key = "{consumer_key}", username = "{username}", private_key_file = "{key_file}" }"#,
        )
    }

    /// Runs `tenantaudit <args> --config <generated>` in the temp dir.
    pub fn run(&self, args: &[&str]) -> Run {
        let config = self.dir.path().join("tenantaudit.toml");
        if !config.exists() {
            self.default_config();
        }
        let mut all: Vec<&str> = args.to_vec();
        let config = config.display().to_string();
        if matches!(args.first(), Some(&"audit") | Some(&"collect")) {
            all.extend(["--config", &config]);
        }
        self.run_raw(&all)
    }

    /// Runs the binary with exactly these arguments in the temp dir.
    pub fn run_raw(&self, args: &[&str]) -> Run {
        let output = self.command(args).output().expect("binary runs");
        Run::new(output, self.dir.path().join("out"))
    }

    /// Runs the binary like [`TestSim::run_raw`], unable to write a file
    /// larger than `bytes`: a write past it fails (EFBIG) as on a full disk.
    #[cfg(unix)]
    pub fn run_with_file_limit(&self, args: &[&str], bytes: u64) -> Run {
        use std::os::unix::process::CommandExt as _;
        let mut command = self.command(args);
        // SAFETY: async-signal-safe libc calls only, between fork and exec.
        unsafe {
            command.pre_exec(move || {
                // Writes past the limit fail instead of killing the process.
                libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
                let limit = libc::rlimit {
                    rlim_cur: bytes,
                    rlim_max: bytes,
                };
                if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let output = command.output().expect("binary runs");
        Run::new(output, self.dir.path().join("out"))
    }

    fn command(&self, args: &[&str]) -> std::process::Command {
        let mut command = tenantaudit();
        command
            .args(args)
            .current_dir(self.dir.path())
            .env(SECRET_ENV, self.secret());
        command
    }
}

const AMBIENT_ENV: [&str; 19] = [
    "TENANTAUDIT_WEBHOOK_URL",
    "TENANTAUDIT_CONFIG",
    "TENANTAUDIT_OUT",
    "AZURE_CLIENT_ID",
    "AZURE_TENANT_ID",
    "AZURE_AUTHORITY_HOST",
    "AZURE_FEDERATED_TOKEN_FILE",
    "ACTIONS_ID_TOKEN_REQUEST_URL",
    "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
    "IDENTITY_ENDPOINT",
    "IDENTITY_HEADER",
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "ALL_PROXY",
    "all_proxy",
    "NO_PROXY",
    "no_proxy",
];

pub fn tenantaudit() -> std::process::Command {
    let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("tenantaudit"));
    // The runner's own identity and proxy settings (a CI job may have them)
    // must not reach the binary; tests that need them set their own.
    for name in AMBIENT_ENV {
        command.env_remove(name);
    }
    command
        .env_remove("RUST_LOG")
        .env("NO_COLOR", "1")
        .env("TENANTAUDIT_NOW", NOW);
    command
}

#[cfg(unix)]
pub fn set_owner_only(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
}

/// The result of one run of the binary.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub out: PathBuf,
    /// Keeps the simulator and its temp dir alive as long as the run is read.
    keep: Option<Box<TestSim>>,
}

impl Run {
    pub fn new(output: Output, out: PathBuf) -> Run {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            out,
            keep: None,
        }
    }

    /// Keeps `sim` (its simulator and folder) alive as long as the run.
    pub fn keep_alive(&mut self, sim: TestSim) {
        self.keep = Some(Box::new(sim));
    }

    pub fn report(&self) -> Value {
        let path = self.out.join("report.json");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "no report at {} ({e}); stderr:\n{}",
                path.display(),
                self.stderr
            )
        });
        serde_json::from_str(&text).expect("report is JSON")
    }

    pub fn finding(&self, check: &str, tenant: &str) -> Value {
        self.report()["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .find(|f| f["check_id"] == check && f["tenant_id"] == tenant)
            .cloned()
            .unwrap_or_else(|| panic!("no finding {check} for {tenant}"))
    }

    pub fn status(&self, check: &str, tenant: &str) -> String {
        self.finding(check, tenant)["status"]
            .as_str()
            .expect("status")
            .to_string()
    }

    /// (check, tenant) → status, for comparing runs.
    pub fn statuses(&self) -> Vec<(String, String, String)> {
        let mut all: Vec<_> = self.report()["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|f| {
                (
                    f["check_id"].as_str().unwrap().to_string(),
                    f["tenant_id"].as_str().unwrap().to_string(),
                    f["status"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        all.sort();
        all
    }
}

/// Expects `check` on `tenant` to come out as `status` in this scenario, and
/// returns the finding for further assertions.
pub fn expect(scenario: Scenario, check: &str, tenant: &str, status: &str) -> Value {
    let run = scenario.audit();
    let finding = run.finding(check, tenant);
    assert_eq!(
        finding["status"],
        status,
        "{check} on {tenant}: {}\nstderr:\n{}",
        serde_json::to_string_pretty(&finding).unwrap(),
        run.stderr
    );
    finding
}

/// Expects `error` when the collection behind `target` answers 403, with the
/// finding naming the permission that fixes it.
pub fn expect_forbidden_error(target: &str, check: &str, tenant: &str, permission: &str) {
    let finding = expect(Scenario::new().forbid(target), check, tenant, "error");
    let fix = finding["fix"].as_str().unwrap_or_default();
    assert!(
        fix.contains(permission),
        "{check}: fix {fix:?} should name {permission}"
    );
}

/// A second origin that must never be contacted: a listener on another
/// loopback port that counts the connections it accepts and the requests
/// among them that carried an `Authorization` header.
pub struct ForeignListener {
    pub origin: String,
    connections: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    tokens: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl ForeignListener {
    pub fn start() -> ForeignListener {
        use std::io::Read as _;
        use std::sync::atomic::Ordering;
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let origin = format!("127.0.0.1:{}", listener.local_addr().expect("addr").port());
        let connections = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let tokens = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let (seen, carried) = (connections.clone(), tokens.clone());
        std::thread::spawn(move || {
            for mut stream in listener.incoming().flatten() {
                seen.fetch_add(1, Ordering::SeqCst);
                let _ = stream.set_read_timeout(Some(std::time::Duration::from_secs(1)));
                let mut head = [0u8; 8192];
                let n = stream.read(&mut head).unwrap_or(0);
                let head = String::from_utf8_lossy(&head[..n]).to_ascii_lowercase();
                if head.contains("authorization:") {
                    carried.fetch_add(1, Ordering::SeqCst);
                }
            }
        });
        ForeignListener {
            origin,
            connections,
            tokens,
        }
    }

    /// Connections accepted and requests that carried a token, so far.
    pub fn contacts(&self) -> (usize, usize) {
        use std::sync::atomic::Ordering;
        (
            self.connections.load(Ordering::SeqCst),
            self.tokens.load(Ordering::SeqCst),
        )
    }
}

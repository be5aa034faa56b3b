//! `tenantaudit.toml`: parsed and validated once, before any network call,
//! into a [`ValidConfig`]. Every problem names the file and the line, and all
//! of them are reported together: a validation adds its problem to the run's
//! [`ConfigErrors`] (`errors.at(span, message)`) and goes on, and
//! `errors.finish()` fails the load when there was any.
//! Secrets are read here, from the environment or a file, never from the TOML.

use crate::baseline::{self, Baseline};
use crate::config_errors::ConfigErrors;
use crate::exceptions::{self, Exception};
use anyhow::{anyhow, bail, Context as _};
use secrecy::SecretString;
use serde::Deserialize;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use tenantaudit_connector::auth::{FederatedToken, ManagedIdentity, IMDS_TOKEN_URL};
use tenantaudit_connector::http::HttpOptions;
use tenantaudit_connector::Provider;
use toml::Spanned;
use url::Url;

pub const DEFAULT_AUTHORITY: &str = "https://login.microsoftonline.com";
pub const DEFAULT_GRAPH_BASE: &str = "https://graph.microsoft.com";
pub const DEFAULT_SALESFORCE_LOGIN: &str = "https://login.salesforce.com";

/// The configuration after validation: nothing in it can fail later.
pub struct ValidConfig {
    pub out_dir: PathBuf,
    pub http: HttpOptions,
    /// Tenants collected at once.
    pub max_tenants: usize,
    pub tenants: Vec<TenantConfig>,
    pub profile: Profile,
    pub history: HistorySetting,
}

impl ValidConfig {
    /// The effective configuration for an evidence bundle: everything that
    /// shaped the run, with each secret named by where it came from only.
    pub fn redacted(&self) -> serde_json::Value {
        let tenants: Vec<_> = self
            .tenants
            .iter()
            .map(|t| {
                let auth = match &t.auth {
                    AuthConfig::EntraClientSecret { client_id, .. } => {
                        serde_json::json!({"method": "client_secret", "client_id": client_id})
                    }
                    AuthConfig::EntraDeviceCode { client_id } => {
                        serde_json::json!({"method": "device_code", "client_id": client_id})
                    }
                    AuthConfig::EntraWorkloadIdentity { client_id, federated } => {
                        let source = match federated {
                            FederatedToken::File(path) => path.display().to_string(),
                            FederatedToken::GitHubActions { .. } => "github_actions".into(),
                        };
                        serde_json::json!({"method": "workload_identity", "client_id": client_id, "federated_token": source})
                    }
                    AuthConfig::EntraManagedIdentity { client_id, endpoint } => {
                        let endpoint = match endpoint {
                            ManagedIdentity::Imds { url } => url.as_str(),
                            ManagedIdentity::AppService { url, .. } => url.as_str(),
                        };
                        serde_json::json!({"method": "managed_identity", "client_id": client_id, "endpoint": endpoint})
                    }
                    AuthConfig::EntraCertificate { client_id, .. } => {
                        serde_json::json!({"method": "certificate", "client_id": client_id})
                    }
                    AuthConfig::SalesforceJwt { consumer_key, username, .. } => {
                        serde_json::json!({"method": "jwt_bearer", "consumer_key": consumer_key, "username": username})
                    }
                    AuthConfig::SalesforceClientCredentials { consumer_key, .. } => {
                        serde_json::json!({"method": "client_credentials", "consumer_key": consumer_key})
                    }
                    AuthConfig::Token { instance_url, .. } => {
                        serde_json::json!({"method": "token", "instance_url": instance_url.as_ref().map(|u| u.as_str())})
                    }
                };
                serde_json::json!({
                    "label": t.label,
                    "provider": t.provider.as_str(),
                    "tenant_id": t.tenant_id,
                    "auth": auth,
                    "endpoints": {
                        "authority": t.endpoints.authority.as_str(),
                        "graph_base": t.endpoints.graph_base.as_str(),
                        "exchange_admin": t.endpoints.exchange_admin.as_ref().map(|u| u.as_str()),
                        "sharepoint_admin": t.endpoints.sharepoint_admin.as_ref().map(|u| u.as_str()),
                        "salesforce_login": t.endpoints.salesforce_login.as_str(),
                        "api_version": t.endpoints.api_version,
                    },
                    "exclusions": t.exclusions,
                })
            })
            .collect();
        serde_json::json!({
            "tenants": tenants,
            "baseline": self.profile.baseline.describe(),
            "exceptions_file": self.profile.exceptions_file,
            "http": {
                "max_tenants": self.max_tenants,
                "max_concurrency": self.http.max_concurrency,
                "max_retries": self.http.max_retries,
                "timeout_seconds": self.http.timeout.as_secs(),
            },
        })
    }
}

/// Where runs are recorded.
#[derive(Debug, Clone, PartialEq)]
pub enum HistorySetting {
    Off,
    /// `history.sqlite` in the run's output folder.
    InOutput,
    At(PathBuf),
}

impl HistorySetting {
    pub fn path(&self, out: &Path) -> Option<PathBuf> {
        match self {
            HistorySetting::Off => None,
            HistorySetting::InOutput => Some(out.join("history.sqlite")),
            HistorySetting::At(path) => Some(path.clone()),
        }
    }
}

/// What decides the findings besides the data: baseline and exceptions.
#[derive(Default)]
pub struct Profile {
    pub baseline: Baseline,
    pub exceptions: Vec<Exception>,
    /// Where the exceptions came from (copied into evidence bundles).
    pub exceptions_file: Option<PathBuf>,
}

impl Profile {
    /// Replaces the exceptions with those of `path` (the `--exceptions` flag).
    pub fn with_exceptions_file(mut self, path: Option<&Path>) -> anyhow::Result<Profile> {
        if let Some(path) = path {
            self.exceptions = exceptions::load(path)?;
            self.exceptions_file = Some(path.to_path_buf());
        }
        Ok(self)
    }
}

pub struct TenantConfig {
    pub label: String,
    pub provider: Provider,
    /// Entra tenant id (Microsoft 365); empty for Salesforce, whose org id comes from the API.
    pub tenant_id: String,
    pub auth: AuthConfig,
    pub endpoints: Endpoints,
    pub exclusions: Exclusions,
    pub limits: Limits,
}

/// `[tenant.limits]` (Salesforce): when the run log warns about API usage.
pub struct Limits {
    /// Percentage of the org's daily API request limit.
    pub api_warn_percent: u8,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            api_warn_percent: tenantaudit_salesforce::DEFAULT_API_WARN_PERCENT,
        }
    }
}

pub enum AuthConfig {
    EntraClientSecret {
        client_id: String,
        secret: SecretString,
    },
    EntraCertificate {
        client_id: String,
        private_key: SecretString,
        certificate: String,
    },
    /// Delegated: the admin signs in with a code on another device.
    EntraDeviceCode { client_id: String },
    /// A federated token (Kubernetes, GitHub Actions) as the client assertion.
    EntraWorkloadIdentity {
        client_id: String,
        federated: FederatedToken,
    },
    /// The Azure platform's token endpoint; `client_id` picks a user-assigned identity.
    EntraManagedIdentity {
        client_id: Option<String>,
        endpoint: ManagedIdentity,
    },
    SalesforceJwt {
        consumer_key: String,
        username: String,
        private_key: SecretString,
    },
    /// OAuth 2.0 client credentials against the org's My Domain.
    SalesforceClientCredentials {
        consumer_key: String,
        secret: SecretString,
    },
    Token {
        token: SecretString,
        instance_url: Option<Url>,
    },
}

pub struct Endpoints {
    pub authority: Url,
    pub graph_base: Url,
    /// Exchange Online admin API (opt-in), e.g. `https://outlook.office365.com`.
    pub exchange_admin: Option<Url>,
    /// SharePoint admin site (opt-in), e.g. `https://contoso-admin.sharepoint.com`.
    pub sharepoint_admin: Option<Url>,
    pub salesforce_login: Url,
    pub api_version: String,
}

pub use tenantaudit_connector::snapshot::ApprovedExclusions as Exclusions;

/// The file as written. Each top-level key is read on its own (see
/// [`read_raw`]), so that a mistake in one does not hide mistakes in another.
#[derive(Default)]
struct RawConfig {
    output: RawOutput,
    http: RawHttp,
    /// The `[[tenant]]` tables that could be read.
    tenants: Vec<RawTenant>,
    checks: baseline::RawChecks,
    owners: baseline::RawOwners,
    /// Path of the exceptions file, relative to the config.
    exceptions: Option<PathBuf>,
    history: RawHistory,
}

/// The top-level keys a config may hold.
const TOP_LEVEL: &[&str] = &[
    "exceptions",
    "output",
    "history",
    "http",
    "tenant",
    "checks",
    "owners",
];

/// Reads every top-level key of `doc`, adding each problem to `errors`; what
/// cannot be read keeps its default, so that validation can go on.
fn read_raw(doc: &toml_edit::Table, errors: &mut ConfigErrors) -> RawConfig {
    let mut raw = RawConfig::default();
    for (key, item) in doc.iter() {
        let span = doc.get_key_value(key).and_then(|(k, _)| k.span());
        match key {
            "output" => raw.output = errors.section(key, item).unwrap_or_default(),
            "http" => raw.http = errors.section(key, item).unwrap_or_default(),
            "checks" => raw.checks = errors.section(key, item).unwrap_or_default(),
            "owners" => raw.owners = errors.section(key, item).unwrap_or_default(),
            "history" => raw.history = errors.section(key, item).unwrap_or_default(),
            "exceptions" => raw.exceptions = errors.section(key, item),
            "tenant" => match item.as_array_of_tables() {
                Some(tables) => raw
                    .tenants
                    .extend(tables.iter().filter_map(|t| errors.table(t))),
                None => errors.at(span, "`tenant` must be a [[tenant]] table, one per tenant"),
            },
            unknown => errors.unknown_top_level(span, unknown, TOP_LEVEL),
        }
    }
    raw
}

/// `[history]`: where runs are recorded (SQLite), or `enabled = false`.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawHistory {
    path: Option<PathBuf>,
    enabled: Option<bool>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawOutput {
    dir: Option<PathBuf>,
}

/// `[http]`: limits that apply to each tenant's client.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawHttp {
    /// Tenants collected at once.
    max_tenants: Option<usize>,
    max_concurrency: Option<usize>,
    max_retries: Option<usize>,
    timeout_seconds: Option<u64>,
    /// PEM file of private CAs to trust besides the bundled and system roots.
    ca_file: Option<PathBuf>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTenant {
    label: Spanned<String>,
    provider: Provider,
    tenant_id: Option<String>,
    auth: Spanned<RawAuth>,
    #[serde(default)]
    endpoints: RawEndpoints,
    #[serde(default)]
    exclusions: crate::exclusions::RawExclusions,
    #[serde(default)]
    limits: RawLimits,
    /// `[tenant.checks]`: this tenant's profile, merged over `[checks]`.
    checks: Option<baseline::RawChecks>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawLimits {
    api_warn_percent: Option<u8>,
}

#[derive(Deserialize)]
#[serde(tag = "method", rename_all = "snake_case", deny_unknown_fields)]
enum RawAuth {
    ClientSecret {
        client_id: String,
        secret_env: Option<String>,
        secret_file: Option<PathBuf>,
    },
    Certificate {
        client_id: String,
        private_key_file: PathBuf,
        certificate_file: PathBuf,
    },
    JwtBearer {
        consumer_key: String,
        username: String,
        private_key_file: PathBuf,
    },
    /// Delegated sign-in by an admin at the keyboard (no secret).
    DeviceCode { client_id: String },
    /// Workload identity federation; both keys default to the environment
    /// (`AZURE_CLIENT_ID`, `AZURE_FEDERATED_TOKEN_FILE`), else GitHub Actions OIDC.
    WorkloadIdentity {
        client_id: Option<String>,
        token_file: Option<PathBuf>,
    },
    /// Azure managed identity. `endpoint` replaces the IMDS address (tests,
    /// proxies that relay it); `IDENTITY_ENDPOINT` in the environment selects
    /// the App Service / Container Apps endpoint.
    ManagedIdentity {
        client_id: Option<String>,
        endpoint: Option<Url>,
    },
    Token {
        token_env: Option<String>,
        token_file: Option<PathBuf>,
        instance_url: Option<Url>,
    },
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawEndpoints {
    authority: Option<Url>,
    graph_base: Option<Url>,
    exchange_admin: Option<Url>,
    sharepoint_admin: Option<Url>,
    salesforce_login: Option<Url>,
    api_version: Option<String>,
}

/// Reads only the profile (`[checks]`, `[owners]`, `exceptions`) of a config
/// file, for offline `check`: tenants and their secrets are not needed there.
pub fn load_profile(path: &Path) -> anyhow::Result<Profile> {
    let file = path.display().to_string();
    let text = read(path)?;
    let mut errors = ConfigErrors::new(&file, &text);
    let doc = errors.parse()?;
    let raw = read_raw(doc.as_table(), &mut errors);
    let tenant_checks = raw
        .tenants
        .into_iter()
        .filter_map(|t| Some((t.label.into_inner(), t.checks?)))
        .collect();
    let profile = profile(
        raw.checks,
        raw.owners,
        tenant_checks,
        raw.exceptions,
        path,
        &mut errors,
    );
    errors.finish()?;
    Ok(profile)
}

/// Reads only where a config keeps its history (`[history]`, `[output]`),
/// for `history` and `diff`: tenants and their secrets are not needed there.
/// `None` when history is off.
pub fn load_history_path(path: &Path) -> anyhow::Result<Option<PathBuf>> {
    let file = path.display().to_string();
    let text = read(path)?;
    let mut errors = ConfigErrors::new(&file, &text);
    let doc = errors.parse()?;
    let raw = read_raw(doc.as_table(), &mut errors);
    errors.finish()?;
    let base = path.parent().unwrap_or(Path::new("."));
    let (out_dir, history) = output_and_history(raw.output, raw.history, base);
    Ok(history.path(&out_dir))
}

/// The output folder (relative to where tenantaudit runs, like `--out`) and
/// the history setting (a path relative to the config).
fn output_and_history(
    output: RawOutput,
    history: RawHistory,
    base: &Path,
) -> (PathBuf, HistorySetting) {
    let out_dir = output
        .dir
        .unwrap_or_else(|| PathBuf::from("tenantaudit-out"));
    let history = match (history.enabled, history.path) {
        (Some(false), _) => HistorySetting::Off,
        (_, Some(path)) => HistorySetting::At(base.join(path)),
        (_, None) => HistorySetting::InOutput,
    };
    (out_dir, history)
}

fn profile(
    checks: baseline::RawChecks,
    owners: baseline::RawOwners,
    tenant_checks: Vec<(String, baseline::RawChecks)>,
    exceptions_file: Option<PathBuf>,
    config: &Path,
    errors: &mut ConfigErrors,
) -> Profile {
    let base = config.parent().unwrap_or(Path::new("."));
    let exceptions_file = exceptions_file.map(|p| base.join(p));
    let mut baseline = baseline::validate(checks, owners, errors);
    for (label, checks) in tenant_checks {
        baseline.add_tenant(label, checks, errors);
    }
    Profile {
        baseline,
        exceptions: match &exceptions_file {
            Some(path) => errors.check(exceptions::load(path)).unwrap_or_default(),
            None => Vec::new(),
        },
        exceptions_file,
    }
}

/// Reads and validates a config file.
pub fn load(path: &Path) -> anyhow::Result<ValidConfig> {
    parse(&read(path)?, path)
}

/// The config file's text; a missing file points to `tenantaudit init`.
fn read(path: &Path) -> anyhow::Result<String> {
    tenantaudit_connector::input_file::read_to_string(
        path,
        tenantaudit_connector::input_file::CONFIG_MAX,
    )
    .map_err(|error| match error.kind() {
        std::io::ErrorKind::NotFound => anyhow!(
            "config {} not found; `tenantaudit init {}` writes a commented example to start from",
            path.display(),
            path.display()
        ),
        _ => anyhow!("cannot read config {}: {error}", path.display()),
    })
}

/// Parses and validates a config; every problem is reported at once.
pub fn parse(text: &str, path: &Path) -> anyhow::Result<ValidConfig> {
    let file = path.display().to_string();
    let mut errors = ConfigErrors::new(&file, text);
    let doc = errors.parse()?;
    let raw = read_raw(doc.as_table(), &mut errors);
    let base = path.parent().unwrap_or(Path::new("."));
    if !doc.contains_key("tenant") {
        errors.whole("no [[tenant]] configured");
    }
    if let Err(e) = checks::timeout(raw.http.timeout_seconds) {
        errors.at(checks::key_span(text, 0, "timeout_seconds"), e);
    }
    let mut labels = BTreeSet::new();
    let mut file_names = std::collections::BTreeMap::new();
    let mut tenants = Vec::new();
    let mut tenant_checks = Vec::new();
    for mut tenant in raw.tenants {
        let label_at = Some(tenant.label.span());
        let label = tenant.label.into_inner();
        if let Some(checks) = tenant.checks.take() {
            tenant_checks.push((label.clone(), checks));
        }
        let exclusions = tenant.exclusions.validate(&mut errors);
        if !labels.insert(label.clone()) {
            errors.at(
                label_at.clone(),
                format!("tenant label {label:?} is used twice"),
            );
        } else if let Err(e) = checks::distinct_file_name(
            &mut file_names,
            &label,
            errors.position(label_at.clone().unwrap_or_default()),
        ) {
            errors.at(label_at.clone(), e);
        }
        if let Err(e) = checks::warn_percent(tenant.limits.api_warn_percent) {
            let from = label_at.as_ref().map_or(0, |span| span.start);
            errors.at(checks::key_span(text, from, "api_warn_percent"), e);
        }
        let auth_at = Some(tenant.auth.span());
        let auth = resolve_auth(tenant.auth.into_inner(), tenant.provider, base)
            .map_err(|e| errors.at(auth_at.clone(), format!("tenant {label:?} auth: {e:#}")))
            .ok();
        let tenant_id = match (tenant.provider, tenant.tenant_id) {
            (Provider::M365, Some(id)) if !id.trim().is_empty() => id,
            // Kubernetes workload identity injects the tenant with the token.
            (Provider::M365, None)
                if matches!(auth, Some(AuthConfig::EntraWorkloadIdentity { .. }))
                    && env_value("AZURE_TENANT_ID").is_some() =>
            {
                env_value("AZURE_TENANT_ID").expect("checked")
            }
            (Provider::M365, _) => {
                errors.at(
                    label_at.clone(),
                    format!("tenant {label:?}: tenant_id is required for m365"),
                );
                String::new()
            }
            (Provider::Salesforce, id) => id.unwrap_or_default(),
        };
        let e = tenant.endpoints;
        for (key, url) in [
            ("authority", &e.authority),
            ("graph_base", &e.graph_base),
            ("salesforce_login", &e.salesforce_login),
        ] {
            if let Err(err) = checks::no_user_info(url.as_ref(), key) {
                errors.at(label_at.clone(), format!("tenant {label:?}: {err}"));
            }
        }
        let authority = match (e.authority, &auth) {
            (Some(url), _) => Some(url),
            (None, Some(AuthConfig::EntraWorkloadIdentity { .. })) => authority_host()
                .map_err(|err| errors.at(auth_at.clone(), format!("tenant {label:?}: {err}")))
                .ok()
                .flatten(),
            (None, _) => None,
        };
        let parse_default = |u: &str| Url::parse(u).expect("valid default URL");
        let endpoints = Endpoints {
            authority: authority.unwrap_or_else(|| parse_default(DEFAULT_AUTHORITY)),
            graph_base: e
                .graph_base
                .unwrap_or_else(|| parse_default(DEFAULT_GRAPH_BASE)),
            exchange_admin: e.exchange_admin,
            sharepoint_admin: e.sharepoint_admin,
            salesforce_login: e
                .salesforce_login
                .unwrap_or_else(|| parse_default(DEFAULT_SALESFORCE_LOGIN)),
            api_version: e
                .api_version
                .unwrap_or_else(|| tenantaudit_salesforce::DEFAULT_API_VERSION.to_string()),
        };
        if let Some(auth) = &auth {
            if let Err(e) = admin_sources_fit(tenant.provider, auth, &endpoints) {
                errors.at(auth_at.clone(), format!("tenant {label:?}: {e}"));
            }
        }
        if let Some(AuthConfig::SalesforceClientCredentials { .. }) = auth {
            let host = endpoints.salesforce_login.host_str().unwrap_or("");
            if ["login.salesforce.com", "test.salesforce.com"].contains(&host) {
                errors.at(auth_at, format!("tenant {label:?}: the client credentials flow needs your My Domain URL as salesforce_login (Salesforce refuses it on {host})"));
            }
        }
        let Some(auth) = auth else {
            continue;
        };
        tenants.push(TenantConfig {
            label,
            provider: tenant.provider,
            tenant_id,
            auth,
            endpoints,
            exclusions,
            limits: Limits {
                api_warn_percent: tenant
                    .limits
                    .api_warn_percent
                    .unwrap_or(tenantaudit_salesforce::DEFAULT_API_WARN_PERCENT)
                    .min(100),
            },
        });
    }
    let profile = profile(
        raw.checks,
        raw.owners,
        tenant_checks,
        raw.exceptions,
        path,
        &mut errors,
    );
    errors.finish()?;
    let (out_dir, history) = output_and_history(raw.output, raw.history, base);
    Ok(ValidConfig {
        history,
        out_dir,
        http: http_options(&raw.http, base).map_err(|e| anyhow!("{file}: [http] ca_file: {e}"))?,
        max_tenants: raw.http.max_tenants.unwrap_or(4).max(1),
        tenants,
        profile,
    })
}

/// The opt-in admin sources each need a token of their own resource, which a
/// pre-acquired token cannot give; SharePoint takes app-only tokens only from
/// a certificate.
fn admin_sources_fit(provider: Provider, auth: &AuthConfig, e: &Endpoints) -> anyhow::Result<()> {
    if e.exchange_admin.is_none() && e.sharepoint_admin.is_none() {
        return Ok(());
    }
    if provider != Provider::M365 {
        bail!("exchange_admin and sharepoint_admin are Microsoft 365 endpoints");
    }
    if let AuthConfig::Token { .. } = auth {
        bail!("exchange_admin and sharepoint_admin need a token per resource: use certificate (or client_secret, device_code) auth, not a pre-acquired token");
    }
    if let (Some(_), AuthConfig::EntraClientSecret { .. }) = (&e.sharepoint_admin, auth) {
        bail!("sharepoint_admin needs certificate (or device_code) auth: SharePoint refuses app-only tokens issued for a client secret");
    }
    Ok(())
}

fn http_options(raw: &RawHttp, base: &Path) -> Result<HttpOptions, String> {
    let defaults = HttpOptions::default();
    let extra_roots = match &raw.ca_file {
        Some(path) => tenantaudit_connector::http::load_ca_file(&base.join(path))?,
        None => Vec::new(),
    };
    Ok(HttpOptions {
        extra_roots,
        max_concurrency: raw
            .max_concurrency
            .unwrap_or(defaults.max_concurrency)
            .max(1),
        max_retries: raw.max_retries.unwrap_or(defaults.max_retries),
        timeout: raw
            .timeout_seconds
            .map(std::time::Duration::from_secs)
            .unwrap_or(defaults.timeout),
        ..defaults
    })
}

fn resolve_auth(raw: RawAuth, provider: Provider, base: &Path) -> anyhow::Result<AuthConfig> {
    let auth = match (raw, provider) {
        (
            RawAuth::ClientSecret {
                client_id,
                secret_env,
                secret_file,
            },
            Provider::M365,
        ) => AuthConfig::EntraClientSecret {
            client_id,
            secret: read_secret("secret_env", secret_env, secret_file, base)?,
        },
        (
            RawAuth::Certificate {
                client_id,
                private_key_file,
                certificate_file,
            },
            Provider::M365,
        ) => AuthConfig::EntraCertificate {
            client_id,
            private_key: read_private_key(&base.join(private_key_file))?,
            certificate: read_certificate(&base.join(certificate_file))?,
        },
        (RawAuth::DeviceCode { client_id }, Provider::M365) => {
            AuthConfig::EntraDeviceCode { client_id }
        }
        (
            RawAuth::WorkloadIdentity {
                client_id,
                token_file,
            },
            Provider::M365,
        ) => AuthConfig::EntraWorkloadIdentity {
            client_id: client_id
                .or_else(|| env_value("AZURE_CLIENT_ID"))
                .ok_or_else(|| {
                    anyhow!(
                        "workload_identity needs client_id (or AZURE_CLIENT_ID in the environment)"
                    )
                })?,
            federated: federated_token(token_file, base)?,
        },
        (
            RawAuth::ManagedIdentity {
                client_id,
                endpoint,
            },
            Provider::M365,
        ) => AuthConfig::EntraManagedIdentity {
            client_id,
            endpoint: managed_identity_endpoint(endpoint)?,
        },
        (
            RawAuth::JwtBearer {
                consumer_key,
                username,
                private_key_file,
            },
            Provider::Salesforce,
        ) => AuthConfig::SalesforceJwt {
            consumer_key,
            username,
            private_key: read_private_key(&base.join(private_key_file))?,
        },
        (
            RawAuth::ClientSecret {
                client_id,
                secret_env,
                secret_file,
            },
            Provider::Salesforce,
        ) => AuthConfig::SalesforceClientCredentials {
            consumer_key: client_id,
            secret: read_secret("secret_env", secret_env, secret_file, base)?,
        },
        (
            RawAuth::Token {
                token_env,
                token_file,
                instance_url,
            },
            provider,
        ) => {
            if provider == Provider::Salesforce && instance_url.is_none() {
                bail!("method \"token\" for salesforce needs instance_url (as `sf org display` prints it)");
            }
            checks::no_user_info(instance_url.as_ref(), "instance_url")?;
            AuthConfig::Token {
                token: read_secret("token_env", token_env, token_file, base)?,
                instance_url,
            }
        }
        (_, provider) => bail!("this method is not available for {provider}"),
    };
    Ok(auth)
}

/// A non-empty environment variable.
fn env_value(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// `AZURE_AUTHORITY_HOST` (set by Kubernetes workload identity), for national clouds.
fn authority_host() -> anyhow::Result<Option<Url>> {
    env_value("AZURE_AUTHORITY_HOST")
        .map(|v| {
            Url::parse(&v).map_err(|e| anyhow!("AZURE_AUTHORITY_HOST {v:?} is not a URL: {e}"))
        })
        .transpose()
}

/// The federated token: `token_file`, else `AZURE_FEDERATED_TOKEN_FILE`, else
/// GitHub Actions OIDC. The file must exist now; it is read again for every
/// token request, as it rotates.
fn federated_token(token_file: Option<PathBuf>, base: &Path) -> anyhow::Result<FederatedToken> {
    let file = token_file
        .map(|f| base.join(f))
        .or_else(|| env_value("AZURE_FEDERATED_TOKEN_FILE").map(PathBuf::from));
    if let Some(path) = file {
        std::fs::metadata(&path)
            .with_context(|| format!("cannot read federated token file {}", path.display()))?;
        return Ok(FederatedToken::File(path));
    }
    match (
        env_value("ACTIONS_ID_TOKEN_REQUEST_URL"),
        env_value("ACTIONS_ID_TOKEN_REQUEST_TOKEN"),
    ) {
        (Some(url), Some(token)) => Ok(FederatedToken::GitHubActions {
            request_url: Url::parse(&url)
                .map_err(|e| anyhow!("ACTIONS_ID_TOKEN_REQUEST_URL is not a URL: {e}"))?,
            request_token: SecretString::from(token),
        }),
        _ => bail!("workload_identity found no federated token: set token_file or AZURE_FEDERATED_TOKEN_FILE (Kubernetes workload identity), or run in GitHub Actions with `permissions: id-token: write`"),
    }
}

/// `endpoint` (IMDS-style) when given, else App Service's `IDENTITY_ENDPOINT`
/// with `IDENTITY_HEADER`, else the instance metadata service.
fn managed_identity_endpoint(endpoint: Option<Url>) -> anyhow::Result<ManagedIdentity> {
    if let Some(url) = endpoint {
        return Ok(ManagedIdentity::Imds { url });
    }
    match (env_value("IDENTITY_ENDPOINT"), env_value("IDENTITY_HEADER")) {
        (Some(url), Some(header)) => Ok(ManagedIdentity::AppService {
            url: Url::parse(&url).map_err(|e| anyhow!("IDENTITY_ENDPOINT is not a URL: {e}"))?,
            header: SecretString::from(header),
        }),
        (Some(_), None) => bail!("IDENTITY_ENDPOINT is set without IDENTITY_HEADER"),
        _ => Ok(ManagedIdentity::Imds {
            url: Url::parse(IMDS_TOKEN_URL).expect("valid IMDS URL"),
        }),
    }
}

/// A secret from exactly one of an environment variable or a file.
fn read_secret(
    env_key: &str,
    env: Option<String>,
    file: Option<PathBuf>,
    base: &Path,
) -> anyhow::Result<SecretString> {
    match (env, file) {
        (Some(var), None) => {
            let var = checks::variable_name(&var, env_key)?;
            let secret = std::env::var(var)
                .map(SecretString::from)
                .map_err(|_| anyhow!("environment variable {var} is not set"))?;
            checks::not_empty(secret, &format!("environment variable {var}"))
        }
        (None, Some(file)) => read_secret_file(&base.join(file)),
        _ => bail!(
            "give exactly one of the *_env or *_file keys; secrets are never written in the config"
        ),
    }
}

/// Reads a secret file, warning when others can read it.
fn read_secret_file(path: &Path) -> anyhow::Result<SecretString> {
    let text = tenantaudit_connector::input_file::read_to_string(
        path,
        tenantaudit_connector::input_file::SECRET_MAX,
    )
    .with_context(|| format!("cannot read secret file {}", path.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)?.permissions().mode();
        if mode & 0o077 != 0 {
            tracing::warn!(
                "secret file {} is readable by others (mode {:o}); chmod 600 it",
                path.display(),
                mode & 0o777
            );
        }
    }
    checks::not_empty(
        SecretString::from(text.trim().to_string()),
        &format!("secret file {}", path.display()),
    )
}

/// A private key file that parses as an RSA key.
fn read_private_key(path: &Path) -> anyhow::Result<SecretString> {
    let key = read_secret_file(path)?;
    checks::rsa_private_key(&key, path)?;
    Ok(key)
}

fn read_certificate(path: &Path) -> anyhow::Result<String> {
    let text = tenantaudit_connector::input_file::read_to_string(
        path,
        tenantaudit_connector::input_file::SECRET_MAX,
    )
    .with_context(|| format!("cannot read certificate_file {}", path.display()))?;
    checks::certificate(&text, path)?;
    Ok(text)
}

/// The commented example `tenantaudit init` writes.
pub const EXAMPLE: &str = include_str!("../samples/tenantaudit.example.toml");

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> anyhow::Result<ValidConfig> {
        parse(text, Path::new("test.toml"))
    }

    const TENANT: &str = "[[tenant]]\nlabel = \"t\"\nprovider = \"m365\"\ntenant_id = \"x\"\nauth = { method = \"token\", token_env = \"TENANTAUDIT_TEST_TOKEN\" }\n";

    #[test]
    fn unknown_check_id_names_the_line() {
        std::env::set_var("TENANTAUDIT_TEST_TOKEN", "t");
        let err = parse_str(&format!(
            "{TENANT}[checks]\ndisable = [\n  \"M365-XX-99\",\n]\n"
        ))
        .err()
        .unwrap();
        assert_eq!(
            err.to_string(),
            "test.toml:8: unknown check id \"M365-XX-99\" (see `tenantaudit checks list`)"
        );
    }

    #[test]
    fn unknown_parameter_and_wrong_type_name_the_line() {
        std::env::set_var("TENANTAUDIT_TEST_TOKEN", "t");
        let err = parse_str(&format!("{TENANT}[checks.params.COM-ID-01]\ndais = 30\n"))
            .err()
            .unwrap();
        assert!(
            err.to_string()
                .starts_with("test.toml:7: check COM-ID-01 has no parameter \"dais\""),
            "{err}"
        );
        let err = parse_str(&format!(
            "{TENANT}[checks.params.COM-ID-01]\ndays = \"30\"\n"
        ))
        .err()
        .unwrap();
        assert_eq!(
            err.to_string(),
            "test.toml:7: COM-ID-01.days must be an integer"
        );
    }

    #[test]
    fn inline_secrets_and_unknown_keys_are_refused() {
        std::env::set_var("TENANTAUDIT_TEST_TOKEN", "t");
        let err = parse_str("[[tenant]]\nlabel = \"t\"\nprovider = \"m365\"\ntenant_id = \"x\"\nauth = { method = \"client_secret\", client_id = \"c\", secret = \"hunter2\" }\n").err().unwrap();
        assert!(err.to_string().contains("secret"), "{err}");
        assert!(!err.to_string().contains("hunter2"), "{err}");
        let err = parse_str(&format!("{TENANT}[output]\ndri = \"x\"\n"))
            .err()
            .unwrap();
        assert_eq!(
            err.to_string(),
            "test.toml:7: unknown key `dri`; did you mean `dir`?"
        );
    }

    /// Issue 17: a config cut short anywhere gives a message, never an empty one.
    #[test]
    fn a_truncated_config_always_gives_a_message() {
        std::env::set_var("TENANTAUDIT_TEST_TOKEN", "t");
        let whole =
            format!("{TENANT}[http]\nmax_retries = 2\n[checks]\ndisable = [\"M365-ID-01\"]\n");
        for end in 1..whole.len() {
            if let Err(err) = parse_str(&whole[..end]) {
                for line in err.to_string().lines() {
                    let message = line.splitn(3, ':').nth(2).unwrap_or(line);
                    assert!(!message.trim().is_empty(), "cut at {end}: {err:?}");
                }
            }
        }
    }

    #[test]
    fn example_config_is_valid_toml_of_this_shape() {
        let mut errors = ConfigErrors::new("example", EXAMPLE);
        let doc = errors.parse().unwrap();
        read_raw(doc.as_table(), &mut errors);
        errors.finish().unwrap();
    }

    #[test]
    fn every_problem_is_reported_at_once_with_its_line() {
        let text = "[output]\ndri = \"x\"\n[http]\nmax_retry = 3\ntimeout_second = 5\n\
                    [[tenant]]\nlabel = \"t\"\nprovider = \"m365\"\n\
                    auth = { method = \"token\", token_env = \"TENANTAUDIT_TEST_UNSET_VAR\" }\n\
                    [checks]\ndisable = [\"M365-XX-99\"]\n[ownres]\n";
        let err = parse_str(text).err().unwrap().to_string();
        let expected = [
            "test.toml:2: unknown key `dri`; did you mean `dir`?",
            "test.toml:4: unknown key `max_retry`; did you mean `max_retries`?",
            "test.toml:5: unknown key `timeout_second`; did you mean `timeout_seconds`?",
            "test.toml:7: tenant \"t\": tenant_id is required for m365",
            "test.toml:9: tenant \"t\" auth: environment variable TENANTAUDIT_TEST_UNSET_VAR is not set",
            "test.toml:11: unknown check id \"M365-XX-99\"",
            "test.toml:12: unknown key `ownres`; did you mean `owners`?",
        ];
        for line in expected {
            assert!(err.contains(line), "{line} in:\n{err}");
        }
        assert!(err.starts_with("7 problems"), "{err}");
    }
}

#[path = "config_checks.rs"]
mod checks;

#[cfg(test)]
#[path = "config_proptest.rs"]
mod proptests;

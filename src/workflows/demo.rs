//! `demo`: starts the simulator in-process on 127.0.0.1, serving the sample
//! tenants in `samples/`, and audits them through the real connectors over
//! HTTP, with real token flows. No credentials, no network. It shows what a
//! newcomer should find: owners and an exception (`samples/demo.toml`), then
//! an offboarding review of the samples' leavers.

use crate::config::{self, AuthConfig, Endpoints, Exclusions, Profile, TenantConfig, ValidConfig};
use crate::offboard::mailboxes::Mailboxes;
use crate::offboard::person::read_leavers;
use anyhow::Context as _;
use secrecy::SecretString;
use std::path::{Path, PathBuf};
use tenantaudit_connector::{Clock, Provider};
use tenantaudit_simulator::{SampleStore, Simulator, SimulatorBuilder, SAMPLE_ANCHOR};
use url::Url;

/// The Contoso sample's tenant id and break-glass accounts
/// (samples/m365-contoso/README.md).
const CONTOSO_TENANT_ID: &str = "6f1c2b3a-9d7e-4c51-8a42-0b1d2e3f4a5b";
const CONTOSO_BREAK_GLASS: [&str; 2] = [
    "f768064f-9585-47ad-a39e-ed24c2c063fe",
    "5966eb44-e0c6-4744-9511-3dc30e9a8df5",
];

/// Where the sample tenants are: `--samples`, else this checkout's `samples/`.
pub fn default_samples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

/// The samples' dates are moved to the run's clock, so the demo tells the same
/// story on any day.
pub async fn start_simulator(samples: &Path, clock: Clock) -> anyhow::Result<Simulator> {
    let load = |name: &str| {
        SampleStore::load_as_of(&samples.join(name), clock.now())
            .with_context(|| format!("loading sample tenant {name}"))
    };
    SimulatorBuilder::new(samples)
        .m365(load("m365-contoso")?)
        .salesforce(load("sf-acme")?)
        // Small pages, so that the demo exercises paging as large tenants do.
        .graph_page_size(10)
        .start()
        .await
}

/// The configuration the demo audits with: the simulator's endpoints and the
/// credentials it accepts, with the same flows a real tenant uses.
pub fn config(sim: &Simulator, samples: &Path, out_dir: PathBuf) -> anyhow::Result<ValidConfig> {
    let creds = sim.credentials();
    let read = |name: &str| {
        let path = samples.join("keys").join(name);
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))
    };
    let private_key = read("demo-private-key.pem")?;
    let certificate = read("demo-certificate.pem")?;
    let endpoints = |admin: bool| -> anyhow::Result<Endpoints> {
        let admin_url = |url: String| admin.then(|| Url::parse(&url)).transpose();
        Ok(Endpoints {
            authority: Url::parse(&sim.authority())?,
            graph_base: Url::parse(&sim.graph_base())?,
            exchange_admin: admin_url(sim.exchange_admin())?,
            sharepoint_admin: admin_url(sim.sharepoint_admin())?,
            salesforce_login: Url::parse(&sim.salesforce_login())?,
            api_version: tenantaudit_salesforce::DEFAULT_API_VERSION.to_string(),
        })
    };
    Ok(ValidConfig {
        history: crate::config::HistorySetting::InOutput,
        out_dir,
        http: Default::default(),
        max_tenants: 4,
        tenants: vec![
            TenantConfig {
                label: "contoso".into(),
                provider: Provider::M365,
                tenant_id: CONTOSO_TENANT_ID.into(),
                // A certificate, as SharePoint's admin API requires; one token
                // per resource (Graph, Exchange Online, SharePoint).
                auth: AuthConfig::EntraCertificate {
                    client_id: creds.entra_client_id.clone(),
                    private_key: SecretString::from(private_key.clone()),
                    certificate,
                },
                endpoints: endpoints(true)?,
                exclusions: Exclusions {
                    users: CONTOSO_BREAK_GLASS.iter().map(|s| s.to_string()).collect(),
                    ..Default::default()
                },
                limits: Default::default(),
            },
            TenantConfig {
                label: "acme".into(),
                provider: Provider::Salesforce,
                tenant_id: String::new(),
                auth: AuthConfig::SalesforceJwt {
                    consumer_key: creds.salesforce_consumer_key.clone(),
                    username: creds.salesforce_username.clone(),
                    private_key: SecretString::from(private_key),
                },
                endpoints: endpoints(false)?,
                exclusions: Exclusions::default(),
                limits: Default::default(),
            },
        ],
        profile: Default::default(),
    })
}

/// How far the samples' dates are moved: the run's clock minus the anchor
/// the samples were written at.
fn shift(clock: Clock) -> chrono::TimeDelta {
    let anchor: chrono::DateTime<chrono::Utc> = SAMPLE_ANCHOR.parse().expect("valid anchor");
    clock.now() - anchor
}

/// The demo's baseline profile (`samples/demo.toml`: owners and the example
/// exceptions), with expiry dates moved like the samples' dates.
pub fn profile(samples: &Path, clock: Clock) -> anyhow::Result<Profile> {
    let mut profile = config::load_profile(&samples.join("demo.toml"))?;
    let shift = shift(clock);
    for exception in &mut profile.exceptions {
        exception.expires += shift;
    }
    Ok(profile)
}

/// The offboarding review of the samples' leavers (`samples/leavers.example.csv`,
/// with the Exchange export of `m365-contoso/exchange`), written beside the
/// reports.
pub async fn offboard(
    config: &ValidConfig,
    samples: &Path,
    clock: Clock,
    out: &Path,
    quiet: bool,
) -> anyhow::Result<()> {
    let shift = shift(clock);
    let mut people = read_leavers(&samples.join("leavers.example.csv"))?;
    for person in &mut people {
        person.leave_date += shift;
    }
    let mailboxes = Mailboxes::read(&[samples.join("m365-contoso/exchange/mailboxes.csv")])?;
    let review = super::offboard::review(config, people, mailboxes.as_ref(), clock).await?;
    if !quiet {
        println!("\nOffboarding review of the samples' leavers (tenantaudit offboard):");
    }
    // The demo's exit code is the audit's; the review's own is for `offboard`.
    super::offboard::conclude(&review, out, quiet)?;
    Ok(())
}

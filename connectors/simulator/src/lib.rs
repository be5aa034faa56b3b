//! A loopback HTTP server that answers the subset of Microsoft Graph, the
//! Entra token endpoint and Salesforce REST/Tooling that tenantaudit uses,
//! from sample files laid out by API path (`samples/<tenant>/...`).
//!
//! It shares no types with the connectors: it serves JSON files and its own
//! structures, so that a field misread by a connector cannot hide by being
//! wrong on both sides of the wire.

mod exchange;
mod faults;
pub mod generate;
mod graph;
mod identity;
mod jwt;
mod pacing;
mod salesforce;
mod samples;
mod sharepoint;
mod soql;
mod state;
mod tokens;

pub use faults::{Fault, FaultKind};
pub use pacing::{PacingStats, Throttle};
pub use samples::{SampleStore, SAMPLE_ANCHOR};

use anyhow::Context;
use axum::routing::{get, post};
use axum::Router;
use state::{Credentials, SimState};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::task::JoinHandle;

/// The Entra tenant id, client id and secret, and the Salesforce consumer
/// key and username the simulator accepts.
#[derive(Debug, Clone)]
pub struct SimCredentials {
    pub entra_client_id: String,
    /// Accepted client secret; a random one is fine.
    pub entra_client_secret: String,
    pub salesforce_consumer_key: String,
    pub salesforce_username: String,
    /// The consumer secret the client credentials flow must present.
    pub salesforce_consumer_secret: String,
    /// Subjects of the app's federated credentials (issuer: [`Simulator::oidc_issuer`],
    /// audience `api://AzureADTokenExchange`).
    pub federated_subjects: Vec<String>,
    /// The subject of the tokens the GitHub Actions endpoint hands out.
    pub actions_subject: String,
    /// The bearer a job presents to the GitHub Actions endpoint.
    pub actions_request_token: String,
    /// The user-assigned managed identity's client id.
    pub managed_identity_client_id: String,
    /// The `X-IDENTITY-HEADER` App Service expects.
    pub identity_header: String,
}

impl Default for SimCredentials {
    fn default() -> Self {
        SimCredentials {
            entra_client_id: "9d2b7c1e-5f4a-4b8e-a6c3-1e2f3a4b5c6d".into(),
            entra_client_secret: format!("sim~{}", uuid::Uuid::new_v4().simple()),
            salesforce_consumer_key: "3MVG9SIMULATOR.tenantaudit.demo".into(),
            salesforce_username: "tenantaudit.integration@acme-corp.com".into(),
            salesforce_consumer_secret: format!("sfsim~{}", uuid::Uuid::new_v4().simple()),
            federated_subjects: vec![
                "system:serviceaccount:tenantaudit:tenantaudit".into(),
                "repo:contoso/tenant-audit:environment:audit".into(),
            ],
            actions_subject: "repo:contoso/tenant-audit:environment:audit".into(),
            actions_request_token: format!("ghsim~{}", uuid::Uuid::new_v4().simple()),
            managed_identity_client_id: "5b0e6c2a-1f3d-4e8b-9a7c-2d4f6e8a0b1c".into(),
            identity_header: format!("msisim~{}", uuid::Uuid::new_v4().simple()),
        }
    }
}

/// Builder: which samples to serve, with which patches and faults.
pub struct SimulatorBuilder {
    m365: Option<SampleStore>,
    salesforce: Option<SampleStore>,
    keys_dir: PathBuf,
    credentials: SimCredentials,
    faults: Vec<Fault>,
    graph_page_size: usize,
    soql_batch_size: usize,
    api_daily_limit: u64,
    latency: std::time::Duration,
    throttle: Option<Throttle>,
}

impl SimulatorBuilder {
    /// `samples_root` is the repository's `samples/` folder (it holds `keys/`).
    pub fn new(samples_root: &Path) -> Self {
        SimulatorBuilder {
            m365: None,
            salesforce: None,
            keys_dir: samples_root.join("keys"),
            credentials: SimCredentials::default(),
            faults: Vec::new(),
            graph_page_size: 999,
            soql_batch_size: 2000,
            api_daily_limit: 100_000,
            latency: std::time::Duration::ZERO,
            throttle: None,
        }
    }

    /// Every request waits this long before it is answered (a round trip).
    pub fn latency(mut self, latency: std::time::Duration) -> Self {
        self.latency = latency;
        self
    }

    /// Answer 429 with `Retry-After` beyond this many API requests in flight.
    pub fn throttle(mut self, throttle: Throttle) -> Self {
        self.throttle = Some(throttle);
        self
    }

    pub fn m365(mut self, store: SampleStore) -> Self {
        self.m365 = Some(store);
        self
    }

    pub fn salesforce(mut self, store: SampleStore) -> Self {
        self.salesforce = Some(store);
        self
    }

    pub fn credentials(mut self, credentials: SimCredentials) -> Self {
        self.credentials = credentials;
        self
    }

    pub fn fault(mut self, fault: Fault) -> Self {
        self.faults.push(fault);
        self
    }

    /// Largest Graph page served, whatever `$top` asks (the real cap is 999 for users).
    pub fn graph_page_size(mut self, size: usize) -> Self {
        self.graph_page_size = size.max(1);
        self
    }

    /// Largest SOQL batch served (Salesforce: 200–2000, default 2000).
    pub fn soql_batch_size(mut self, size: usize) -> Self {
        self.soql_batch_size = size.max(1);
        self
    }

    /// The org's daily API request limit, reported in `Sforce-Limit-Info`.
    pub fn api_daily_limit(mut self, limit: u64) -> Self {
        self.api_daily_limit = limit;
        self
    }

    /// Binds 127.0.0.1 on an ephemeral port and serves until dropped.
    pub async fn start(self) -> anyhow::Result<Simulator> {
        let read_key = |name: &str| {
            let path = self.keys_dir.join(name);
            std::fs::read(&path).with_context(|| format!("reading {}", path.display()))
        };
        let key = jwt::KeyPair::from_pem(&read_key("demo-private-key.pem")?)
            .context("demo-private-key.pem")?;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .context("binding 127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let credentials = Credentials {
            sim: self.credentials.clone(),
            key,
        };
        let state = Arc::new(SimState::new(
            format!("http://{addr}"),
            self.m365,
            self.salesforce,
            credentials,
            self.faults,
            self.graph_page_size,
            self.soql_batch_size,
            self.api_daily_limit,
        ));
        let pacing = Arc::new(pacing::Pacing::new(self.latency, self.throttle));
        let app = Router::new()
            .route(
                "/entra/{tenant}/oauth2/v2.0/token",
                post(tokens::entra_token),
            )
            .route(
                "/entra/{tenant}/oauth2/v2.0/devicecode",
                post(tokens::entra_device_code),
            )
            .route("/services/oauth2/token", post(tokens::salesforce_token))
            .route("/actions/idtoken", get(identity::actions_id_token))
            .route("/metadata/identity/oauth2/token", get(identity::imds_token))
            .route("/msi/token", get(identity::app_service_token))
            .route("/graph/{*path}", get(graph::get))
            .route(
                "/exchange/adminapi/beta/{tenant}/InvokeCommand",
                post(exchange::invoke),
            )
            .route("/sharepoint/_api/SPO.Tenant", get(sharepoint::tenant))
            .route("/services/data/{version}/query", get(salesforce::query))
            .route(
                "/services/data/{version}/query/{locator}",
                get(salesforce::query_more),
            )
            .route(
                "/services/data/{version}/tooling/query",
                get(salesforce::tooling_query),
            )
            .route(
                "/services/data/{version}/tooling/query/{locator}",
                get(salesforce::query_more),
            )
            .route(
                "/services/data/{version}/sobjects/{object}/describe",
                get(salesforce::describe),
            )
            .route(
                "/services/data/{version}/composite",
                post(salesforce::composite),
            )
            .fallback(graph::not_found)
            .layer(axum::middleware::from_fn_with_state(
                pacing.clone(),
                pacing::pace,
            ))
            .layer(axum::middleware::from_fn_with_state(
                state.clone(),
                state::wire_log,
            ))
            .with_state(state.clone());
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(Simulator {
            addr,
            state,
            pacing,
            server,
            credentials: self.credentials,
        })
    }
}

/// A running simulator. Stops when dropped.
pub struct Simulator {
    addr: SocketAddr,
    state: Arc<SimState>,
    pacing: Arc<pacing::Pacing>,
    server: JoinHandle<()>,
    credentials: SimCredentials,
}

impl Simulator {
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Entra authority (token endpoint: `{authority}/{tenant}/oauth2/v2.0/token`).
    pub fn authority(&self) -> String {
        format!("{}/entra", self.base_url())
    }

    /// Graph base (requests go to `{graph_base}/v1.0/...`).
    pub fn graph_base(&self) -> String {
        format!("{}/graph", self.base_url())
    }

    /// Exchange Online admin API base (and token resource): requests go to
    /// `{exchange_admin}/adminapi/beta/{tenant}/InvokeCommand`.
    pub fn exchange_admin(&self) -> String {
        format!("{}/exchange", self.base_url())
    }

    /// SharePoint admin site (and token resource): `{sharepoint_admin}/_api/SPO.Tenant`.
    pub fn sharepoint_admin(&self) -> String {
        format!("{}/sharepoint", self.base_url())
    }

    /// Salesforce login URL (also the instance URL it hands out).
    pub fn salesforce_login(&self) -> String {
        self.base_url()
    }

    pub fn credentials(&self) -> &SimCredentials {
        &self.credentials
    }

    /// The issuer of federated tokens (a Kubernetes cluster's or GitHub's stand-in).
    pub fn oidc_issuer(&self) -> String {
        identity::issuer(&self.base_url())
    }

    /// A federated token for `subject` with the exchange audience, as a
    /// cluster projects it into a pod (`AZURE_FEDERATED_TOKEN_FILE`).
    pub fn federated_token(&self, subject: &str) -> String {
        identity::federated_token(&self.state, subject, identity::FEDERATION_AUDIENCE)
    }

    /// `ACTIONS_ID_TOKEN_REQUEST_URL` (it carries a query, as GitHub's does).
    pub fn actions_token_request_url(&self) -> String {
        format!("{}/actions/idtoken?api-version=2.0", self.base_url())
    }

    /// The IMDS-like token endpoint (`endpoint` of `managed_identity`).
    pub fn imds_endpoint(&self) -> String {
        format!("{}/metadata/identity/oauth2/token", self.base_url())
    }

    /// App Service's `IDENTITY_ENDPOINT`.
    pub fn identity_endpoint(&self) -> String {
        format!("{}/msi/token", self.base_url())
    }

    /// A bearer token the simulator accepts, as if acquired elsewhere (the
    /// `token` auth method).
    pub fn issue_token(&self) -> String {
        self.state.issue_token("pre-acquired.")
    }

    /// Every token issued so far (for tests that search outputs for them).
    pub fn issued_tokens(&self) -> Vec<String> {
        self.state.issued_tokens()
    }

    /// Requests answered so far, tokens included.
    pub fn request_count(&self) -> u64 {
        self.state.request_count()
    }

    /// Requests seen and throttled by the latency and throttle layer.
    pub fn pacing_stats(&self) -> PacingStats {
        self.pacing.stats()
    }

    /// Every request path and method seen, in order.
    pub fn request_log(&self) -> Vec<String> {
        self.state.request_log()
    }

    /// `METHOD path` of every request that reached the server, recorded
    /// before routing and faults, in order.
    pub fn wire_log(&self) -> Vec<String> {
        self.state.wire_log()
    }
}

impl Drop for Simulator {
    fn drop(&mut self) {
        self.server.abort();
    }
}

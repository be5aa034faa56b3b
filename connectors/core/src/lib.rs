//! tenantaudit-connector: what every connector shares.
//!
//! - [`snapshot`]: the Snapshot contract (`tenantaudit.snapshot/v1`), common model and
//!   provider sections;
//! - [`http`]: the one read-only HTTP client (HTTPS except loopback, retries honouring
//!   `Retry-After`, paging with loop detection, per-tenant concurrency limit);
//! - [`auth`]: token sources for Entra ID and Salesforce;
//! - [`collect`]: turning paged API responses into a collection record plus typed items.

pub mod auth;
pub mod clock;
pub mod collect;
mod error;
pub mod http;
pub mod input_file;
pub mod snapshot;

pub use clock::Clock;
pub use error::{cause_of, shown_url, CollectError, ErrorKind};
pub use snapshot::Provider;

/// A source of one tenant's snapshot. Implemented by each provider's connector.
pub trait Connector {
    /// Collects everything the checks need. Never fails as a whole: a collection
    /// that cannot be read is recorded in the snapshot with its error, so that the
    /// checks that need it report `error` and the others still run.
    fn collect(
        &self,
        progress: &dyn collect::Progress,
    ) -> impl std::future::Future<Output = snapshot::Snapshot> + Send;
}

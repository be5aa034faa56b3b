//! The org's daily API request limit. Salesforce reports usage on every answer
//! (`Sforce-Limit-Info: api-usage=N/M`) and refuses every call once it is spent
//! (403 `REQUEST_LIMIT_EXCEEDED`). Past a share of the limit the run log warns;
//! once refused, nothing more is requested and what was not collected is an
//! error of kind `throttled`, rather than spending calls that cannot succeed.

use std::sync::atomic::{AtomicBool, Ordering};
use tenantaudit_connector::http::{Response, ResponseObserver};
use tenantaudit_connector::{CollectError, ErrorKind};
use url::Url;

pub struct ApiLimits {
    tenant: String,
    /// Warn once usage reaches this percentage of the daily limit.
    warn_percent: u8,
    warned: AtomicBool,
    exhausted: AtomicBool,
}

impl ApiLimits {
    pub fn new(tenant: &str, warn_percent: u8) -> ApiLimits {
        ApiLimits {
            tenant: tenant.to_string(),
            warn_percent,
            warned: AtomicBool::new(false),
            exhausted: AtomicBool::new(false),
        }
    }
}

/// `api-usage=N/M` from `Sforce-Limit-Info` (which may list other limits too).
fn api_usage(response: &Response) -> Option<(u64, u64)> {
    let header = response.headers.get("sforce-limit-info")?.to_str().ok()?;
    let usage = header
        .split(',')
        .find_map(|part| part.trim().strip_prefix("api-usage="))?;
    let (used, limit) = usage.split_once('/')?;
    Some((used.trim().parse().ok()?, limit.trim().parse().ok()?))
}

fn limit_exceeded(response: &Response) -> bool {
    response.status.as_u16() == 403
        && serde_json::from_slice::<serde_json::Value>(&response.body)
            .ok()
            .and_then(|body| {
                body.as_array()?
                    .iter()
                    .find_map(|e| e.get("errorCode")?.as_str().map(str::to_string))
            })
            .is_some_and(|code| code == "REQUEST_LIMIT_EXCEEDED")
}

impl ResponseObserver for ApiLimits {
    fn admit(&self, url: &Url) -> Result<(), CollectError> {
        if self.exhausted.load(Ordering::SeqCst) {
            return Err(CollectError::new(
                ErrorKind::Throttled,
                format!(
                    "{} not requested: the org's daily API request limit is exhausted",
                    url.path()
                ),
            ));
        }
        Ok(())
    }

    fn inspect(&self, url: &Url, response: &Response) -> Option<CollectError> {
        if let Some((used, limit)) = api_usage(response) {
            let over =
                limit > 0 && used.saturating_mul(100) >= limit * u64::from(self.warn_percent);
            if over && !self.warned.swap(true, Ordering::SeqCst) {
                tracing::warn!(
                    tenant = %self.tenant,
                    "Salesforce API usage is {used} of {limit} daily requests (warning at {}%)",
                    self.warn_percent
                );
            }
        }
        if limit_exceeded(response) {
            if !self.exhausted.swap(true, Ordering::SeqCst) {
                tracing::warn!(tenant = %self.tenant, "Salesforce daily API request limit exhausted: stopping collection");
            }
            return Some(
                CollectError::new(
                    ErrorKind::Throttled,
                    format!(
                        "GET {} answered 403 REQUEST_LIMIT_EXCEEDED: the org's daily API request limit is exhausted",
                        url.path()
                    ),
                )
                .with_status(403),
            );
        }
        None
    }
}

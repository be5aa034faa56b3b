//! A 429's `Retry-After` speaks for the whole API, not for the one request
//! that drew it: every request of this tenant's client to that host waits
//! until it has passed, instead of the others carrying on at full speed.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use url::Url;

#[derive(Default)]
pub(crate) struct HostPauses {
    until: Mutex<HashMap<String, Instant>>,
}

impl HostPauses {
    /// Returns once no pause is in force for `url`'s host.
    pub async fn wait(&self, url: &Url) {
        let key = host_key(url);
        loop {
            let until = self.until.lock().expect("pause lock").get(&key).copied();
            match until {
                Some(until) if until > Instant::now() => {
                    tokio::time::sleep_until(until.into()).await
                }
                _ => return,
            }
        }
    }

    /// Pauses `url`'s host for `wait` from now (a longer pause in force stays).
    pub fn pause(&self, url: &Url, wait: Duration) {
        let until = Instant::now() + wait;
        let mut pauses = self.until.lock().expect("pause lock");
        let entry = pauses.entry(host_key(url)).or_insert(until);
        *entry = (*entry).max(until);
    }
}

fn host_key(url: &Url) -> String {
    format!(
        "{}:{}",
        url.host_str().unwrap_or(""),
        url.port_or_known_default().unwrap_or(0)
    )
}

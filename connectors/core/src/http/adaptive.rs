//! Adaptive concurrency: how many requests one tenant's client keeps in
//! flight, between 1 and `max_concurrency`. A 429 cuts the limit by a quarter (once per
//! round: answers to requests sent before the last cut do not cut again);
//! the limit grows back by one after as many successes as the limit, and no
//! sooner than `recover_after` since the last change, so that a server's
//! ceiling is probed rarely rather than every round trip (each probe that
//! overshoots costs a `Retry-After` wait).

use std::sync::Mutex;
use std::time::{Duration, Instant};
use tokio::sync::{Semaphore, SemaphorePermit};

pub(crate) struct Adaptive {
    permits: Semaphore,
    max: usize,
    recover_after: Duration,
    state: Mutex<State>,
}

struct State {
    limit: usize,
    /// Permits to retire as they come back (the limit was cut while they were held).
    debt: usize,
    successes: usize,
    changed: Instant,
    /// When the limit was last cut: throttled requests sent before it are old news.
    cut: Option<Instant>,
}

/// One request's place in flight; returns (or retires) its permit when dropped.
pub(crate) struct Slot<'a> {
    permit: Option<SemaphorePermit<'a>>,
    owner: &'a Adaptive,
    pub sent: Instant,
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        let mut state = self.owner.state.lock().expect("adaptive lock");
        if let Some(permit) = self.permit.take() {
            if state.debt > 0 {
                state.debt -= 1;
                permit.forget();
            }
        }
    }
}

impl Adaptive {
    pub fn new(max: usize, recover_after: Duration) -> Adaptive {
        let max = max.max(1);
        Adaptive {
            permits: Semaphore::new(max),
            max,
            recover_after,
            state: Mutex::new(State {
                limit: max,
                debt: 0,
                successes: 0,
                changed: Instant::now(),
                cut: None,
            }),
        }
    }

    /// Waits for a place under the current limit.
    pub async fn acquire(&self) -> Option<Slot<'_>> {
        let permit = self.permits.acquire().await.ok()?;
        Some(Slot {
            permit: Some(permit),
            owner: self,
            sent: Instant::now(),
        })
    }

    /// The current limit.
    pub fn limit(&self) -> usize {
        self.state.lock().expect("adaptive lock").limit
    }

    /// A 429 to a request sent at `sent`.
    pub fn throttled(&self, sent: Instant) {
        let mut state = self.state.lock().expect("adaptive lock");
        if state.cut.is_some_and(|cut| sent <= cut) {
            return;
        }
        let now = Instant::now();
        let limit = (state.limit * 3 / 4).max(1);
        state.debt += state.limit - limit;
        tracing::debug!(
            from = state.limit,
            to = limit,
            "throttled: fewer requests in flight"
        );
        state.limit = limit;
        state.successes = 0;
        state.changed = now;
        state.cut = Some(now);
    }

    /// Any answer that is not a 429.
    pub fn succeeded(&self) {
        let mut state = self.state.lock().expect("adaptive lock");
        if state.limit >= self.max {
            return;
        }
        state.successes += 1;
        if state.successes < state.limit || state.changed.elapsed() < self.recover_after {
            return;
        }
        state.limit += 1;
        state.successes = 0;
        state.changed = Instant::now();
        if state.debt > 0 {
            state.debt -= 1;
        } else {
            self.permits.add_permits(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn cuts_once_per_round_and_recovers() {
        let adaptive = Adaptive::new(8, Duration::ZERO);
        // Eight in flight; three of them come back throttled.
        let slots: Vec<_> = futures::future::join_all((0..8).map(|_| adaptive.acquire()))
            .await
            .into_iter()
            .map(Option::unwrap)
            .collect();
        for slot in &slots[..3] {
            adaptive.throttled(slot.sent);
        }
        assert_eq!(adaptive.limit(), 6, "one cut for one round");
        drop(slots);
        // Only six fit now.
        let held: Vec<_> = futures::future::join_all((0..6).map(|_| adaptive.acquire())).await;
        assert!(
            tokio::time::timeout(Duration::from_millis(20), adaptive.acquire())
                .await
                .is_err(),
            "a seventh request waits"
        );
        drop(held);
        // A request sent after the cut that is throttled cuts again.
        let late = adaptive.acquire().await.unwrap();
        adaptive.throttled(late.sent);
        drop(late);
        assert_eq!(adaptive.limit(), 4);
        // Successes bring it back, one step per `limit` successes.
        for _ in 0..3 {
            adaptive.succeeded();
        }
        assert_eq!(adaptive.limit(), 4);
        adaptive.succeeded();
        assert_eq!(adaptive.limit(), 5);
        for _ in 0..100 {
            adaptive.succeeded();
        }
        assert_eq!(adaptive.limit(), 8, "never above the configured maximum");
        let all: Vec<_> = futures::future::join_all((0..8).map(|_| adaptive.acquire())).await;
        assert!(all.iter().all(Option::is_some));
        assert!(
            tokio::time::timeout(Duration::from_millis(20), adaptive.acquire())
                .await
                .is_err(),
            "a ninth request waits"
        );
    }

    /// Against the simulator's throttle: every read still succeeds, the 429s
    /// are counted, and the client settles under the server's ceiling.
    #[tokio::test]
    async fn backs_off_against_a_throttled_server() {
        use crate::auth::{Credential, TokenSource};
        use crate::http::{HttpClient, HttpOptions};
        let samples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples");
        let store =
            tenantaudit_simulator::SampleStore::load(&samples.join("m365-contoso")).unwrap();
        let sim = tenantaudit_simulator::SimulatorBuilder::new(&samples)
            .m365(store)
            .latency(Duration::from_millis(10))
            .throttle(tenantaudit_simulator::Throttle {
                max_in_flight: 2,
                retry_after: 0,
            })
            .start()
            .await
            .unwrap();
        let url = url::Url::parse(&format!("{}/v1.0/organization", sim.graph_base())).unwrap();
        let http = HttpClient::new(HttpOptions {
            max_concurrency: 8,
            recover_after: Duration::from_secs(3600),
            ..HttpOptions::default()
        })
        .unwrap()
        .bound_to(&url);
        let token = TokenSource::new(Credential::Static {
            token: sim.issue_token().into(),
            instance_url: None,
        });
        let answers = futures::future::join_all((0..24).map(|_| http.get(&url, &token, &[]))).await;
        assert!(answers
            .iter()
            .all(|a| a.as_ref().is_ok_and(|r| r.status == 200)));
        let throttled = http.stats().throttled();
        assert!(throttled > 0, "the burst of eight met the ceiling of two");
        assert_eq!(throttled, sim.pacing_stats().throttled);
        assert!(http.concurrency_limit() < 8);
        assert_eq!(http.stats().requests(), 24 + throttled);
    }

    #[tokio::test]
    async fn recovery_waits_for_the_interval() {
        let adaptive = Adaptive::new(4, Duration::from_secs(3600));
        adaptive.throttled(Instant::now());
        assert_eq!(adaptive.limit(), 3);
        for _ in 0..100 {
            adaptive.succeeded();
        }
        assert_eq!(adaptive.limit(), 3);
        // Never below one.
        for _ in 0..5 {
            std::thread::sleep(Duration::from_millis(1));
            adaptive.throttled(Instant::now());
        }
        assert_eq!(adaptive.limit(), 1);
    }
}

//! Progress on stderr: one line per tenant, updated as collections finish.
//! Hidden with `--quiet` and when stderr is not a terminal.

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::collections::HashMap;
use std::sync::Mutex;
use tenantaudit_connector::collect::Progress;
use tenantaudit_connector::snapshot::{CollectionRecord, CollectionStatus};

pub struct TenantProgress {
    multi: MultiProgress,
    bars: Mutex<HashMap<String, (ProgressBar, u32, u32)>>,
}

impl TenantProgress {
    pub fn new(quiet: bool) -> Self {
        let multi = if quiet {
            MultiProgress::with_draw_target(ProgressDrawTarget::hidden())
        } else {
            MultiProgress::with_draw_target(ProgressDrawTarget::stderr())
        };
        TenantProgress {
            multi,
            bars: Mutex::default(),
        }
    }

    pub fn finish(&self) {
        for (bar, _, _) in self.bars.lock().expect("progress lock").values() {
            bar.finish();
        }
    }

    fn update(&self, tenant: &str, collection: &str, started: bool, failed: bool) {
        let mut bars = self.bars.lock().expect("progress lock");
        let (bar, done, errors) = bars.entry(tenant.to_string()).or_insert_with(|| {
            let bar = self.multi.add(ProgressBar::new_spinner());
            bar.set_style(
                ProgressStyle::with_template("{spinner} {prefix:.bold} {msg}").expect("template"),
            );
            bar.set_prefix(crate::terminal::Safe(tenant).to_string());
            bar.enable_steady_tick(std::time::Duration::from_millis(120));
            (bar, 0, 0)
        });
        if !started {
            *done += 1;
            *errors += u32::from(failed);
        }
        let verb = if started { "reading" } else { "read" };
        bar.set_message(format!(
            "{done} collections read, {errors} failed — {verb} {collection}"
        ));
    }
}

impl Progress for TenantProgress {
    fn started(&self, tenant: &str, collection: &str) {
        self.update(tenant, collection, true, false);
    }

    fn finished(&self, tenant: &str, collection: &str, record: &CollectionRecord) {
        self.update(
            tenant,
            collection,
            false,
            record.status == CollectionStatus::Error,
        );
    }
}

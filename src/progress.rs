//! Progress on stderr, per tenant: collections done of total, pages and items
//! read, failures and `not_licensed` collections counted apart.
//!
//! On a terminal: one live line per tenant; log lines are written through
//! [`LogWriter`], which lifts the bars while a line is printed so that the
//! two never tear each other. Otherwise (CI logs, cron mail): a plain line
//! per tenant at each collection's end and, during a long collection, every
//! few seconds (a failed collection is left to the error log). `--quiet`:
//! nothing.

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};
use tenantaudit_connector::collect::Progress;
use tenantaudit_connector::snapshot::{CollectionRecord, CollectionStatus};
use tenantaudit_connector::Provider;

/// How often a plain progress line is repeated while pages arrive.
const LINE_INTERVAL: Duration = Duration::from_secs(5);

/// The bars every progress display and the log writer share.
fn bars() -> &'static MultiProgress {
    static BARS: OnceLock<MultiProgress> = OnceLock::new();
    BARS.get_or_init(|| MultiProgress::with_draw_target(ProgressDrawTarget::stderr()))
}

/// Collections a connector records for a provider (its permission list).
pub fn planned(provider: Provider) -> usize {
    match provider {
        Provider::M365 => tenantaudit_graph::permissions().len(),
        Provider::Salesforce => tenantaudit_salesforce::permissions().len(),
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Hidden,
    Bars,
    Lines,
}

#[derive(Default)]
struct Tenant {
    bar: Option<ProgressBar>,
    total: usize,
    done: usize,
    failed: usize,
    not_licensed: usize,
    pages: u64,
    items: u64,
    last_line: Option<Instant>,
}

impl Tenant {
    fn summary(&self) -> String {
        let mut text = format!(
            "{}/{} collections, {} pages, {} items read",
            self.done,
            self.total.max(self.done),
            self.pages,
            self.items
        );
        if self.failed > 0 {
            text.push_str(&format!(", {} failed", self.failed));
        }
        if self.not_licensed > 0 {
            text.push_str(&format!(", {} not licensed", self.not_licensed));
        }
        text
    }
}

pub struct TenantProgress {
    mode: Mode,
    tenants: Mutex<HashMap<String, Tenant>>,
}

impl TenantProgress {
    /// `tenants`: each label with the number of collections planned for it.
    pub fn new(quiet: bool, tenants: &[(String, usize)]) -> Self {
        let mode = match (quiet, std::io::stderr().is_terminal()) {
            (true, _) => Mode::Hidden,
            (false, true) => Mode::Bars,
            (false, false) => Mode::Lines,
        };
        let tenants = tenants
            .iter()
            .map(|(label, total)| {
                let bar = (mode == Mode::Bars).then(|| {
                    let bar = bars().add(ProgressBar::new(*total as u64));
                    bar.set_style(
                        ProgressStyle::with_template("{spinner} {prefix:.bold} {msg}")
                            .expect("template"),
                    );
                    bar.set_prefix(crate::terminal::Safe(label).to_string());
                    bar.enable_steady_tick(Duration::from_millis(120));
                    bar
                });
                let tenant = Tenant {
                    bar,
                    total: *total,
                    ..Tenant::default()
                };
                (label.clone(), tenant)
            })
            .collect();
        TenantProgress {
            mode,
            tenants: Mutex::new(tenants),
        }
    }

    pub fn finish(&self) {
        for tenant in self.tenants.lock().expect("progress lock").values() {
            if let Some(bar) = &tenant.bar {
                bar.finish_with_message(tenant.summary());
            }
        }
    }

    /// Applies `change` to the tenant, then redraws its bar or, for plain
    /// output, prints its line when `line_due` says so.
    fn update(
        &self,
        tenant: &str,
        activity: &str,
        change: impl FnOnce(&mut Tenant),
        line_due: impl FnOnce(&Tenant) -> bool,
    ) {
        if self.mode == Mode::Hidden {
            return;
        }
        let mut tenants = self.tenants.lock().expect("progress lock");
        let state = tenants.entry(tenant.to_string()).or_default();
        change(state);
        match (&state.bar, self.mode) {
            (Some(bar), _) => {
                bar.set_position(state.done as u64);
                bar.set_message(format!("{} — {activity}", state.summary()));
            }
            (None, Mode::Lines) if line_due(state) => {
                state.last_line = Some(Instant::now());
                let _ = writeln!(
                    std::io::stderr(),
                    "progress {}: {} ({activity})",
                    crate::terminal::Safe(tenant),
                    state.summary()
                );
            }
            _ => {}
        }
    }
}

impl Progress for TenantProgress {
    fn started(&self, tenant: &str, collection: &str) {
        self.update(tenant, &format!("reading {collection}"), |_| {}, |_| false);
    }

    fn page(&self, tenant: &str, collection: &str, items: usize) {
        self.update(
            tenant,
            &format!("reading {collection}"),
            |t| {
                t.pages += 1;
                t.items += items as u64;
            },
            |t| t.last_line.is_none_or(|at| at.elapsed() >= LINE_INTERVAL),
        );
    }

    fn finished(&self, tenant: &str, collection: &str, record: &CollectionRecord) {
        let status = record.status;
        self.update(
            tenant,
            &format!("{collection} {}", status.as_str()),
            |t| {
                t.done += 1;
                match status {
                    CollectionStatus::Error => t.failed += 1,
                    CollectionStatus::NotLicensed => t.not_licensed += 1,
                    _ => {}
                }
            },
            // A failure is the error log's to report (once per tenant when
            // sign-in fails), not a progress line per collection.
            |_| status != CollectionStatus::Error,
        );
    }
}

/// The log's writer: each event is written whole, with the bars lifted.
pub struct LogWriter;

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for LogWriter {
    type Writer = LogLine;

    fn make_writer(&'a self) -> LogLine {
        LogLine(Vec::new())
    }
}

/// One log event, buffered until it is complete.
pub struct LogLine(Vec<u8>);

impl Write for LogLine {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Drop for LogLine {
    fn drop(&mut self) {
        if !self.0.is_empty() {
            bars().suspend(|| {
                let _ = std::io::stderr().write_all(&self.0);
            });
        }
    }
}

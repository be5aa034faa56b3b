//! Runs the catalog over snapshots and builds the Report.
//!
//! Before a check evaluates, the engine looks at the collections it needs: a
//! failed one makes the finding `error` (naming what would fix it), an
//! unlicensed one `not_applicable`, a skipped one `manual`. Only then does the
//! check read the data, and missing fields still give `error` (fail closed).

use crate::baseline::Baseline;
use crate::checks::{self, registry, Check, CheckMeta, Context, Missing, Outcome, Params};
use crate::exceptions::{self, Exception};
use chrono::{DateTime, Utc};
use tenantaudit_connector::snapshot::{CollectionStatus, Snapshot};
use tenantaudit_connector::Clock;
use tenantaudit_report::{
    CollectionSummary, Finding, Report, RunInfo, Scores, TenantSummary, ToolInfo, REPORT_SCHEMA,
};

/// Checks, baseline and exceptions over the snapshots: the whole Report.
pub fn assess(
    mode: &str,
    clock: Clock,
    started_at: DateTime<Utc>,
    snapshots: &[Snapshot],
    baseline: &Baseline,
    exceptions: &[Exception],
) -> Report {
    let evaluating = std::time::Instant::now();
    let mut findings = evaluate(snapshots, baseline);
    // Expiry is judged on the collection date, so that a re-check of old
    // snapshots reproduces the original run.
    let today = evaluated_at(snapshots, started_at).date_naive();
    let statuses = exceptions::apply(&mut findings, exceptions, snapshots, today);
    let mut report = report(mode, started_at, clock.now(), snapshots, baseline, findings);
    report.exceptions = statuses;
    tracing::info!(findings = report.findings.len(), elapsed = ?evaluating.elapsed(), "checks evaluated");
    report
}

fn evaluated_at(snapshots: &[Snapshot], started_at: DateTime<Utc>) -> DateTime<Utc> {
    snapshots
        .iter()
        .map(|s| s.finished_at)
        .max()
        .unwrap_or(started_at)
}

/// Every enabled check that applies to each snapshot's provider, in
/// snapshot × registry order. Checks are independent reads of the
/// snapshots, so they are spread over the available cores.
fn evaluate(snapshots: &[Snapshot], baseline: &Baseline) -> Vec<Finding> {
    let jobs: Vec<(&Snapshot, &Check)> = snapshots
        .iter()
        .flat_map(|snapshot| registry::ALL.iter().map(move |check| (snapshot, check)))
        .filter(|(snapshot, check)| {
            let profile = baseline.for_tenant(&snapshot.tenant.label);
            profile.runs(check.meta.id) && check.meta.providers.contains(&snapshot.provider())
        })
        .collect();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs.len())
        .max(1);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some((snapshot, check)) = jobs.get(i) else {
                return done;
            };
            done.push((i, evaluate_one(check, snapshot, snapshots, baseline)));
        }
    };
    let mut findings: Vec<(usize, Finding)> = std::thread::scope(|scope| {
        let others: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut all = work();
        for other in others {
            all.extend(other.join().expect("a check panicked"));
        }
        all
    });
    findings.sort_unstable_by_key(|(i, _)| *i);
    findings.into_iter().map(|(_, finding)| finding).collect()
}

fn evaluate_one(
    check: &Check,
    snapshot: &Snapshot,
    snapshots: &[Snapshot],
    baseline: &Baseline,
) -> Finding {
    let meta = check.meta;
    let baseline = baseline.for_tenant(&snapshot.tenant.label);
    let params = Params::resolve(meta.params, baseline.params.get(meta.id));
    let started = std::time::Instant::now();
    let outcome = gate(meta, snapshot).unwrap_or_else(|| run(check, snapshot, snapshots, &params));
    tracing::debug!(check = meta.id, tenant = %snapshot.tenant.label, elapsed = ?started.elapsed(), "evaluated");
    let mut finding = finding(meta, snapshot, outcome);
    if let Some(severity) = baseline.severity.get(meta.id) {
        finding.severity = *severity;
    }
    finding.owner = baseline.owners.of(meta);
    finding
}

fn run(check: &Check, snapshot: &Snapshot, run: &[Snapshot], params: &Params) -> Outcome {
    let ctx = Context {
        snapshot,
        run,
        params,
        exclusions: &snapshot.approved_exclusions,
        now: snapshot.finished_at,
    };
    (check.evaluate)(&ctx).unwrap_or_else(|missing| missing_evidence(snapshot, &missing))
}

/// The collections a check needs on this snapshot's provider: `needs`
/// entries are collection names, or `provider:name` for one provider only
/// (common checks read different collections per provider).
fn needed<'a>(meta: &'a CheckMeta, snapshot: &Snapshot) -> impl Iterator<Item = &'a str> {
    let provider = snapshot.provider().as_str();
    meta.needs
        .iter()
        .filter_map(move |need| match need.split_once(':') {
            Some((only, name)) => (only == provider).then_some(name),
            None => Some(*need),
        })
}

/// The outcome decided by the needed collections' status, if any.
fn gate(meta: &CheckMeta, snapshot: &Snapshot) -> Option<Outcome> {
    for name in needed(meta, snapshot) {
        let Some(record) = snapshot.collection(name) else {
            return Some(Outcome::error(
                format!("collection {name} is not in the snapshot"),
                "collect again with this version of tenantaudit",
            ));
        };
        let outcome = match record.status {
            CollectionStatus::Ok => continue,
            CollectionStatus::Error => {
                let error = record.error.as_ref();
                Outcome::error(
                    format!(
                        "collection {name} failed ({}): {}",
                        error.map(|e| e.kind.as_str()).unwrap_or("unknown"),
                        error
                            .map(|e| e.message.as_str())
                            .unwrap_or("no detail recorded"),
                    ),
                    error
                        .map(|e| e.fix.clone())
                        .unwrap_or_else(|| record.permission.clone()),
                )
            }
            CollectionStatus::NotLicensed => {
                let licence = record.licence.clone().unwrap_or_else(|| "a licence".into());
                Outcome::not_applicable(format!("the tenant is not licensed for {name}"), licence)
            }
            // The record says what would collect it (e.g. the endpoint to set).
            CollectionStatus::Skipped => Outcome::manual(format!(
                "collection {name} is {}; review this by hand (see the remediation)",
                record.permission
            )),
        };
        return Some(outcome);
    }
    None
}

fn missing_evidence(snapshot: &Snapshot, missing: &Missing) -> Outcome {
    let fix = snapshot
        .collection(missing.collection)
        .map(|r| {
            format!(
                "check that {} is readable ({})",
                missing.collection, r.permission
            )
        })
        .unwrap_or_else(|| format!("collect {}", missing.collection));
    Outcome::error(
        format!(
            "evidence missing: {} in {}",
            missing.what, missing.collection
        ),
        fix,
    )
}

fn finding(meta: &CheckMeta, snapshot: &Snapshot, outcome: Outcome) -> Finding {
    Finding {
        check_id: meta.id.to_string(),
        title: meta.title.to_string(),
        provider: snapshot.provider().to_string(),
        tenant_id: snapshot.tenant.tenant_id.clone(),
        area: meta.area,
        severity: meta.severity,
        status: outcome.status,
        message: outcome.message,
        affected: outcome.affected,
        evidence: outcome.evidence,
        fix: outcome.fix,
        references: meta.references.iter().map(|r| r.to_string()).collect(),
        remediation: meta.remediation.to_string(),
        docs: meta.docs(),
        owner: None,
        exceptions: Vec::new(),
    }
}

fn report(
    mode: &str,
    started_at: DateTime<Utc>,
    finished_at: DateTime<Utc>,
    snapshots: &[Snapshot],
    baseline: &Baseline,
    findings: Vec<Finding>,
) -> Report {
    let tenants = snapshots
        .iter()
        .map(|s| TenantSummary {
            provider: s.provider().to_string(),
            tenant_id: s.tenant.tenant_id.clone(),
            display_name: s.tenant.display_name.clone(),
            domain: s.tenant.domain.clone(),
            label: s.tenant.label.clone(),
            collected_at: s.finished_at,
            collections: s
                .collections
                .iter()
                .map(|(name, record)| {
                    let detail = record
                        .error
                        .as_ref()
                        .map(|e| format!("{}: {}", e.kind, e.message));
                    (
                        name.clone(),
                        CollectionSummary {
                            status: record.status.as_str().to_string(),
                            detail,
                        },
                    )
                })
                .collect(),
            notes: checks::notes(s),
            profile: Some(baseline.for_tenant(&s.tenant.label))
                .filter(|b| b.is_set())
                .map(Baseline::describe_checks),
        })
        .collect();
    let scores = Scores::from_findings(&findings);
    Report {
        schema: REPORT_SCHEMA.to_string(),
        tool: ToolInfo {
            name: "tenantaudit".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        },
        run: RunInfo {
            id: run_id(started_at),
            mode: mode.to_string(),
            started_at,
            finished_at,
            evaluated_at: evaluated_at(snapshots, started_at),
        },
        tenants,
        findings,
        scores,
        exceptions: Vec::new(),
    }
}

/// A run id that sorts by time and is unique even for runs started in the
/// same second: `run-20261130T051455.123Z-3f2a9c`.
fn run_id(started_at: DateTime<Utc>) -> String {
    let random = uuid::Uuid::new_v4().simple().to_string();
    format!(
        "run-{}-{}",
        started_at.format("%Y%m%dT%H%M%S%.3fZ"),
        &random[..6]
    )
}

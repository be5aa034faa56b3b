//! Run history in an embedded SQLite database (rusqlite, bundled: nothing to
//! install). Every audit records its run, per-tenant scores and completeness,
//! findings and the objects each failing finding names, so that `history`
//! shows trends, `diff` compares runs object by object and `--fail-on-new`
//! knows what changed.

use anyhow::{bail, Context as _};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use tenantaudit_report::{Finding, Report, Status, TrendPoint};

pub struct History {
    db: Connection,
}

/// One run of one tenant, as `history` lists it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TenantRun {
    pub run_id: String,
    pub started_at: String,
    pub mode: String,
    pub tenant_id: String,
    pub label: String,
    pub provider: String,
    pub percent: Option<f64>,
    pub fail: u32,
    pub error: u32,
    /// Collections that failed; `None` for runs recorded before tenantaudit
    /// kept completeness (taken as complete).
    pub failed_collections: Option<u32>,
}

impl TenantRun {
    pub fn is_partial(&self) -> bool {
        self.failed_collections.is_some_and(|n| n > 0)
    }
}

/// A finding's state in one run, keyed for comparison.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FindingState {
    pub severity: String,
    pub status: String,
    pub message: String,
}

/// (tenant id, check id) → state.
pub type RunFindings = BTreeMap<(String, String), FindingState>;

/// An object a finding names, in one run.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ObjectState {
    pub display_name: String,
    pub reason: String,
    /// Covered by an approved exception: not failing.
    pub waived: bool,
}

/// (tenant id, check id) → object id → state. The identity of an affected
/// object is (check id, tenant id, object id): ids are the provider's
/// immutable ids, never display names.
pub type RunObjects = BTreeMap<(String, String), BTreeMap<String, ObjectState>>;

/// One side of a comparison: a recorded run or a report, possibly narrowed
/// to one tenant.
#[derive(Debug, Clone, Default)]
pub struct RunSide {
    pub id: String,
    pub findings: RunFindings,
    /// `None` for runs recorded before objects were kept: their objects are
    /// unknown, not absent.
    pub objects: Option<RunObjects>,
    /// Tenant id → score percent.
    pub scores: BTreeMap<String, Option<f64>>,
    /// Tenant id → config label.
    pub labels: BTreeMap<String, String>,
    /// Tenant ids whose collection was partial in this run.
    pub partial: BTreeSet<String>,
}

/// The schema as version 1 created it (kept as is: existing files hold it).
const SCHEMA_V1: &str = "
CREATE TABLE IF NOT EXISTS runs (
    id TEXT PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    mode TEXT NOT NULL,
    tool_version TEXT NOT NULL,
    overall_percent REAL
);
CREATE TABLE IF NOT EXISTS tenant_runs (
    run_id TEXT NOT NULL REFERENCES runs(id),
    tenant_id TEXT NOT NULL,
    label TEXT NOT NULL,
    provider TEXT NOT NULL,
    percent REAL,
    fail INTEGER NOT NULL,
    error INTEGER NOT NULL,
    PRIMARY KEY (run_id, tenant_id)
);
CREATE TABLE IF NOT EXISTS findings (
    run_id TEXT NOT NULL REFERENCES runs(id),
    tenant_id TEXT NOT NULL,
    check_id TEXT NOT NULL,
    severity TEXT NOT NULL,
    status TEXT NOT NULL,
    message TEXT NOT NULL,
    PRIMARY KEY (run_id, tenant_id, check_id)
);
";

/// Version 2: completeness per tenant, and the affected objects. Only adds:
/// a version 1 file keeps every run it recorded.
const SCHEMA_V2: &str = "
ALTER TABLE tenant_runs ADD COLUMN failed_collections INTEGER;
ALTER TABLE runs ADD COLUMN objects_recorded INTEGER NOT NULL DEFAULT 0;
CREATE TABLE objects (
    run_id TEXT NOT NULL REFERENCES runs(id),
    tenant_id TEXT NOT NULL,
    check_id TEXT NOT NULL,
    object_id TEXT NOT NULL,
    display_name TEXT NOT NULL,
    reason TEXT NOT NULL,
    waived INTEGER NOT NULL,
    PRIMARY KEY (run_id, tenant_id, check_id, object_id)
);
";

const VERSION: i64 = 2;

impl History {
    pub fn open(path: &Path) -> anyhow::Result<History> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        // The history holds findings, which name people: a new database is
        // created owner-only (SQLite gives its journal the same mode).
        #[cfg(unix)]
        if !path.exists() {
            use std::os::unix::fs::OpenOptionsExt;
            let _ = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(path);
        }
        let mut db = Connection::open(path)
            .with_context(|| format!("cannot open history {}", path.display()))?;
        migrate(&mut db)
            .with_context(|| format!("{} is not a tenantaudit history database", path.display()))?;
        Ok(History { db })
    }

    /// Records a whole run in one transaction: all of it or nothing.
    pub fn record(&mut self, report: &Report) -> anyhow::Result<()> {
        let tx = self.db.transaction()?;
        tx.execute(
            "INSERT INTO runs (id, started_at, finished_at, mode, tool_version, overall_percent, objects_recorded) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1)",
            params![
                report.run.id,
                report.run.started_at.to_rfc3339(),
                report.run.finished_at.to_rfc3339(),
                report.run.mode,
                report.tool.version,
                report.scores.overall.percent
            ],
        )?;
        for tenant in &report.tenants {
            let score = report
                .scores
                .by_tenant
                .get(&tenant.tenant_id)
                .cloned()
                .unwrap_or_default();
            tx.execute(
                "INSERT INTO tenant_runs (run_id, tenant_id, label, provider, percent, fail, error, failed_collections) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![report.run.id, tenant.tenant_id, tenant.label, tenant.provider, score.percent, score.fail, score.error, tenant.failed_collections() as i64],
            )?;
        }
        let mut finding = tx.prepare(
            "INSERT INTO findings (run_id, tenant_id, check_id, severity, status, message) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        let mut object = tx.prepare(
            "INSERT OR IGNORE INTO objects (run_id, tenant_id, check_id, object_id, display_name, reason, waived) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        for f in &report.findings {
            finding.execute(params![
                report.run.id,
                f.tenant_id,
                f.check_id,
                f.severity.as_str(),
                f.status.as_str(),
                f.message
            ])?;
            for (id, state) in objects_of(f) {
                object.execute(params![
                    report.run.id,
                    f.tenant_id,
                    f.check_id,
                    id,
                    state.display_name,
                    state.reason,
                    state.waived
                ])?;
            }
        }
        drop((finding, object));
        tx.commit()?;
        Ok(())
    }

    /// Tenant runs, newest first, optionally for one tenant (id or label).
    pub fn tenant_runs(
        &self,
        tenant: Option<&str>,
        limit: usize,
    ) -> anyhow::Result<Vec<TenantRun>> {
        let mut statement = self.db.prepare(
            "SELECT r.id, r.started_at, r.mode, t.tenant_id, t.label, t.provider, t.percent, t.fail, t.error, t.failed_collections
             FROM tenant_runs t JOIN runs r ON r.id = t.run_id
             WHERE ?1 IS NULL OR t.tenant_id = ?1 OR t.label = ?1
             ORDER BY r.started_at DESC, r.rowid DESC, t.label LIMIT ?2",
        )?;
        let rows = statement.query_map(params![tenant, limit as i64], |row| {
            Ok(TenantRun {
                run_id: row.get(0)?,
                started_at: row.get(1)?,
                mode: row.get(2)?,
                tenant_id: row.get(3)?,
                label: row.get(4)?,
                provider: row.get(5)?,
                percent: row.get(6)?,
                fail: row.get(7)?,
                error: row.get(8)?,
                failed_collections: row.get(9)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A recorded run, optionally narrowed to one tenant.
    pub fn side(&self, run_id: &str, tenant_id: Option<&str>) -> anyhow::Result<RunSide> {
        let mut side = RunSide {
            id: run_id.to_string(),
            ..RunSide::default()
        };
        let mut statement = self.db.prepare(
            "SELECT tenant_id, label, percent, failed_collections FROM tenant_runs
             WHERE run_id = ?1 AND (?2 IS NULL OR tenant_id = ?2)",
        )?;
        let mut rows = statement.query(params![run_id, tenant_id])?;
        while let Some(row) = rows.next()? {
            let tenant: String = row.get(0)?;
            side.labels.insert(tenant.clone(), row.get(1)?);
            side.scores.insert(tenant.clone(), row.get(2)?);
            if row.get::<_, Option<i64>>(3)?.is_some_and(|n| n > 0) {
                side.partial.insert(tenant);
            }
        }
        side.findings = self.findings(run_id, tenant_id)?;
        side.objects = self.objects(run_id, tenant_id)?;
        Ok(side)
    }

    fn findings(&self, run_id: &str, tenant_id: Option<&str>) -> anyhow::Result<RunFindings> {
        let mut statement = self.db.prepare(
            "SELECT tenant_id, check_id, severity, status, message FROM findings
             WHERE run_id = ?1 AND (?2 IS NULL OR tenant_id = ?2)",
        )?;
        let rows = statement.query_map(params![run_id, tenant_id], |row| {
            Ok((
                (row.get::<_, String>(0)?, row.get::<_, String>(1)?),
                FindingState {
                    severity: row.get(2)?,
                    status: row.get(3)?,
                    message: row.get(4)?,
                },
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The objects of a run, or `None` when the run predates them.
    fn objects(&self, run_id: &str, tenant_id: Option<&str>) -> anyhow::Result<Option<RunObjects>> {
        let recorded: bool = self.db.query_row(
            "SELECT objects_recorded FROM runs WHERE id = ?1",
            params![run_id],
            |row| row.get(0),
        )?;
        if !recorded {
            return Ok(None);
        }
        let mut statement = self.db.prepare(
            "SELECT tenant_id, check_id, object_id, display_name, reason, waived FROM objects
             WHERE run_id = ?1 AND (?2 IS NULL OR tenant_id = ?2)",
        )?;
        let mut rows = statement.query(params![run_id, tenant_id])?;
        let mut objects = RunObjects::new();
        while let Some(row) = rows.next()? {
            objects
                .entry((row.get(0)?, row.get(1)?))
                .or_default()
                .insert(
                    row.get(2)?,
                    ObjectState {
                        display_name: row.get(3)?,
                        reason: row.get(4)?,
                        waived: row.get(5)?,
                    },
                );
        }
        Ok(Some(objects))
    }

    /// The overall and per-tenant scores of the last `runs` runs, oldest
    /// first. A partial tenant run has no score here, nor has the overall
    /// score of a run in which any tenant was partial: trends show a gap,
    /// not the low score that missing evidence produced.
    pub fn trend(&self, runs: usize) -> anyhow::Result<Vec<TrendPoint>> {
        let mut statement = self.db.prepare(
            "SELECT r.id, r.started_at, r.overall_percent,
                    EXISTS (SELECT 1 FROM tenant_runs t WHERE t.run_id = r.id AND t.failed_collections > 0)
             FROM runs r ORDER BY r.started_at DESC, r.rowid DESC LIMIT ?1",
        )?;
        let rows = statement.query_map(params![runs as i64], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, Option<f64>>(2)?,
                row.get::<_, bool>(3)?,
            ))
        })?;
        let mut points = Vec::new();
        let mut tenants = self
            .db
            .prepare("SELECT tenant_id, CASE WHEN failed_collections > 0 THEN NULL ELSE percent END FROM tenant_runs WHERE run_id = ?1")?;
        for row in rows {
            let (run_id, at, percent, partial) = row?;
            let at = chrono::DateTime::parse_from_rfc3339(&at)
                .with_context(|| format!("run {run_id}: bad start time {at:?}"))?
                .with_timezone(&chrono::Utc);
            let tenants = tenants
                .query_map(params![run_id], |row| Ok((row.get(0)?, row.get(1)?)))?
                .collect::<Result<_, _>>()?;
            points.push(TrendPoint {
                run_id,
                at,
                percent: percent.filter(|_| !partial),
                tenants,
            });
        }
        points.reverse();
        Ok(points)
    }

    /// The latest run of a tenant that was complete, if any: the baseline
    /// drift is measured against. A partial run never is one — what it could
    /// not read would come back as "new" the next night.
    pub fn latest_complete_run_of(&self, tenant_id: &str) -> anyhow::Result<Option<String>> {
        Ok(self
            .db
            .query_row(
                "SELECT r.id FROM tenant_runs t JOIN runs r ON r.id = t.run_id
                 WHERE t.tenant_id = ?1 AND COALESCE(t.failed_collections, 0) = 0
                 ORDER BY r.started_at DESC, r.rowid DESC LIMIT 1",
                params![tenant_id],
                |row| row.get(0),
            )
            .optional()?)
    }

    pub fn has_run(&self, run_id: &str) -> anyhow::Result<bool> {
        Ok(self
            .db
            .query_row("SELECT 1 FROM runs WHERE id = ?1", params![run_id], |_| {
                Ok(())
            })
            .optional()?
            .is_some())
    }
}

/// Brings a database of any earlier version to this one, in one
/// transaction; refuses one written by a newer tenantaudit.
fn migrate(db: &mut Connection) -> anyhow::Result<()> {
    let version: i64 = db.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    if version > VERSION {
        bail!("written by a newer tenantaudit (history version {version}; this one reads up to {VERSION})");
    }
    if version == VERSION {
        return Ok(());
    }
    let tx = db.transaction()?;
    if version < 1 {
        tx.execute_batch(SCHEMA_V1)?;
    }
    tx.execute_batch(SCHEMA_V2)?;
    tx.execute_batch(&format!("PRAGMA user_version = {VERSION};"))?;
    tx.commit()?;
    Ok(())
}

/// The objects a finding names: those of a failing finding fail, those of a
/// waived finding or moved into an exception are waived. Other statuses
/// name no failing object.
fn objects_of(finding: &Finding) -> Vec<(String, ObjectState)> {
    let waived = match finding.status {
        Status::Fail => false,
        Status::Waived => true,
        _ => return Vec::new(),
    };
    let state = |a: &tenantaudit_report::AffectedObject, waived| {
        (
            a.id.clone(),
            ObjectState {
                display_name: a.display_name.clone(),
                reason: a.reason.clone(),
                waived,
            },
        )
    };
    finding
        .affected
        .iter()
        .map(|a| state(a, waived))
        .chain(
            finding
                .exceptions
                .iter()
                .flat_map(|e| &e.objects)
                .map(|a| state(a, true)),
        )
        .collect()
}

/// A report as a comparison side, optionally narrowed to one tenant.
pub fn side_of(id: &str, report: &Report, tenant_id: Option<&str>) -> RunSide {
    let keep = |t: &str| tenant_id.is_none_or(|only| only == t);
    let mut side = RunSide {
        id: id.to_string(),
        objects: Some(RunObjects::new()),
        ..RunSide::default()
    };
    for f in report.findings.iter().filter(|f| keep(&f.tenant_id)) {
        let key = (f.tenant_id.clone(), f.check_id.clone());
        side.findings.insert(
            key.clone(),
            FindingState {
                severity: f.severity.as_str().to_string(),
                status: f.status.as_str().to_string(),
                message: f.message.clone(),
            },
        );
        let objects = objects_of(f);
        if !objects.is_empty() {
            let all = side.objects.as_mut().expect("set above");
            all.entry(key).or_default().extend(objects);
        }
    }
    for tenant in report.tenants.iter().filter(|t| keep(&t.tenant_id)) {
        side.labels
            .insert(tenant.tenant_id.clone(), tenant.label.clone());
        if tenant.is_partial() {
            side.partial.insert(tenant.tenant_id.clone());
        }
    }
    side.scores = report
        .scores
        .by_tenant
        .iter()
        .filter(|(t, _)| keep(t))
        .map(|(t, s)| (t.clone(), s.percent))
        .collect();
    side
}

/// Whether a status counts as failing for drift: a failure, or evidence that
/// could not be read (fail closed).
pub fn is_failing(status: &str) -> bool {
    status == Status::Fail.as_str() || status == Status::Error.as_str()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A history file of the previous version still opens, keeps its runs,
    /// and its runs' objects are unknown (not absent).
    #[test]
    fn a_version_1_history_is_migrated_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history.sqlite");
        {
            let db = Connection::open(&path).unwrap();
            db.execute_batch(SCHEMA_V1).unwrap();
            db.execute_batch(
                "PRAGMA user_version = 1;
                 INSERT INTO runs VALUES ('run-old', '2026-11-01T02:30:00+00:00', '2026-11-01T02:31:00+00:00', 'audit', '0.1.0', 40.0);
                 INSERT INTO tenant_runs VALUES ('run-old', 't1', 'contoso', 'm365', 40.0, 3, 0);
                 INSERT INTO findings VALUES ('run-old', 't1', 'M365-MFA-07', 'high', 'fail', '3 of 31');",
            )
            .unwrap();
        }
        let history = History::open(&path).unwrap();
        let runs = history.tenant_runs(None, 10).unwrap();
        assert_eq!(runs.len(), 1);
        assert!(!runs[0].is_partial());
        assert_eq!(
            history.latest_complete_run_of("t1").unwrap().as_deref(),
            Some("run-old")
        );
        let side = history.side("run-old", None).unwrap();
        assert_eq!(side.findings.len(), 1);
        assert!(side.objects.is_none());
        assert_eq!(side.labels["t1"], "contoso");
        drop(history);
        // Opening again is a no-op; a newer version is refused by name.
        History::open(&path).unwrap();
        Connection::open(&path)
            .unwrap()
            .execute_batch("PRAGMA user_version = 9;")
            .unwrap();
        let error = format!("{:#}", History::open(&path).err().unwrap());
        assert!(error.contains("newer tenantaudit"), "{error}");
    }
}

//! Run history in an embedded SQLite database (rusqlite, bundled: nothing to
//! install). Every audit records its run, per-tenant scores and findings, so
//! that `history` shows trends, `diff` compares runs and `--fail-on-new`
//! knows what changed.

use anyhow::Context as _;
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::BTreeMap;
use std::path::Path;
use tenantaudit_report::{Report, Status, TrendPoint};

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

/// One side of a comparison: a recorded run or a report, possibly narrowed
/// to one tenant.
#[derive(Debug, Clone, Default)]
pub struct RunSide {
    pub id: String,
    pub findings: RunFindings,
    /// Tenant id → score percent.
    pub scores: BTreeMap<String, Option<f64>>,
}

const SCHEMA: &str = "
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
PRAGMA user_version = 1;
";

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
        let db = Connection::open(path)
            .with_context(|| format!("cannot open history {}", path.display()))?;
        db.execute_batch(SCHEMA)
            .with_context(|| format!("{} is not a tenantaudit history database", path.display()))?;
        Ok(History { db })
    }

    /// Records a whole run in one transaction: all of it or nothing.
    pub fn record(&mut self, report: &Report) -> anyhow::Result<()> {
        let tx = self.db.transaction()?;
        tx.execute(
            "INSERT INTO runs (id, started_at, finished_at, mode, tool_version, overall_percent) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
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
                "INSERT INTO tenant_runs (run_id, tenant_id, label, provider, percent, fail, error) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![report.run.id, tenant.tenant_id, tenant.label, tenant.provider, score.percent, score.fail, score.error],
            )?;
        }
        for f in &report.findings {
            tx.execute(
                "INSERT INTO findings (run_id, tenant_id, check_id, severity, status, message) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![report.run.id, f.tenant_id, f.check_id, f.severity.as_str(), f.status.as_str(), f.message],
            )?;
        }
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
            "SELECT r.id, r.started_at, r.mode, t.tenant_id, t.label, t.provider, t.percent, t.fail, t.error
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
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A recorded run, optionally narrowed to one tenant.
    pub fn side(&self, run_id: &str, tenant_id: Option<&str>) -> anyhow::Result<RunSide> {
        let mut statement = self.db.prepare(
            "SELECT tenant_id, percent FROM tenant_runs WHERE run_id = ?1 AND (?2 IS NULL OR tenant_id = ?2)",
        )?;
        let scores = statement
            .query_map(params![run_id, tenant_id], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })?
            .collect::<Result<_, _>>()?;
        Ok(RunSide {
            id: run_id.to_string(),
            findings: self.findings(run_id, tenant_id)?,
            scores,
        })
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

    /// The overall and per-tenant scores of the last `runs` runs, oldest first.
    pub fn trend(&self, runs: usize) -> anyhow::Result<Vec<TrendPoint>> {
        let mut statement = self
            .db
            .prepare("SELECT id, started_at, overall_percent FROM runs ORDER BY started_at DESC, rowid DESC LIMIT ?1")?;
        let rows = statement.query_map(params![runs as i64], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, Option<f64>>(2)?,
            ))
        })?;
        let mut points = Vec::new();
        let mut tenants = self
            .db
            .prepare("SELECT tenant_id, percent FROM tenant_runs WHERE run_id = ?1")?;
        for row in rows {
            let (run_id, at, percent) = row?;
            let at = chrono::DateTime::parse_from_rfc3339(&at)
                .with_context(|| format!("run {run_id}: bad start time {at:?}"))?
                .with_timezone(&chrono::Utc);
            let tenants = tenants
                .query_map(params![run_id], |row| Ok((row.get(0)?, row.get(1)?)))?
                .collect::<Result<_, _>>()?;
            points.push(TrendPoint {
                run_id,
                at,
                percent,
                tenants,
            });
        }
        points.reverse();
        Ok(points)
    }

    /// The latest recorded run of a tenant, if any.
    pub fn latest_run_of(&self, tenant_id: &str) -> anyhow::Result<Option<String>> {
        Ok(self
            .db
            .query_row(
                "SELECT r.id FROM tenant_runs t JOIN runs r ON r.id = t.run_id
                 WHERE t.tenant_id = ?1 ORDER BY r.started_at DESC, r.rowid DESC LIMIT 1",
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

/// A report as a comparison side, optionally narrowed to one tenant.
pub fn side_of(id: &str, report: &Report, tenant_id: Option<&str>) -> RunSide {
    let keep = |t: &str| tenant_id.is_none_or(|only| only == t);
    let findings = report
        .findings
        .iter()
        .filter(|f| keep(&f.tenant_id))
        .map(|f| {
            (
                (f.tenant_id.clone(), f.check_id.clone()),
                FindingState {
                    severity: f.severity.as_str().to_string(),
                    status: f.status.as_str().to_string(),
                    message: f.message.clone(),
                },
            )
        })
        .collect();
    let scores = report
        .scores
        .by_tenant
        .iter()
        .filter(|(t, _)| keep(t))
        .map(|(t, s)| (t.clone(), s.percent))
        .collect();
    RunSide {
        id: id.to_string(),
        findings,
        scores,
    }
}

/// Whether a status counts as failing for drift: a failure, or evidence that
/// could not be read (fail closed).
pub fn is_failing(status: &str) -> bool {
    status == Status::Fail.as_str() || status == Status::Error.as_str()
}

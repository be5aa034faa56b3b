//! `history` and `diff`: reading the run history.

use crate::cli::DiffFormat;
use crate::diff::{self, Diff};
use crate::history::{self, History, RunSide};
use anyhow::{bail, Context as _};
use std::fmt::Write as _;
use std::path::Path;
use tenantaudit_report::Report;

pub fn history(db: &Path, tenant: Option<&str>, limit: usize) -> anyhow::Result<String> {
    let db = open_existing(db)?;
    let runs = db.tenant_runs(tenant, limit)?;
    let mut out = format!(
        "{:<40} {:<25} {:<10} {:>7} {:>6} {:>6}  TREND\n",
        "RUN", "STARTED", "TENANT", "SCORE", "FAIL", "ERROR"
    );
    for (i, run) in runs.iter().enumerate() {
        // Trend against this tenant's next older run in the list.
        let older = runs[i + 1..].iter().find(|r| r.tenant_id == run.tenant_id);
        let trend = match (run.percent, older.and_then(|o| o.percent)) {
            (Some(now), Some(then)) if now > then => format!("↑ {:+.1}", now - then),
            (Some(now), Some(then)) if now < then => format!("↓ {:+.1}", now - then),
            (Some(_), Some(_)) => "=".to_string(),
            _ => String::new(),
        };
        let score = run
            .percent
            .map(|p| format!("{p:.1}%"))
            .unwrap_or_else(|| "n/a".into());
        let _ = writeln!(
            out,
            "{:<40} {:<25} {:<10} {score:>7} {:>6} {:>6}  {trend}",
            run.run_id,
            &run.started_at[..19.min(run.started_at.len())],
            run.label,
            run.fail,
            run.error
        );
    }
    Ok(out)
}

/// Resolves the two sides and renders the diff. A side is a run id in the
/// history or a report file; with neither, the last two runs of each tenant.
pub fn diff(
    db: &Path,
    a: Option<&str>,
    b: Option<&str>,
    format: DiffFormat,
) -> anyhow::Result<(String, Vec<Diff>)> {
    let diffs = match (a, b) {
        (Some(a), Some(b)) => {
            vec![diff::compare(&side(db, a)?, &side(db, b)?)]
        }
        (None, None) => last_two_per_tenant(db)?,
        _ => bail!(
            "give two runs (run ids or report files), or none for the last two runs of each tenant"
        ),
    };
    Ok((render(&diffs, format)?, diffs))
}

fn last_two_per_tenant(db: &Path) -> anyhow::Result<Vec<Diff>> {
    let db = open_existing(db)?;
    let runs = db.tenant_runs(None, usize::MAX >> 1)?;
    let mut tenants: Vec<&str> = runs.iter().map(|r| r.tenant_id.as_str()).collect();
    tenants.sort();
    tenants.dedup();
    let mut diffs = Vec::new();
    for tenant in tenants {
        let mut of_tenant = runs.iter().filter(|r| r.tenant_id == tenant);
        let (Some(newer), Some(older)) = (of_tenant.next(), of_tenant.next()) else {
            continue;
        };
        let before = db.side(&older.run_id, Some(tenant))?;
        let after = db.side(&newer.run_id, Some(tenant))?;
        diffs.push(diff::compare(&before, &after));
    }
    if diffs.is_empty() {
        bail!("no tenant has two recorded runs yet");
    }
    Ok(diffs)
}

fn side(db: &Path, name: &str) -> anyhow::Result<RunSide> {
    let path = Path::new(name);
    if path.is_file() {
        return Ok(history::side_of(name, &Report::load(path)?, None));
    }
    // A path (not a run id) that is not there: say so, not "no history".
    if name.ends_with(".json") || name.contains(std::path::MAIN_SEPARATOR) {
        bail!("report file {name} not found");
    }
    let db = open_existing(db)?;
    if !db.has_run(name)? {
        bail!("{name:?} is neither a report file nor a run in the history (see `tenantaudit history`)");
    }
    db.side(name, None)
}

fn open_existing(db: &Path) -> anyhow::Result<History> {
    if !db.is_file() {
        bail!(
            "no history at {} (runs are recorded by `audit`; --db names another file)",
            db.display()
        );
    }
    History::open(db)
}

fn render(diffs: &[Diff], format: DiffFormat) -> anyhow::Result<String> {
    Ok(match format {
        DiffFormat::Json => serde_json::to_string_pretty(diffs)? + "\n",
        DiffFormat::Csv => {
            let mut writer = csv::Writer::from_writer(Vec::new());
            writer.write_record([
                "from",
                "to",
                "tenant_id",
                "check_id",
                "change",
                "before",
                "after",
                "severity",
                "message",
            ])?;
            for d in diffs {
                for c in &d.changes {
                    let row = [
                        &d.from,
                        &d.to,
                        &c.tenant_id,
                        &c.check_id,
                        c.change,
                        c.before.as_deref().unwrap_or(""),
                        c.after.as_deref().unwrap_or(""),
                        &c.severity,
                        &c.message,
                    ];
                    writer.write_record(row.map(|cell| {
                        tenantaudit_report::csv_export::neutralise_formula(cell).into_owned()
                    }))?;
                }
            }
            String::from_utf8(writer.into_inner().context("csv")?)?
        }
        DiffFormat::Table => {
            let mut out = String::new();
            for d in diffs {
                let _ = writeln!(out, "{} → {}", d.from, d.to);
                for s in &d.scores {
                    let shown = |p: Option<f64>| {
                        p.map(|p| format!("{p:.1}%")).unwrap_or_else(|| "-".into())
                    };
                    let _ = writeln!(
                        out,
                        "  score {:<40} {} → {}",
                        s.tenant_id,
                        shown(s.before),
                        shown(s.after)
                    );
                }
                if d.changes.is_empty() {
                    let _ = writeln!(out, "  no failing findings on either side");
                }
                for c in &d.changes {
                    let _ = writeln!(
                        out,
                        "  {:<14} {:<12} {:<9} {} → {}  {}",
                        c.change,
                        c.check_id,
                        c.severity,
                        c.before.as_deref().unwrap_or("-"),
                        c.after.as_deref().unwrap_or("-"),
                        c.message
                    );
                }
            }
            out
        }
    })
}

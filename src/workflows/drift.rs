//! `history` and `diff`: reading the run history.

use crate::cli::{DiffFormat, HistoryArgs, DEFAULT_HISTORY};
use crate::diff::{self, Change, Diff, ObjectChange};
use crate::history::{self, History, RunSide, TenantRun};
use crate::terminal::Safe;
use anyhow::{bail, Context as _};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use tenantaudit_report::Report;

/// The database `history` and `diff` read: `--db`, else the `--config`'s
/// history, else the default beside the default output folder.
pub fn database(args: &HistoryArgs) -> anyhow::Result<PathBuf> {
    match (&args.db, &args.config) {
        (Some(db), _) => Ok(db.clone()),
        (None, Some(config)) => crate::config::load_history_path(config)?.with_context(|| {
            format!(
                "{}: history is off ([history] enabled = false)",
                config.display()
            )
        }),
        (None, None) => Ok(PathBuf::from(DEFAULT_HISTORY)),
    }
}

pub fn history(db: &Path, tenant: Option<&str>, limit: usize) -> anyhow::Result<String> {
    let db = open_existing(db)?;
    let runs = db.tenant_runs(tenant, limit)?;
    let mut out = format!(
        "{:<40} {:<25} {:<10} {:>7} {:>6} {:>6}  {:<8} TREND\n",
        "RUN", "STARTED", "TENANT", "SCORE", "FAIL", "ERROR", "STATE"
    );
    for (i, run) in runs.iter().enumerate() {
        // Trend against this tenant's next older complete run in the list; a
        // partial run's score stands on missing evidence, so it has none.
        let older = runs[i + 1..]
            .iter()
            .find(|r| r.tenant_id == run.tenant_id && !r.is_partial());
        let trend = match (run.percent, older.and_then(|o| o.percent)) {
            _ if run.is_partial() => String::new(),
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
            "{:<40} {:<25} {:<10} {score:>7} {:>6} {:>6}  {:<8} {trend}",
            run.run_id,
            &run.started_at[..19.min(run.started_at.len())],
            run.label,
            run.fail,
            run.error,
            completeness(run),
        );
    }
    let partial: Vec<&TenantRun> = runs.iter().filter(|r| r.is_partial()).collect();
    if !partial.is_empty() {
        let _ = writeln!(
            out,
            "\npartial: a collection failed in that run (no network, sign-in refused, \
             missing permission...); it is never the baseline of `diff` or --fail-on-new"
        );
    }
    Ok(out)
}

fn completeness(run: &TenantRun) -> String {
    match run.failed_collections {
        Some(0) => "complete".into(),
        Some(n) => format!("partial ({n} collections failed)"),
        // Recorded before completeness was kept.
        None => "-".into(),
    }
}

/// Resolves the two sides and renders the diff. A side is a run id in the
/// history or a report file; with neither, each tenant's latest run against
/// its previous complete run.
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
        (None, None) => latest_per_tenant(db)?,
        _ => bail!(
            "give two runs (run ids or report files), or none for each tenant's latest run against its previous complete one"
        ),
    };
    Ok((render(&diffs, format)?, diffs))
}

fn latest_per_tenant(db: &Path) -> anyhow::Result<Vec<Diff>> {
    let db = open_existing(db)?;
    let runs = db.tenant_runs(None, usize::MAX >> 1)?;
    let mut tenants: Vec<&str> = runs.iter().map(|r| r.tenant_id.as_str()).collect();
    tenants.sort();
    tenants.dedup();
    let mut diffs = Vec::new();
    for tenant in tenants {
        let mut of_tenant = runs.iter().filter(|r| r.tenant_id == tenant);
        let Some(newer) = of_tenant.next() else {
            continue;
        };
        // A partial run is never the baseline.
        let Some(older) = of_tenant.find(|r| !r.is_partial()) else {
            continue;
        };
        let before = db.side(&older.run_id, Some(tenant))?;
        let after = db.side(&newer.run_id, Some(tenant))?;
        diffs.push(diff::compare(&before, &after));
    }
    if diffs.is_empty() {
        bail!("no tenant has a run and an earlier complete run to compare yet");
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
            "no history at {} (runs are recorded by `audit`; --db or --config names another)",
            db.display()
        );
    }
    History::open(db)
}

const CSV_HEADER: [&str; 14] = [
    "from",
    "to",
    "tenant",
    "tenant_id",
    "check_id",
    "change",
    "before",
    "after",
    "severity",
    "object_change",
    "object_id",
    "object_name",
    "object_reason",
    "message",
];

fn render(diffs: &[Diff], format: DiffFormat) -> anyhow::Result<String> {
    Ok(match format {
        DiffFormat::Json => serde_json::to_string_pretty(diffs)? + "\n",
        DiffFormat::Csv => csv(diffs)?,
        DiffFormat::Table => table(diffs),
    })
}

/// One row per changed check, one per object added or removed under it
/// (`object_change`), and one `summary` row per comparison.
fn csv(diffs: &[Diff]) -> anyhow::Result<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(CSV_HEADER)?;
    let mut row = |cells: [&str; 14]| {
        writer.write_record(
            cells.map(|cell| tenantaudit_report::csv_export::neutralise_formula(cell).into_owned()),
        )
    };
    for d in diffs {
        for c in &d.changes {
            row(change_row(d, c, "", None))?;
            for o in &c.added {
                row(change_row(d, c, "added", Some(o)))?;
            }
            for o in &c.removed {
                row(change_row(d, c, "removed", Some(o)))?;
            }
        }
        let summary = d.summary.to_string();
        let mut cells = [""; 14];
        cells[0] = &d.from;
        cells[1] = &d.to;
        cells[5] = "summary";
        cells[13] = &summary;
        row(cells)?;
    }
    Ok(String::from_utf8(writer.into_inner().context("csv")?)?)
}

fn change_row<'a>(
    d: &'a Diff,
    c: &'a Change,
    object_change: &'a str,
    o: Option<&'a ObjectChange>,
) -> [&'a str; 14] {
    [
        &d.from,
        &d.to,
        &c.tenant,
        &c.tenant_id,
        &c.check_id,
        c.change,
        c.before.as_deref().unwrap_or(""),
        c.after.as_deref().unwrap_or(""),
        &c.severity,
        object_change,
        o.map_or("", |o| &o.id),
        o.map_or("", |o| &o.display_name),
        o.map_or("", |o| &o.reason),
        &c.message,
    ]
}

fn table(diffs: &[Diff]) -> String {
    let mut out = String::new();
    for d in diffs {
        let _ = writeln!(out, "{} → {}", d.from, d.to);
        let _ = writeln!(out, "  summary: {}", d.summary);
        for tenant in &d.partial {
            let _ = writeln!(
                out,
                "  partial: {tenant} (a collection failed in the newer run; its errors are missing evidence)"
            );
        }
        for s in &d.scores {
            let shown =
                |p: Option<f64>| p.map(|p| format!("{p:.1}%")).unwrap_or_else(|| "-".into());
            let _ = writeln!(
                out,
                "  score {:<20} {} → {}",
                s.tenant,
                shown(s.before),
                shown(s.after)
            );
        }
        if d.changes.is_empty() {
            let _ = writeln!(out, "  no failing findings on either side");
        }
        for c in &d.changes {
            table_change(&mut out, c);
        }
    }
    out
}

fn table_change(out: &mut String, c: &Change) {
    let _ = writeln!(
        out,
        "  {:<14} {:<12} {:<12} {:<9} {} → {}  {}",
        c.change,
        c.tenant,
        c.check_id,
        c.severity,
        c.before.as_deref().unwrap_or("-"),
        c.after.as_deref().unwrap_or("-"),
        Safe(&c.message)
    );
    for (sign, objects) in [("+", &c.added), ("-", &c.removed)] {
        for o in objects {
            let _ = writeln!(
                out,
                "  {:<14} {sign} {} [{}]: {}",
                "",
                Safe(&o.display_name),
                Safe(&o.id),
                Safe(&o.reason)
            );
        }
    }
}

//! The end of every run that produced a report: write the outputs, record
//! the history, seal the evidence bundle, print the summary, pick the exit code.

use super::{collection_failed, write_outputs, ExitCode};
use crate::cli::RunArgs;
use crate::diff::{self, Change, Diff};
use crate::evidence::{self, RawPages};
use crate::history::{self, History};
use crate::terminal::Safe;
use anyhow::{bail, Context as _};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tenantaudit_connector::snapshot::Snapshot;
use tenantaudit_report::{Report, RunChange, TrendPoint};

/// What the evidence bundle holds besides the outputs themselves.
pub struct EvidenceInputs {
    pub dir: PathBuf,
    pub raw: Vec<Arc<RawPages>>,
    /// The effective configuration without secrets.
    pub config: serde_json::Value,
    pub exceptions_file: Option<PathBuf>,
    /// Signs the manifest (`--sign-key`), loaded before any request.
    pub signer: Option<evidence::ManifestSigner>,
}

pub struct Conclusion<'a> {
    pub report: &'a Report,
    pub snapshots: &'a [Snapshot],
    /// Whether this run collected the snapshots (then they are written to
    /// `<out>/snapshots`); a re-check's snapshots are its input, not rewritten.
    pub collected: bool,
    pub out: &'a Path,
    pub args: &'a RunArgs,
    /// The history database, `None` when history is off.
    pub history: Option<PathBuf>,
    pub evidence: Option<EvidenceInputs>,
    pub quiet: bool,
    /// Where `--notify` posts what is new.
    pub webhook: Option<crate::notify::Webhook>,
}

/// Refuses an evidence folder that already holds files, before any request:
/// a bundle mixing two runs would verify but mislead.
pub fn prepare_evidence(dir: &Path) -> anyhow::Result<()> {
    if dir.exists() && std::fs::read_dir(dir)?.next().is_some() {
        bail!(
            "evidence folder {} is not empty; give a new folder per run",
            dir.display()
        );
    }
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))
}

/// Finds an output folder (or history folder) that cannot be written before
/// any request: a run that collects for minutes and then cannot save its
/// report wastes the API quota and says nothing useful.
pub fn prepare_output(out: &Path, history: Option<&Path>) -> anyhow::Result<()> {
    let history_dir = history
        .and_then(Path::parent)
        .filter(|d| !d.as_os_str().is_empty());
    for dir in std::iter::once(out).chain(history_dir) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create output folder {}", dir.display()))?;
        tempfile::Builder::new()
            .prefix(".tenantaudit-probe")
            .tempfile_in(dir)
            .with_context(|| format!("output folder {} is not writable", dir.display()))?;
    }
    Ok(())
}

pub fn conclude(c: Conclusion) -> anyhow::Result<ExitCode> {
    // --redact: everything below (reports, history, evidence, summary) gets
    // the pseudonymised report.
    let redacted;
    let mut c = c;
    if c.args.redact {
        redacted = crate::redact::Redactor::for_run(c.snapshots)?.report(c.report);
        c.report = &redacted;
    }
    let mut history = match &c.history {
        Some(path) => Some(History::open(path)?),
        None if c.args.fail_on_new => bail!("--fail-on-new needs the history (history is off)"),
        None if c.webhook.is_some() => bail!("--notify needs the history (history is off)"),
        None => None,
    };
    // Read what came before, then record this run: all of it or nothing.
    let (trend, changes) = match &history {
        Some(db) => (db.trend(TREND_RUNS)?, changes_since_previous(db, c.report)?),
        None => (Vec::new(), Vec::new()),
    };
    // In a partial run, a check that turned `error` is missing evidence,
    // reported as such (exit 3), not something newly exposed.
    let partial = |tenant_id: &str| {
        c.report
            .tenants
            .iter()
            .any(|t| t.tenant_id == tenant_id && t.is_partial())
    };
    let new: Vec<&Change> = changes
        .iter()
        .flat_map(|d| d.new_failures())
        .filter(|ch| !(partial(&ch.tenant_id) && ch.after.as_deref() == Some("error")))
        .collect();
    // The report shows what started and stopped failing.
    let shown: Vec<RunChange> = changes
        .iter()
        .flat_map(|d| &d.changes)
        .filter(|c| c.change != "still_failing")
        .map(|c| RunChange {
            tenant_id: c.tenant_id.clone(),
            check_id: c.check_id.clone(),
            change: c.change,
            severity: c.severity.clone(),
            message: c.message.clone(),
        })
        .collect();
    let written: &[Snapshot] = if c.collected { c.snapshots } else { &[] };
    super::staged(c.out, |out| {
        write_outputs(out, c.report, written, &c.args.formats(), &trend, &shown)?;
        // One report per tenant beside the combined one, for tenant owners.
        if c.report.tenants.len() > 1 {
            for tenant in &c.report.tenants {
                let dir = out.join("tenants").join(super::file_safe(&tenant.label));
                write_outputs(
                    &dir,
                    &c.report.for_tenant(tenant),
                    &[],
                    &c.args.formats(),
                    &[],
                    &[],
                )?;
            }
        }
        Ok(())
    })?;
    if let Some(db) = &mut history {
        db.record(c.report)?;
    }
    let sealed = match &c.evidence {
        Some(inputs) => Some(seal(
            inputs,
            c.report,
            c.snapshots,
            &trend,
            &shown,
            c.quiet,
        )?),
        None => None,
    };
    // The summary is the command's result: `-q` only quiets stderr.
    print!("{}", crate::summary::render(c.report));
    if !new.is_empty() {
        println!("\nNew since the previous complete run:");
        for change in &new {
            println!(
                "  {:<6} {:<12} {} ({})",
                Safe(change.after.as_deref().unwrap_or("")),
                Safe(&change.check_id),
                Safe(&change.message),
                Safe(&change.tenant)
            );
            for o in &change.added {
                println!(
                    "         + {} [{}]: {}",
                    Safe(&o.display_name),
                    Safe(&o.id),
                    Safe(&o.reason)
                );
            }
        }
    }
    // Name the file a person opens, not the folder.
    let main = if c.args.formats().contains(&tenantaudit_report::Format::Html) {
        tenantaudit_report::Format::Html
    } else {
        tenantaudit_report::Format::Json
    };
    println!(
        "Report written to {} (every output in {})",
        c.out.join(main.file_name()).display(),
        c.out.display()
    );
    // Even with -q: the one line a scheduler keeps (mails, journals) so
    // that the bundle can be checked against it later (`verify --expect`).
    if let Some(line) = sealed {
        println!("{line}");
    }
    if let Some(webhook) = &c.webhook {
        let scores: Vec<_> = changes.iter().flat_map(|d| &d.scores).collect();
        webhook.send(c.report, &new, &scores);
    }
    let code = super::exit_code(c.report, c.snapshots, c.args.fail_on);
    Ok(match code {
        ExitCode::Ok if c.args.fail_on_new && !new.is_empty() => ExitCode::Findings,
        code => code,
    })
}

/// Earlier runs shown in the HTML report's trend chart.
const TREND_RUNS: usize = 20;

/// What changed against each tenant's previous complete run: checks that
/// turned failing or stopped, and failing objects that appeared under a
/// check that already failed. A tenant without a complete run yet has none:
/// there is no baseline to drift from.
fn changes_since_previous(db: &History, report: &Report) -> anyhow::Result<Vec<Diff>> {
    let mut diffs = Vec::new();
    for tenant in &report.tenants {
        let Some(previous) = db.latest_complete_run_of(&tenant.tenant_id)? else {
            continue;
        };
        let before = db.side(&previous, Some(&tenant.tenant_id))?;
        let after = history::side_of(&report.run.id, report, Some(&tenant.tenant_id));
        diffs.push(diff::compare(&before, &after));
    }
    Ok(diffs)
}

/// Writes the bundle and its manifest; returns the manifest's digest line
/// (`sha256sum` format).
fn seal(
    inputs: &EvidenceInputs,
    report: &Report,
    snapshots: &[Snapshot],
    trend: &[TrendPoint],
    changes: &[RunChange],
    quiet: bool,
) -> anyhow::Result<String> {
    if let Some(failure) = inputs.raw.iter().find_map(|r| r.failure()) {
        bail!("evidence bundle incomplete: {failure}");
    }
    let dir = &inputs.dir;
    write_outputs(
        &dir.join("reports"),
        report,
        &[],
        &tenantaudit_report::Format::ALL,
        trend,
        changes,
    )?;
    super::write_snapshots(dir, snapshots)?;
    let config = serde_json::to_vec_pretty(&inputs.config)?;
    tenantaudit_report::write_atomically(&dir.join("config.json"), |w| w.write_all(&config))?;
    if let Some(file) = &inputs.exceptions_file {
        let name = format!(
            "exceptions.{}",
            file.extension().and_then(|e| e.to_str()).unwrap_or("toml")
        );
        std::fs::copy(file, dir.join(name))
            .with_context(|| format!("cannot copy {}", file.display()))?;
    }
    let digest = evidence::write_manifest(dir, &report.run.id, inputs.signer.as_ref())?;
    let digest_file = evidence::write_digest_file(dir, &digest)?;
    if !quiet {
        let errors = if collection_failed(snapshots) {
            " (with collection errors)"
        } else {
            ""
        };
        let signed = if inputs.signer.is_some() {
            ", manifest signed"
        } else {
            ""
        };
        eprintln!(
            "evidence bundle {} sealed{errors}{signed}; manifest SHA-256 in {}",
            dir.display(),
            digest_file.display()
        );
    }
    Ok(format!(
        "{digest}  {}",
        dir.join(evidence::MANIFEST).display()
    ))
}

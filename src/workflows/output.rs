//! Writing a run's files and deciding its exit code.

use anyhow::Context as _;
use std::path::Path;
use tenantaudit_connector::snapshot::{CollectionStatus, Snapshot};
use tenantaudit_report::{
    format, write_atomically, ExportContext, Format, Report, RunChange, Severity, Status,
    TrendPoint,
};

/// Documented exit codes (README, "Exit codes").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    Ok = 0,
    /// A `fail` or `error` finding at or above `--fail-on`.
    Findings = 1,
    Usage = 2,
    /// A collection failed: the report is partial.
    CollectionErrors = 3,
    /// The run's outputs could not be written (disk full, no permission):
    /// the output folder keeps the previous run's files.
    OutputsNotWritten = 4,
}

/// Writing the run's outputs failed; nothing of them reached the output folder.
#[derive(Debug, thiserror::Error)]
#[error("{0:#}; the output folder {1} keeps the previous run's files")]
pub struct OutputsNotWritten(anyhow::Error, String);

/// Writes a run's outputs with `write` into a staging folder beside `out`,
/// then moves them in: the folder holds one complete run, this one or the
/// previous one, whatever fails on the way (a full disk, a permission).
pub fn staged(out: &Path, write: impl FnOnce(&Path) -> anyhow::Result<()>) -> anyhow::Result<()> {
    let run = || -> anyhow::Result<()> {
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
        let staging = tempfile::Builder::new()
            .prefix(".tenantaudit-staging-")
            .tempdir_in(parent)
            .with_context(|| format!("cannot create a staging folder in {}", parent.display()))?;
        write(staging.path())?;
        move_in(staging.path(), out)
        // The staging folder (and any previous folders moved aside) goes when dropped.
    };
    run().map_err(|e| OutputsNotWritten(e, out.display().to_string()).into())
}

/// Renames every entry of `staging` into `out` (same file system: no copy,
/// no space needed). A folder already there (`snapshots/`, `tenants/`) is
/// moved aside into `staging` first, so that it is replaced whole.
fn move_in(staging: &Path, out: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let entries = std::fs::read_dir(staging)?.collect::<std::io::Result<Vec<_>>>()?;
    let aside = staging.join(".previous");
    for entry in entries {
        let target = out.join(entry.file_name());
        if entry.file_type()?.is_dir() && target.is_dir() {
            std::fs::create_dir_all(&aside)?;
            std::fs::rename(&target, aside.join(entry.file_name()))
                .with_context(|| format!("cannot replace {}", target.display()))?;
        }
        std::fs::rename(entry.path(), &target)
            .with_context(|| format!("cannot move {} in", target.display()))?;
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    None,
    Low,
    Medium,
    High,
    Critical,
}

impl FailOn {
    fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::None => None,
            FailOn::Low => Some(Severity::Low),
            FailOn::Medium => Some(Severity::Medium),
            FailOn::High => Some(Severity::High),
            FailOn::Critical => Some(Severity::Critical),
        }
    }
}

/// Collection errors win over findings: a partial audit must not look complete.
pub fn exit_code(report: &Report, snapshots: &[Snapshot], fail_on: FailOn) -> ExitCode {
    if collection_failed(snapshots) {
        return ExitCode::CollectionErrors;
    }
    let over = fail_on.threshold().is_some_and(|threshold| {
        report
            .findings
            .iter()
            .any(|f| matches!(f.status, Status::Fail | Status::Error) && f.severity >= threshold)
    });
    if over {
        ExitCode::Findings
    } else {
        ExitCode::Ok
    }
}

pub fn collection_failed(snapshots: &[Snapshot]) -> bool {
    snapshots
        .iter()
        .flat_map(|s| s.collections.values())
        .any(|c| c.status == CollectionStatus::Error)
}

/// `snapshots/<label>.json`, each written atomically, all at once.
pub fn write_snapshots(out: &Path, snapshots: &[Snapshot]) -> anyhow::Result<()> {
    let dir = out.join("snapshots");
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let dir = &dir;
    std::thread::scope(|scope| {
        let writers: Vec<_> = snapshots
            .iter()
            .map(|snapshot| scope.spawn(move || write_snapshot(dir, snapshot)))
            .collect();
        writers
            .into_iter()
            .map(|w| w.join().expect("snapshot writer panicked"))
            .collect::<anyhow::Result<Vec<()>>>()
    })?;
    Ok(())
}

fn write_snapshot(dir: &Path, snapshot: &Snapshot) -> anyhow::Result<()> {
    use std::io::Write as _;
    let path = dir.join(format!("{}.json", file_safe(&snapshot.tenant.label)));
    write_atomically(&path, |w| {
        // A buffer of a concrete type: serde_json writes in many small pieces.
        let mut w = std::io::BufWriter::with_capacity(1 << 16, w);
        serde_json::to_writer_pretty(&mut w, snapshot)?;
        w.write_all(b"\n")?;
        w.flush()
    })
    .with_context(|| format!("cannot write {}", path.display()))
}

/// The chosen report formats (`--format`) and the snapshots, each file
/// written atomically so that no reader ever sees half a file, all of them
/// at once (each format reads the report on its own thread). Every format
/// is attempted; the first failure is returned after the others are written.
pub fn write_outputs(
    out: &Path,
    report: &Report,
    snapshots: &[Snapshot],
    formats: &[Format],
    trend: &[TrendPoint],
    changes: &[RunChange],
) -> anyhow::Result<()> {
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let matrix = crate::matrix::matrix();
    let catalog = crate::frameworks::catalog();
    let context = ExportContext {
        matrix: &matrix,
        catalog: &catalog,
        trend,
        changes,
    };
    let (snapshots_written, written) = std::thread::scope(|scope| {
        let snapshots_written = (!snapshots.is_empty()).then(|| {
            scope.spawn(|| {
                let writing = std::time::Instant::now();
                let written = write_snapshots(out, snapshots);
                tracing::info!(elapsed = ?writing.elapsed(), "snapshots written");
                written
            })
        });
        let writers: Vec<_> = formats
            .iter()
            .map(|&fmt| {
                scope.spawn(move || {
                    let path = out.join(fmt.file_name());
                    let writing = std::time::Instant::now();
                    let written = format::write(fmt, report, context, &path);
                    tracing::info!(format = fmt.as_str(), elapsed = ?writing.elapsed(), "report written");
                    written.map_err(|error| {
                        anyhow::Error::new(error).context(format!("cannot write {}", path.display()))
                    })
                })
            })
            .collect();
        let written: Vec<anyhow::Result<()>> = writers
            .into_iter()
            .map(|w| w.join().expect("report writer panicked"))
            .collect();
        (
            snapshots_written.map(|w| w.join().expect("snapshot writer panicked")),
            written,
        )
    });
    snapshots_written.transpose()?;
    written.into_iter().collect()
}

pub fn file_safe(label: &str) -> String {
    label
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

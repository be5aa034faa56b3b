//! tenantaudit: audits the customer side of the SaaS shared-responsibility
//! model in Microsoft 365 and Salesforce tenants.
//!
//! connectors → Snapshot → checks → Report → exporters (DESIGN.md).

mod checks;
mod cli;
mod config;
mod docs;
mod engine;
mod progress;
mod summary;
mod workflows;

use anyhow::Context as _;
use clap::Parser;
use cli::{ChecksCommand, Cli, Command, Contract, RunArgs};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use tenantaudit_connector::snapshot::Snapshot;
use workflows::{exit_code, write_outputs, ExitCode};

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    init_logging(cli.quiet, cli.verbose);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    match runtime.block_on(run(cli)) {
        Ok(code) => std::process::ExitCode::from(code as u8),
        Err(error) => {
            eprintln!("error: {error:#}");
            std::process::ExitCode::from(ExitCode::Usage as u8)
        }
    }
}

/// Logs go to stderr. Only tenantaudit's own crates get louder with -v: their
/// logs never carry tokens, which dependencies' trace output could.
fn init_logging(quiet: bool, verbose: u8) {
    let ours = match (quiet, verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "info",
        (false, 2) => "debug",
        _ => "trace",
    };
    let filter = [
        "tenantaudit",
        "tenantaudit_connector",
        "tenantaudit_graph",
        "tenantaudit_salesforce",
        "tenantaudit_simulator",
        "tenantaudit_report",
    ]
    .iter()
    .fold(
        tracing_subscriber::EnvFilter::new(if quiet { "error" } else { "warn" }),
        |f, krate| f.add_directive(format!("{krate}={ours}").parse().expect("valid directive")),
    );
    let color = std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(color)
        .with_target(false)
        .init();
}

async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let quiet = cli.quiet;
    match cli.command {
        Command::Demo { run, samples } => {
            let samples = samples.unwrap_or_else(workflows::demo::default_samples_dir);
            let sim = workflows::demo::start_simulator(&samples).await?;
            let config = workflows::demo::config(&sim, &samples, PathBuf::from("tenantaudit-out"))?;
            audit(&config, "demo", &run, quiet).await
        }
        Command::Audit { config, run } => {
            let config = config::load(&config)?;
            audit(&config, "audit", &run, quiet).await
        }
        Command::Collect { config, out } => {
            let config = config::load(&config)?;
            let snapshots = collect(&config, quiet).await?;
            let out = out.unwrap_or(config.out_dir);
            workflows::write_snapshots(&out, &snapshots)?;
            if !quiet {
                eprintln!(
                    "wrote {} snapshot(s) to {}",
                    snapshots.len(),
                    out.join("snapshots").display()
                );
            }
            Ok(if workflows::collection_failed(&snapshots) {
                ExitCode::CollectionErrors
            } else {
                ExitCode::Ok
            })
        }
        Command::Check {
            snapshots,
            config,
            run,
        } => {
            let settings = match config {
                Some(path) => config::load_profile(&path)?,
                None => config::CheckSettings::default(),
            };
            let started = chrono::Utc::now();
            let snapshots = snapshots
                .iter()
                .map(|p| Snapshot::load(p))
                .collect::<Result<Vec<_>, _>>()?;
            let findings = engine::evaluate(&snapshots, &settings);
            let report = engine::report("check", started, &snapshots, findings);
            let out = run
                .out
                .clone()
                .unwrap_or_else(|| PathBuf::from("tenantaudit-out"));
            write_outputs(&out, &report, &[])?;
            finish(&report, &snapshots, &run, &out, quiet)
        }
        Command::Checks {
            command: ChecksCommand::List,
        } => {
            print!("{}", docs::list());
            Ok(ExitCode::Ok)
        }
        Command::Checks {
            command: ChecksCommand::Explain { id },
        } => {
            let check = checks::registry::find(&id).with_context(|| {
                format!("unknown check id {id:?} (see `tenantaudit checks list`)")
            })?;
            print!("{}", docs::page(check.meta));
            Ok(ExitCode::Ok)
        }
        Command::Init { path } => {
            init(&path)?;
            Ok(ExitCode::Ok)
        }
        Command::Schema { contract } => {
            let schema = match contract {
                Contract::Snapshot => schemars::schema_for!(Snapshot),
                Contract::Report => schemars::schema_for!(tenantaudit_report::Report),
            };
            println!("{}", serde_json::to_string_pretty(&schema)?);
            Ok(ExitCode::Ok)
        }
        Command::Permissions { provider } => {
            print!("{}", docs::permissions(provider));
            Ok(ExitCode::Ok)
        }
    }
}

async fn collect(config: &config::ValidConfig, quiet: bool) -> anyhow::Result<Vec<Snapshot>> {
    let progress = progress::TenantProgress::new(quiet);
    let snapshots = workflows::audit::collect_all(config, &progress).await?;
    progress.finish();
    Ok(snapshots)
}

async fn audit(
    config: &config::ValidConfig,
    mode: &str,
    run: &RunArgs,
    quiet: bool,
) -> anyhow::Result<ExitCode> {
    let started = chrono::Utc::now();
    let snapshots = collect(config, quiet).await?;
    let findings = engine::evaluate(&snapshots, &config.checks);
    let report = engine::report(mode, started, &snapshots, findings);
    let out = run.out.clone().unwrap_or_else(|| config.out_dir.clone());
    write_outputs(&out, &report, &snapshots)?;
    finish(&report, &snapshots, run, &out, quiet)
}

fn finish(
    report: &tenantaudit_report::Report,
    snapshots: &[Snapshot],
    run: &RunArgs,
    out: &Path,
    quiet: bool,
) -> anyhow::Result<ExitCode> {
    if !quiet {
        print!("{}", summary::render(report));
        println!("Reports written to {}", out.display());
    }
    Ok(exit_code(report, snapshots, run.fail_on))
}

fn init(path: &Path) -> anyhow::Result<()> {
    if path == Path::new("-") {
        std::io::stdout().write_all(config::EXAMPLE.as_bytes())?;
        return Ok(());
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .with_context(|| format!("cannot create {} (it may already exist)", path.display()))?;
    file.write_all(config::EXAMPLE.as_bytes())?;
    eprintln!(
        "wrote {}; edit the tenants, then run `tenantaudit audit --config {}`",
        path.display(),
        path.display()
    );
    Ok(())
}

//! tenantaudit: audits the customer side of the SaaS shared-responsibility
//! model in Microsoft 365 and Salesforce tenants.
//!
//! connectors → Snapshot → checks → Report → exporters (docs/architecture.md).

mod baseline;
mod checks;
mod cli;
mod config;
mod config_errors;
mod diff;
mod docs;
mod engine;
mod evidence;
mod exception_objects;
mod exceptions;
mod exclusions;
mod frameworks;
mod history;
mod matrix;
mod notify;
mod offboard;
mod progress;
mod redact;
mod scope;
mod summary;
mod terminal;
mod workflows;

use anyhow::Context as _;
use clap::Parser;
use cli::{ChecksCommand, Cli, Command, Contract, FrameworksCommand, RunArgs};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use tenantaudit_connector::snapshot::Snapshot;
use workflows::ExitCode;

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
            let message = error_chain(&error);
            eprintln!("error: {}", terminal::lines(&terminal::cut(&message, 1000)));
            let code = match error.downcast_ref::<workflows::OutputsNotWritten>() {
                Some(_) => ExitCode::OutputsNotWritten,
                None => ExitCode::Usage,
            };
            std::process::ExitCode::from(code as u8)
        }
    }
}

/// The error and its causes on one line, each cause shown once: many
/// errors already quote their source in their own message.
fn error_chain(error: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in error.chain() {
        let text = cause.to_string();
        if out.contains(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
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
        .with_writer(progress::LogWriter)
        .fmt_fields(terminal::log_fields())
        .with_ansi(color)
        .with_target(false)
        .init();
}

async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let quiet = cli.quiet;
    let clock = tenantaudit_connector::Clock::from_env().map_err(anyhow::Error::msg)?;
    match cli.command {
        Command::Demo { run, samples } => {
            let samples = samples.unwrap_or_else(workflows::demo::default_samples_dir);
            let sim = workflows::demo::start_simulator(&samples, clock).await?;
            let out = run
                .out
                .clone()
                .unwrap_or_else(|| PathBuf::from("tenantaudit-out"));
            let mut config = workflows::demo::config(&sim, &samples, out.clone())?;
            config.profile = workflows::demo::profile(&samples, clock)?;
            // The demo shows everything tenantaudit writes, unless told otherwise.
            let run = run.with_default_formats(&tenantaudit_report::Format::ALL);
            let code = audit(config, clock, "demo", &run, quiet).await?;
            let config = workflows::demo::config(&sim, &samples, out.clone())?;
            workflows::demo::offboard(&config, &samples, clock, &out, quiet).await?;
            Ok(code)
        }
        Command::Audit { config, scope, run } => {
            let mut config = config::load(&config)?;
            scope.tenants(&mut config.tenants)?;
            scope.filter.narrow(&mut config.profile.baseline);
            audit(config, clock, "audit", &run, quiet).await
        }
        Command::Collect { config, out } => {
            let config = config::load(&config)?;
            let out = out.unwrap_or_else(|| config.out_dir.clone());
            workflows::prepare_output(&out, None)?;
            let (snapshots, _) = collect(&config, clock, None, quiet).await?;
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
            scope,
            run,
        } => {
            scope.filter.validate()?;
            let mut profile = match config {
                Some(path) => config::load_profile(&path)?,
                None => config::Profile::default(),
            }
            .with_exceptions_file(run.exceptions.as_deref())?;
            scope.filter.narrow(&mut profile.baseline);
            let webhook = run
                .notify
                .map(|kind| notify::Webhook::from_env(kind, &[], &[]))
                .transpose()?;
            let signer = signer_of(&run)?;
            if let Some(dir) = &run.evidence {
                workflows::prepare_evidence(dir)?;
            }
            let started = clock.now();
            let loading = std::time::Instant::now();
            // One thread per file: parsing a large tenant's snapshot is the
            // longest step of an offline re-check.
            let snapshots = std::thread::scope(|scope| {
                let loads: Vec<_> = snapshots
                    .iter()
                    .map(|p| scope.spawn(move || Snapshot::load(p)))
                    .collect();
                loads
                    .into_iter()
                    .map(|l| l.join().expect("snapshot loader panicked"))
                    .collect::<Result<Vec<_>, _>>()
            })?;
            let mut snapshots = snapshots;
            scope.snapshots(&mut snapshots)?;
            tracing::info!(elapsed = ?loading.elapsed(), "snapshots loaded");
            let report = engine::assess(
                "check",
                clock,
                started,
                &snapshots,
                &profile.baseline,
                &profile.exceptions,
            );
            let out = run
                .out
                .clone()
                .unwrap_or_else(|| PathBuf::from("tenantaudit-out"));
            // An offline re-check is recorded only when asked to be.
            let history = if run.no_history {
                None
            } else {
                run.history.clone()
            };
            let evidence = run.evidence.clone().map(|dir| workflows::EvidenceInputs {
                dir,
                raw: Vec::new(),
                config: serde_json::json!({"baseline": profile.baseline.describe(), "exceptions_file": profile.exceptions_file}),
                exceptions_file: profile.exceptions_file.clone(),
                signer,
            });
            workflows::conclude(workflows::Conclusion {
                report: &report,
                snapshots: &snapshots,
                collected: false,
                out: &out,
                args: &run,
                history,
                evidence,
                quiet,
                webhook,
            })
        }
        Command::History { db, tenant, limit } => {
            let db = workflows::drift::database(&db)?;
            print!(
                "{}",
                terminal::lines(&workflows::drift::history(&db, tenant.as_deref(), limit)?)
            );
            Ok(ExitCode::Ok)
        }
        Command::Diff {
            run_a,
            run_b,
            db,
            format,
        } => {
            let db = workflows::drift::database(&db)?;
            let (text, _) =
                workflows::drift::diff(&db, run_a.as_deref(), run_b.as_deref(), format)?;
            print!("{}", terminal::lines(&text));
            Ok(ExitCode::Ok)
        }
        Command::Verify { dir, expect, key } => {
            let expect = evidence::Expectations {
                digest: expect,
                key: key.as_deref().map(evidence::load_public_key).transpose()?,
            };
            Ok(evidence::verify(&dir, &expect)?.print(&dir, &expect))
        }
        Command::Checks {
            command:
                ChecksCommand::List {
                    framework: None,
                    filter,
                    format,
                },
        } => {
            filter.validate()?;
            print!("{}", docs::list(&filter, format));
            Ok(ExitCode::Ok)
        }
        Command::Checks {
            command:
                ChecksCommand::List {
                    framework: Some(name),
                    ..
                },
        } => {
            print!("{}", frameworks::text::checks_for(&name)?);
            Ok(ExitCode::Ok)
        }
        Command::Frameworks {
            command: FrameworksCommand::List,
        } => {
            print!("{}", frameworks::text::frameworks());
            Ok(ExitCode::Ok)
        }
        Command::Checks {
            command: ChecksCommand::Catalog,
        } => {
            print!("{}", docs::catalog());
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
        Command::Init { path, force } => {
            init(&path, force)?;
            Ok(ExitCode::Ok)
        }
        Command::Schema { contract } => {
            let schema = match contract {
                Contract::Snapshot => schemars::schema_for!(Snapshot),
                Contract::Report => schemars::schema_for!(tenantaudit_report::Report),
                Contract::Offboard => schemars::schema_for!(offboard::review::Review),
                Contract::Evidence => schemars::schema_for!(evidence::Manifest),
                Contract::Compliance => {
                    schemars::schema_for!(tenantaudit_report::compliance_export::ComplianceDocument)
                }
            };
            println!("{}", serde_json::to_string_pretty(&schema)?);
            Ok(ExitCode::Ok)
        }
        Command::Matrix { report } => {
            let report = report
                .map(|path| tenantaudit_report::Report::load(&path))
                .transpose()?;
            print!("{}", matrix::matrix().render_text(report.as_ref()));
            Ok(ExitCode::Ok)
        }
        Command::Offboard(args) => {
            workflows::offboard::run(workflows::offboard::Request {
                config: args.config,
                people: args.people,
                leavers: args.leavers,
                leave_date: args.leave_date,
                out: args.out,
                mailboxes: args.mailboxes,
                clock,
                quiet,
            })
            .await
        }
        Command::Permissions { provider } => {
            print!("{}", docs::permissions(provider));
            Ok(ExitCode::Ok)
        }
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "tenantaudit", &mut std::io::stdout());
            Ok(ExitCode::Ok)
        }
        Command::Man => {
            let command = <Cli as clap::CommandFactory>::command();
            clap_mangen::Man::new(command).render(&mut std::io::stdout())?;
            Ok(ExitCode::Ok)
        }
    }
}

async fn collect(
    config: &config::ValidConfig,
    clock: tenantaudit_connector::Clock,
    evidence: Option<&Path>,
    quiet: bool,
) -> anyhow::Result<(Vec<Snapshot>, Vec<std::sync::Arc<evidence::RawPages>>)> {
    let planned: Vec<_> = config
        .tenants
        .iter()
        .map(|t| (t.label.clone(), progress::planned(t.provider)))
        .collect();
    let progress = progress::TenantProgress::new(quiet, &planned);
    let collected = workflows::audit::collect_all(config, clock, &progress, evidence).await?;
    progress.finish();
    Ok(collected)
}

async fn audit(
    mut config: config::ValidConfig,
    clock: tenantaudit_connector::Clock,
    mode: &str,
    run: &RunArgs,
    quiet: bool,
) -> anyhow::Result<ExitCode> {
    // Validated before any request, like the rest of the configuration.
    config.profile = config
        .profile
        .with_exceptions_file(run.exceptions.as_deref())?;
    let signer = signer_of(run)?;
    if let Some(dir) = &run.evidence {
        workflows::prepare_evidence(dir)?;
    }
    let tenant_hosts: Vec<String> = config
        .tenants
        .iter()
        .flat_map(|t| {
            let e = &t.endpoints;
            [&e.authority, &e.graph_base, &e.salesforce_login]
                .into_iter()
                .filter_map(|u| u.host_str().map(str::to_string))
        })
        .collect();
    let webhook = run
        .notify
        .map(|kind| notify::Webhook::from_env(kind, &tenant_hosts, &config.http.extra_roots))
        .transpose()?;
    let out = run.out.clone().unwrap_or_else(|| config.out_dir.clone());
    let history = match (&run.history, run.no_history) {
        (_, true) => None,
        (Some(path), false) => Some(path.clone()),
        (None, false) => config.history.path(&out),
    };
    workflows::prepare_output(&out, history.as_deref())?;
    let started = clock.now();
    let (snapshots, raw) = collect(&config, clock, run.evidence.as_deref(), quiet).await?;
    let profile = &config.profile;
    let report = engine::assess(
        mode,
        clock,
        started,
        &snapshots,
        &profile.baseline,
        &profile.exceptions,
    );
    let evidence = run.evidence.clone().map(|dir| workflows::EvidenceInputs {
        dir,
        raw,
        config: config.redacted(),
        exceptions_file: profile.exceptions_file.clone(),
        signer,
    });
    workflows::conclude(workflows::Conclusion {
        report: &report,
        snapshots: &snapshots,
        collected: true,
        out: &out,
        args: run,
        history,
        evidence,
        quiet,
        webhook,
    })
}

/// The manifest signing key, read before any request so that a bad key
/// costs nothing.
fn signer_of(run: &RunArgs) -> anyhow::Result<Option<evidence::ManifestSigner>> {
    run.sign_key
        .as_deref()
        .map(evidence::ManifestSigner::load)
        .transpose()
}

/// Writes the example config to `path` (`-`: stdout). An existing file is
/// kept unless `force`; each refusal says which problem it is.
fn init(path: &Path, force: bool) -> anyhow::Result<()> {
    if path == Path::new("-") {
        std::io::stdout().write_all(config::EXAMPLE.as_bytes())?;
        return Ok(());
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if force {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    let mut file = options.open(path).map_err(|error| {
        let shown = path.display();
        match error.kind() {
            std::io::ErrorKind::AlreadyExists => anyhow::anyhow!(
                "{shown} already exists; edit it, or pass --force to replace it with the example"
            ),
            std::io::ErrorKind::NotFound => anyhow::anyhow!(
                "cannot create {shown}: its folder {} does not exist",
                path.parent()
                    .filter(|p| !p.as_os_str().is_empty())
                    .unwrap_or(Path::new("."))
                    .display()
            ),
            _ => anyhow::anyhow!("cannot create {shown}: {error}"),
        }
    })?;
    file.write_all(config::EXAMPLE.as_bytes())?;
    eprintln!(
        "wrote {}; edit the tenants, then run `tenantaudit audit --config {}`",
        path.display(),
        path.display()
    );
    Ok(())
}

//! Command-line interface (clap derive).

use crate::workflows::FailOn;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Audits the customer side of the SaaS shared-responsibility model in
/// Microsoft 365 and Salesforce tenants: identity, MFA, conditional access,
/// sharing, third-party apps and logging.
///
/// Start with `tenantaudit demo`: it audits two simulated tenants with no
/// credentials and no network.
#[derive(Debug, Parser)]
#[command(name = "tenantaudit", version, propagate_version = true, after_help = EXIT_CODES)]
pub struct Cli {
    /// Only errors on stderr; no progress.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// More log output on stderr (-v info, -vv debug, -vvv trace). Secrets never appear.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    #[command(subcommand)]
    pub command: Command,
}

pub const EXIT_CODES: &str = "Exit codes:
  0  audit complete, no failing finding at or above --fail-on
  1  a failing (or error) finding at or above --fail-on
  2  usage or configuration error; nothing was collected
  3  a collection failed: the report is partial and its checks are `error`";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Audit the built-in simulated tenants (Microsoft 365 + Salesforce) end to end.
    Demo {
        #[command(flatten)]
        run: RunArgs,
        /// Folder holding the sample tenants.
        #[arg(long, value_name = "DIR")]
        samples: Option<PathBuf>,
    },
    /// Collect every configured tenant, run the checks and write the reports.
    Audit {
        #[arg(short, long, value_name = "FILE", default_value = "tenantaudit.toml")]
        config: PathBuf,
        #[command(flatten)]
        run: RunArgs,
    },
    /// Collect every configured tenant and write snapshots only (no checks).
    Collect {
        #[arg(short, long, value_name = "FILE", default_value = "tenantaudit.toml")]
        config: PathBuf,
        /// Output folder (default: the config's output.dir).
        #[arg(short, long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Run the checks on saved snapshots, offline.
    Check {
        /// Snapshot files (`snapshots/<label>.json` of an earlier run).
        #[arg(required = true, value_name = "SNAPSHOT")]
        snapshots: Vec<PathBuf>,
        /// Baseline profile to apply (only its [checks] table is used offline).
        #[arg(short, long, value_name = "FILE")]
        config: Option<PathBuf>,
        #[command(flatten)]
        run: RunArgs,
    },
    /// List or explain the checks.
    Checks {
        #[command(subcommand)]
        command: ChecksCommand,
    },
    /// Write a commented example configuration.
    Init {
        /// Where to write it (refuses to overwrite); `-` for stdout.
        #[arg(default_value = "tenantaudit.toml")]
        path: PathBuf,
    },
    /// Print the JSON Schema of a contract.
    Schema {
        #[arg(value_enum)]
        contract: Contract,
    },
    /// Print the least-privilege read-only permissions a provider needs.
    Permissions {
        #[arg(value_enum)]
        provider: ProviderArg,
    },
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Output folder for report.json, report.csv and snapshots/.
    #[arg(short, long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Exit 1 when a `fail` or `error` finding has at least this severity.
    #[arg(long, value_enum, default_value = "none", value_name = "SEVERITY")]
    pub fail_on: FailOn,
}

#[derive(Debug, Subcommand)]
pub enum ChecksCommand {
    /// One line per check: id, provider, area, severity, title.
    List,
    /// Everything about one check: what, why, how to fix, references, parameters.
    Explain { id: String },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Contract {
    Snapshot,
    Report,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ProviderArg {
    M365,
    Salesforce,
}

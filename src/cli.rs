//! Command-line interface (clap derive).

use crate::workflows::FailOn;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use tenantaudit_report::{Area, Format};

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
  1  a failing (or error) finding at or above --fail-on; with --fail-on-new,
     a check or object newly failing since the previous complete run; for
     verify, a changed, missing, added or linked file or a bad manifest
  2  usage or configuration error; nothing was collected
  3  a collection failed: the report is partial and its checks are `error`";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Audit the built-in simulated tenants (Microsoft 365 + Salesforce) end
    /// to end, with owners and an exception applied, then review the samples'
    /// leavers as `offboard` would.
    Demo {
        #[command(flatten)]
        run: RunArgs,
        /// Folder holding the sample tenants.
        #[arg(long, value_name = "DIR")]
        samples: Option<PathBuf>,
    },
    /// Collect every configured tenant, run the checks and write the reports.
    Audit {
        /// Configuration file (`tenantaudit init` writes one).
        #[arg(
            short,
            long,
            value_name = "FILE",
            env = "TENANTAUDIT_CONFIG",
            default_value = "tenantaudit.toml"
        )]
        config: PathBuf,
        #[command(flatten)]
        scope: ScopeArgs,
        #[command(flatten)]
        run: RunArgs,
    },
    /// Collect every configured tenant and write snapshots only (no checks).
    Collect {
        /// Configuration file (`tenantaudit init` writes one).
        #[arg(
            short,
            long,
            value_name = "FILE",
            env = "TENANTAUDIT_CONFIG",
            default_value = "tenantaudit.toml"
        )]
        config: PathBuf,
        /// Output folder (default: the config's output.dir).
        #[arg(short, long, value_name = "DIR", env = "TENANTAUDIT_OUT")]
        out: Option<PathBuf>,
    },
    /// Run the checks on saved snapshots, offline.
    Check {
        /// Snapshot files (`snapshots/<label>.json` of an earlier run).
        #[arg(required = true, value_name = "SNAPSHOT")]
        snapshots: Vec<PathBuf>,
        /// Baseline profile to apply (only its [checks] table is used offline).
        #[arg(short, long, value_name = "FILE", env = "TENANTAUDIT_CONFIG")]
        config: Option<PathBuf>,
        #[command(flatten)]
        scope: ScopeArgs,
        #[command(flatten)]
        run: RunArgs,
    },
    /// List or explain the checks.
    Checks {
        #[command(subcommand)]
        command: ChecksCommand,
    },
    /// List the compliance frameworks the checks map to, with coverage.
    Frameworks {
        #[command(subcommand)]
        command: FrameworksCommand,
    },
    /// Write a commented example configuration.
    Init {
        /// Where to write it; `-` for stdout.
        #[arg(default_value = "tenantaudit.toml")]
        path: PathBuf,
        /// Replace the file when it exists.
        #[arg(long)]
        force: bool,
    },
    /// Print the JSON Schema of a versioned output.
    Schema {
        /// Which output.
        #[arg(value_enum)]
        contract: Contract,
    },
    /// List recorded runs with their scores and completeness, newest first.
    History {
        #[command(flatten)]
        db: HistoryArgs,
        /// Only this tenant (label or id).
        #[arg(long)]
        tenant: Option<String>,
        /// At most this many runs.
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// Compare two runs: per check, new, resolved and still-failing findings
    /// with the affected objects that appeared or disappeared, and score
    /// changes. RUN is a run id from `history` or a report.json; with none,
    /// each tenant's latest run against its previous complete run.
    Diff {
        /// The earlier run: a run id from `history`, or a report.json.
        #[arg(value_name = "RUN_A", requires = "run_b")]
        run_a: Option<String>,
        /// The later run: a run id from `history`, or a report.json.
        #[arg(value_name = "RUN_B")]
        run_b: Option<String>,
        #[command(flatten)]
        db: HistoryArgs,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: DiffFormat,
    },
    /// Recompute every hash of an evidence bundle; exit 1 naming any file
    /// changed, missing, added or replaced by a link, or a manifest that is
    /// unreadable, not the expected one or not signed by the key.
    Verify {
        /// The bundle folder (the `--evidence DIR` of a run).
        dir: PathBuf,
        /// The manifest's SHA-256 as kept elsewhere (the run printed it and
        /// wrote it to <DIR>.manifest.sha256).
        #[arg(long, value_name = "SHA256")]
        expect: Option<String>,
        /// Ed25519 public key (PEM) the manifest must be signed with.
        #[arg(long, value_name = "PUBFILE")]
        key: Option<PathBuf>,
    },
    /// Print the IaaS / PaaS / SaaS shared responsibility matrix and the
    /// checks that cover each customer-side SaaS layer.
    Matrix {
        /// A report.json whose latest status of each check to show.
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
    },
    /// Offboarding review: what each departing person still holds in every
    /// configured tenant (exit 0 all clear, 1 anything residual or unknown).
    Offboard(OffboardArgs),
    /// Print the least-privilege read-only permissions a provider needs.
    Permissions {
        /// Which provider.
        #[arg(value_enum)]
        provider: ProviderArg,
    },
    /// Print a shell completion script, e.g.
    /// `tenantaudit completions bash > /etc/bash_completion.d/tenantaudit`.
    Completions {
        /// Which shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `tenantaudit man | man -l -`.
    Man,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Output folder for report.json, report.csv and snapshots/.
    #[arg(short, long, value_name = "DIR", env = "TENANTAUDIT_OUT")]
    pub out: Option<PathBuf>,
    /// Exceptions file (TOML or YAML); replaces the config's `exceptions`.
    #[arg(long, value_name = "FILE")]
    pub exceptions: Option<PathBuf>,
    /// Exit 1 when a `fail` or `error` finding has at least this severity.
    #[arg(long, value_enum, default_value = "none", value_name = "SEVERITY")]
    pub fail_on: FailOn,
    /// Reports to write: json, csv, html, markdown, junit, ocsf, compliance
    /// (compliance.json and compliance.csv), xlsx, or all;
    /// comma-separated or repeated [default: json,csv; for `demo`: all].
    #[arg(long = "format", value_name = "FORMATS", value_parser = parse_formats)]
    pub format: Vec<FormatList>,
    /// Exit 1 when a finding fails (or errors) that did not in the tenant's
    /// previous recorded run. Needs the history.
    #[arg(long)]
    pub fail_on_new: bool,
    /// History database to record the run in [default: the config's
    /// history.path, else <out>/history.sqlite].
    #[arg(long, value_name = "FILE")]
    pub history: Option<PathBuf>,
    /// Do not record the run in the history.
    #[arg(long, conflicts_with_all = ["history", "fail_on_new", "notify"])]
    pub no_history: bool,
    /// Post one message to a Slack or Microsoft Teams incoming webhook (URL
    /// in TENANTAUDIT_WEBHOOK_URL) when findings newly fail or scores change
    /// since each tenant's previous recorded run. Needs the history.
    #[arg(long, value_enum, value_name = "KIND")]
    pub notify: Option<crate::notify::NotifyKind>,
    /// Also write a tamper-evident evidence bundle to this new folder: raw API
    /// pages, snapshots, reports, effective config, exceptions and a manifest
    /// of SHA-256 hashes (`tenantaudit verify DIR` checks it).
    #[arg(long, value_name = "DIR")]
    pub evidence: Option<PathBuf>,
    /// Sign the evidence manifest with this Ed25519 private key (PKCS#8 PEM,
    /// `openssl genpkey -algorithm ed25519`): DIR/manifest.json.sig.
    #[arg(long, value_name = "FILE", requires = "evidence")]
    pub sign_key: Option<PathBuf>,
    /// Replace personal data (names, emails, UPNs, usernames) in the reports
    /// with stable pseudonyms (`person-…`, HMAC-SHA256 with the key in
    /// TENANTAUDIT_REDACT_KEY, else a per-install key). Snapshots are kept as collected.
    #[arg(long)]
    pub redact: bool,
}

/// One `--format` value: a comma-separated list of formats.
#[derive(Debug, Clone)]
pub struct FormatList(Vec<Format>);

fn parse_formats(value: &str) -> Result<FormatList, String> {
    Format::parse_list(value).map(FormatList)
}

impl RunArgs {
    /// The formats asked for with `--format`, else json and csv.
    pub fn formats(&self) -> Vec<Format> {
        if self.format.is_empty() {
            return Format::DEFAULT.to_vec();
        }
        let mut all: Vec<Format> = self
            .format
            .iter()
            .flat_map(|l| l.0.iter().copied())
            .collect();
        all.sort();
        all.dedup();
        all
    }

    /// Uses `formats` when `--format` was not given (the demo writes all).
    pub fn with_default_formats(mut self, formats: &[Format]) -> RunArgs {
        if self.format.is_empty() {
            self.format.push(FormatList(formats.to_vec()));
        }
        self
    }
}

/// `offboard PERSON...` or `offboard --leavers FILE.csv`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("who").required(true).args(["people", "leavers"])))]
pub struct OffboardArgs {
    /// Configuration file: every tenant in it is searched.
    #[arg(
        short,
        long,
        value_name = "FILE",
        env = "TENANTAUDIT_CONFIG",
        default_value = "tenantaudit.toml"
    )]
    pub config: PathBuf,
    /// People who left: UPN, e-mail address, federation identifier or alias.
    #[arg(value_name = "PERSON")]
    pub people: Vec<String>,
    /// HR leavers export (CSV with a header): email and leave_date
    /// (YYYY-MM-DD) required; upn, federation_id, aliases (`;`-separated)
    /// and name optional.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["people", "leave_date"])]
    pub leavers: Option<PathBuf>,
    /// Leave date of the PERSONs (YYYY-MM-DD) [default: today].
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub leave_date: Option<chrono::NaiveDate>,
    /// Output folder for offboard.json, offboard.csv and offboard.md
    /// [default: the config's output.dir].
    #[arg(short, long, value_name = "DIR", env = "TENANTAUDIT_OUT")]
    pub out: Option<PathBuf>,
    /// Exchange Online mailbox export (CSV) to check mailbox forwarding
    /// against; without one, forwarding is `unknown`. Repeatable.
    #[arg(long, value_name = "FILE")]
    pub mailboxes: Vec<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum ChecksCommand {
    /// One line per check: id, provider, area, severity, title.
    List {
        /// Only the checks mapped to this framework (id or name, see
        /// `frameworks list`), with their controls in it.
        #[arg(long, value_name = "NAME")]
        framework: Option<String>,
        #[command(flatten)]
        filter: CheckFilter,
        /// `table` for people, `json` for scripts.
        #[arg(long, value_enum, default_value = "table")]
        format: ListFormat,
    },
    /// The whole catalog in Markdown: every check's pass condition and
    /// references, and the privileged roles.
    Catalog,
    /// Everything about one check: what, why, how to fix, references, parameters.
    Explain {
        /// Check id, e.g. M365-CA-01 (`tenantaudit checks list`).
        id: String,
    },
}

/// A calendar date as `YYYY-MM-DD`; anything else names the expected form.
fn parse_date(value: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map_err(|_| format!("expected a date as YYYY-MM-DD (e.g. 2026-10-31), not {value:?}"))
}

#[derive(Debug, Subcommand)]
pub enum FrameworksCommand {
    /// One line per framework: id, version, controls covered (of the total
    /// where public), name.
    List,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
}

/// Which checks: by id, area or provider (all when none is given).
#[derive(Debug, Args, Default)]
pub struct CheckFilter {
    /// Only this provider's tenants and checks (checks that span providers stay).
    #[arg(long, value_enum)]
    pub provider: Option<ProviderArg>,
    /// Only these checks, by id (comma-separated or repeated).
    #[arg(long, value_name = "IDS", value_delimiter = ',')]
    pub checks: Vec<String>,
    /// Only the checks of these areas: identity, mfa, access, sharing, apps,
    /// logging, data (comma-separated or repeated).
    #[arg(long = "area", value_name = "AREA", value_delimiter = ',', value_parser = parse_area)]
    pub areas: Vec<Area>,
}

fn parse_area(value: &str) -> Result<Area, String> {
    Area::ALL
        .into_iter()
        .find(|a| a.as_str().eq_ignore_ascii_case(value))
        .ok_or_else(|| {
            let all: Vec<_> = Area::ALL.iter().map(|a| a.as_str()).collect();
            format!("unknown area {value:?} (one of {})", all.join(", "))
        })
}

/// An ad-hoc run over part of the configuration.
#[derive(Debug, Args, Default)]
pub struct ScopeArgs {
    /// Only the tenant with this label (comma-separated or repeated).
    #[arg(long = "tenant", value_name = "LABEL", value_delimiter = ',')]
    pub tenants: Vec<String>,
    #[command(flatten)]
    pub filter: CheckFilter,
}

pub const DEFAULT_HISTORY: &str = "tenantaudit-out/history.sqlite";

/// Which history database `history` and `diff` read.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The history database [default: the --config's history, else
    /// tenantaudit-out/history.sqlite].
    #[arg(long, value_name = "FILE")]
    pub db: Option<PathBuf>,
    /// Read the history path from this config, like `audit` does
    /// (`[history] path`, else `<output.dir>/history.sqlite`).
    #[arg(short, long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// Aligned text for a terminal.
    Table,
    /// One JSON document.
    Json,
    /// One row per changed check, one per object added or removed, one
    /// summary row.
    Csv,
}

/// Every versioned JSON output (its `schema` field names the version).
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Contract {
    /// `snapshots/<label>.json`: what was collected (tenantaudit.snapshot/v1).
    Snapshot,
    /// `report.json`: the findings and scores (tenantaudit.report/v1).
    Report,
    /// `offboard.json`: an offboarding review (tenantaudit.offboard/v1).
    Offboard,
    /// `manifest.json` of an evidence bundle (tenantaudit.evidence/v1).
    Evidence,
    /// `compliance.json`: controls per framework (tenantaudit.compliance/v1).
    Compliance,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ProviderArg {
    /// Microsoft 365 (Microsoft Graph application permissions).
    M365,
    /// Salesforce (integration user permissions).
    Salesforce,
}

impl From<ProviderArg> for tenantaudit_connector::Provider {
    fn from(provider: ProviderArg) -> Self {
        match provider {
            ProviderArg::M365 => tenantaudit_connector::Provider::M365,
            ProviderArg::Salesforce => tenantaudit_connector::Provider::Salesforce,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::CommandFactory;

    /// Every argument of every subcommand says what it is for.
    #[test]
    fn every_argument_has_help() {
        fn walk(command: &clap::Command, path: &str, missing: &mut Vec<String>) {
            for arg in command.get_arguments() {
                let builtin = matches!(arg.get_id().as_str(), "help" | "version");
                if !builtin && arg.get_help().is_none() && arg.get_long_help().is_none() {
                    missing.push(format!("{path} {}", arg.get_id()));
                }
            }
            for sub in command.get_subcommands() {
                if sub.get_about().is_none() && sub.get_name() != "help" {
                    missing.push(format!("{path} {} (no about)", sub.get_name()));
                }
                walk(sub, &format!("{path} {}", sub.get_name()), missing);
            }
        }
        let command = Cli::command();
        command.clone().debug_assert();
        let mut missing = Vec::new();
        walk(&command, "tenantaudit", &mut missing);
        assert!(missing.is_empty(), "arguments without help: {missing:?}");
    }
}

//! Mailbox forwarding, from an Exchange Online export.
//!
//! Microsoft Graph does not expose a mailbox's forwarding (`ForwardingSmtpAddress`,
//! `ForwardingAddress`): only Exchange does, and its admin API is not a
//! read-only REST call this tool can make. So forwarding is read from the
//! CSV an Exchange admin exports (`--mailboxes FILE`); without it, the item
//! is `unknown` and names the command to run.

use anyhow::{bail, Context as _};
use std::collections::HashMap;
use std::path::Path;

/// The command whose output `--mailboxes` reads; also what the `unknown`
/// item tells the admin to look at.
pub const EXPORT_COMMAND: &str = "Get-EXOMailbox -ResultSize Unlimited -Properties ForwardingSmtpAddress,ForwardingAddress,DeliverToMailboxAndForward | Select-Object UserPrincipalName,PrimarySmtpAddress,ForwardingSmtpAddress,ForwardingAddress,DeliverToMailboxAndForward | Export-Csv -NoTypeInformation mailboxes.csv";

#[derive(Debug, Clone)]
pub struct Mailbox {
    pub user_principal_name: String,
    pub primary_smtp_address: String,
    pub forwarding_smtp_address: Option<String>,
    pub forwarding_address: Option<String>,
}

impl Mailbox {
    /// Where mail is forwarded, if anywhere.
    pub fn forwarding(&self) -> Vec<&str> {
        [&self.forwarding_smtp_address, &self.forwarding_address]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect()
    }
}

/// Every mailbox of the export(s), by lower-cased UPN and primary address.
#[derive(Debug, Default)]
pub struct Mailboxes {
    files: Vec<String>,
    by_address: HashMap<String, Mailbox>,
}

impl Mailboxes {
    pub fn read(paths: &[std::path::PathBuf]) -> anyhow::Result<Option<Mailboxes>> {
        if paths.is_empty() {
            return Ok(None);
        }
        let mut all = Mailboxes::default();
        for path in paths {
            all.add(path)?;
        }
        Ok(Some(all))
    }

    fn add(&mut self, path: &Path) -> anyhow::Result<()> {
        let shown = path.display().to_string();
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_path(path)
            .with_context(|| format!("cannot read mailbox export {shown}"))?;
        let header: HashMap<String, usize> = reader
            .headers()
            .with_context(|| format!("{shown}: row 1: cannot read the header"))?
            .iter()
            .enumerate()
            .map(|(i, h)| (h.trim_start_matches('\u{feff}').to_ascii_lowercase(), i))
            .collect();
        for column in [
            "userprincipalname",
            "primarysmtpaddress",
            "forwardingsmtpaddress",
            "forwardingaddress",
        ] {
            if !header.contains_key(column) {
                bail!("{shown}: row 1: no `{column}` column; export with: {EXPORT_COMMAND}");
            }
        }
        for (index, record) in reader.records().enumerate() {
            let record =
                record.with_context(|| format!("{shown}: row {}: malformed CSV", index + 2))?;
            let cell = |name: &str| {
                header
                    .get(name)
                    .and_then(|&i| record.get(i))
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                    .map(String::from)
            };
            let mailbox = Mailbox {
                user_principal_name: cell("userprincipalname").unwrap_or_default(),
                primary_smtp_address: cell("primarysmtpaddress").unwrap_or_default(),
                forwarding_smtp_address: cell("forwardingsmtpaddress"),
                forwarding_address: cell("forwardingaddress"),
            };
            for address in [&mailbox.user_principal_name, &mailbox.primary_smtp_address] {
                if !address.is_empty() {
                    self.by_address
                        .insert(address.to_ascii_lowercase(), mailbox.clone());
                }
            }
        }
        self.files.push(shown);
        Ok(())
    }

    /// The mailbox of an account known by any of `addresses`.
    pub fn find(&self, addresses: &[&str]) -> Option<&Mailbox> {
        addresses
            .iter()
            .find_map(|a| self.by_address.get(&a.trim().to_ascii_lowercase()))
    }

    pub fn sources(&self) -> String {
        self.files.join(", ")
    }
}

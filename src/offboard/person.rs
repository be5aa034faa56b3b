//! Who is leaving: people named on the command line or in an HR leavers
//! export (CSV), with the keys they are matched on and their leave date.

use super::matching::{Key, Keys};
use anyhow::{bail, Context as _};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Person {
    /// How the person is named in outputs: the name, else the first key.
    pub label: String,
    pub email: Option<String>,
    pub upn: Option<String>,
    pub federation_id: Option<String>,
    pub aliases: Vec<String>,
    pub leave_date: NaiveDate,
}

impl Person {
    /// A person given on the command line: an e-mail address, UPN or other
    /// identifier, matched as any key would be.
    pub fn from_argument(identifier: &str, leave_date: NaiveDate) -> anyhow::Result<Person> {
        let identifier = identifier.trim();
        if identifier.is_empty() {
            bail!("an empty PERSON was given");
        }
        Ok(Person {
            label: identifier.to_string(),
            email: Some(identifier.to_string()),
            upn: Some(identifier.to_string()),
            federation_id: Some(identifier.to_string()),
            aliases: Vec::new(),
            leave_date,
        })
    }

    pub fn keys(&self) -> Keys<'_> {
        let mut keys = Vec::new();
        for (key, value) in [
            (Key::Upn, &self.upn),
            (Key::Email, &self.email),
            (Key::FederationId, &self.federation_id),
        ] {
            if let Some(value) = value {
                keys.push((key, value.as_str()));
            }
        }
        keys.extend(self.aliases.iter().map(|a| (Key::Alias, a.as_str())));
        Keys(keys)
    }
}

/// Reads an HR leavers export. The header is required and names the columns
/// (any order, case-insensitive): `email` and `leave_date` (YYYY-MM-DD) are
/// required, `upn`, `federation_id`, `aliases` (`;`-separated) and `name` are
/// optional, others are ignored. Any malformed row rejects the whole file,
/// naming its row (the header is row 1), so a review never silently skips
/// a leaver.
pub fn read_leavers(path: &Path) -> anyhow::Result<Vec<Person>> {
    let text = tenantaudit_connector::input_file::read_to_string(
        path,
        tenantaudit_connector::input_file::LEAVERS_MAX,
    )
    .with_context(|| format!("cannot read leavers file {}", path.display()))?;
    parse_leavers(text.as_bytes(), &path.display().to_string())
}

fn parse_leavers(input: impl std::io::Read, shown: &str) -> anyhow::Result<Vec<Person>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .trim(csv::Trim::All)
        .from_reader(input);
    let header: HashMap<String, usize> = reader
        .headers()
        .with_context(|| format!("{shown}: row 1: cannot read the header"))?
        .iter()
        .enumerate()
        .map(|(i, name)| (name.trim_start_matches('\u{feff}').to_ascii_lowercase(), i))
        .collect();
    for required in ["email", "leave_date"] {
        if !header.contains_key(required) {
            bail!("{shown}: row 1: the header has no `{required}` column (required: email, leave_date)");
        }
    }
    let mut people = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let row = index + 2;
        let record = record.with_context(|| format!("{shown}: row {row}: malformed CSV"))?;
        let cell = |name: &str| {
            header
                .get(name)
                .and_then(|&i| record.get(i))
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(String::from)
        };
        let Some(email) = cell("email") else {
            bail!("{shown}: row {row}: `email` is empty");
        };
        if !email.contains('@') {
            bail!("{shown}: row {row}: `email` {email:?} is not an e-mail address");
        }
        let Some(date) = cell("leave_date") else {
            bail!("{shown}: row {row}: `leave_date` is empty");
        };
        let leave_date = NaiveDate::parse_from_str(&date, "%Y-%m-%d")
            .ok()
            .filter(|_| date.len() == 10)
            .with_context(|| {
                format!("{shown}: row {row}: `leave_date` {date:?} is not a date (YYYY-MM-DD)")
            })?;
        let aliases = cell("aliases")
            .map(|a| {
                a.split(';')
                    .map(str::trim)
                    .filter(|a| !a.is_empty())
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default();
        people.push(Person {
            label: cell("name").unwrap_or_else(|| email.clone()),
            email: Some(email),
            upn: cell("upn"),
            federation_id: cell("federation_id"),
            aliases,
            leave_date,
        });
    }
    if people.is_empty() {
        bail!("{shown}: no leavers after the header");
    }
    Ok(people)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_in_any_order_with_optional_ones() {
        let text = "Leave_Date,name,email,aliases\n2026-11-02,Walter Finch,walter.finch@contoso.com, wf@contoso.com;w@contoso.com \n";
        let people = parse_leavers(text.as_bytes(), "hr.csv").unwrap();
        assert_eq!(people[0].label, "Walter Finch");
        assert_eq!(people[0].aliases, ["wf@contoso.com", "w@contoso.com"]);
        assert_eq!(people[0].upn, None);
    }

    #[test]
    fn a_bad_row_is_named() {
        for (text, wanted) in [
            (
                "email,leave_date\na@x.com,2026-11-02\nb@x.com,02/11/2026\n",
                "row 3",
            ),
            ("email,leave_date\na@x.com,2026-11-02\nb@x.com\n", "row 3"),
            ("email,leave_date\n,2026-11-02\n", "row 2"),
            ("mail,leave_date\na@x.com,2026-11-02\n", "row 1"),
        ] {
            let error = format!(
                "{:#}",
                parse_leavers(text.as_bytes(), "hr.csv").unwrap_err()
            );
            assert!(error.contains(wanted), "{error}");
        }
    }
}

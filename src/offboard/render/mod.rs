//! The review's outputs: a table for the terminal, and JSON, CSV and a
//! Markdown checklist written atomically (owner-only, like every report:
//! they name people) to the output folder.

mod csv;
mod json;
mod markdown;
mod table;

pub use table::render as table;

use super::review::Review;
use anyhow::Context as _;
use std::path::Path;
use tenantaudit_report::write_atomically;

/// `offboard.json`, `offboard.csv` and `offboard.md` in `out`.
pub fn write_all(out: &Path, review: &Review) -> anyhow::Result<()> {
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let files: [(&str, String); 3] = [
        ("offboard.json", json::render(review)?),
        ("offboard.csv", csv::render(review)?),
        ("offboard.md", markdown::render(review)),
    ];
    for (name, text) in files {
        let path = out.join(name);
        write_atomically(&path, |w| w.write_all(text.as_bytes()))
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

/// Every (person, tenant, account, item) row, accounts absent when the
/// person has none in a tenant: the shape the CSV and the table share.
pub(crate) struct Row<'a> {
    pub person: &'a super::review::PersonResult,
    pub tenant: &'a super::review::TenantResult,
    pub account: Option<&'a super::review::Account>,
    pub item: Option<&'a super::review::Item>,
}

pub(crate) fn rows(review: &Review) -> Vec<Row<'_>> {
    let mut rows = Vec::new();
    for person in &review.people {
        for tenant in &person.tenants {
            if tenant.accounts.is_empty() {
                rows.push(Row {
                    person,
                    tenant,
                    account: None,
                    item: None,
                });
            }
            for account in &tenant.accounts {
                for item in &account.items {
                    rows.push(Row {
                        person,
                        tenant,
                        account: Some(account),
                        item: Some(item),
                    });
                }
            }
        }
    }
    rows
}

/// What a tenant without an account row says about the lookup.
pub(crate) fn lookup_text(tenant: &super::review::TenantResult) -> String {
    match tenant.lookup {
        super::review::Lookup::Found => String::new(),
        super::review::Lookup::NotFound => "no matching account".into(),
        super::review::Lookup::Failed => format!(
            "lookup failed: {}",
            tenant.detail.as_deref().unwrap_or("unknown error")
        ),
    }
}

//! `offboard.csv`: one row per item (a person without an account in a
//! tenant has one row saying so). Columns are stable: `person`,
//! `leave_date`, `tenant`, `provider`, `account_id`, `account`,
//! `matched_by`, `item`, `status`, `summary`, `evidence` (joined with ` | `),
//! `remediation`. Cells a spreadsheet would run as formulas are defused.

use crate::offboard::review::{Review, Status};
use tenantaudit_report::csv_export::neutralise_formula;

const COLUMNS: [&str; 12] = [
    "person",
    "leave_date",
    "tenant",
    "provider",
    "account_id",
    "account",
    "matched_by",
    "item",
    "status",
    "summary",
    "evidence",
    "remediation",
];

pub fn render(review: &Review) -> anyhow::Result<String> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(COLUMNS)?;
    for row in super::rows(review) {
        let matched = row
            .account
            .map(|a| {
                a.matched_by
                    .iter()
                    .map(|m| format!("{}={}:{}", m.key.as_str(), m.field, m.value))
                    .collect::<Vec<_>>()
                    .join("; ")
            })
            .unwrap_or_default();
        let (item, status, summary, evidence, remediation) = match row.item {
            Some(i) => (
                i.kind,
                i.status,
                i.summary.clone(),
                i.evidence.join(" | "),
                i.remediation.clone(),
            ),
            None => (
                "lookup",
                row.tenant.status(),
                super::lookup_text(row.tenant),
                String::new(),
                String::new(),
            ),
        };
        let cells = [
            row.person.person.label.clone(),
            row.person.person.leave_date.to_string(),
            row.tenant.label.clone(),
            row.tenant.provider.clone(),
            row.account.map(|a| a.id.clone()).unwrap_or_default(),
            row.account.map(|a| a.login.clone()).unwrap_or_default(),
            matched,
            item.to_string(),
            Status::as_str(status).to_string(),
            summary,
            evidence,
            remediation,
        ];
        out.write_record(cells.iter().map(|c| neutralise_formula(c).into_owned()))?;
    }
    Ok(String::from_utf8(out.into_inner()?)?)
}

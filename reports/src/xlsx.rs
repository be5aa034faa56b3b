//! `report.xlsx` (`--format xlsx`): the workbook auditors ask for. Sheets
//! Summary (scores per tenant), Findings, Affected objects (one row per
//! object), Action plan (what to fix: failing, erroring and waived findings
//! with owner, remediation and the date an exception runs out) and
//! Frameworks (the compliance rows). Every sheet has a filter on its header
//! row and the header frozen.
//!
//! Every text cell is written as a string, never as a formula, so a tenant
//! object named `=HYPERLINK(…)` stays text; only counts and scores are
//! numbers.

use crate::catalog::Catalog;
use crate::compliance::rows;
use crate::glance::{self, tenant_label};
use crate::{write_atomically, Finding, Report, Score, Status};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use std::path::Path;

pub const SHEETS: [&str; 5] = [
    "Summary",
    "Findings",
    "Affected objects",
    "Action plan",
    "Frameworks",
];
/// The last row a worksheet can hold (1,048,576 rows, the header included).
const MAX_ROWS: usize = 1_048_575;
/// Excel's limit for the text of one cell.
const MAX_CELL_CHARS: usize = 32_767;

enum Cell {
    Text(String),
    Number(f64),
    Empty,
}

impl From<&str> for Cell {
    fn from(text: &str) -> Cell {
        Cell::Text(text.to_string())
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Cell {
        Cell::Text(text)
    }
}

impl From<Option<f64>> for Cell {
    fn from(number: Option<f64>) -> Cell {
        number.map_or(Cell::Empty, Cell::Number)
    }
}

impl From<u32> for Cell {
    fn from(number: u32) -> Cell {
        Cell::Number(f64::from(number))
    }
}

impl From<usize> for Cell {
    fn from(number: usize) -> Cell {
        Cell::Number(number as f64)
    }
}

pub fn write(report: &Report, catalog: &Catalog, path: &Path) -> std::io::Result<()> {
    let bytes = workbook(report, catalog).map_err(std::io::Error::other)?;
    write_atomically(path, |out| out.write_all(&bytes))
}

fn workbook(report: &Report, catalog: &Catalog) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let header = Format::new().set_bold();
    let [summary, findings, objects, plan, frameworks] = SHEETS;

    let mut summary_rows = vec![score_row("all tenants", "", "", &report.scores.overall)];
    for t in &report.tenants {
        let score = report
            .scores
            .by_tenant
            .get(&t.tenant_id)
            .cloned()
            .unwrap_or_default();
        summary_rows.push(score_row(
            tenant_label(t),
            &t.provider,
            &t.tenant_id,
            &score,
        ));
    }
    table(
        book.add_worksheet().set_name(summary)?,
        &header,
        &[
            "tenant",
            "provider",
            "tenant_id",
            "score_percent",
            "pass",
            "fail",
            "error",
            "waived",
            "manual",
            "not_applicable",
        ],
        summary_rows,
    )?;

    table(
        book.add_worksheet().set_name(findings)?,
        &header,
        &[
            "tenant",
            "provider",
            "check_id",
            "title",
            "area",
            "severity",
            "status",
            "message",
            "owner",
            "affected",
            "references",
            "controls",
            "remediation",
        ],
        report.findings.iter().map(|f| {
            let controls: Vec<String> = catalog
                .controls_of(&f.check_id)
                .iter()
                .map(|c| format!("{} {}", c.framework, c.control))
                .collect();
            vec![
                glance::tenant_name(report, &f.tenant_id).into(),
                f.provider.as_str().into(),
                f.check_id.as_str().into(),
                f.title.as_str().into(),
                f.area.as_str().into(),
                f.severity.as_str().into(),
                f.status.as_str().into(),
                f.message.as_str().into(),
                owner(f).into(),
                f.affected.len().into(),
                f.references.join("; ").into(),
                controls.join("; ").into(),
                f.remediation.as_str().into(),
            ]
        }),
    )?;

    table(
        book.add_worksheet().set_name(objects)?,
        &header,
        &[
            "tenant",
            "check_id",
            "status",
            "object_id",
            "object_name",
            "reason",
        ],
        report.findings.iter().flat_map(|f| {
            f.affected.iter().map(move |o| {
                vec![
                    glance::tenant_name(report, &f.tenant_id).into(),
                    f.check_id.as_str().into(),
                    f.status.as_str().into(),
                    o.id.as_str().into(),
                    o.display_name.as_str().into(),
                    o.reason.as_str().into(),
                ]
            })
        }),
    )?;

    let mut actions: Vec<&Finding> = glance::reading_order(&report.findings)
        .into_iter()
        .filter(|f| in_action_plan(f.status))
        .collect();
    actions.sort_by_key(|f| std::cmp::Reverse(f.severity));
    table(
        book.add_worksheet().set_name(plan)?,
        &header,
        &[
            "severity",
            "check_id",
            "title",
            "tenant",
            "status",
            "owner",
            "affected",
            "remediation",
            "due",
            "exception",
        ],
        actions.into_iter().map(|f| {
            let (due, exception) = glance::exception_due(report, f)
                .map(|(date, why)| (date.to_string(), why.to_string()))
                .unwrap_or_default();
            vec![
                f.severity.as_str().into(),
                f.check_id.as_str().into(),
                f.title.as_str().into(),
                glance::tenant_name(report, &f.tenant_id).into(),
                f.status.as_str().into(),
                owner(f).into(),
                f.affected.len().into(),
                f.remediation.as_str().into(),
                due.into(),
                exception.into(),
            ]
        }),
    )?;

    let mut columns = vec![
        "framework",
        "version",
        "control",
        "title",
        "checks",
        "status",
    ];
    let tenants: Vec<&str> = report.tenants.iter().map(tenant_label).collect();
    columns.extend(tenants.iter().copied());
    table(
        book.add_worksheet().set_name(frameworks)?,
        &header,
        &columns,
        rows(report, catalog).into_iter().map(|row| {
            let mut cells: Vec<Cell> = vec![
                row.framework_name.into(),
                row.version.unwrap_or_default().into(),
                row.control.into(),
                row.title.unwrap_or_default().into(),
                row.checks.join(" ").into(),
                row.status.as_str().into(),
            ];
            cells.extend(row.tenants.iter().map(|t| Cell::from(t.status.as_str())));
            cells
        }),
    )?;
    book.save_to_buffer()
}

/// What someone has to act on: failures, unreadable evidence, and waived
/// failures (fixed by the time their exception runs out).
pub fn in_action_plan(status: Status) -> bool {
    matches!(status, Status::Fail | Status::Error | Status::Waived)
}

fn owner(f: &Finding) -> &str {
    f.owner.as_deref().unwrap_or(glance::UNASSIGNED)
}

fn score_row(tenant: &str, provider: &str, tenant_id: &str, s: &Score) -> Vec<Cell> {
    vec![
        tenant.into(),
        provider.into(),
        tenant_id.into(),
        s.percent.into(),
        s.pass.into(),
        s.fail.into(),
        s.error.into(),
        s.waived.into(),
        s.manual.into(),
        s.not_applicable.into(),
    ]
}

/// A header row, the rows (as many as a sheet holds: the sheet then says
/// how many were left out), a filter over all of it and the header frozen.
fn table(
    sheet: &mut Worksheet,
    header: &Format,
    columns: &[&str],
    rows: impl IntoIterator<Item = Vec<Cell>>,
) -> Result<(), XlsxError> {
    for (col, name) in columns.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *name, header)?;
        sheet.set_column_width(col as u16, 18)?;
    }
    let mut last = 0u32;
    let mut left_out = 0usize;
    for (i, row) in rows.into_iter().enumerate() {
        if i >= MAX_ROWS - 1 {
            left_out += 1;
            continue;
        }
        last = i as u32 + 1;
        for (col, cell) in row.into_iter().enumerate() {
            match cell {
                Cell::Text(text) => sheet.write_string(last, col as u16, cut(&text))?,
                Cell::Number(n) => sheet.write_number(last, col as u16, n)?,
                Cell::Empty => sheet,
            };
        }
    }
    if left_out > 0 {
        last += 1;
        let note =
            format!("… and {left_out} more rows: every row is in report.json and report.csv");
        sheet.write_string(last, 0, &note)?;
    }
    sheet.autofilter(0, 0, last, columns.len().saturating_sub(1) as u16)?;
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

fn cut(text: &str) -> &str {
    match text.char_indices().nth(MAX_CELL_CHARS) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

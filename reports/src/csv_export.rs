//! `report.csv`: one row per finding × affected object (a finding with no
//! affected object gets one row with empty object columns).
//!
//! The columns are a public contract, documented in the README; add new ones at
//! the end only.

use crate::{write_atomically, Finding, Report};
use std::cell::RefCell;
use std::io::Write;
use std::path::Path;
use std::rc::Rc;

pub const COLUMNS: [&str; 16] = [
    "provider",
    "tenant_id",
    "check_id",
    "title",
    "area",
    "severity",
    "status",
    "object_id",
    "object_name",
    "object_reason",
    "message",
    "fix",
    "owner",
    "references",
    "remediation",
    "docs",
];

pub fn write(report: &Report, path: &Path) -> std::io::Result<()> {
    write_atomically(path, |out| {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
        let mut encoder = Encoder::default();
        out.write_all(&encoder.record(COLUMNS.iter().map(|c| c.as_bytes()))?)?;
        for finding in &report.findings {
            write_rows(&mut out, &mut encoder, finding)?;
        }
        out.flush()
    })
}

/// CSV-encodes records (quoting only where needed, `\n` after each) into
/// bytes, with the `csv` crate's rules.
struct Encoder {
    writer: csv::Writer<Sink>,
    bytes: Rc<RefCell<Vec<u8>>>,
}

/// Where the encoder's writer puts its bytes, for the encoder to take.
struct Sink(Rc<RefCell<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Default for Encoder {
    fn default() -> Self {
        let bytes = Rc::default();
        let writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .flexible(true)
            .from_writer(Sink(Rc::clone(&bytes)));
        Encoder { writer, bytes }
    }
}

impl Encoder {
    fn record<'a>(
        &mut self,
        cells: impl IntoIterator<Item = &'a [u8]>,
    ) -> std::io::Result<Vec<u8>> {
        self.writer.write_record(cells)?;
        self.writer.flush()?;
        Ok(std::mem::take(&mut *self.bytes.borrow_mut()))
    }

    /// Fields without the record's terminator, to be joined with others.
    fn fields<'a>(
        &mut self,
        cells: impl IntoIterator<Item = &'a [u8]>,
    ) -> std::io::Result<Vec<u8>> {
        let mut bytes = self.record(cells)?;
        bytes.pop();
        Ok(bytes)
    }
}

/// One finding's rows. The cells every row of the finding shares are
/// neutralised and encoded once; each row then copies those bytes and
/// encodes only its object's three cells: a finding with 100,000 affected
/// objects neither copies nor re-scans its title or remediation per object.
fn write_rows(
    out: &mut impl std::io::Write,
    encoder: &mut Encoder,
    finding: &Finding,
) -> std::io::Result<()> {
    let (area, severity, status) = (
        finding.area.to_string(),
        finding.severity.to_string(),
        finding.status.to_string(),
    );
    let references = finding.references.join("; ");
    let head = [
        finding.provider.as_str(),
        &finding.tenant_id,
        &finding.check_id,
        &finding.title,
        &area,
        &severity,
        &status,
    ]
    .map(neutralise_formula);
    let tail = [
        finding.message.as_str(),
        finding.fix.as_deref().unwrap_or_default(),
        finding.owner.as_deref().unwrap_or_default(),
        &references,
        &finding.remediation,
        &finding.docs,
    ]
    .map(neutralise_formula);
    let head = encoder.fields(head.iter().map(|c| c.as_bytes()))?;
    let tail = encoder.record(tail.iter().map(|c| c.as_bytes()))?;
    let mut row = |id: &str, name: &str, reason: &str| {
        let object = [id, name, reason].map(neutralise_formula);
        out.write_all(&head)?;
        out.write_all(b",")?;
        out.write_all(&encoder.fields(object.iter().map(|c| c.as_bytes()))?)?;
        out.write_all(b",")?;
        out.write_all(&tail)
    };
    if finding.affected.is_empty() {
        return row("", "", "");
    }
    for object in &finding.affected {
        row(&object.id, &object.display_name, &object.reason)?;
    }
    Ok(())
}

/// Spreadsheet-injection defence (OWASP "CSV injection"): a cell a spreadsheet
/// would evaluate as a formula is prefixed with a single quote.
pub fn neutralise_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::neutralise_formula;

    #[test]
    fn formula_cells_are_prefixed_and_plain_cells_kept() {
        assert_eq!(
            neutralise_formula("=HYPERLINK(\"x\")"),
            "'=HYPERLINK(\"x\")"
        );
        assert_eq!(neutralise_formula("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise_formula("+1"), "'+1");
        assert_eq!(neutralise_formula("Alice"), "Alice");
        assert_eq!(neutralise_formula(""), "");
    }
}

#[cfg(test)]
#[path = "csv_proptest.rs"]
mod proptests;

//! `report.json`: the Report contract, pretty-printed.

use crate::{write_atomically, Report};
use std::path::Path;

pub fn write(report: &Report, path: &Path) -> std::io::Result<()> {
    write_atomically(path, |out| {
        serde_json::to_writer_pretty(&mut *out, report)?;
        out.write_all(b"\n")
    })
}

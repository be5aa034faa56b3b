//! `report.json`: the Report contract, pretty-printed.

use crate::{write_atomically, Report};
use std::io::Write;
use std::path::Path;

pub fn write(report: &Report, path: &Path) -> std::io::Result<()> {
    write_atomically(path, |out| {
        // serde_json writes in many small pieces: a buffer of a concrete type
        // takes them without a dynamic call each.
        let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
        serde_json::to_writer_pretty(&mut out, report)?;
        out.write_all(b"\n")?;
        out.flush()
    })
}

//! `frameworks list` and `checks list --framework NAME`.

use super::{catalog, controls_of, list};
use crate::checks::registry;
use std::fmt::Write;
use tenantaudit_report::compliance::coverage;

/// One line per framework: id, version, controls covered (of the total
/// where public), name.
pub fn frameworks() -> String {
    let mut out = format!(
        "{:<16} {:<20} {:>9}  NAME\n",
        "FRAMEWORK", "VERSION", "CONTROLS"
    );
    for c in coverage(&catalog()) {
        let covered = match c.framework.controls_total {
            Some(total) => format!("{}/{total}", c.controls_covered),
            None => c.controls_covered.to_string(),
        };
        let _ = writeln!(
            out,
            "{:<16} {:<20} {covered:>9}  {}",
            c.framework.id,
            c.framework.version.unwrap_or("-"),
            c.framework.name
        );
    }
    out.push_str(
        "\nCONTROLS: distinct controls at least one check maps to, of the framework's total where it is public.\n",
    );
    out
}

/// Width of the CONTROLS column of `checks list --framework`; a control id
/// longer than this widens it.
const CONTROLS_WIDTH: usize = 28;

/// The checks mapped to a framework (its id or name), each with its
/// controls there; an unknown name is an error listing the known ids.
/// Controls that do not fit their column wrap onto lines of their own, so the
/// titles stay aligned however many controls a check maps to.
pub fn checks_for(name: &str) -> anyhow::Result<String> {
    let framework = list::find(name).ok_or_else(|| {
        let ids: Vec<_> = list::FRAMEWORKS.iter().map(|f| f.id).collect();
        anyhow::anyhow!("unknown framework {name:?}; known: {}", ids.join(", "))
    })?;
    let rows: Vec<_> = registry::ALL
        .iter()
        .map(|check| {
            let controls: Vec<String> = controls_of(check.meta)
                .0
                .into_iter()
                .filter(|c| c.framework == framework.id)
                .map(|c| c.control)
                .collect();
            (check.meta, controls)
        })
        .filter(|(_, controls)| !controls.is_empty())
        .collect();
    // Each id but the last carries a comma.
    let width = rows
        .iter()
        .flat_map(|(_, controls)| controls)
        .map(|c| c.chars().count() + 1)
        .fold(CONTROLS_WIDTH, usize::max);
    let mut out = format!(
        "{}\n{:<12} {:<9} {:<width$} TITLE\n",
        framework.label(),
        "ID",
        "SEVERITY",
        "CONTROLS"
    );
    for (meta, controls) in rows {
        let mut lines = wrap(&controls, width).into_iter();
        let first = lines.next().unwrap_or_default();
        let _ = writeln!(
            out,
            "{:<12} {:<9} {first:<width$} {}",
            meta.id, meta.severity, meta.title
        );
        for line in lines {
            let _ = writeln!(out, "{:<12} {:<9} {line}", "", "");
        }
    }
    Ok(out)
}

/// Lays control ids out as comma-separated lines of at most `width`
/// characters, never splitting an id (a layer name holds spaces).
fn wrap(controls: &[String], width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for (i, control) in controls.iter().enumerate() {
        let item = if i + 1 < controls.len() {
            format!("{control},")
        } else {
            control.clone()
        };
        if !line.is_empty() && line.chars().count() + 1 + item.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&item);
    }
    lines.push(line);
    lines
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn controls_wrap_between_ids_within_the_width() {
        let ids: Vec<String> = ["AF01", "AF02", "AF03", "AF04", "AF05", "AF06"]
            .map(String::from)
            .to_vec();
        assert_eq!(wrap(&ids, 28), ["AF01, AF02, AF03, AF04,", "AF05, AF06"]);
        assert_eq!(wrap(&ids[..1], 28), ["AF01"]);
        let layers = ["Identity platform and access policy".to_string()];
        assert_eq!(wrap(&layers, 28), ["Identity platform and access policy"]);
    }
}

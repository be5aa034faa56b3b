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

/// The checks mapped to a framework (its id or name), each with its
/// controls there; an unknown name is an error listing the known ids.
pub fn checks_for(name: &str) -> anyhow::Result<String> {
    let framework = list::find(name).ok_or_else(|| {
        let ids: Vec<_> = list::FRAMEWORKS.iter().map(|f| f.id).collect();
        anyhow::anyhow!("unknown framework {name:?}; known: {}", ids.join(", "))
    })?;
    let mut out = format!(
        "{}\n{:<12} {:<9} {:<28} TITLE\n",
        framework.label(),
        "ID",
        "SEVERITY",
        "CONTROLS"
    );
    for check in registry::ALL {
        let controls: Vec<String> = controls_of(check.meta)
            .0
            .into_iter()
            .filter(|c| c.framework == framework.id)
            .map(|c| c.control)
            .collect();
        if controls.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "{:<12} {:<9} {:<28} {}",
            check.meta.id,
            check.meta.severity,
            controls.join(" "),
            check.meta.title
        );
    }
    Ok(out)
}

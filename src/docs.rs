//! Text generated from the registry: `checks list`, `checks explain` (which is
//! also each `docs/checks/<ID>.md` page), `checks catalog` (which is
//! `docs/checks/README.md`) and `permissions`.

use crate::checks::{registry, CheckMeta, ParamValue};
use crate::cli::{CheckFilter, ListFormat, ProviderArg};
use std::fmt::Write;
use tenantaudit_report::Area;

pub fn list(filter: &CheckFilter, format: ListFormat) -> String {
    let checks = registry::ALL
        .iter()
        .map(|c| c.meta)
        .filter(|m| filter.keeps(m));
    if format == ListFormat::Json {
        let items: Vec<_> = checks
            .map(|m| {
                serde_json::json!({
                    "id": m.id,
                    "title": m.title,
                    "providers": m.providers.iter().map(|p| p.as_str()).collect::<Vec<_>>(),
                    "area": m.area,
                    "severity": m.severity,
                    "docs": m.docs(),
                })
            })
            .collect();
        return serde_json::to_string_pretty(&items).expect("JSON of strings") + "\n";
    }
    let mut out = format!(
        "{:<12} {:<16} {:<9} {:<9} TITLE\n",
        "ID", "PROVIDERS", "AREA", "SEVERITY"
    );
    for m in checks {
        let providers: Vec<_> = m.providers.iter().map(|p| p.as_str()).collect();
        let _ = writeln!(
            out,
            "{:<12} {:<16} {:<9} {:<9} {}",
            m.id,
            providers.join(","),
            m.area,
            m.severity,
            m.title
        );
    }
    out
}

/// One check's page, in Markdown.
pub fn page(m: &CheckMeta) -> String {
    let providers: Vec<_> = m.providers.iter().map(|p| p.as_str()).collect();
    let mut out = format!("# {} — {}\n\n", m.id, m.title);
    let _ = writeln!(out, "- Providers: {}", providers.join(", "));
    let _ = writeln!(out, "- Area: {}", m.area);
    let _ = writeln!(out, "- Severity: {}", m.severity);
    let _ = writeln!(out, "- Collections read: {}", m.needs.join(", "));
    let _ = writeln!(out, "- References: {}\n", m.references.join(", "));
    let _ = writeln!(out, "## Why it matters\n\n{}\n", m.rationale);
    let _ = writeln!(out, "## What is checked\n\n{}\n", m.logic);
    let _ = writeln!(
        out,
        "Missing or unreadable evidence gives `error`, never `pass`.\n"
    );
    let _ = writeln!(out, "## How to fix\n\n{}\n", m.remediation);
    if !m.params.is_empty() {
        let _ = writeln!(
            out,
            "## Parameters\n\nSet in the config under `[checks.params.{}]`.\n",
            m.id
        );
        let _ = writeln!(out, "| name | default | meaning |\n|---|---|---|");
        for p in m.params {
            let default = match p.default.value() {
                ParamValue::Int(n) => n.to_string(),
                ParamValue::List(items) => format!("{items:?}"),
            };
            let _ = writeln!(out, "| `{}` | `{default}` | {} |", p.name, p.doc);
        }
        out.push('\n');
    }
    out
}

/// The whole catalog in Markdown: a table of every check, then per area
/// each check's pass condition and references, then the privileged roles the
/// checks share.
pub fn catalog() -> String {
    let mut out = String::from(
        "# Check catalog\n\nGenerated from the registry: `tenantaudit checks catalog` prints this page, \
         `tenantaudit checks explain ID` one check's page. Every check reports `pass`, `fail`, \
         `error` (evidence missing or unreadable: never a pass), `not_applicable` (not licensed or \
         not in use), `manual` (to review by hand) or `waived` (an approved exception). Score \
         weights: critical 10, high 5, medium 3, low 1. The SCuBA and EIDSCA columns list the \
         CISA SCuBA policies and Maester EIDSCA controls each check covers; every check lists all \
         its references below and on its page.\n\n",
    );
    out.push_str(
        "| id | title | providers | area | severity | SCuBA | EIDSCA |\n|---|---|---|---|---|---|---|\n",
    );
    for check in registry::ALL {
        let m = check.meta;
        let providers: Vec<_> = m.providers.iter().map(|p| p.as_str()).collect();
        let covered = |prefix: &str| {
            let refs: Vec<_> = m
                .references
                .iter()
                .filter(|r| r.starts_with(prefix))
                .copied()
                .collect();
            refs.join(", ")
        };
        let _ = writeln!(
            out,
            "| [{id}]({id}.md) | {} | {} | {} | {} | {} | {} |",
            cell(m.title),
            providers.join(", "),
            m.area,
            m.severity,
            covered("MS."),
            covered("EIDSCA."),
            id = m.id
        );
    }
    for area in Area::ALL {
        let _ = writeln!(out, "\n## {area}");
        for check in registry::ALL.iter().filter(|c| c.meta.area == area) {
            let m = check.meta;
            let _ = writeln!(out, "\n### {} — {}\n", m.id, m.title);
            let _ = writeln!(
                out,
                "Severity {}. References: {}.\n",
                m.severity,
                if m.references.is_empty() {
                    "none".to_string()
                } else {
                    m.references.join(", ")
                }
            );
            let _ = writeln!(out, "{}", m.logic);
        }
    }
    out.push_str(
        "\n## Privileged roles\n\nThe Microsoft Entra roles the checks treat as privileged \
         (by role template id, the same in every tenant):\n\n| role | template id |\n|---|---|\n",
    );
    for (id, name) in tenantaudit_graph::roles::PRIVILEGED {
        let _ = writeln!(out, "| {name} | `{id}` |");
    }
    out
}

/// Text for a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

pub fn permissions(provider: ProviderArg) -> String {
    let (intro, audit, offboard) = match provider {
        ProviderArg::M365 => (
            "Microsoft Graph application permissions (read-only), admin-consented:",
            tenantaudit_graph::permissions(),
            tenantaudit_graph::person::permissions(),
        ),
        ProviderArg::Salesforce => (
            "Salesforce integration user: a permission set with these permissions (all read-only):",
            tenantaudit_salesforce::permissions(),
            tenantaudit_salesforce::person::permissions(),
        ),
    };
    let mut out = format!("{intro}\n\naudit:\n");
    for (collection, permission) in audit {
        let _ = writeln!(out, "  {collection:<32} {permission}");
    }
    out.push_str("\noffboard (per person):\n");
    for (item, permission) in offboard {
        let _ = writeln!(out, "  {item:<32} {permission}");
    }
    if let ProviderArg::M365 = provider {
        out.push_str("\nopt-in admin sources (exchange_admin, sharepoint_admin under [tenant.endpoints]; mailbox and inbox_rules are read by offboard):\n");
        for (item, permission) in tenantaudit_graph::admin_source_permissions() {
            let _ = writeln!(out, "  {item:<32} {permission}");
        }
    }
    out
}

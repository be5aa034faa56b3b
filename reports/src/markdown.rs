//! `report.md`: a short summary for tickets, pull requests and chat: scores,
//! then what fails, most severe first. Passing checks are counted, not listed;
//! the HTML report has everything.
//!
//! Every value that comes from a tenant (names, messages that quote them,
//! owners) goes through [`text`], which makes it inert: no HTML, link,
//! emphasis, mention or table break can come out of it.

use crate::glance::{self, is_failing, percent_text};
use crate::{write_atomically, Area, Report, Status};
use std::fmt::Write as _;
use std::path::Path;

/// Affected objects named per failing finding; the rest are counted.
const MAX_AFFECTED: usize = 5;
/// Failing findings listed; the rest are counted (chat and ticket systems cap
/// message length, and the most severe come first).
const MAX_FAILING: usize = 50;

pub fn write(report: &Report, path: &Path) -> std::io::Result<()> {
    let text = render(report);
    write_atomically(path, |out| out.write_all(text.as_bytes()))
}

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let o = &report.scores.overall;
    let _ = writeln!(
        out,
        "## tenantaudit: {} overall\n\nRun `{}` ({}), evidence as of {}. {} pass, {} fail, {} error, {} waived, {} manual, {} not applicable.\n",
        percent_text(o.percent),
        report.run.id,
        report.run.mode,
        report.run.evaluated_at.format("%Y-%m-%d %H:%M UTC"),
        o.pass,
        o.fail,
        o.error,
        o.waived,
        o.manual,
        o.not_applicable
    );

    let _ = writeln!(
        out,
        "| Tenant | Provider | Score | Fail | Error |\n|---|---|--:|--:|--:|"
    );
    for tenant in &report.tenants {
        let score = report.scores.by_tenant.get(&tenant.tenant_id);
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            text(&tenant.display_name),
            tenant.provider,
            percent_text(score.and_then(|s| s.percent)),
            score.map_or(0, |s| s.fail),
            score.map_or(0, |s| s.error)
        );
    }

    // Notes (e.g. a licence the tenant lacks) follow the table: a table cell
    // would have to hold a list.
    let notes: Vec<String> = report
        .tenants
        .iter()
        .flat_map(|t| {
            t.notes
                .iter()
                .map(move |note| format!("- {}: {}", text(&t.display_name), text(note)))
        })
        .collect();
    if !notes.is_empty() {
        let _ = writeln!(out, "\nNotes:\n\n{}", notes.join("\n"));
    }

    let _ = writeln!(out, "\n| Area | Score | Fail | Error |\n|---|--:|--:|--:|");
    for area in Area::ALL {
        if let Some(s) = report.scores.by_area.get(&area) {
            let _ = writeln!(
                out,
                "| {area} | {} | {} | {} |",
                percent_text(s.percent),
                s.fail,
                s.error
            );
        }
    }

    let failing: Vec<_> = glance::reading_order(&report.findings)
        .into_iter()
        .filter(|f| is_failing(f.status))
        .collect();
    if failing.is_empty() {
        let _ = writeln!(out, "\nNo failing findings.");
    } else {
        let by_severity: Vec<String> = glance::failing_by_severity(report)
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|(s, n)| format!("{n} {s}"))
            .collect();
        let _ = writeln!(
            out,
            "\n### Failing ({}: {})\n",
            failing.len(),
            by_severity.join(", ")
        );
    }
    for f in failing.iter().take(MAX_FAILING) {
        let _ = writeln!(
            out,
            "- **{}** `{}` {} ({}, {}): {}",
            f.status.as_str().to_uppercase(),
            f.check_id,
            f.title,
            f.severity,
            text(glance::tenant_name(report, &f.tenant_id)),
            text(&f.message)
        );
        if !f.affected.is_empty() {
            let names: Vec<String> = f
                .affected
                .iter()
                .take(MAX_AFFECTED)
                .map(|o| text(&o.display_name))
                .collect();
            let more = f.affected.len().saturating_sub(MAX_AFFECTED);
            let _ = writeln!(
                out,
                "  - affected: {}{}",
                names.join(", "),
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                }
            );
        }
        if let Some(owner) = &f.owner {
            let _ = writeln!(out, "  - owner: {}", text(owner));
        }
        if f.status == Status::Error {
            if let Some(fix) = &f.fix {
                let _ = writeln!(out, "  - to fix: {}", text(fix));
            }
        }
    }

    if failing.len() > MAX_FAILING {
        let _ = writeln!(
            out,
            "- … and {} more failing findings",
            failing.len() - MAX_FAILING
        );
    }

    let owners = glance::failing_by_owner(report);
    if !owners.is_empty() {
        let list: Vec<String> = owners
            .iter()
            .map(|(owner, n)| format!("{} {n}", text(owner)))
            .collect();
        let _ = writeln!(out, "\nFailing by owner: {}.", list.join(", "));
    }
    let waived: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.status == Status::Waived)
        .map(|f| format!("`{}`", f.check_id))
        .collect();
    if !waived.is_empty() {
        let _ = writeln!(out, "\nWaived by exception: {}.", waived.join(", "));
    }
    let _ = writeln!(
        out,
        "\nEvery finding, with evidence and remediation, is in `report.html`."
    );
    out
}

/// The characters that can start markup inside a line in CommonMark and
/// GitHub Markdown: HTML and autolinks (`<`, `&`), links and images (`[`,
/// `]`, `!`), emphasis and code, table cells, strikethrough, mentions, issue
/// references and math. Line-start markers (`#`, `-`, `1.`) cannot occur:
/// a value never starts a line.
const MARKUP: &[char] = &[
    '\\', '`', '*', '_', '[', ']', '<', '>', '!', '&', '|', '~', '@', '#', '$',
];

/// Makes a tenant value inert in Markdown: each [`MARKUP`] character is
/// backslash-escaped (CommonMark renders an escaped character literally, so
/// `<script>`, `[x](y)`, `|` and `@name` stay text), and line breaks become
/// spaces so that a value cannot start a block of its own.
pub fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 8);
    for c in value.chars() {
        match c {
            '\r' | '\n' => out.push(' '),
            c if MARKUP.contains(&c) => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::text;

    #[test]
    fn tenant_values_are_inert() {
        assert_eq!(
            text("<script>alert(1)</script>"),
            "\\<script\\>alert(1)\\</script\\>"
        );
        assert_eq!(text("a|b\n# c [x](y)"), "a\\|b \\# c \\[x\\](y)");
        assert_eq!(text("Zoë Müller"), "Zoë Müller");
    }
}

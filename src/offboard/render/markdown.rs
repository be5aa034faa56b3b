//! `offboard.md`: a checklist to attach to the offboarding ticket. Every
//! residual or unknown item is an open `- [ ]` box with its remediation;
//! clear items are listed as checked boxes with their evidence, so the
//! ticket shows what was verified, not just what is left. Tenant values are
//! escaped: no markup, link or mention comes out of them.

use crate::offboard::review::{Review, Status};
use std::fmt::Write as _;
use tenantaudit_report::markdown::text;

pub fn render(review: &Review) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Offboarding review ({})\n",
        review.generated_at.format("%Y-%m-%d %H:%M UTC")
    );
    for person in &review.people {
        let p = &person.person;
        let _ = writeln!(
            out,
            "## {} — {} (left {})\n",
            text(&p.label),
            person.status.as_str(),
            p.leave_date
        );
        for tenant in &person.tenants {
            let _ = writeln!(out, "### {} ({})\n", text(&tenant.label), tenant.provider);
            if tenant.accounts.is_empty() {
                let mark = if tenant.status() == Status::Clear {
                    "x"
                } else {
                    " "
                };
                let _ = writeln!(out, "- [{mark}] {}\n", text(&super::lookup_text(tenant)));
            }
            for account in &tenant.accounts {
                let keys: Vec<String> = account
                    .matched_by
                    .iter()
                    .map(|m| format!("{} = {}", m.key.as_str(), text(&m.value)))
                    .collect();
                let _ = writeln!(
                    out,
                    "Account {} ({}), matched by {}\n",
                    text(&account.login),
                    text(&account.id),
                    keys.join(", ")
                );
                let mut items: Vec<_> = account.items.iter().collect();
                // Open work first.
                items.sort_by_key(|i| i.status == Status::Clear);
                for item in items {
                    let (mark, tail) = match item.status {
                        Status::Clear => (
                            "x",
                            item.evidence
                                .first()
                                .map(|e| format!(" ({})", text(e)))
                                .unwrap_or_default(),
                        ),
                        Status::Residual => (" ", format!(" — {}", text(&item.remediation))),
                        Status::Unknown => {
                            (" ", format!(" — **unknown**: {}", text(&item.remediation)))
                        }
                    };
                    let _ = writeln!(
                        out,
                        "- [{mark}] `{}` {}{tail}",
                        item.kind,
                        text(&item.summary)
                    );
                }
                out.push('\n');
            }
        }
    }
    out
}

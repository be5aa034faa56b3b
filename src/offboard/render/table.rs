//! The terminal view: per person a verdict line, then the items that are
//! not clear (with their remediation), and a count of the clear ones.

use crate::offboard::review::{Review, Status};
use crate::terminal::Safe;
use std::fmt::Write as _;

pub fn render(review: &Review) -> String {
    let mut out = String::new();
    for person in &review.people {
        let p = &person.person;
        let _ = writeln!(
            out,
            "{:<9} {} (left {})",
            person.status.as_str().to_uppercase(),
            Safe(&p.label),
            p.leave_date
        );
        for tenant in &person.tenants {
            if tenant.accounts.is_empty() {
                let _ = writeln!(
                    out,
                    "  {:<9} {:<12} {}",
                    tenant.status().as_str(),
                    Safe(&tenant.label),
                    Safe(&super::lookup_text(tenant))
                );
            }
            for account in &tenant.accounts {
                let keys: Vec<String> = account
                    .matched_by
                    .iter()
                    .map(|m| format!("{} ({})", m.key.as_str(), m.field))
                    .collect();
                let clear = account
                    .items
                    .iter()
                    .filter(|i| i.status == Status::Clear)
                    .count();
                let _ = writeln!(
                    out,
                    "  {:<12} {} matched by {}; {clear} of {} items clear",
                    Safe(&tenant.label),
                    Safe(&account.login),
                    keys.join(", "),
                    account.items.len()
                );
                for item in account.items.iter().filter(|i| i.status != Status::Clear) {
                    let _ = writeln!(
                        out,
                        "    {:<9} {:<22} {}\n              → {}",
                        item.status.as_str(),
                        item.kind,
                        Safe(&item.summary),
                        Safe(&item.remediation)
                    );
                }
            }
        }
    }
    let count = |s: Status| review.people.iter().filter(|p| p.status == s).count();
    let _ = writeln!(
        out,
        "{} people: {} clear, {} residual, {} unknown",
        review.people.len(),
        count(Status::Clear),
        count(Status::Residual),
        count(Status::Unknown)
    );
    out
}

//! M365-DATA-02: Calendars and contacts are not shared with all domains.

use super::exchange::{self, SHARING_POLICIES};
use crate::checks::plural;
use crate::checks::{check_meta, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

check_meta! {
    id: "M365-DATA-02",
    title: "Calendars and contacts are not shared with all domains",
    providers: &[Provider::M365],
    area: Area::Data,
    severity: Severity::Medium,
    needs: &[SHARING_POLICIES],
    references: &["MS.EXO.6.1v1", "MS.EXO.6.2v1"],
    rationale: "Free/busy and calendar details shared with every domain tell outsiders who meets whom and when.",
    logic: "Reads `Get-SharingPolicy` through the Exchange Online admin API (collection `exchange_sharing_policies`; opt-in: `exchange_admin` under `[tenant.endpoints]`, Exchange.ManageAsApp and the Global Reader role). Each entry of `Domains` is `domain:Action,Action` (e.g. `*:CalendarSharingFreeBusySimple`); fails naming each enabled policy with a `*` domain whose actions include any `Calendar…` or `Contacts…` sharing, free/busy only included (as ScubaGear does). Disabled policies (`Enabled` false) share nothing and are left out. Without the source configured the finding is `manual`.",
    remediation: "Exchange admin center → Organization → Sharing → Individual sharing: remove calendar and contacts sharing with all domains (`*`) from every sharing policy.",
    params: &[],
}

/// The calendar and contacts actions a `Domains` entry grants to every domain.
fn shared_with_all(entry: &str) -> Vec<&str> {
    match entry.split_once(':') {
        Some((domain, actions)) if domain.trim() == "*" => actions
            .split(',')
            .map(str::trim)
            .filter(|a| a.starts_with("Calendar") || a.starts_with("Contacts"))
            .collect(),
        _ => Vec::new(),
    }
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let policies = exchange::sharing_policies(ctx)?;
    let enabled = exchange::enabled(
        policies,
        SHARING_POLICIES,
        "sharing policy",
        |p| p.name.as_deref(),
        |p| p.enabled,
    )?;
    let open: Vec<_> = enabled
        .iter()
        .map(|p| {
            let actions: Vec<&str> = p.domains.iter().flat_map(|d| shared_with_all(d)).collect();
            (p, actions)
        })
        .filter(|(_, actions)| !actions.is_empty())
        .collect();
    let mut outcome = Outcome::verdict(
        !open.is_empty(),
        format!(
            "no enabled sharing policy shares calendars or contacts with all domains ({} of {} policies enabled)",
            enabled.len(),
            policies.len()
        ),
        format!(
            "{} with all domains (*)",
            plural(open.len(), "sharing policy shares", "sharing policies share")
        ),
    );
    for (policy, actions) in open {
        let name = policy.name.clone().unwrap_or_default();
        outcome = outcome.affected(
            policy.guid.clone().unwrap_or_else(|| name.clone()),
            name,
            format!("shares {} with every domain (*)", actions.join(", ")),
        );
    }
    for policy in policies {
        outcome = outcome.evidence(
            SHARING_POLICIES,
            format!("{}.Domains", policy.name.as_deref().unwrap_or("?")),
            policy.domains.clone(),
        );
    }
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::shared_with_all;

    #[test]
    fn only_the_star_domain_counts() {
        assert_eq!(
            shared_with_all("*:CalendarSharingFreeBusySimple"),
            ["CalendarSharingFreeBusySimple"]
        );
        assert_eq!(
            shared_with_all(" * : CalendarSharingFreeBusyDetail, ContactsSharing"),
            ["CalendarSharingFreeBusyDetail", "ContactsSharing"]
        );
        assert!(
            shared_with_all("contoso.com:CalendarSharingFreeBusyDetail,ContactsSharing").is_empty()
        );
        assert!(shared_with_all("Anonymous:CalendarSharingFreeBusyReviewer").is_empty());
    }
}

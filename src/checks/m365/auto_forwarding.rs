//! M365-DATA-01: External automatic forwarding is off.

use super::exchange::{self, REMOTE_DOMAINS};
use crate::checks::plural;
use crate::checks::{check_meta, need, Context, Missing, Outcome, ParamDefault, ParamSpec};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

check_meta! {
    id: "M365-DATA-01",
    title: "External automatic forwarding is off",
    providers: &[Provider::M365],
    area: Area::Data,
    severity: Severity::High,
    needs: &[REMOTE_DOMAINS],
    references: &["MS.EXO.1.1v2", "CIS 6.2.1"],
    rationale: "Auto-forwarding to outside domains is the classic silent exfiltration rule after a mailbox takeover.",
    logic: "Reads `Get-RemoteDomain` through the Exchange Online admin API (collection `exchange_remote_domains`; opt-in: `exchange_admin` under `[tenant.endpoints]`, Exchange.ManageAsApp and the Global Reader role). Fails naming each remote domain whose `AutoForwardEnabled` is true and whose `DomainName` is not on `allow` (the Default domain is `*`, and is never approved by the allow-list). A domain without `AutoForwardEnabled` is an error. Without the source configured the finding is `manual`.",
    remediation: "Exchange admin center → Mail flow → Remote domains: turn off automatic forwarding for the Default (*) domain and every other one not explicitly approved (`Set-RemoteDomain -AutoForwardEnabled $false`).",
    params: &[ParamSpec { name: "allow", doc: "remote domain names (DomainName) approved to receive automatic forwards", default: ParamDefault::List(&[]) }],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let domains = exchange::remote_domains(ctx)?;
    let allow = ctx.params.list("allow");
    let mut read = Vec::new();
    for domain in domains {
        let name = domain.domain_name.as_deref().unwrap_or("?");
        let on = *need(
            domain.auto_forward_enabled.as_ref(),
            REMOTE_DOMAINS,
            &format!("AutoForwardEnabled of remote domain {name}"),
        )?;
        let approved = name != "*" && allow.iter().any(|a| a.eq_ignore_ascii_case(name));
        read.push((domain, name, on && !approved, on));
    }
    let forwarding = read.iter().filter(|(_, _, open, _)| *open).count();
    let mut outcome = Outcome::verdict(
        forwarding > 0,
        format!(
            "no remote domain allows automatic forwarding outside the allow-list ({} read)",
            domains.len()
        ),
        format!(
            "{} automatic forwarding",
            plural(forwarding, "remote domain allows", "remote domains allow")
        ),
    );
    for (domain, name, open, on) in read {
        if open {
            outcome = outcome.affected(
                domain.guid.clone().unwrap_or_else(|| name.to_string()),
                domain.name.clone().unwrap_or_else(|| name.to_string()),
                format!("automatic forwarding to {name} is allowed"),
            );
        }
        outcome = outcome.evidence(REMOTE_DOMAINS, format!("{name}.AutoForwardEnabled"), on);
    }
    Ok(outcome)
}

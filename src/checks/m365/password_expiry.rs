//! M365-ID-09: passwords of managed domains do not expire.

use crate::checks::{all, plural};
use crate::checks::{check_meta, need, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

const COLLECTION: &str = "domains";
/// Graph's value for "passwords never expire".
const NEVER: i64 = 2_147_483_647;

check_meta! {
    id: "M365-ID-09",
    title: "Passwords of managed domains do not expire",
    providers: &[Provider::M365],
    area: Area::Identity,
    severity: Severity::Medium,
    needs: &[COLLECTION],
    references: &["MS.AAD.6.1v1", "CIS 1.3.1"],
    rationale: "Forced periodic changes push users to predictable passwords; with MFA and leaked-credential detection, expiry adds risk rather than removing it.",
    logic: "For every verified domain whose `authenticationType` is `Managed` (federated domains take their password policy from the identity provider; an unreported type counts as managed), `passwordValidityPeriodInDays` must be unset or 2147483647 (never). Unverified domains are out of scope.",
    remediation: "Microsoft 365 admin center → Settings → Org settings → Security & privacy → Password expiration policy: set passwords to never expire (per domain: `Update-MgDomain -PasswordValidityPeriodInDays 2147483647`).",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let domains = need(
        super::section(ctx.snapshot)?.domains.as_ref(),
        COLLECTION,
        "domains",
    )?;
    let mut expiring = Vec::new();
    let mut in_scope = 0;
    for d in domains {
        let federated = d
            .authentication_type
            .as_deref()
            .is_some_and(|t| t.eq_ignore_ascii_case("federated"));
        if federated || d.is_verified == Some(false) {
            continue;
        }
        in_scope += 1;
        match d.password_validity_period_in_days {
            None | Some(NEVER) => {}
            Some(days) => expiring.push((d, days)),
        }
    }
    let mut outcome = Outcome::verdict(
        !expiring.is_empty(),
        format!(
            "passwords never expire on {}",
            all(
                in_scope,
                "verified managed domain",
                "verified managed domains"
            )
        ),
        format!(
            "passwords expire on {}",
            plural(
                expiring.len(),
                "verified managed domain",
                "verified managed domains"
            )
        ),
    )
    .evidence(
        COLLECTION,
        "$[*].passwordValidityPeriodInDays",
        expiring.len(),
    );
    for (d, days) in expiring {
        outcome = outcome.affected(
            d.id.clone(),
            d.id.clone(),
            format!("passwords expire after {days} days"),
        );
    }
    Ok(outcome)
}

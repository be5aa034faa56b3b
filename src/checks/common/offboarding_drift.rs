//! COM-ID-03: cross-tenant offboarding drift. An account still enabled in
//! one tenant whose person is disabled, or gone, in the identity-provider
//! tenant: the person left, the IdP was cleaned up, this tenant was not.
//!
//! The one check that reads more than its own snapshot: the engine hands
//! every check the run's snapshots (`Context::run`), and this one finds the
//! identity provider among them. People are matched with the offboarding
//! review's rule (`offboard::matching`).

use crate::checks::{agree, all, plural};
use crate::checks::{check_meta, need, Context, Missing, Outcome, ParamDefault, ParamSpec};
use crate::offboard::matching::{domain, Identifiers, Index, Key, Keys};
use std::collections::HashSet;
use tenantaudit_connector::snapshot::{Principal, PrincipalKind, Snapshot};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

const USERS: &str = "users";
const IDP: &str = "identity_provider";

check_meta! {
    id: "COM-ID-03",
    title: "No account outlives its person in the identity provider",
    providers: &[Provider::M365, Provider::Salesforce],
    area: Area::Identity,
    severity: Severity::Critical,
    needs: &[USERS],
    references: &["offboarding", "NIST 800-53 AC-2(3)", "CIS Controls 5.3"],
    rationale: "Single sign-on stops a leaver only where the identity provider is the way in. An account left enabled in another tenant keeps its local password, its API tokens and its sessions after the identity provider disabled or deleted the person.",
    logic: "The identity-provider tenant is the Microsoft 365 tenant named by `identity_provider` (label or tenant id), else the run's first Microsoft 365 tenant; without one in the run the check is not applicable, and on the identity provider itself too. Every other tenant's enabled member accounts with an identifier (login, e-mail, federation identifier) in one of the identity provider's verified domains are matched to its member accounts by UPN or e-mail, the offboarding review's rule, ignoring case. An account whose matches are all disabled, or that matches no one, fails. Accounts of other domains (vendors, integration users with their own addresses) are not the identity provider's people and are left out. Entra's onPremisesImmutableId is never used: it is an anchor, not an identifier shared with other tenants.",
    remediation: "Deactivate (Salesforce) or block sign-in for (Microsoft 365) each named account, revoke its tokens, then run `tenantaudit offboard` for the person to find what else they hold.",
    params: &[ParamSpec {
        name: IDP,
        doc: "label or tenant id of the identity-provider tenant; empty: the run's first Microsoft 365 tenant",
        default: ParamDefault::List(&[]),
    }],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let wanted = ctx.params.list(IDP);
    let idp = ctx.run.iter().find(|s| {
        s.provider() == Provider::M365
            && (wanted.is_empty()
                || wanted
                    .iter()
                    .any(|w| *w == s.tenant.label || *w == s.tenant.tenant_id))
    });
    let Some(idp) = idp else {
        return Ok(Outcome::not_applicable(
            "no identity-provider tenant (Microsoft 365) in this run",
            "audit the identity provider's Microsoft 365 tenant in the same run",
        ));
    };
    if std::ptr::eq(idp, ctx.snapshot) {
        return Ok(Outcome::not_applicable(
            "this is the identity-provider tenant",
            "—",
        ));
    }
    let (people, domains) = match idp_people(idp) {
        Ok(found) => found,
        Err(outcome) => return Ok(outcome),
    };
    let here = need(ctx.snapshot.common.principals.as_ref(), USERS, "principals")?;
    let index = Index::new(people.iter().map(|p| (keys(p), *p)));
    let mut drift = Vec::new();
    let mut checked = 0;
    for account in here
        .iter()
        .filter(|p| p.enabled && p.kind == PrincipalKind::Member)
    {
        let ids = identifiers(account, ctx.snapshot.provider());
        let ours = ids
            .0
            .iter()
            .any(|(_, v)| domain(v).is_some_and(|d| domains.contains(&d)));
        if !ours {
            continue;
        }
        checked += 1;
        let found = index.lookup(&ids);
        let why = if found.is_empty() {
            format!(
                "enabled here; no account in {} matches it",
                idp.tenant.label
            )
        } else if found.iter().all(|(p, _)| !p.enabled) {
            let (p, m) = &found[0];
            format!(
                "enabled here; disabled in {} ({} matched by {} {})",
                idp.tenant.label,
                p.login,
                m.key.as_str(),
                m.value
            )
        } else {
            continue;
        };
        drift.push((account, why));
    }
    let mut outcome = Outcome::verdict(
        !drift.is_empty(),
        format!(
            "{} of {}'s people {} an enabled account there",
            all(checked, "enabled account", "enabled accounts"),
            idp.tenant.label,
            agree(checked, "has", "have")
        ),
        format!(
            "{} to people disabled or gone in {}",
            plural(
                drift.len(),
                "enabled account belongs",
                "enabled accounts belong"
            ),
            idp.tenant.label
        ),
    )
    .evidence(USERS, "common.principals", checked);
    for (account, why) in drift {
        outcome = outcome.affected(account.id.clone(), account.login.clone(), why);
    }
    Ok(outcome)
}

/// The identity provider's member accounts and verified domains, or the
/// `error` outcome saying which of its collections failed.
fn idp_people(idp: &Snapshot) -> Result<(Vec<&Principal>, HashSet<String>), Outcome> {
    let failed = |name: &str| {
        let record = idp.collection(name);
        Outcome::error(
            format!(
                "the identity provider {} has no {name}: {}",
                idp.tenant.label,
                record
                    .and_then(|r| r.error.as_ref())
                    .map(|e| e.message.clone())
                    .unwrap_or_else(|| "not collected".into())
            ),
            record
                .and_then(|r| r.error.as_ref().map(|e| e.fix.clone()))
                .unwrap_or_else(|| "collect the identity provider again".into()),
        )
    };
    let people = idp
        .common
        .principals
        .as_ref()
        .ok_or_else(|| failed(USERS))?;
    let domains: HashSet<String> = idp
        .m365()
        .and_then(|m| m.organization.as_ref())
        .ok_or_else(|| failed("organization"))?
        .verified_domains
        .iter()
        .map(|d| d.name.to_ascii_lowercase())
        .collect();
    let members = people
        .iter()
        .filter(|p| p.kind == PrincipalKind::Member)
        .collect();
    Ok((members, domains))
}

fn keys(person: &Principal) -> Keys<'_> {
    let mut keys = vec![(Key::Upn, person.login.as_str())];
    keys.extend(person.email.as_deref().map(|e| (Key::Email, e)));
    Keys(keys)
}

/// An account's identifiers; an Entra `federation_id` is the immutable id,
/// not an identifier another tenant shares.
fn identifiers(account: &Principal, provider: Provider) -> Identifiers<'_> {
    let (login, email, federation) = match provider {
        Provider::M365 => ("userPrincipalName", "mail", None),
        Provider::Salesforce => ("Username", "Email", account.federation_id.as_deref()),
    };
    let mut ids = vec![(login, account.login.as_str())];
    ids.extend(account.email.as_deref().map(|e| (email, e)));
    ids.extend(federation.map(|f| ("FederationIdentifier", f)));
    Identifiers(ids)
}

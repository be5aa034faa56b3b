//! M365-ID-02: privileged role holders are cloud-only.

use super::privileged::{self, ASSIGNMENTS, GROUP_MEMBERS};
use super::roles::privileged_ids;
use crate::checks::{agree, all, plural};
use crate::checks::{check_meta, need, Context, Missing, Outcome};
use std::collections::{BTreeMap, HashMap};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

const USERS: &str = "users";

check_meta! {
    id: "M365-ID-02",
    title: "Privileged role holders are cloud-only accounts",
    providers: &[Provider::M365],
    area: Area::Identity,
    severity: Severity::High,
    needs: &[ASSIGNMENTS, GROUP_MEMBERS, USERS],
    references: &["MS.AAD.7.3v1", "CIS 1.1.1"],
    rationale: "An admin account synced from on-premises Active Directory falls with the on-premises domain: whoever owns AD can reset its password.",
    logic: "For every user holding a privileged role (the catalog's \"Privileged roles\", active or PIM eligible), the user must have neither `onPremisesSyncEnabled` true nor an `onPremisesImmutableId`. Service principals are out of scope. A holder missing from the users collection, or a group holding a role, is an error (fail closed).",
    remediation: "Create separate cloud-only admin accounts (`…@<tenant>.onmicrosoft.com`), move the roles to them, and remove the roles from the synced accounts.",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let users = need(super::section(ctx.snapshot)?.users.as_ref(), USERS, "users")?;
    let by_id: HashMap<&str, _> = users.iter().map(|u| (u.id.as_str(), u)).collect();
    let holders = privileged::holders(ctx, &privileged_ids())?;
    let mut synced: BTreeMap<&str, (String, Vec<String>)> = BTreeMap::new();
    let mut people = 0;
    for h in holders.iter().filter(|h| h.is_user()) {
        people += 1;
        let user = by_id.get(h.principal_id).ok_or_else(|| Missing {
            collection: USERS,
            what: format!("user {} holding {}", h.name, h.role),
        })?;
        let reason = match (
            user.on_premises_sync_enabled,
            user.on_premises_immutable_id.as_deref(),
        ) {
            (Some(true), _) => "synced from on-premises (onPremisesSyncEnabled)",
            (_, Some(id)) if !id.is_empty() => "has an onPremisesImmutableId",
            _ => continue,
        };
        let entry = synced
            .entry(h.principal_id)
            .or_insert_with(|| (h.name.clone(), vec![reason.to_string()]));
        entry.1.push(format!("holds {} ({})", h.role, h.how));
    }
    let mut outcome = Outcome::verdict(
        !synced.is_empty(),
        format!(
            "{} to users {} cloud-only",
            all(
                people,
                "privileged role assignment",
                "privileged role assignments"
            ),
            agree(people, "is", "are")
        ),
        format!(
            "{} {} synced from on-premises",
            plural(
                synced.len(),
                "privileged role holder",
                "privileged role holders"
            ),
            agree(synced.len(), "is", "are")
        ),
    )
    .evidence(USERS, "$[*].onPremisesSyncEnabled", synced.len());
    for (id, (name, reasons)) in synced {
        outcome = outcome.affected(id, name, reasons.join("; "));
    }
    Ok(outcome)
}

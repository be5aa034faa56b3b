//! COM-MFA-01: admins without MFA registered.

use crate::checks::{agree, all, plural};
use crate::checks::{check_meta, need, Context, Missing, Outcome};
use std::collections::{BTreeMap, HashMap};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

const USERS: &str = "users";

check_meta! {
    id: "COM-MFA-01",
    title: "Every admin has MFA registered",
    providers: &[Provider::M365, Provider::Salesforce],
    area: Area::Mfa,
    severity: Severity::Critical,
    needs: &[
        USERS,
        "m365:role_assignments",
        "m365:role_group_members",
        "m365:user_registration_details",
        "salesforce:permission_sets",
        "salesforce:permission_set_assignments",
        "salesforce:mfa_methods",
    ],
    references: &["MS.AAD.3.6v1", "SBS-AUTH", "NIST 800-53 IA-2(1)"],
    rationale: "An admin without a registered second factor is one password away from handing over the tenant.",
    logic: "For every principal holding an admin assignment in the common model, `mfa_registered` must be true. An admin whose registration is not reported counts as unregistered (fail closed). Assignments to principals that are not accounts (Entra service principals) are out of scope; an assignment to a group is an error until group members are expanded.",
    remediation: "Have each named admin register an MFA method now (Microsoft 365: a Temporary Access Pass helps; Salesforce: Setup → Users → register a verification method), and require MFA for admins.",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let principals = need(ctx.snapshot.common.principals.as_ref(), USERS, "principals")?;
    let source = super::admin_source(ctx.snapshot);
    let assignments = need(
        ctx.snapshot.common.admin_assignments.as_ref(),
        source,
        "admin assignments",
    )?;
    let by_id: HashMap<&str, _> = principals.iter().map(|p| (p.id.as_str(), p)).collect();
    let mut admins = BTreeMap::new();
    for a in assignments {
        if a.via.ends_with("to a group") {
            return Err(Missing {
                collection: source,
                what: format!("members of group {} holding {}", a.principal_id, a.role),
            });
        }
        // Not an account (an Entra service principal): MFA does not apply.
        let Some(p) = by_id.get(a.principal_id.as_str()) else {
            continue;
        };
        admins.entry(p.id.as_str()).or_insert((*p, a.role.as_str()));
    }
    let gaps: Vec<_> = admins
        .values()
        .filter(|(p, _)| p.mfa_registered != Some(true))
        .collect();
    let mut outcome = Outcome::verdict(
        !gaps.is_empty(),
        format!(
            "{} {} MFA registered",
            all(admins.len(), "admin", "admins"),
            agree(admins.len(), "has", "have")
        ),
        format!(
            "{} of {} {} no MFA registered",
            gaps.len(),
            plural(admins.len(), "admin", "admins"),
            agree(gaps.len(), "has", "have")
        ),
    )
    .evidence(USERS, "common.principals[*].mfa_registered", gaps.len());
    for (p, role) in gaps {
        let why = match p.mfa_registered {
            Some(false) => "no MFA method registered",
            _ => "MFA registration not reported",
        };
        outcome = outcome.affected(
            p.id.clone(),
            p.login.clone(),
            format!("{why}; holds {role}"),
        );
    }
    Ok(outcome)
}

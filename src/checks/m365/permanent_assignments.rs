//! M365-ID-03: no permanent active privileged assignments (PIM).

use super::roles::privileged_name;
use crate::checks::plural;
use crate::checks::{check_meta, need, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

const COLLECTION: &str = "role_assignment_schedules";

check_meta! {
    id: "M365-ID-03",
    title: "No permanent active assignments to privileged roles",
    providers: &[Provider::M365],
    area: Area::Identity,
    severity: Severity::High,
    needs: &[COLLECTION],
    references: &["MS.AAD.7.4v1", "MS.AAD.7.5v1"],
    rationale: "A standing admin role is always available to whoever phishes its holder; just-in-time activation limits the window.",
    logic: "Reads PIM's active assignment schedule instances (needs Entra ID P2; not applicable without it). Every instance of a privileged role whose `assignmentType` is not `Activated` must have an `endDateTime`; an unknown assignment type counts as a standing assignment (fail closed). The approved break-glass accounts from config are exempt, as SCuBA MS.AAD.7.4v1 allows for emergency access accounts. Assignments made outside PIM (MS.AAD.7.5v1) also appear here as permanent, so both policies are covered.",
    remediation: "In PIM, convert each named permanent active assignment to eligible (or give it an end date); keep permanent active Global Administrator only for the break-glass accounts.",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let instances = need(
        super::section(ctx.snapshot)?
            .role_assignment_schedule_instances
            .as_ref(),
        COLLECTION,
        "assignment schedule instances",
    )?;
    let mut standing = Vec::new();
    for i in instances {
        let Some(role) = privileged_name(&i.role_definition_id) else {
            continue;
        };
        let activated = i.assignment_type.as_deref() == Some("Activated");
        if activated || i.end_date_time.is_some() || ctx.exclusions.users.contains(&i.principal_id)
        {
            continue;
        }
        let name = i
            .principal
            .as_ref()
            .and_then(|p| {
                p.user_principal_name
                    .clone()
                    .or_else(|| p.display_name.clone())
            })
            .unwrap_or_else(|| i.principal_id.clone());
        standing.push((i, name, role));
    }
    let mut outcome = Outcome::verdict(
        !standing.is_empty(),
        "no permanent active privileged assignment outside the break-glass accounts",
        format!(
            "{} outside the break-glass accounts",
            plural(
                standing.len(),
                "permanent active privileged assignment",
                "permanent active privileged assignments"
            )
        ),
    )
    .evidence(COLLECTION, "$[?(@.endDateTime==null)]", standing.len());
    for (i, name, role) in standing {
        outcome = outcome.affected(
            i.principal_id.clone(),
            name,
            format!("permanently active {role} (no end date)"),
        );
    }
    Ok(outcome)
}

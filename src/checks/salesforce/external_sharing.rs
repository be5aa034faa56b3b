//! SF-SHR-02: external org-wide defaults.

use super::internal_sharing::{why_open, SHARING};
use super::section;
use crate::checks::plural;
use crate::checks::{check_meta, need, Context, Missing, Outcome, ParamDefault, ParamSpec};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

check_meta! {
    id: "SF-SHR-02",
    title: "No object is readable by every external user by default",
    providers: &[Provider::Salesforce],
    area: Area::Sharing,
    severity: Severity::High,
    needs: &[SHARING],
    references: &["SBS"],
    rationale: "A Public Read or Read/Write external default exposes every record of the object to every portal, partner and community user.",
    logic: "For every customizable object (Tooling `EntityDefinition WHERE IsCustomizable = true`), `ExternalSharingModel` must not be `Read`, `ReadWrite`, `ReadWriteTransfer` or `FullAccess`, unless the object is on `allow`. An object whose external model is not reported is skipped (objects without external sharing); a model this version does not know fails.",
    remediation: "Setup → Sharing Settings: set the named objects' Default External Access to Private and grant external users access with sharing sets or sharing rules.",
    params: &[ParamSpec { name: "allow", doc: "objects allowed a public external default", default: ParamDefault::List(&[]) }],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let models = need(
        section(ctx.snapshot)?.sharing_models.as_ref(),
        SHARING,
        "sharing models",
    )?;
    let allow = ctx.params.list("allow");
    let mut open = Vec::new();
    for entity in models {
        let Some(model) = entity.external_sharing_model.as_deref() else {
            continue;
        };
        if allow.iter().any(|a| a == &entity.qualified_api_name) {
            continue;
        }
        if let Some(reason) = why_open(model, true, "external") {
            open.push((entity, reason));
        }
    }
    let mut outcome = Outcome::verdict(
        !open.is_empty(),
        format!(
            "no external default of {} is public",
            plural(models.len(), "object", "objects")
        ),
        format!(
            "{} a public external default",
            plural(open.len(), "object has", "objects have")
        ),
    )
    .evidence(SHARING, "$[*].ExternalSharingModel", open.len());
    for (entity, reason) in open {
        outcome = outcome.affected(
            entity.qualified_api_name.clone(),
            entity.qualified_api_name.clone(),
            reason,
        );
    }
    Ok(outcome)
}

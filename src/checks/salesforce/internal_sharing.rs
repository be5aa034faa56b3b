//! SF-SHR-01: internal org-wide defaults of sensitive objects.

use super::section;
use crate::checks::{agree, plural};
use crate::checks::{check_meta, need, Context, Missing, Outcome, ParamDefault, ParamSpec};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

pub const SHARING: &str = "sharing_models";

check_meta! {
    id: "SF-SHR-01",
    title: "No sensitive object is Public Read/Write inside the org",
    providers: &[Provider::Salesforce],
    area: Area::Sharing,
    severity: Severity::High,
    needs: &[SHARING],
    references: &["HC SharingSettings"],
    rationale: "Public Read/Write lets every internal user change or (with Transfer) reassign every record, whatever the role hierarchy says.",
    logic: "For each object in `objects`, the Tooling `EntityDefinition.InternalSharingModel` must be neither `ReadWrite`, `ReadWriteTransfer` nor `FullAccess`. `Private`, `Read`, `None` and the `ControlledBy…` models pass. A model this version does not know fails, naming it; a listed object missing from the answer is an error.",
    remediation: "Setup → Sharing Settings: set the named objects' default internal access to Private (or Public Read Only) and open access with sharing rules.",
    params: &[ParamSpec { name: "objects", doc: "objects whose internal default is checked", default: ParamDefault::List(&["Account", "Contact", "Opportunity", "Case", "Lead"]) }],
}

/// Why a sharing model counts as too open for `which` audience (`internal` or
/// `external`): everyone may edit (or, when `read_is_open`, read); `None` when
/// it is not.
pub fn why_open(model: &str, read_is_open: bool, which: &str) -> Option<String> {
    let open = match model {
        "ReadWrite" | "ReadWriteTransfer" | "FullAccess" => true,
        "Read" | "ReadSelect" => read_is_open,
        "Private"
        | "None"
        | "ControlledByParent"
        | "ControlledByCampaign"
        | "ControlledByLeadOrContact" => false,
        // Unknown is named rather than guessed to be safe (fail closed).
        _ => {
            return Some(format!(
                "{which} default {model:?} is not a model this version knows"
            ))
        }
    };
    open.then(|| format!("{which} default is {model}"))
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let models = need(
        section(ctx.snapshot)?.sharing_models.as_ref(),
        SHARING,
        "sharing models",
    )?;
    let objects = ctx.params.list("objects");
    let mut open = Vec::new();
    for object in objects {
        let entity = need(
            models.iter().find(|m| &m.qualified_api_name == object),
            SHARING,
            &format!("EntityDefinition of {object}"),
        )?;
        let model = need(
            entity.internal_sharing_model.as_deref(),
            SHARING,
            &format!("InternalSharingModel of {object}"),
        )?;
        if let Some(reason) = why_open(model, false, "internal") {
            open.push((object, reason));
        }
    }
    let mut outcome = Outcome::verdict(
        !open.is_empty(),
        format!(
            "none of {} is Public Read/Write",
            plural(objects.len(), "sensitive object", "sensitive objects")
        ),
        format!(
            "{} of {} {} Public Read/Write",
            open.len(),
            plural(objects.len(), "sensitive object", "sensitive objects"),
            agree(open.len(), "is", "are")
        ),
    )
    .evidence(SHARING, "$[*].InternalSharingModel", open.len());
    for (object, reason) in open {
        outcome = outcome.affected(object.clone(), object.clone(), reason);
    }
    Ok(outcome)
}

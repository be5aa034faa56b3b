//! SF-DATA-01: custom fields on sensitive objects are classified.

use super::section;
use crate::checks::{agree, all, plural};
use crate::checks::{check_meta, need, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

const FIELDS: &str = "field_classifications";

check_meta! {
    id: "SF-DATA-01",
    title: "Custom fields on sensitive objects carry a data classification",
    providers: &[Provider::Salesforce],
    area: Area::Data,
    severity: Severity::Low,
    needs: &[FIELDS],
    references: &["seed: data classification"],
    rationale: "Knowing which fields hold confidential or restricted data is what encryption, masking and retention decisions start from.",
    logic: "Reads `FieldDefinition` of Account, Contact, Opportunity, Case and Lead (one composite request). Every custom field (API name ending `__c`) must have a `SecurityClassification`. Standard fields are not required to. The set of objects is fixed by the collection.",
    remediation: "Setup → Object Manager → the object → Fields: set Data Sensitivity Level on each named field (or use Data Classification bulk upload).",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let fields = need(
        section(ctx.snapshot)?.field_classifications.as_ref(),
        FIELDS,
        "field definitions",
    )?;
    let custom: Vec<_> = fields
        .iter()
        .filter(|f| f.qualified_api_name.ends_with("__c"))
        .collect();
    let unclassified: Vec<_> = custom
        .iter()
        .filter(|f| f.security_classification.is_none())
        .collect();
    let mut outcome = Outcome::verdict(
        !unclassified.is_empty(),
        format!(
            "{} on sensitive objects {} classified",
            all(custom.len(), "custom field", "custom fields"),
            agree(custom.len(), "is", "are")
        ),
        format!(
            "{} of {} on sensitive objects {} no classification",
            unclassified.len(),
            plural(custom.len(), "custom field", "custom fields"),
            agree(unclassified.len(), "has", "have")
        ),
    )
    .evidence(FIELDS, "$[*].SecurityClassification", unclassified.len());
    for field in unclassified {
        let object = field
            .entity_definition
            .as_ref()
            .and_then(|e| e.qualified_api_name.clone())
            .unwrap_or_default();
        let name = format!("{object}.{}", field.qualified_api_name);
        outcome = outcome.affected(name.clone(), name, "no SecurityClassification");
    }
    Ok(outcome)
}

//! M365-SHR-07: guests cannot own groups.

use crate::checks::{check_meta, need, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

const COLLECTION: &str = "group_settings";
/// The `Group.Unified` directory setting template.
const GROUP_UNIFIED: &str = "62375ab9-6b52-47ed-826b-58e47e0e304b";
const SETTING: &str = "AllowGuestsToBeGroupOwner";

check_meta! {
    id: "M365-SHR-07",
    title: "Guests cannot own Microsoft 365 groups",
    providers: &[Provider::M365],
    area: Area::Sharing,
    severity: Severity::Medium,
    needs: &[COLLECTION],
    references: &["EIDSCA.ST08"],
    rationale: "A group owner decides who joins and what is shared; an outsider should not hold that.",
    logic: "Reads the tenant's `Group.Unified` directory setting (template 62375ab9-6b52-47ed-826b-58e47e0e304b) from `groupSettings`. Passes when its `AllowGuestsToBeGroupOwner` is `false`, or when no such setting exists (the documented default is false). A setting present without that value, or with any other value, fails closed.",
    remediation: "Update the Group.Unified directory setting: `AllowGuestsToBeGroupOwner` = false (Graph `PATCH /groupSettings/{id}` or `Update-MgGroupSetting`).",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let settings = need(
        super::section(ctx.snapshot)?.group_settings.as_ref(),
        COLLECTION,
        "settings",
    )?;
    let Some(unified) = settings.iter().find(|s| {
        s.template_id.as_deref() == Some(GROUP_UNIFIED)
            || s.display_name.as_deref() == Some("Group.Unified")
    }) else {
        return Ok(Outcome::pass(
            "no Group.Unified setting: the default (guests cannot own groups) applies",
        )
        .evidence(
            COLLECTION,
            "$[?(@.templateId=='62375ab9-6b52-47ed-826b-58e47e0e304b')]",
            "absent",
        ));
    };
    let value = unified
        .values
        .iter()
        .find(|v| v.name == SETTING)
        .and_then(|v| v.value.clone())
        .unwrap_or_else(|| "not set".into());
    Ok(Outcome::verdict(
        !value.eq_ignore_ascii_case("false"),
        "guests cannot own groups",
        format!("guests can own groups (AllowGuestsToBeGroupOwner {value})"),
    )
    .evidence(
        COLLECTION,
        "Group.Unified.values[?(@.name=='AllowGuestsToBeGroupOwner')].value",
        value,
    ))
}

//! M365-ID-04: Global Administrator activation needs approval.

use super::roles::GLOBAL_ADMINISTRATOR;
use crate::checks::{check_meta, need, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

const COLLECTION: &str = "role_management_policies";
const RULE: &str = "Approval_EndUser_Assignment";

check_meta! {
    id: "M365-ID-04",
    title: "Activating Global Administrator requires approval",
    providers: &[Provider::M365],
    area: Area::Identity,
    severity: Severity::Medium,
    needs: &[COLLECTION],
    references: &["MS.AAD.7.6v1", "CIS 5.3.4"],
    rationale: "Approval puts a second person between a stolen eligible account and the most powerful role in the tenant.",
    logic: "Reads the PIM policy assigned to Global Administrator at the tenant scope (`roleManagementPolicyAssignments`, scopeType `DirectoryRole`, needs Entra ID P2; not applicable without it). Passes when its rule `Approval_EndUser_Assignment` has `setting.isApprovalRequired` true. A missing policy, rule or setting is an error (fail closed).",
    remediation: "Entra admin center → Identity governance → Privileged Identity Management → Microsoft Entra roles → Settings → Global Administrator: turn on \"Require approval to activate\" and name approvers.",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let assignments = need(
        super::section(ctx.snapshot)?
            .role_management_policy_assignments
            .as_ref(),
        COLLECTION,
        "policy assignments",
    )?;
    let assignment = need(
        assignments.iter().find(|a| {
            a.role_definition_id.as_deref() == Some(GLOBAL_ADMINISTRATOR)
                && a.scope_id.as_deref() == Some("/")
        }),
        COLLECTION,
        "Global Administrator policy assignment",
    )?;
    let policy = need(assignment.policy.as_ref(), COLLECTION, "expanded policy")?;
    let rule = need(
        policy.rules.iter().find(|r| r.id == RULE),
        COLLECTION,
        "rule Approval_EndUser_Assignment",
    )?;
    let required = need(
        rule.settings
            .get("setting")
            .and_then(|s| s.get("isApprovalRequired")),
        COLLECTION,
        "Approval_EndUser_Assignment.setting.isApprovalRequired",
    )?
    .as_bool()
    .ok_or_else(|| Missing {
        collection: COLLECTION,
        what: "Approval_EndUser_Assignment.setting.isApprovalRequired (a boolean)".into(),
    })?;
    Ok(Outcome::verdict(
        !required,
        "activating Global Administrator requires approval",
        "Global Administrator can be activated without approval",
    )
    .evidence(
        COLLECTION,
        "policy.rules[?(@.id=='Approval_EndUser_Assignment')].setting.isApprovalRequired",
        required,
    ))
}

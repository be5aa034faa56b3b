//! M365-MFA-13: users can report an MFA prompt they did not start.

use super::methods_policy::{self, BETA};
use crate::checks::{check_meta, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

check_meta! {
    id: "M365-MFA-13",
    title: "Every user can report an MFA prompt they did not start",
    providers: &[Provider::M365],
    area: Area::Mfa,
    severity: Severity::Medium,
    needs: &[BETA],
    references: &["EIDSCA.AG02", "EIDSCA.AG03"],
    rationale: "A reported prompt marks the user high-risk, so risk-based conditional access can stop the attacker who has the password.",
    logic: "Reads `reportSuspiciousActivitySettings` of the authentication methods policy from Graph **beta**, the only version that documents it (the collection `authentication_methods_policy_beta`). Passes when its `state` is `enabled` and `includeTarget.id` is `all_users`. When Graph does not return the setting, Microsoft's default applies: `default`, which Graph documents as disabled, so the check fails. SCuBA and CIS do not judge it; the verdict follows EIDSCA.",
    remediation: "Entra admin center → Protection → Authentication methods → Settings: Report suspicious activity, State Enabled, Target All users.",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let policy = methods_policy::beta_policy(ctx)?;
    // Not returned: the Microsoft-managed default, documented as disabled.
    let managed = serde_json::json!({"state": "default", "includeTarget": {"id": "all_users"}});
    let setting = policy
        .report_suspicious_activity_settings
        .as_ref()
        .unwrap_or(&managed);
    let (state, why) = methods_policy::feature_gaps(setting, &["enabled"]);
    Ok(methods_policy::setting_verdict(
        "reportSuspiciousActivitySettings",
        "Report suspicious activity",
        state,
        why,
        "every user can report suspicious MFA prompts",
        "users cannot all report suspicious MFA prompts",
    ))
}

//! M365-MFA-06: authentication methods policy migration complete.

use super::methods_policy::{self, COLLECTION};
use crate::checks::{check_meta, need, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

check_meta! {
    id: "M365-MFA-06",
    title: "Authentication methods are managed only in the methods policy",
    providers: &[Provider::M365],
    area: Area::Mfa,
    severity: Severity::Low,
    needs: &[COLLECTION],
    references: &["MS.AAD.3.4v1", "EIDSCA.AG01"],
    rationale: "While the legacy MFA and SSPR policies still apply, a method turned off in the methods policy can stay usable through them.",
    logic: "Passes when `policyMigrationState` is `migrationComplete`; `preMigration`, `migrationInProgress` and any other value fail.",
    remediation: "Entra admin center → Protection → Authentication methods → Policies → Manage migration: after moving every setting across, choose Migration Complete.",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let policy = methods_policy::policy(ctx)?;
    let state = need(
        policy.policy_migration_state.as_deref(),
        COLLECTION,
        "policyMigrationState",
    )?;
    Ok(Outcome::verdict(
        state != "migrationComplete",
        "the methods policy migration is complete",
        format!("the methods policy migration is not complete ({state})"),
    )
    .evidence(COLLECTION, "policyMigrationState", state))
}

//! M365-MFA-06: authentication methods policy migration complete.

use super::methods_policy::{self, COLLECTION};
use crate::checks::{check_meta, Context, Missing, Outcome};
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
    logic: "Passes when `policyMigrationState` is `migrationComplete`; `preMigration`, `migrationInProgress` and any other value fail. A null or absent state also passes, with its own message: Microsoft retired the legacy MFA and SSPR method settings on 30 September 2025 (Microsoft Learn, \"How to migrate MFA and SSPR policy settings to the Authentication methods policy\"), and a tenant created since then has only the methods policy, so there is nothing left to migrate; Maester's EIDSCA AG01 accepts an empty state the same way. Only a methods policy that could not be read is `error`.",
    remediation: "Entra admin center → Protection → Authentication methods → Policies → Manage migration: after moving every setting across, choose Migration Complete.",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let policy = methods_policy::policy(ctx)?;
    let Some(state) = policy.policy_migration_state.as_deref() else {
        return Ok(Outcome::pass(
            "no migration state: the tenant has only the converged methods policy (the legacy MFA and SSPR method settings were retired on 30 September 2025)",
        )
        .evidence(COLLECTION, "policyMigrationState", serde_json::Value::Null));
    };
    Ok(Outcome::verdict(
        state != "migrationComplete",
        "the methods policy migration is complete",
        format!("the methods policy migration is not complete ({state})"),
    )
    .evidence(COLLECTION, "policyMigrationState", state))
}

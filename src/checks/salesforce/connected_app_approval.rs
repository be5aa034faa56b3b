//! SF-APP-01: connected apps are admin-approved.

use super::section;
use crate::checks::{agree, all, plural};
use crate::checks::{check_meta, need, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

const COLLECTION: &str = "connected_apps";

check_meta! {
    id: "SF-APP-01",
    title: "Connected apps are admin-approved",
    providers: &[Provider::Salesforce],
    area: Area::Apps,
    severity: Severity::High,
    needs: &[COLLECTION],
    references: &["SBS-OAUTH-001"],
    rationale: "With \"All users may self-authorize\", anyone can connect the app and hand it a token to the org's data.",
    logic: "Every ConnectedApplication must have `OptionsAllowAdminApprovedUsersOnly` true (\"Admin approved users are pre-authorized\"). An app whose option is not reported is an error, not a pass.",
    remediation: "Setup → Connected Apps OAuth Usage → Manage → Edit Policies: set Permitted Users to \"Admin approved users are pre-authorized\" and grant access through profiles or permission sets.",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let apps = need(
        section(ctx.snapshot)?.connected_apps.as_ref(),
        COLLECTION,
        "apps",
    )?;
    let mut open = Vec::new();
    for app in apps {
        let approved = need(
            app.options_allow_admin_approved_users_only.as_ref(),
            COLLECTION,
            &format!("OptionsAllowAdminApprovedUsersOnly of {}", app.name),
        )?;
        if !approved {
            open.push(app);
        }
    }
    let mut outcome = Outcome::verdict(
        !open.is_empty(),
        format!(
            "{} admin-approved",
            all(apps.len(), "connected app is", "connected apps are")
        ),
        format!(
            "{} of {} {} users self-authorize",
            open.len(),
            plural(apps.len(), "connected app", "connected apps"),
            agree(open.len(), "lets", "let")
        ),
    )
    .evidence(
        COLLECTION,
        "$[*].OptionsAllowAdminApprovedUsersOnly",
        open.len(),
    );
    for app in open {
        outcome = outcome.affected(
            app.id.clone(),
            app.name.clone(),
            "all users may self-authorize",
        );
    }
    Ok(outcome)
}

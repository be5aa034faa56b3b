//! M365-APP-08: app registrations have a live owner.

use crate::checks::{agree, all, plural};
use crate::checks::{check_meta, need, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

const COLLECTION: &str = "applications";

check_meta! {
    id: "M365-APP-08",
    title: "Every app registration has an enabled owner",
    providers: &[Provider::M365],
    area: Area::Apps,
    severity: Severity::Medium,
    needs: &[COLLECTION],
    references: &["offboarding"],
    rationale: "An app whose owners have left has nobody to rotate its credentials, review its permissions or notice its misuse.",
    logic: "Every app registration must have at least one owner (from `$expand=owners`) whose `accountEnabled` is true. An owner whose state Graph does not report does not count (fail closed). Disabled owners are named.",
    remediation: "Add a current owner to each named app registration (Entra admin center → App registrations → the app → Owners), and remove departed owners.",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let apps = need(
        super::section(ctx.snapshot)?.applications.as_ref(),
        COLLECTION,
        "applications",
    )?;
    let mut orphans = Vec::new();
    for app in apps {
        if app.owners.iter().any(|o| o.account_enabled == Some(true)) {
            continue;
        }
        let reason = if app.owners.is_empty() {
            "no owner".to_string()
        } else {
            let names: Vec<String> = app
                .owners
                .iter()
                .map(|o| {
                    o.user_principal_name
                        .clone()
                        .or_else(|| o.display_name.clone())
                        .unwrap_or_else(|| o.id.clone())
                })
                .collect();
            format!(
                "no enabled owner ({} disabled or unknown)",
                names.join(", ")
            )
        };
        orphans.push((app, reason));
    }
    let mut outcome = Outcome::verdict(
        !orphans.is_empty(),
        format!(
            "{} {} an enabled owner",
            all(apps.len(), "app registration", "app registrations"),
            agree(apps.len(), "has", "have")
        ),
        format!(
            "{} of {} {} no enabled owner",
            orphans.len(),
            plural(apps.len(), "app registration", "app registrations"),
            agree(orphans.len(), "has", "have")
        ),
    )
    .evidence(COLLECTION, "$[*].owners", orphans.len());
    for (app, reason) in orphans {
        outcome = outcome.affected(
            app.id.clone(),
            app.display_name.clone().unwrap_or_default(),
            reason,
        );
    }
    Ok(outcome)
}

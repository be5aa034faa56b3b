//! M365-APP-06: app credential hygiene.

use crate::checks::{agree, plural};
use crate::checks::{check_meta, need, Context, Missing, Outcome, ParamDefault, ParamSpec};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

const COLLECTION: &str = "applications";

check_meta! {
    id: "M365-APP-06",
    title: "App secrets and certificates are short-lived and cleaned up",
    providers: &[Provider::M365],
    area: Area::Apps,
    severity: Severity::Medium,
    needs: &[COLLECTION],
    references: &["MS.AAD.5.6v1", "MS.AAD.5.7v1"],
    rationale: "A long-lived secret is a long-lived backdoor when it leaks; an expired one still listed shows nobody rotates or reviews them.",
    logic: "For every app registration, no password or key credential may be valid for longer than `max_days` (end minus start; 365 is the twelve-month rotation) or be expired but still present. A credential without start or end date counts as too long (fail closed). Measured from the snapshot's collection time.",
    remediation: "Rotate each named credential to one valid for at most 12 months (prefer certificates or managed identities/federated credentials), and delete expired ones from the app registration.",
    params: &[ParamSpec { name: "max_days", doc: "longest credential lifetime allowed, in days", default: ParamDefault::Int(365) }],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let apps = need(
        super::section(ctx.snapshot)?.applications.as_ref(),
        COLLECTION,
        "applications",
    )?;
    let max_days = ctx.params.int("max_days");
    let mut bad = Vec::new();
    for app in apps {
        let creds = app
            .password_credentials
            .iter()
            .map(|c| ("secret", c))
            .chain(app.key_credentials.iter().map(|c| ("certificate", c)));
        for (kind, c) in creds {
            let label = c
                .display_name
                .clone()
                .or_else(|| c.key_id.clone())
                .unwrap_or_default();
            let reason = match (c.start_date_time, c.end_date_time) {
                (_, Some(end)) if end < ctx.now => {
                    format!(
                        "{kind} \"{label}\" expired {} but is still present",
                        end.format("%Y-%m-%d")
                    )
                }
                (Some(start), Some(end)) if (end - start).num_days() > max_days => {
                    format!(
                        "{kind} \"{label}\" is valid for {} days",
                        (end - start).num_days()
                    )
                }
                (Some(_), Some(_)) => continue,
                _ => format!("{kind} \"{label}\" has no start or end date"),
            };
            bad.push((app, reason));
        }
    }
    let mut outcome = Outcome::verdict(
        !bad.is_empty(),
        format!("every app credential is valid for at most {max_days} days and none is expired"),
        format!(
            "{} {} too long-lived or expired",
            plural(bad.len(), "app credential", "app credentials"),
            agree(bad.len(), "is", "are")
        ),
    )
    .evidence(
        COLLECTION,
        "$[*].passwordCredentials,keyCredentials",
        bad.len(),
    );
    for (app, reason) in bad {
        outcome = outcome.affected(
            app.id.clone(),
            app.display_name.clone().unwrap_or_default(),
            reason,
        );
    }
    Ok(outcome)
}

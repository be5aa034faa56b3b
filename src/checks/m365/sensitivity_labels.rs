//! M365-DATA-03: Sensitivity labels are published to users.

use crate::checks::plural;
use crate::checks::{check_meta, need, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

const LABELS: &str = "sensitivity_labels";

check_meta! {
    id: "M365-DATA-03",
    title: "Sensitivity labels are published to users",
    providers: &[Provider::M365],
    area: Area::Data,
    severity: Severity::Low,
    needs: &[LABELS],
    references: &["seed: data classification"],
    rationale: "Without published labels, users cannot classify documents and protection cannot follow the data.",
    logic: "Reads the tenant's labels through Microsoft Graph (`security/dataSecurityAndGovernance/sensitivityLabels`, application permission SensitivityLabel.Read), which lists every label, published or not. Fails when no label is enabled (`isEnabled` not false): nothing can have been published. Otherwise the finding is `manual`: which labels a label policy publishes to which users is only readable in Security & Compliance PowerShell (`Get-LabelPolicy`), for which Microsoft documents no read-only application API.",
    remediation: "Microsoft Purview portal → Information protection → Labels: create labels and publish them with a label policy to all users.",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let labels = need(
        super::section(ctx.snapshot)?.sensitivity_labels.as_deref(),
        LABELS,
        "sensitivity labels",
    )?;
    let enabled: Vec<_> = labels
        .iter()
        .filter(|l| l.is_enabled != Some(false))
        .collect();
    if enabled.is_empty() {
        return Ok(Outcome::fail(format!(
            "the tenant has no enabled sensitivity label ({} read): none can be published to users",
            labels.len()
        ))
        .evidence(LABELS, "count(isEnabled != false)", 0));
    }
    let names: Vec<String> = enabled
        .iter()
        .map(|l| {
            l.display_name
                .clone()
                .or_else(|| l.name.clone())
                .unwrap_or_else(|| l.id.clone())
        })
        .collect();
    Ok(Outcome::manual(format!(
        "{} ({}); whether a label policy publishes them to users is not readable by any documented application API: check Purview portal → Information protection → Label policies (Get-LabelPolicy) for a policy that applies them to all users",
        plural(enabled.len(), "enabled label exists", "enabled labels exist"),
        names.join(", ")
    ))
    .evidence(LABELS, "count(isEnabled != false)", enabled.len()))
}

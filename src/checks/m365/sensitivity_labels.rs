//! M365-DATA-03: Sensitivity labels are published to users.

use super::not_collected;
use crate::checks::{check_meta, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

check_meta! {
    id: "M365-DATA-03",
    title: "Sensitivity labels are published to users",
    providers: &[Provider::M365],
    area: Area::Data,
    severity: Severity::Low,
    needs: &[],
    references: &["seed: data classification"],
    rationale: "Without published labels, users cannot classify documents and protection cannot follow the data.",
    logic: "Published label policies are read through Purview (collection `sensitivity_labels`), which this configuration does not reach yet: the finding is `manual` and says what to look at. It should pass when at least one label is published to users.",
    remediation: "Microsoft Purview portal → Information protection → Labels: create labels and publish them with a label policy to all users.",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    not_collected::manual(
        ctx,
        "sensitivity_labels",
        "Purview portal → Information protection → Label policies: at least one published policy with labels applies to users (Get-LabelPolicy)",
    )
}

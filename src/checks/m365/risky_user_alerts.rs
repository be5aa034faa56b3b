//! M365-LOG-03: Risky-user alerts have recipients.

use super::licence::{self, SKUS};
use super::not_collected;
use crate::checks::{check_meta, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

check_meta! {
    id: "M365-LOG-03",
    title: "Risky-user alerts have recipients",
    providers: &[Provider::M365],
    area: Area::Logging,
    severity: Severity::Medium,
    needs: &[SKUS],
    references: &["MS.AAD.2.2v1"],
    rationale: "A high-risk user alert nobody receives is a compromise nobody hears about.",
    logic: "Not applicable without Entra ID P2. Microsoft Graph documents no API for the Identity Protection notification recipients (collection `identity_protection_notifications`), so with P2 the finding is `manual` and says what to look at. It should pass when the users-at-risk alert has at least one recipient.",
    remediation: "Entra admin center → Protection → Identity Protection → Users at risk detected alerts: add the security team as recipients and set the alert level to High (or lower).",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    if let Some(not_licensed) = licence::require_p2(ctx)? {
        return Ok(not_licensed);
    }
    not_collected::manual(
        ctx,
        "identity_protection_notifications",
        "Entra admin center → Protection → Identity Protection → Notifications → Users at risk detected alerts: at least one recipient is selected",
    )
}

//! M365-DATA-02: Calendars and contacts are not shared with all domains.

use super::not_collected;
use crate::checks::{check_meta, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

check_meta! {
    id: "M365-DATA-02",
    title: "Calendars and contacts are not shared with all domains",
    providers: &[Provider::M365],
    area: Area::Data,
    severity: Severity::Medium,
    needs: &[],
    references: &["MS.EXO.6.1v1", "MS.EXO.6.2v1"],
    rationale: "Free/busy and calendar details shared with every domain tell outsiders who meets whom and when.",
    logic: "The setting is only in the Exchange Online admin API (collection `exchange_online_admin`), which this configuration does not reach yet: the finding is `manual` and says what to look at. It should pass when no sharing policy has a `*` domain with calendar or contacts sharing.",
    remediation: "Exchange admin center → Organization → Sharing → Individual sharing: remove calendar and contacts sharing with all domains (`*`) from every sharing policy.",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    not_collected::manual(
        ctx,
        "exchange_online_admin",
        "Get-SharingPolicy | fl Domains: no entry starts with \"*:\" for Calendar or Contacts",
    )
}

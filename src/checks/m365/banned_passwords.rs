//! M365-ID-14: banned-password protection is on, and enforced on premises
//! when the directory is synchronised from there.

use super::directory_settings::{self, PASSWORD_RULES};
use crate::checks::{check_meta, need, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

const ORGANIZATION: &str = "organization";

check_meta! {
    id: "M365-ID-14",
    title: "Banned-password protection is on, and enforced on premises in a hybrid directory",
    providers: &[Provider::M365],
    area: Area::Identity,
    severity: Severity::Medium,
    needs: &[ORGANIZATION, directory_settings::COLLECTION],
    references: &["EIDSCA.PR01", "EIDSCA.PR02", "EIDSCA.PR03"],
    rationale: "Passwords built from the company's name or products are the first ones a spray attack tries; on premises they must be refused too, or synced accounts keep them.",
    logic: "Reads the Password Rule Settings directory setting (template 5cf42378-d67d-4f36-ba46-e8b86229381d). Passes when `EnableBannedPasswordCheck` is true and, when the organization has `onPremisesSyncEnabled` true, `EnableBannedPasswordCheckOnPremises` is true and `BannedPasswordCheckOnPremisesMode` is `Enforce`. Unset values take the template's defaults: `EnableBannedPasswordCheck` true, `EnableBannedPasswordCheckOnPremises` true, `BannedPasswordCheckOnPremisesMode` `Audit` (so a hybrid tenant that never chose Enforce fails). A cloud-only tenant is judged on the cloud setting alone. SCuBA and CIS have no rule on these; the verdict follows EIDSCA.",
    remediation: "Entra admin center → Protection → Authentication methods → Password protection: Enforce custom list Yes; Enable password protection on Windows Server Active Directory Yes; Mode Enforced.",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let org = need(
        super::section(ctx.snapshot)?.organization.as_ref(),
        ORGANIZATION,
        "organization",
    )?;
    let hybrid = org.on_premises_sync_enabled == Some(true);
    let mut settings = vec![(
        directory_settings::setting(ctx, PASSWORD_RULES, "EnableBannedPasswordCheck", "True")?,
        "True",
    )];
    if hybrid {
        settings.push((
            directory_settings::setting(
                ctx,
                PASSWORD_RULES,
                "EnableBannedPasswordCheckOnPremises",
                "True",
            )?,
            "True",
        ));
        settings.push((
            directory_settings::setting(
                ctx,
                PASSWORD_RULES,
                "BannedPasswordCheckOnPremisesMode",
                "Audit",
            )?,
            "Enforce",
        ));
    }
    let scope = if hybrid {
        "in the cloud and on premises"
    } else {
        "in the cloud (no on-premises sync)"
    };
    let gaps: Vec<_> = settings.iter().filter(|(s, want)| !s.is(want)).collect();
    let mut outcome = Outcome::verdict(
        !gaps.is_empty(),
        format!("banned passwords are refused {scope}"),
        format!("banned-password protection is not fully on {scope}"),
    )
    .evidence(
        ORGANIZATION,
        "onPremisesSyncEnabled",
        org.on_premises_sync_enabled,
    );
    for (setting, _) in &settings {
        outcome = outcome.evidence(
            directory_settings::COLLECTION,
            setting.path(PASSWORD_RULES),
            setting.shown(),
        );
    }
    for (setting, want) in gaps {
        outcome = outcome.affected(
            setting.name,
            setting.name,
            format!("{}, should be {want}", setting.shown()),
        );
    }
    Ok(outcome)
}

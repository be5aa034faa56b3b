//! M365-MFA-12: Temporary Access Pass is on and usable once.

use super::methods_policy::{self, COLLECTION};
use crate::checks::{check_meta, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

check_meta! {
    id: "M365-MFA-12",
    title: "Temporary Access Pass is on and valid for one sign-in",
    providers: &[Provider::M365],
    area: Area::Mfa,
    severity: Severity::Low,
    needs: &[COLLECTION],
    references: &["EIDSCA.AT01", "EIDSCA.AT02"],
    rationale: "A Temporary Access Pass lets a new or locked-out user register a passkey without a weaker fallback; one use keeps a leaked pass from being replayed.",
    logic: "Reads the `TemporaryAccessPass` configuration of the authentication methods policy. Passes when `state` is `enabled` and `isUsableOnce` is true. A missing `isUsableOnce` is an error. SCuBA and CIS do not judge it; the verdict follows EIDSCA.",
    remediation: "Entra admin center → Protection → Authentication methods → Temporary Access Pass: Enable; Edit → One-time use Yes.",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let config = methods_policy::method(ctx, "TemporaryAccessPass")?;
    let mut gaps = methods_policy::unless_enabled(config);
    if !methods_policy::flag(config, "/isUsableOnce")? {
        gaps.push((
            "isUsableOnce",
            "a pass can be used more than once".to_string(),
        ));
    }
    Ok(methods_policy::verdict(
        config,
        gaps,
        "Temporary Access Pass is on and one-time",
        "Temporary Access Pass is off or reusable",
    ))
}

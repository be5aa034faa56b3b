//! M365-CA-06: admin sessions are time-limited and not persistent.

use super::conditional_access::{self, Resources, Target, COLLECTION};
use super::licence::{self, SKUS};
use super::roles::privileged_ids;
use crate::checks::{check_meta, Context, Missing, Outcome, ParamDefault, ParamSpec};
use serde_json::Value;
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

check_meta! {
    id: "M365-CA-06",
    title: "Admin sessions are time-limited and not persistent",
    providers: &[Provider::M365],
    area: Area::Access,
    severity: Severity::Medium,
    needs: &[COLLECTION, SKUS],
    references: &["CIS 5.2.2.4"],
    rationale: "A long-lived or persistent admin session on a shared or stolen device is an admin session for whoever holds the device.",
    logic: "Passes when an enabled conditional-access policy includes every privileged role of the catalog (its \"Privileged roles\" list, or all users), targets all cloud apps, excludes only the approved exclusions, and sets `sessionControls.signInFrequency` enabled and time-based at most `hours` (a frequency in days counts as 24 hours a day) and `persistentBrowser` enabled with mode `never`. Missing roles and unapproved exclusions are named. The roles are this catalog's privileged list, not CIS's own list. Licence: only conditional access can do this, so without Entra ID P1 (service plan AAD_PREMIUM, or AAD_PREMIUM_P2 which includes it, in `subscribedSkus`) the check is not applicable, naming the licence. Security defaults do not satisfy it (Microsoft Learn, \"Security defaults in Microsoft Entra ID\": they set no sign-in frequency or persistent-browser session), so they do not change the verdict.",
    remediation: "Create a conditional-access policy for the privileged roles (exclude break-glass accounts), all cloud apps, session: sign-in frequency 4 hours, persistent browser session Never persistent; set it to On.",
    params: &[ParamSpec { name: "hours", doc: "longest admin sign-in frequency allowed, in hours", default: ParamDefault::Int(4) }],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let policies = match conditional_access::licensed_policies(ctx, licence::require_p1)? {
        Ok(policies) => policies,
        Err(not_licensed) => return Ok(not_licensed),
    };
    let hours = ctx.params.int("hours");
    let roles = privileged_ids();
    Ok(conditional_access::verdict_for(
        policies,
        ctx.exclusions,
        &Target::Roles(&roles),
        &Resources::AllApps,
        |p| {
            let Some(session) = &p.session_controls else {
                return false;
            };
            frequency_hours(session.sign_in_frequency.as_ref()).is_some_and(|h| h <= hours)
                && never_persistent(session.persistent_browser.as_ref())
        },
        &format!("admin sign-in frequency of at most {hours} hours, never persistent"),
    ))
}

/// The enabled, time-based sign-in frequency in hours; anything else is none.
fn frequency_hours(value: Option<&Value>) -> Option<i64> {
    let v = value?;
    if v.get("isEnabled")?.as_bool() != Some(true) {
        return None;
    }
    if v.get("frequencyInterval")
        .and_then(Value::as_str)
        .is_some_and(|f| f != "timeBased")
    {
        return None;
    }
    let n = v.get("value")?.as_i64()?;
    match v.get("type")?.as_str()? {
        "hours" => Some(n),
        "days" => Some(n * 24),
        _ => None,
    }
}

fn never_persistent(value: Option<&Value>) -> bool {
    value.is_some_and(|v| {
        v.get("isEnabled").and_then(Value::as_bool) == Some(true)
            && v.get("mode").and_then(Value::as_str) == Some("never")
    })
}

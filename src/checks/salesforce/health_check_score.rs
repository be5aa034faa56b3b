//! SF-ACC-06: Health Check score, with the high-risk settings named.

use super::section;
use crate::checks::plural;
use crate::checks::{check_meta, need, Context, Missing, Outcome, ParamDefault, ParamSpec};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

const SCORE: &str = "health_check";
const RISKS: &str = "health_check_risks";

check_meta! {
    id: "SF-ACC-06",
    title: "The Health Check score is at least the minimum, with no high-risk setting",
    providers: &[Provider::Salesforce],
    area: Area::Access,
    severity: Severity::High,
    needs: &[SCORE, RISKS],
    references: &["HC"],
    rationale: "Health Check is Salesforce's own measure of the org's security settings against its baseline; a low score or a high-risk setting is a finding Salesforce itself reports.",
    logic: "Reads the Tooling `SecurityHealthCheck` score (0–100, sent as a string) and `SecurityHealthCheckRisks`. Passes when the score is at least `min_score` and no setting has `RiskType` `HIGH_RISK`. Settings are matched on `DurableId` and `RiskType`, never on the localised `Setting` label, which is only shown. A `RiskType` this version does not know counts as high risk. Each high-risk setting is named with the org's value as the org reports it (`OrgValue`) and the standard.",
    remediation: "Setup → Health Check: fix the settings the finding names (Fix Risks), starting with high risk.",
    params: &[ParamSpec { name: "min_score", doc: "lowest acceptable Health Check score", default: ParamDefault::Int(80) }],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let sf = section(ctx.snapshot)?;
    let score_row = need(
        sf.health_check.as_ref(),
        SCORE,
        "the SecurityHealthCheck row",
    )?;
    let text = need(score_row.score.as_deref(), SCORE, "Score")?;
    let score: f64 = need(
        text.trim().parse::<f64>().ok().as_ref(),
        SCORE,
        &format!("a numeric Score (got {text:?})"),
    )
    .copied()?;
    let risks = need(sf.health_check_risks.as_ref(), RISKS, "risks")?;
    let high: Vec<_> = risks
        .iter()
        .filter(|r| {
            !matches!(
                r.risk_type.as_deref(),
                Some("MEDIUM_RISK") | Some("MEETS_STANDARD")
            )
        })
        .collect();
    let min = ctx.params.int("min_score") as f64;
    let mut outcome = Outcome::verdict(
        score < min || !high.is_empty(),
        format!("Health Check score {text} (minimum {min}), no high-risk setting"),
        format!(
            "Health Check score {text} (minimum {min}), {}",
            plural(high.len(), "high-risk setting", "high-risk settings")
        ),
    )
    .evidence(SCORE, "$.Score", text);
    for risk in high {
        let label = risk
            .setting
            .clone()
            .unwrap_or_else(|| risk.durable_id.clone());
        outcome = outcome
            .affected(
                risk.durable_id.clone(),
                label,
                format!(
                    "{}: org value {}, standard {}",
                    risk.risk_type.as_deref().unwrap_or("no RiskType"),
                    risk.org_value.as_deref().unwrap_or("not reported"),
                    risk.standard_value.as_deref().unwrap_or("not reported")
                ),
            )
            .evidence(
                RISKS,
                format!("$[?(@.DurableId=='{}')].OrgValueRaw", risk.durable_id),
                risk.org_value_raw.clone(),
            );
    }
    Ok(outcome)
}

use crate::{Area, Finding, Status};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Passed weight over evaluated weight, with the counts behind it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Score {
    /// Percentage 0–100, or null when nothing in scope was evaluated.
    pub percent: Option<f64>,
    pub passed_weight: u32,
    pub evaluated_weight: u32,
    pub pass: u32,
    pub fail: u32,
    pub error: u32,
    pub waived: u32,
    pub not_applicable: u32,
    pub manual: u32,
}

impl Score {
    fn add(&mut self, finding: &Finding) {
        let weight = finding.severity.weight();
        match finding.status {
            Status::Pass => {
                self.pass += 1;
                self.passed_weight += weight;
                self.evaluated_weight += weight;
            }
            // A waived failure counts as passed and stays listed (docs/report.md).
            Status::Waived => {
                self.waived += 1;
                self.passed_weight += weight;
                self.evaluated_weight += weight;
            }
            Status::Fail => {
                self.fail += 1;
                self.evaluated_weight += weight;
            }
            // Fail closed: missing evidence weighs like a failure.
            Status::Error => {
                self.error += 1;
                self.evaluated_weight += weight;
            }
            Status::NotApplicable => self.not_applicable += 1,
            Status::Manual => self.manual += 1,
        }
        self.percent = (self.evaluated_weight > 0).then(|| {
            let raw = f64::from(self.passed_weight) * 100.0 / f64::from(self.evaluated_weight);
            (raw * 10.0).round() / 10.0
        });
    }
}

/// Overall score, per responsibility area and per tenant.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Scores {
    pub overall: Score,
    pub by_area: BTreeMap<Area, Score>,
    /// Keyed by tenant id.
    pub by_tenant: BTreeMap<String, Score>,
    /// Keyed by accountable owner (findings without an owner are left out).
    #[serde(default)]
    pub by_owner: BTreeMap<String, Score>,
}

impl Scores {
    pub fn from_findings<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Scores {
        let mut scores = Scores::default();
        for finding in findings {
            scores.overall.add(finding);
            scores.by_area.entry(finding.area).or_default().add(finding);
            scores
                .by_tenant
                .entry(finding.tenant_id.clone())
                .or_default()
                .add(finding);
            if let Some(owner) = &finding.owner {
                scores
                    .by_owner
                    .entry(owner.clone())
                    .or_default()
                    .add(finding);
            }
        }
        scores
    }
}

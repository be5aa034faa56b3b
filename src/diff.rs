//! Drift between two runs: findings that are new, resolved or still failing,
//! and score changes per tenant.

use crate::history::{is_failing, FindingState, RunSide};
use serde::Serialize;
use std::collections::BTreeSet;

#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub tenant_id: String,
    pub check_id: String,
    /// `new`, `resolved` or `still_failing`.
    pub change: &'static str,
    pub before: Option<String>,
    pub after: Option<String>,
    pub severity: String,
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScoreChange {
    pub tenant_id: String,
    pub before: Option<f64>,
    pub after: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Diff {
    pub from: String,
    pub to: String,
    pub scores: Vec<ScoreChange>,
    pub changes: Vec<Change>,
}

impl Diff {
    pub fn new_failures(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| c.change == "new")
    }
}

/// Compares two runs' findings. A check that stopped failing, or disappeared
/// because it no longer runs, is resolved only when it is present and not
/// failing: a vanished finding is not evidence of a fix, so it is left out.
pub fn compare(from: &RunSide, to: &RunSide) -> Diff {
    let (before, after) = (&from.findings, &to.findings);
    let keys: BTreeSet<_> = before.keys().chain(after.keys()).collect();
    let mut changes = Vec::new();
    for key in keys {
        let (old, new) = (before.get(key), after.get(key));
        let failing = |s: Option<&FindingState>| s.is_some_and(|s| is_failing(&s.status));
        let change = match (failing(old), failing(new), new.is_some()) {
            (false, true, _) => "new",
            (true, true, _) => "still_failing",
            (true, false, true) => "resolved",
            _ => continue,
        };
        let shown = new.or(old).expect("one side exists");
        changes.push(Change {
            tenant_id: key.0.clone(),
            check_id: key.1.clone(),
            change,
            before: old.map(|s| s.status.clone()),
            after: new.map(|s| s.status.clone()),
            severity: shown.severity.clone(),
            message: shown.message.clone(),
        });
    }
    let tenants: BTreeSet<&String> = from.scores.keys().chain(to.scores.keys()).collect();
    let scores = tenants
        .into_iter()
        .map(|t| ScoreChange {
            tenant_id: t.clone(),
            before: from.scores.get(t).copied().flatten(),
            after: to.scores.get(t).copied().flatten(),
        })
        .collect();
    Diff {
        from: from.id.clone(),
        to: to.id.clone(),
        scores,
        changes,
    }
}

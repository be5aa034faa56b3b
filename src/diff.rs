//! Drift between two runs: per check, whether it is new, resolved or still
//! failing, and the affected objects that appeared or disappeared under it;
//! score changes per tenant.

use crate::history::{is_failing, FindingState, ObjectState, RunSide};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub tenant_id: String,
    /// The tenant's config label.
    pub tenant: String,
    pub check_id: String,
    /// `new`, `resolved` or `still_failing`.
    pub change: &'static str,
    pub before: Option<String>,
    pub after: Option<String>,
    pub severity: String,
    pub message: String,
    /// Objects failing now that were not before (absent, or waived).
    pub added: Vec<ObjectChange>,
    /// Objects failing before that are not now (gone, or waived now).
    pub removed: Vec<ObjectChange>,
}

impl Change {
    /// Something newly exposed: the check turned failing, or a failing
    /// object appeared under a check that already failed.
    pub fn is_new_failure(&self) -> bool {
        self.change == "new" || !self.added.is_empty()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ObjectChange {
    pub id: String,
    pub display_name: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScoreChange {
    pub tenant_id: String,
    pub tenant: String,
    pub before: Option<f64>,
    pub after: Option<f64>,
}

/// Counts of a diff, for its summary line.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Summary {
    pub new: usize,
    pub resolved: usize,
    pub still_failing: usize,
    pub objects_added: usize,
    pub objects_removed: usize,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} new, {} resolved, {} still failing; objects: {} added, {} removed",
            self.new, self.resolved, self.still_failing, self.objects_added, self.objects_removed
        )
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Diff {
    pub from: String,
    pub to: String,
    pub summary: Summary,
    /// Labels of the tenants whose newer run is partial (a collection
    /// failed): their `error` findings are missing evidence, not findings.
    pub partial: Vec<String>,
    pub scores: Vec<ScoreChange>,
    pub changes: Vec<Change>,
}

impl Diff {
    pub fn new_failures(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| c.is_new_failure())
    }
}

/// Compares two runs' findings. A check that stopped failing, or disappeared
/// because it no longer runs, is resolved only when it is present and not
/// failing: a vanished finding is not evidence of a fix, so it is left out.
/// Objects are compared only where both sides evaluated the check (neither
/// is `error`) and both runs kept objects: an unknown side says nothing
/// about which objects are new.
pub fn compare(from: &RunSide, to: &RunSide) -> Diff {
    let (before, after) = (&from.findings, &to.findings);
    let keys: BTreeSet<_> = before.keys().chain(after.keys()).collect();
    let label = |tenant: &String| {
        to.labels
            .get(tenant)
            .or_else(|| from.labels.get(tenant))
            .unwrap_or(tenant)
            .clone()
    };
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
        let evaluated = |s: Option<&FindingState>| s.is_none_or(|s| s.status != "error");
        let (added, removed) = if evaluated(old) && evaluated(new) {
            object_changes(from.objects_of(key), to.objects_of(key))
        } else {
            (Vec::new(), Vec::new())
        };
        let shown = new.or(old).expect("one side exists");
        changes.push(Change {
            tenant_id: key.0.clone(),
            tenant: label(&key.0),
            check_id: key.1.clone(),
            change,
            before: old.map(|s| s.status.clone()),
            after: new.map(|s| s.status.clone()),
            severity: shown.severity.clone(),
            message: shown.message.clone(),
            added,
            removed,
        });
    }
    let tenants: BTreeSet<&String> = from.scores.keys().chain(to.scores.keys()).collect();
    let scores = tenants
        .into_iter()
        .map(|t| ScoreChange {
            tenant_id: t.clone(),
            tenant: label(t),
            before: from.scores.get(t).copied().flatten(),
            after: to.scores.get(t).copied().flatten(),
        })
        .collect();
    let summary = Summary {
        new: changes.iter().filter(|c| c.change == "new").count(),
        resolved: changes.iter().filter(|c| c.change == "resolved").count(),
        still_failing: changes
            .iter()
            .filter(|c| c.change == "still_failing")
            .count(),
        objects_added: changes.iter().map(|c| c.added.len()).sum(),
        objects_removed: changes.iter().map(|c| c.removed.len()).sum(),
    };
    Diff {
        from: from.id.clone(),
        to: to.id.clone(),
        summary,
        partial: to.partial.iter().map(label).collect(),
        scores,
        changes,
    }
}

impl RunSide {
    /// The objects of one check: `None` when this run did not keep objects.
    fn objects_of(&self, key: &(String, String)) -> Option<BTreeMap<String, ObjectState>> {
        self.objects
            .as_ref()
            .map(|all| all.get(key).cloned().unwrap_or_default())
    }
}

/// Failing objects added and removed between two sides; nothing when either
/// side's objects are unknown.
fn object_changes(
    before: Option<BTreeMap<String, ObjectState>>,
    after: Option<BTreeMap<String, ObjectState>>,
) -> (Vec<ObjectChange>, Vec<ObjectChange>) {
    let (Some(before), Some(after)) = (before, after) else {
        return (Vec::new(), Vec::new());
    };
    let failing = |objects: &BTreeMap<String, ObjectState>, id: &str| {
        objects.get(id).is_some_and(|o| !o.waived)
    };
    let changed = |from: &BTreeMap<String, ObjectState>, to: &BTreeMap<String, ObjectState>| {
        from.iter()
            .filter(|(id, o)| !o.waived && !failing(to, id))
            .map(|(id, o)| ObjectChange {
                id: id.clone(),
                display_name: o.display_name.clone(),
                reason: o.reason.clone(),
            })
            .collect::<Vec<_>>()
    };
    (changed(&after, &before), changed(&before, &after))
}

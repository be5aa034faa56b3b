//! The first page, for someone with five minutes: each tenant's score, a
//! tenant × area heat map, the top risks with their owners and exception
//! dates, and what changed since the previous run.

use super::tone;
use crate::format::{RunChange, TrendPoint};
use crate::glance::{self, is_failing, tenant_label};
use crate::{Area, Report, Scores};

/// Top risks shown on the first page; the rest are in the findings.
const TOP_RISKS: usize = 5;

pub struct TenantScore {
    pub name: String,
    pub provider: String,
    pub score: String,
    pub tone: &'static str,
}

pub struct HeatMap {
    pub areas: Vec<&'static str>,
    pub rows: Vec<HeatRow>,
}

pub struct HeatRow {
    pub tenant: String,
    pub cells: Vec<HeatCell>,
}

pub struct HeatCell {
    pub text: String,
    pub tone: &'static str,
    pub title: String,
}

pub struct Risk {
    pub anchor: String,
    pub check_id: String,
    pub title: String,
    pub tenant: String,
    pub severity: &'static str,
    pub status: &'static str,
    pub affected: usize,
    pub owner: String,
    /// `until 2026-03-01` when an exception covers part of it or expired.
    pub exception: Option<String>,
}

pub struct Change {
    pub change: &'static str,
    pub check_id: String,
    pub tenant: String,
    pub severity: String,
    pub message: String,
}

pub fn tenant_scores(r: &Report) -> Vec<TenantScore> {
    r.tenants
        .iter()
        .map(|t| {
            let percent = r.scores.by_tenant.get(&t.tenant_id).and_then(|s| s.percent);
            TenantScore {
                name: tenant_label(t).to_string(),
                provider: t.provider.clone(),
                score: glance::percent_text(percent),
                tone: tone(percent),
            }
        })
        .collect()
}

/// Score per tenant and area; an area none of a tenant's checks covers is
/// left blank, not scored.
pub fn heat_map(r: &Report) -> HeatMap {
    let areas: Vec<Area> = Area::ALL
        .into_iter()
        .filter(|a| r.findings.iter().any(|f| f.area == *a))
        .collect();
    let rows = r
        .tenants
        .iter()
        .map(|t| {
            let scores =
                Scores::from_findings(r.findings.iter().filter(|f| f.tenant_id == t.tenant_id));
            HeatRow {
                tenant: tenant_label(t).to_string(),
                cells: areas
                    .iter()
                    .map(|a| match scores.by_area.get(a) {
                        Some(s) => HeatCell {
                            text: glance::percent_text(s.percent),
                            tone: tone(s.percent),
                            title: format!(
                                "{} · {a}: {} pass, {} fail, {} error, {} manual",
                                tenant_label(t),
                                s.pass,
                                s.fail,
                                s.error,
                                s.manual
                            ),
                        },
                        None => HeatCell {
                            text: String::new(),
                            tone: "blank",
                            title: format!("{} · {a}: no check", tenant_label(t)),
                        },
                    })
                    .collect(),
            }
        })
        .collect();
    HeatMap {
        areas: areas.iter().map(|a| a.as_str()).collect(),
        rows,
    }
}

/// The failing findings that matter most: most severe first, then the ones
/// naming the most objects.
pub fn top_risks(r: &Report) -> Vec<Risk> {
    // Anchors follow the findings' reading order, as the cards are numbered.
    let order = glance::reading_order(&r.findings);
    let mut failing: Vec<(usize, &crate::Finding)> = order
        .into_iter()
        .enumerate()
        .filter(|(_, f)| is_failing(f.status))
        .collect();
    failing.sort_by_key(|(i, f)| {
        (
            std::cmp::Reverse(f.severity),
            std::cmp::Reverse(f.affected.len()),
            *i,
        )
    });
    failing
        .into_iter()
        .take(TOP_RISKS)
        .map(|(i, f)| Risk {
            anchor: format!("finding-{i}"),
            check_id: f.check_id.clone(),
            title: f.title.clone(),
            tenant: glance::tenant_name(r, &f.tenant_id).to_string(),
            severity: f.severity.as_str(),
            status: f.status.as_str(),
            affected: f.affected.len(),
            owner: f
                .owner
                .clone()
                .unwrap_or_else(|| glance::UNASSIGNED.to_string()),
            exception: glance::exception_due(r, f).map(|(date, _)| format!("until {date}")),
        })
        .collect()
}

/// New and resolved failures since each tenant's previous run; None when
/// there is no earlier run to compare with.
pub fn changes(r: &Report, trend: &[TrendPoint], changes: &[RunChange]) -> Option<Vec<Change>> {
    if trend.is_empty() {
        return None;
    }
    let mut out: Vec<Change> = changes
        .iter()
        .map(|c| Change {
            change: c.change,
            check_id: c.check_id.clone(),
            tenant: glance::tenant_name(r, &c.tenant_id).to_string(),
            severity: c.severity.clone(),
            message: c.message.clone(),
        })
        .collect();
    out.sort_by(|a, b| (a.change, &a.check_id, &a.tenant).cmp(&(b.change, &b.check_id, &b.tenant)));
    Some(out)
}

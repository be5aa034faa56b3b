//! `report.html`: one self-contained page for people (inline CSS and SVG, no
//! script, no font, no request of any kind), readable on screen and printable
//! to PDF.
//!
//! The template (`report.html` beside this file) is compiled and type-checked
//! by askama at build time, and askama HTML-escapes every value it prints:
//! nothing in this module or the template marks a value as safe, so a tenant
//! object named `<script>` prints as text. A Content-Security-Policy that
//! allows no script and no network request backs that up.
//!
//! This module turns the Report into a view model: the chart geometry and
//! every text are computed here, so the template only lays them out.

use crate::format::{ExportContext, TrendPoint};
use crate::glance::{self, STATUSES};
use crate::matrix::RowView;
use crate::{
    write_atomically, AffectedObject, Area, CollectionSummary, Evidence, ExceptionStatus, Finding,
    Report, Score, TenantSummary,
};
use askama::Template;
use std::path::Path;

/// Affected objects listed per finding; the rest are counted and are in
/// `report.csv` and `report.json`. Keeps the page usable on large tenants.
pub const MAX_AFFECTED: usize = 1_000;
/// Lists this short are open by default; longer ones start collapsed.
const OPEN_AFFECTED: usize = 10;
/// Evidence values longer than this are cut (the full value is in report.json).
const MAX_EVIDENCE_CHARS: usize = 600;
/// Width in SVG units of a full (100 %) bar; the template draws the track.
const BAR_WIDTH: f64 = 130.0;
/// Height in SVG units of one bar row.
const ROW_HEIGHT: u32 = 22;
/// Bar labels longer than this are cut (the full text is in the tooltip).
const MAX_LABEL_CHARS: usize = 11;

pub fn write(report: &Report, context: ExportContext<'_>, path: &Path) -> std::io::Result<()> {
    let page = Page::new(report, context);
    write_atomically(path, |out| page.write_into(out))
}

/// Renders the page to a string (tests and callers that embed it).
pub fn render(report: &Report, context: ExportContext<'_>) -> String {
    Page::new(report, context)
        .render()
        .expect("rendering into a String cannot fail")
}

#[derive(Template)]
#[template(path = "report.html")]
struct Page<'a> {
    r: &'a Report,
    started: String,
    evaluated: String,
    overall: Gauge,
    overall_detail: String,
    areas: Chart,
    severities: Chart,
    owners: Chart,
    trend: Option<Trend>,
    tenants: Vec<TenantView<'a>>,
    matrix: Vec<MatrixLine>,
    filters: Vec<FilterGroup>,
    findings: Vec<FindingView<'a>>,
    exceptions: &'a [ExceptionStatus],
}

/// The overall score as a ring: `dash` is the SVG stroke-dasharray of a
/// circle whose circumference is 100.
struct Gauge {
    text: String,
    dash: String,
    tone: &'static str,
}

/// A horizontal bar chart in one SVG.
struct Chart {
    bars: Vec<Bar>,
    height: u32,
}

struct Bar {
    label: String,
    value: String,
    width: String,
    y: u32,
    tone: &'static str,
    title: String,
}

/// The overall score of earlier runs and this one, as a line.
struct Trend {
    /// One polyline per run of scored points: a run without a score (a
    /// partial one) breaks the line, it is not drawn as 0%.
    lines: Vec<String>,
    dots: Vec<TrendDot>,
    first: String,
    last: String,
}

struct TrendDot {
    x: String,
    y: String,
    title: String,
}

struct TenantView<'a> {
    t: &'a TenantSummary,
    score: String,
    problems: Vec<(&'a String, &'a CollectionSummary)>,
}

struct MatrixLine {
    name: &'static str,
    scope: &'static str,
    iaas: &'static str,
    paas: &'static str,
    saas: &'static str,
    customer: bool,
    checks: Vec<Chip>,
    manual: Option<&'static str>,
}

struct Chip {
    id: &'static str,
    status: &'static str,
    title: String,
}

struct FilterGroup {
    key: &'static str,
    legend: &'static str,
    values: Vec<(String, usize)>,
}

struct FindingView<'a> {
    f: &'a Finding,
    anchor: String,
    tenant: &'a str,
    affected: &'a [AffectedObject],
    more: usize,
    open: bool,
    evidence: Vec<(&'a Evidence, String)>,
}

impl<'a> Page<'a> {
    fn new(r: &'a Report, context: ExportContext<'a>) -> Page<'a> {
        let o = &r.scores.overall;
        Page {
            r,
            started: r.run.started_at.format("%Y-%m-%d %H:%M UTC").to_string(),
            evaluated: r.run.evaluated_at.format("%Y-%m-%d %H:%M UTC").to_string(),
            overall: Gauge {
                text: glance::percent_text(o.percent),
                dash: o
                    .percent
                    .map(|p| format!("{p:.1} {:.1}", 100.0 - p))
                    .unwrap_or_else(|| "0 100".into()),
                tone: tone(o.percent),
            },
            overall_detail: format!(
                "{} of {} weighted points · {} pass, {} fail, {} error, {} waived, {} manual, {} not applicable",
                o.passed_weight, o.evaluated_weight, o.pass, o.fail, o.error, o.waived, o.manual,
                o.not_applicable
            ),
            areas: area_chart(r),
            severities: count_chart(
                glance::failing_by_severity(r)
                    .into_iter()
                    .map(|(s, n)| (s.to_string(), n, severity_tone(s)))
                    .collect(),
            ),
            owners: count_chart(
                glance::failing_by_owner(r)
                    .into_iter()
                    .map(|(owner, n)| (owner, n, "owner"))
                    .collect(),
            ),
            trend: trend(context.trend, r),
            tenants: r
                .tenants
                .iter()
                .map(|t| TenantView {
                    t,
                    score: glance::percent_text(
                        r.scores.by_tenant.get(&t.tenant_id).and_then(|s| s.percent),
                    ),
                    problems: t
                        .collections
                        .iter()
                        .filter(|(_, c)| c.status != "ok")
                        .collect(),
                })
                .collect(),
            matrix: context.matrix.view(Some(r)).iter().map(matrix_line).collect(),
            filters: filters(r),
            findings: glance::reading_order(&r.findings)
                .into_iter()
                .enumerate()
                .map(|(i, f)| finding_view(r, i, f))
                .collect(),
            exceptions: &r.exceptions,
        }
    }
}

/// Colour band of a score: good from 80 %, fair from 50 %.
fn tone(percent: Option<f64>) -> &'static str {
    match percent {
        None => "none",
        Some(p) if p >= 80.0 => "good",
        Some(p) if p >= 50.0 => "fair",
        Some(_) => "poor",
    }
}

fn severity_tone(severity: crate::Severity) -> &'static str {
    match severity {
        crate::Severity::Critical => "critical",
        crate::Severity::High => "high",
        crate::Severity::Medium => "medium",
        crate::Severity::Low => "low",
    }
}

fn area_chart(r: &Report) -> Chart {
    let bars = Area::ALL
        .iter()
        .filter_map(|area| r.scores.by_area.get(area).map(|s| (area, s)))
        .enumerate()
        .map(|(i, (area, s))| Bar {
            label: area.to_string(),
            value: glance::percent_text(s.percent),
            width: format!("{:.1}", s.percent.unwrap_or(0.0) * BAR_WIDTH / 100.0),
            y: i as u32 * ROW_HEIGHT,
            tone: tone(s.percent),
            title: score_title(area.as_str(), s),
        })
        .collect::<Vec<_>>();
    Chart {
        height: (bars.len() as u32).max(1) * ROW_HEIGHT,
        bars,
    }
}

fn score_title(name: &str, s: &Score) -> String {
    format!(
        "{name}: {} of {} weighted points; {} pass, {} fail, {} error",
        s.passed_weight, s.evaluated_weight, s.pass, s.fail, s.error
    )
}

/// Bars scaled to the largest count.
fn count_chart(items: Vec<(String, usize, &'static str)>) -> Chart {
    let max = items.iter().map(|i| i.1).max().unwrap_or(0).max(1);
    let bars = items
        .into_iter()
        .enumerate()
        .map(|(i, (label, count, tone))| Bar {
            title: format!("{label}: {count} failing"),
            label: cut(&label, MAX_LABEL_CHARS),
            value: count.to_string(),
            width: format!("{:.1}", count as f64 * BAR_WIDTH / max as f64),
            y: i as u32 * ROW_HEIGHT,
            tone,
        })
        .collect::<Vec<_>>();
    Chart {
        height: (bars.len() as u32).max(1) * ROW_HEIGHT,
        bars,
    }
}

/// Earlier runs (from history) then this one; nothing without history. A
/// run without a score (partial: a collection failed) is a gap.
fn trend(history: &[TrendPoint], r: &Report) -> Option<Trend> {
    if history.is_empty() {
        return None;
    }
    let partial = r.tenants.iter().any(|t| t.is_partial());
    let current = TrendPoint {
        run_id: r.run.id.clone(),
        at: r.run.started_at,
        percent: r.scores.overall.percent.filter(|_| !partial),
    };
    let all: Vec<&TrendPoint> = history.iter().chain(std::iter::once(&current)).collect();
    let step = 560.0 / (all.len() - 1) as f64;
    let dot = |i: usize, p: &TrendPoint| {
        p.percent.map(|pct| TrendDot {
            x: format!("{:.1}", 20.0 + i as f64 * step),
            y: format!("{:.1}", 110.0 - pct),
            title: format!("{} ({}): {pct:.1}%", p.run_id, p.at.format("%Y-%m-%d")),
        })
    };
    let spots: Vec<Option<TrendDot>> = all.iter().enumerate().map(|(i, p)| dot(i, p)).collect();
    let lines = spots
        .split(Option::is_none)
        .filter(|run| !run.is_empty())
        .map(|run| {
            run.iter()
                .flatten()
                .map(|d| format!("{},{}", d.x, d.y))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    Some(Trend {
        lines,
        dots: spots.into_iter().flatten().collect(),
        first: all[0].at.format("%Y-%m-%d").to_string(),
        last: current.at.format("%Y-%m-%d").to_string(),
    })
}

fn matrix_line(view: &RowView<'_>) -> MatrixLine {
    let layer = &view.row.layer;
    MatrixLine {
        name: layer.name,
        scope: layer.scope,
        iaas: layer.iaas.as_str(),
        paas: layer.paas.as_str(),
        saas: layer.saas.as_str(),
        customer: layer.customer_side_saas(),
        checks: view
            .checks
            .iter()
            .map(|c| Chip {
                id: c.check_id,
                status: c.worst().map(|s| s.as_str()).unwrap_or("not_run"),
                title: if c.statuses.is_empty() {
                    format!("{}: not run in this report", c.check_id)
                } else {
                    c.statuses
                        .iter()
                        .map(|s| format!("{}: {}", s.tenant, s.status))
                        .collect::<Vec<_>>()
                        .join(", ")
                },
            })
            .collect(),
        manual: view.row.manual,
    }
}

/// Filter choices: only the values present in the report, with counts.
fn filters(r: &Report) -> Vec<FilterGroup> {
    let count = |pred: &dyn Fn(&Finding) -> bool| r.findings.iter().filter(|f| pred(f)).count();
    let present = |values: Vec<(String, usize)>| -> Vec<(String, usize)> {
        values.into_iter().filter(|v| v.1 > 0).collect()
    };
    vec![
        FilterGroup {
            key: "status",
            legend: "Status",
            values: present(
                STATUSES
                    .iter()
                    .map(|&s| (s.to_string(), count(&|f| f.status == s)))
                    .collect(),
            ),
        },
        FilterGroup {
            key: "severity",
            legend: "Severity",
            values: present(
                glance::SEVERITIES
                    .iter()
                    .map(|&s| (s.to_string(), count(&|f| f.severity == s)))
                    .collect(),
            ),
        },
        FilterGroup {
            key: "area",
            legend: "Area",
            values: present(
                Area::ALL
                    .iter()
                    .map(|&a| (a.to_string(), count(&|f| f.area == a)))
                    .collect(),
            ),
        },
    ]
}

fn finding_view<'a>(r: &'a Report, index: usize, f: &'a Finding) -> FindingView<'a> {
    let shown = f.affected.len().min(MAX_AFFECTED);
    FindingView {
        f,
        anchor: format!("finding-{index}"),
        tenant: glance::tenant_name(r, &f.tenant_id),
        affected: &f.affected[..shown],
        more: f.affected.len() - shown,
        open: f.affected.len() <= OPEN_AFFECTED,
        evidence: f
            .evidence
            .iter()
            .map(|e| (e, cut(&e.value.to_string(), MAX_EVIDENCE_CHARS)))
            .collect(),
    }
}

/// At most `max` characters, with an ellipsis when cut.
fn cut(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matrix::{Layer, Matrix, MatrixRow, Owner};

    fn report(affected: usize) -> Report {
        let objects: Vec<_> = (0..affected)
            .map(|i| serde_json::json!({"id": format!("u{i}"), "display_name": format!("user{i}"), "reason": "r"}))
            .collect();
        serde_json::from_value(serde_json::json!({
            "schema": "tenantaudit.report/v1",
            "tool": {"name": "tenantaudit", "version": "0.0.0"},
            "run": {"id": "run-1", "mode": "check", "started_at": "2026-01-02T03:04:05Z",
                    "finished_at": "2026-01-02T03:04:06Z", "evaluated_at": "2026-01-02T03:04:05Z"},
            "tenants": [],
            "findings": [{"check_id": "X-1", "title": "t", "provider": "m365", "tenant_id": "T",
                          "area": "mfa", "severity": "high", "status": "fail", "message": "m",
                          "affected": objects, "references": [], "remediation": "r", "docs": "d"}],
            "scores": {"overall": {"percent": 0.0, "passed_weight": 0, "evaluated_weight": 5,
                       "pass": 0, "fail": 1, "error": 0, "waived": 0, "not_applicable": 0, "manual": 0},
                       "by_area": {}, "by_tenant": {}}
        }))
        .expect("a valid report")
    }

    fn matrix() -> Matrix {
        Matrix {
            rows: vec![MatrixRow {
                layer: Layer {
                    name: "Authentication",
                    scope: "MFA",
                    iaas: Owner::Customer,
                    paas: Owner::Customer,
                    saas: Owner::Customer,
                },
                checks: vec!["X-1"],
                manual: None,
            }],
        }
    }

    #[test]
    fn the_trend_is_drawn_only_with_history() {
        let (r, m) = (report(1), matrix());
        let without = render(
            &r,
            ExportContext {
                matrix: &m,
                trend: &[],
            },
        );
        assert!(!without.contains("Overall score over time"));
        let at = |d: &str| chrono::DateTime::parse_from_rfc3339(d).unwrap().to_utc();
        let trend = [
            TrendPoint {
                run_id: "run-0".into(),
                at: at("2025-12-01T00:00:00Z"),
                percent: Some(40.0),
            },
            TrendPoint {
                run_id: "run-00".into(),
                at: at("2025-12-15T00:00:00Z"),
                percent: None,
            },
        ];
        let with = render(
            &r,
            ExportContext {
                matrix: &m,
                trend: &trend,
            },
        );
        assert!(with.contains("Overall score over time (2025-12-01 to 2026-01-02)"));
        // Two runs with a score; the one without is a gap in the line, not 0%.
        assert_eq!(with.matches("class=\"dot\"").count(), 2);
        assert!(with.contains("points=\"20.0,70.0\""), "{with}");
        assert!(with.contains("points=\"580.0,110.0\""), "{with}");
        assert!(!with.contains("points=\"20.0,70.0 "), "{with}");
    }

    #[test]
    fn long_affected_lists_are_collapsed_and_capped() {
        let m = matrix();
        let short = render(
            &report(3),
            ExportContext {
                matrix: &m,
                trend: &[],
            },
        );
        assert!(short.contains("<details open>"));
        let long = render(
            &report(MAX_AFFECTED + 5),
            ExportContext {
                matrix: &m,
                trend: &[],
            },
        );
        assert!(!long.contains("<details open>"));
        assert!(long.contains("… and 5 more"));
        assert!(!long.contains(&format!(">user{}<", MAX_AFFECTED)));
    }
}

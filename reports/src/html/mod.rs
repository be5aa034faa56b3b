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

mod markup;
mod summary;
mod trend;

use crate::compliance::{self, ControlStatus};
use crate::format::ExportContext;
use crate::glance::{self, STATUSES};
use crate::matrix::RowView;
use crate::{
    write_atomically, AffectedObject, Area, CollectionSummary, Evidence, ExceptionStatus, Finding,
    Report, Score, Scores, TenantSummary,
};
use askama::Template;
use markup::{inline_markdown, Markup};
use std::path::Path;
use summary::{Change, HeatMap, Risk, TenantScore};
use trend::Trend;

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
    tenant_scores: Vec<TenantScore>,
    heat: HeatMap,
    risks: Vec<Risk>,
    /// None without an earlier run to compare with.
    changes: Option<Vec<Change>>,
    tenants: Vec<TenantView<'a>>,
    matrix: Vec<MatrixLine>,
    frameworks: Vec<FrameworkLine>,
    filters: Vec<FilterGroup>,
    findings: Vec<FindingView<'a>>,
    exceptions: &'a [ExceptionStatus],
    docs: Vec<CheckDoc>,
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

struct TenantView<'a> {
    t: &'a TenantSummary,
    score: String,
    problems: Vec<(&'a String, &'a CollectionSummary)>,
}

struct MatrixLine {
    name: &'static str,
    /// Score of the layer's checks (customer-side layers with checks only).
    score: Option<String>,
    tone: &'static str,
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

/// One framework's coverage and how its covered controls stand.
struct FrameworkLine {
    name: &'static str,
    version: &'static str,
    covered: String,
    pass: usize,
    failing: usize,
    other: usize,
}

/// A check's explanation, embedded so that the report stands alone.
struct CheckDoc {
    id: &'static str,
    title: &'static str,
    rationale: Markup,
    logic: Markup,
    remediation: Markup,
    controls: Vec<String>,
}

struct FindingView<'a> {
    f: &'a Finding,
    remediation: Markup,
    /// Anchor of the check's explanation, when the catalog has it.
    doc: Option<String>,
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
            trend: trend::chart(context.trend, r),
            tenant_scores: summary::tenant_scores(r),
            heat: summary::heat_map(r),
            risks: summary::top_risks(r),
            changes: summary::changes(r, context.trend, context.changes),
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
            matrix: context
                .matrix
                .view(Some(r))
                .iter()
                .map(|v| matrix_line(r, v))
                .collect(),
            frameworks: framework_lines(r, context),
            filters: filters(r),
            findings: glance::reading_order(&r.findings)
                .into_iter()
                .enumerate()
                .map(|(i, f)| finding_view(r, context, i, f))
                .collect(),
            exceptions: &r.exceptions,
            docs: check_docs(r, context),
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

fn matrix_line(r: &Report, view: &RowView<'_>) -> MatrixLine {
    let layer = &view.row.layer;
    let score = (layer.customer_side_saas() && !view.row.checks.is_empty()).then(|| {
        Scores::from_findings(
            r.findings
                .iter()
                .filter(|f| view.row.checks.contains(&f.check_id.as_str())),
        )
        .overall
    });
    MatrixLine {
        name: layer.name,
        score: score.as_ref().map(|s| glance::percent_text(s.percent)),
        tone: tone(score.and_then(|s| s.percent)),
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

fn framework_lines(r: &Report, context: ExportContext<'_>) -> Vec<FrameworkLine> {
    let rows = compliance::rows(r, context.catalog);
    compliance::coverage(context.catalog)
        .into_iter()
        .map(|c| {
            let mine = || rows.iter().filter(|row| row.framework == c.framework.id);
            let count =
                |pred: fn(ControlStatus) -> bool| mine().filter(|row| pred(row.status)).count();
            FrameworkLine {
                name: c.framework.name,
                version: c.framework.version.unwrap_or("—"),
                covered: match c.framework.controls_total {
                    Some(total) => format!("{} of {total}", c.controls_covered),
                    None => c.controls_covered.to_string(),
                },
                pass: count(|s| s == ControlStatus::Pass),
                failing: count(|s| matches!(s, ControlStatus::Fail | ControlStatus::Error)),
                other: count(|s| {
                    !matches!(
                        s,
                        ControlStatus::Pass | ControlStatus::Fail | ControlStatus::Error
                    )
                }),
            }
        })
        .collect()
}

/// The explanation of every check in the report, in check-id order.
fn check_docs(r: &Report, context: ExportContext<'_>) -> Vec<CheckDoc> {
    let mut ids: Vec<&str> = r.findings.iter().map(|f| f.check_id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    ids.into_iter()
        .filter_map(|id| context.catalog.check(id))
        .map(|c| CheckDoc {
            id: c.id,
            title: c.title,
            rationale: inline_markdown(c.rationale),
            logic: inline_markdown(c.logic),
            remediation: inline_markdown(c.remediation),
            controls: c
                .controls
                .iter()
                .map(|control| {
                    let framework = context
                        .catalog
                        .framework(control.framework)
                        .map_or(control.framework, |f| f.name);
                    format!("{framework} {}", control.control)
                })
                .collect(),
        })
        .collect()
}

fn finding_view<'a>(
    r: &'a Report,
    context: ExportContext<'_>,
    index: usize,
    f: &'a Finding,
) -> FindingView<'a> {
    let shown = f.affected.len().min(MAX_AFFECTED);
    FindingView {
        f,
        remediation: inline_markdown(&f.remediation),
        doc: context
            .catalog
            .check(&f.check_id)
            .map(|c| format!("check-{}", c.id)),
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
    use crate::format::TrendPoint;
    use crate::matrix::{Layer, Matrix, MatrixRow, Owner};
    use crate::Catalog;

    fn report(affected: usize) -> Report {
        let objects: Vec<_> = (0..affected)
            .map(|i| serde_json::json!({"id": format!("u{i}"), "display_name": format!("user{i}"), "reason": "r"}))
            .collect();
        serde_json::from_value(serde_json::json!({
            "schema": "tenantaudit.report/v1",
            "tool": {"name": "tenantaudit", "version": "0.0.0"},
            "run": {"id": "run-1", "mode": "check", "started_at": "2026-01-02T03:04:05Z",
                    "finished_at": "2026-01-02T03:04:06Z", "evaluated_at": "2026-01-02T03:04:05Z"},
            "tenants": [{"provider": "m365", "tenant_id": "T", "display_name": "Tenant", "domain": "t.example",
                         "label": "t", "collected_at": "2026-01-02T03:04:05Z", "collections": {}}],
            "findings": [{"check_id": "X-1", "title": "t", "provider": "m365", "tenant_id": "T",
                          "area": "mfa", "severity": "high", "status": "fail", "message": "m",
                          "affected": objects, "references": [], "remediation": "Run `Set-X`", "docs": "d"}],
            "scores": {"overall": {"percent": 0.0, "passed_weight": 0, "evaluated_weight": 5,
                       "pass": 0, "fail": 1, "error": 0, "waived": 0, "not_applicable": 0, "manual": 0},
                       "by_area": {}, "by_tenant": {"T": {"percent": 0.0, "passed_weight": 0, "evaluated_weight": 5,
                       "pass": 0, "fail": 1, "error": 0, "waived": 0, "not_applicable": 0, "manual": 0}}}
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

    fn render_with(r: &Report, trend: &[TrendPoint]) -> String {
        render(
            r,
            ExportContext {
                matrix: &matrix(),
                catalog: &Catalog::default(),
                trend,
                changes: &[],
            },
        )
    }

    #[test]
    fn the_trend_has_a_dated_axis_one_line_per_tenant_and_gaps() {
        let r = report(1);
        let without = render_with(&r, &[]);
        assert!(!without.contains("Score per tenant over time"));
        assert!(without.contains("No earlier run is recorded"));
        let at = |d: &str| chrono::DateTime::parse_from_rfc3339(d).unwrap().to_utc();
        let point = |id: &str, date: &str, score: Option<f64>| TrendPoint {
            run_id: id.into(),
            at: at(date),
            percent: score,
            tenants: score
                .map(|s| ("T".to_string(), Some(s)))
                .into_iter()
                .collect(),
        };
        let trend = [
            point("run-a", "2025-12-01T00:00:00Z", Some(40.0)),
            point("run-b", "2025-12-10T00:00:00Z", Some(60.0)),
            // A partial run: no score for T, a gap in its line.
            point("run-c", "2025-12-20T00:00:00Z", None),
        ];
        let with = render_with(&r, &trend);
        assert!(with.contains("Score per tenant over time (2025-12-01 to 2026-01-02)"));
        // Dated ticks at both ends of the time axis.
        assert!(with.contains(">2025-12-01</text>") && with.contains(">2026-01-02</text>"));
        // Three scored runs, two line segments: the gap splits the line.
        assert_eq!(with.matches("class=\"dot line-0\"").count(), 3);
        assert_eq!(with.matches("class=\"trend line-0\"").count(), 1);
        assert_eq!(
            with.matches("<circle cx=\"580.0\"").count(),
            1,
            "this run sits at the right edge"
        );
    }

    #[test]
    fn remediation_markdown_is_rendered_and_the_summary_comes_first() {
        let page = render_with(&report(1), &[]);
        assert!(page.contains("Run <code>Set-X</code>"), "{page}");
        let order = [
            "id=\"heatmap\"",
            "id=\"matrix\"",
            "id=\"risks\"",
            "id=\"findings-h\"",
        ]
        .map(|marker| {
            page.find(marker)
                .unwrap_or_else(|| panic!("{marker} missing"))
        });
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    }

    #[test]
    fn long_affected_lists_are_collapsed_and_capped() {
        let short = render_with(&report(3), &[]);
        assert!(short.contains("<details open>"));
        let long = render_with(&report(MAX_AFFECTED + 5), &[]);
        assert!(!long.contains("<details open>"));
        assert!(long.contains("… and 5 more"));
        assert!(!long.contains(&format!(">user{}<", MAX_AFFECTED)));
    }
}

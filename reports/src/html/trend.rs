//! The score trend: one line per tenant over the recorded runs and this one,
//! on a dated time axis. A run where a tenant has no score (absent, nothing
//! evaluated, a partial run) breaks its line: a gap, never a zero.

use crate::format::TrendPoint;
use crate::glance::tenant_label;
use crate::Report;
use chrono::{DateTime, Utc};

/// Plot area in SVG units (the template draws the grid to match).
const LEFT: f64 = 40.0;
const RIGHT: f64 = 580.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 110.0;
/// Line colours the CSS defines (`line-0` …); tenants beyond reuse them.
const COLOURS: usize = 6;

pub struct Trend {
    pub first: String,
    pub last: String,
    pub ticks: Vec<Tick>,
    pub lines: Vec<Line>,
}

pub struct Tick {
    pub x: String,
    pub label: String,
    /// SVG text-anchor, so that the end labels stay inside the chart.
    pub anchor: &'static str,
}

pub struct Line {
    pub tenant: String,
    pub colour: usize,
    /// Each unbroken run of two or more scored points, as SVG `points` (a
    /// lone point between gaps is its dot only).
    pub segments: Vec<String>,
    pub dots: Vec<Dot>,
}

pub struct Dot {
    pub x: String,
    pub y: String,
    pub title: String,
}

/// Earlier runs (from history) then this one; nothing without history.
pub fn chart(history: &[TrendPoint], r: &Report) -> Option<Trend> {
    if history.is_empty() {
        return None;
    }
    // This run's partial tenants are gaps too, like history's.
    let partial = |tenant: &str| {
        r.tenants
            .iter()
            .any(|t| t.tenant_id == tenant && t.is_partial())
    };
    let current = TrendPoint {
        run_id: r.run.id.clone(),
        at: r.run.started_at,
        percent: r
            .scores
            .overall
            .percent
            .filter(|_| !r.tenants.iter().any(|t| t.is_partial())),
        tenants: r
            .scores
            .by_tenant
            .iter()
            .map(|(t, s)| (t.clone(), s.percent.filter(|_| !partial(t))))
            .collect(),
    };
    let all: Vec<&TrendPoint> = history.iter().chain(std::iter::once(&current)).collect();
    let (start, end) = (all[0].at, current.at);
    let x = |at: DateTime<Utc>| {
        let span = (end - start).num_seconds() as f64;
        if span <= 0.0 {
            (LEFT + RIGHT) / 2.0
        } else {
            LEFT + (at - start).num_seconds() as f64 / span * (RIGHT - LEFT)
        }
    };
    let y = |percent: f64| BOTTOM - percent / 100.0 * (BOTTOM - TOP);
    let middle = start + (end - start) / 2;
    let ticks = [(start, "start"), (middle, "middle"), (end, "end")]
        .into_iter()
        .map(|(at, anchor)| Tick {
            x: format!("{:.1}", x(at)),
            label: at.format("%Y-%m-%d").to_string(),
            anchor,
        })
        .collect::<Vec<_>>();
    let lines = r
        .tenants
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let mut segments = Vec::new();
            let mut segment: Vec<String> = Vec::new();
            let mut dots = Vec::new();
            for p in &all {
                match p.tenants.get(&t.tenant_id).copied().flatten() {
                    Some(pct) => {
                        let (px, py) = (format!("{:.1}", x(p.at)), format!("{:.1}", y(pct)));
                        segment.push(format!("{px},{py}"));
                        dots.push(Dot {
                            title: format!(
                                "{} · {} ({}): {pct:.1}%",
                                tenant_label(t),
                                p.at.format("%Y-%m-%d %H:%M"),
                                p.run_id
                            ),
                            x: px,
                            y: py,
                        });
                    }
                    None => close(&mut segments, &mut segment),
                }
            }
            close(&mut segments, &mut segment);
            Line {
                tenant: tenant_label(t).to_string(),
                colour: i % COLOURS,
                segments,
                dots,
            }
        })
        .collect();
    Some(Trend {
        first: start.format("%Y-%m-%d").to_string(),
        last: end.format("%Y-%m-%d").to_string(),
        ticks,
        lines,
    })
}

fn close(segments: &mut Vec<String>, segment: &mut Vec<String>) {
    if segment.len() >= 2 {
        segments.push(segment.join(" "));
    }
    segment.clear();
}

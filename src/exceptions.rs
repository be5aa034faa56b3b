//! The exceptions file (TOML or YAML): approved deviations from the baseline.
//!
//! A matching, unexpired exception turns a `fail` into `waived` with its
//! details; one limited to an object waives that affected object only, named
//! by immutable id, or by a name only when exactly one object of the tenant
//! carries it (an ambiguous name is not applied and is reported). An
//! expired exception is not applied and is reported; one that matches no
//! failing finding is reported as stale. `error` findings are never waived:
//! missing evidence is not a deviation anyone approved.

use crate::checks::registry;
use crate::exception_objects::{Resolved, TenantObjects};
use anyhow::{anyhow, bail, Context as _};
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use tenantaudit_connector::input_file;
use tenantaudit_connector::snapshot::Snapshot;
use tenantaudit_report::{ExceptionDetails, ExceptionStatus, Finding, Status};

#[derive(Debug, Clone)]
pub struct Exception {
    pub check_id: &'static str,
    pub tenant: Option<String>,
    pub object: Option<String>,
    pub justification: String,
    pub owner: String,
    pub approved_by: String,
    pub expires: NaiveDate,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    exception: Vec<RawException>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawException {
    check: String,
    tenant: Option<String>,
    object: Option<String>,
    justification: String,
    owner: String,
    approved_by: String,
    /// `YYYY-MM-DD` (a TOML date or a string).
    expires: String,
}

/// Reads and validates an exceptions file: `.yaml`/`.yml` as YAML, else TOML.
pub fn load(path: &Path) -> anyhow::Result<Vec<Exception>> {
    let file = path.display().to_string();
    let text = input_file::read_to_string(path, input_file::EXCEPTIONS_MAX)
        .with_context(|| format!("cannot read exceptions file {file}"))?;
    let yaml = path.extension().is_some_and(|e| e == "yaml" || e == "yml");
    let raw: RawFile = if yaml {
        // The YAML parser takes quadratic time on deep flow nesting (a
        // hostile file of 100 000 brackets took most of a minute); an
        // exceptions file is a flat list.
        if flow_depth(&text) > MAX_YAML_DEPTH {
            bail!("{file}: nested deeper than {MAX_YAML_DEPTH} levels; an exceptions file is a flat list of exceptions");
        }
        serde_norway::from_str(&text).map_err(|e| anyhow!("{file}: {e}"))?
    } else {
        // TOML dates are their own type; read them as text like YAML's.
        let mut value: toml::Value = toml::from_str(&text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
            match line {
                Some(line) => anyhow!("{file}:{line}: {}", e.message()),
                None => anyhow!("{file}: {}", e.message()),
            }
        })?;
        dates_to_text(&mut value);
        value
            .try_into()
            .map_err(|e: toml::de::Error| anyhow!("{file}: {}", e.message()))?
    };
    raw.exception
        .into_iter()
        .enumerate()
        .map(|(i, e)| validate(e).with_context(|| format!("{file}: exception #{}", i + 1)))
        .collect()
}

const MAX_YAML_DEPTH: usize = 32;

/// Deepest nesting of YAML flow collections (`[`, `{`) outside quotes.
fn flow_depth(text: &str) -> usize {
    let (mut depth, mut deepest, mut quote) = (0usize, 0, None);
    for c in text.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '{') => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            (None, ']' | '}') => depth = depth.saturating_sub(1),
            (None, '\n') => quote = None,
            _ => {}
        }
    }
    deepest
}

fn dates_to_text(value: &mut toml::Value) {
    match value {
        toml::Value::Datetime(date) => *value = toml::Value::String(date.to_string()),
        toml::Value::Array(items) => items.iter_mut().for_each(dates_to_text),
        toml::Value::Table(table) => table.iter_mut().for_each(|(_, v)| dates_to_text(v)),
        _ => {}
    }
}

fn validate(raw: RawException) -> anyhow::Result<Exception> {
    let Some(check) = registry::find(&raw.check) else {
        bail!(
            "unknown check id {:?} (see `tenantaudit checks list`)",
            raw.check
        );
    };
    let expires = NaiveDate::parse_from_str(&raw.expires, "%Y-%m-%d")
        .map_err(|_| anyhow!("expires must be a date YYYY-MM-DD, not {:?}", raw.expires))?;
    for (name, value) in [
        ("justification", &raw.justification),
        ("owner", &raw.owner),
        ("approved_by", &raw.approved_by),
    ] {
        if value.trim().is_empty() {
            bail!("{name} must not be empty");
        }
    }
    Ok(Exception {
        check_id: check.meta.id,
        tenant: raw.tenant,
        object: raw.object,
        justification: raw.justification,
        owner: raw.owner,
        approved_by: raw.approved_by,
        expires,
    })
}

/// Applies the exceptions to the findings and says what became of each.
/// A tenant may be named by id or by config label.
pub fn apply(
    findings: &mut [Finding],
    exceptions: &[Exception],
    snapshots: &[Snapshot],
    today: NaiveDate,
) -> Vec<ExceptionStatus> {
    let labels: BTreeMap<String, String> = snapshots
        .iter()
        .map(|s| (s.tenant.tenant_id.clone(), s.tenant.label.clone()))
        .collect();
    let objects = TenantObjects::index(snapshots, findings);
    exceptions
        .iter()
        .map(|exception| {
            let expired = exception.expires < today;
            let mut matched = Vec::new();
            let mut ambiguous = false;
            if !expired {
                for finding in findings
                    .iter_mut()
                    .filter(|f| applies(exception, f, &labels))
                {
                    let target = match &exception.object {
                        None => Target::Finding,
                        Some(object) => match objects
                            .get(&finding.tenant_id)
                            .map_or(Resolved::None, |o| o.resolve(object))
                        {
                            Resolved::One(ids) => Target::Objects(ids),
                            Resolved::Ambiguous(count) => {
                                tracing::warn!(
                                    check = exception.check_id,
                                    tenant = %crate::terminal::Safe(&finding.tenant_id),
                                    "exception object {} names {count} objects; not applied: name it by id",
                                    crate::terminal::Safe(object)
                                );
                                ambiguous = true;
                                continue;
                            }
                            Resolved::None => continue,
                        },
                    };
                    if waive(exception, &target, finding) {
                        matched.push(format!("{}/{}", finding.check_id, finding.tenant_id));
                    }
                }
            }
            let state = match (expired, ambiguous, matched.is_empty()) {
                (true, _, _) => "expired",
                (false, true, _) => "ambiguous",
                (false, false, true) => "stale",
                (false, false, false) => "applied",
            };
            ExceptionStatus {
                check_id: exception.check_id.to_string(),
                tenant: exception.tenant.clone(),
                object: exception.object.clone(),
                justification: exception.justification.clone(),
                owner: exception.owner.clone(),
                approved_by: exception.approved_by.clone(),
                expires: exception.expires,
                state: state.to_string(),
                matched,
            }
        })
        .collect()
}

/// What an exception waives in one finding.
enum Target {
    Finding,
    /// The affected objects with these ids.
    Objects(std::collections::BTreeSet<String>),
}

fn applies(exception: &Exception, finding: &Finding, labels: &BTreeMap<String, String>) -> bool {
    finding.check_id == exception.check_id
        && finding.status == Status::Fail
        && exception
            .tenant
            .as_ref()
            .is_none_or(|t| *t == finding.tenant_id || labels.get(&finding.tenant_id) == Some(t))
}

/// Waives the finding, or the affected objects the exception names; true when
/// anything was waived.
fn waive(exception: &Exception, target: &Target, finding: &mut Finding) -> bool {
    let mut details = ExceptionDetails {
        justification: exception.justification.clone(),
        owner: exception.owner.clone(),
        approved_by: exception.approved_by.clone(),
        expires: exception.expires,
        objects: Vec::new(),
    };
    match target {
        Target::Finding => finding.status = Status::Waived,
        Target::Objects(ids) => {
            let (covered, rest) = std::mem::take(&mut finding.affected)
                .into_iter()
                .partition(|a| ids.contains(&a.id));
            finding.affected = rest;
            details.objects = covered;
            if details.objects.is_empty() {
                return false;
            }
            if finding.affected.is_empty() {
                finding.status = Status::Waived;
            }
        }
    }
    finding.exceptions.push(details);
    true
}

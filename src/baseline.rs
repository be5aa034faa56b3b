//! The baseline profile: which checks run, their parameters and severities,
//! and who owns what (`[checks]` and `[owners]` of the config). Validated with
//! the rest of the config; an unknown check id, parameter or area is an error
//! naming its line.

use crate::checks::{registry, CheckMeta, ParamValue};
use crate::config_errors::ConfigErrors;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use tenantaudit_report::{Area, Severity};
use toml::Spanned;

#[derive(Debug, Default)]
pub struct Baseline {
    /// When set, only these checks run.
    pub only: Option<BTreeSet<&'static str>>,
    pub disabled: BTreeSet<&'static str>,
    pub params: BTreeMap<&'static str, BTreeMap<String, ParamValue>>,
    pub severity: BTreeMap<&'static str, Severity>,
    pub owners: Owners,
}

impl Baseline {
    /// The profile as data, for evidence bundles.
    pub fn describe(&self) -> serde_json::Value {
        let params: BTreeMap<_, BTreeMap<_, _>> = self
            .params
            .iter()
            .map(|(id, values)| {
                let values = values
                    .iter()
                    .map(|(name, value)| {
                        let value = match value {
                            ParamValue::Int(n) => serde_json::json!(n),
                            ParamValue::List(items) => serde_json::json!(items),
                        };
                        (name.clone(), value)
                    })
                    .collect();
                (*id, values)
            })
            .collect();
        serde_json::json!({
            "only": self.only,
            "disabled": self.disabled,
            "params": params,
            "severity": self.severity.iter().map(|(id, s)| (*id, s.as_str())).collect::<BTreeMap<_, _>>(),
            "owners": {
                "default": self.owners.default,
                "areas": self.owners.areas.iter().map(|(a, o)| (a.as_str(), o)).collect::<BTreeMap<_, _>>(),
                "checks": self.owners.checks,
            },
        })
    }

    pub fn runs(&self, id: &str) -> bool {
        !self.disabled.contains(id) && self.only.as_ref().is_none_or(|only| only.contains(id))
    }
}

/// Accountability owners: per check, else per area, else the default.
#[derive(Debug, Default)]
pub struct Owners {
    pub default: Option<String>,
    pub areas: BTreeMap<Area, String>,
    pub checks: BTreeMap<&'static str, String>,
}

impl Owners {
    pub fn of(&self, meta: &CheckMeta) -> Option<String> {
        self.checks
            .get(meta.id)
            .or_else(|| self.areas.get(&meta.area))
            .or(self.default.as_ref())
            .cloned()
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawChecks {
    #[serde(default)]
    only: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    disable: Vec<Spanned<String>>,
    #[serde(default)]
    params: BTreeMap<Spanned<String>, BTreeMap<Spanned<String>, Spanned<toml::Value>>>,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Spanned<String>>,
}

/// `[owners]`: `default`, one key per area, and a `checks` table by check
/// id. An unknown area is refused by the parser, naming its line.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawOwners {
    default: Option<String>,
    identity: Option<String>,
    mfa: Option<String>,
    access: Option<String>,
    sharing: Option<String>,
    apps: Option<String>,
    logging: Option<String>,
    data: Option<String>,
    #[serde(default)]
    checks: BTreeMap<Spanned<String>, String>,
}

/// The baseline of `[checks]` and `[owners]`; each problem (an unknown check
/// id, parameter or severity) is added to `errors` and its entry left out.
pub fn validate(checks: RawChecks, owners: RawOwners, errors: &mut ConfigErrors) -> Baseline {
    let mut baseline = Baseline::default();
    if let Some(only) = &checks.only {
        let ids = only.iter().filter_map(|id| known(id, errors).map(|m| m.id));
        baseline.only = Some(ids.collect());
    }
    for id in &checks.disable {
        if let Some(meta) = known(id, errors) {
            baseline.disabled.insert(meta.id);
        }
    }
    for (id, values) in &checks.params {
        let Some(meta) = known(id, errors) else {
            continue;
        };
        let mut resolved = BTreeMap::new();
        for (name, value) in values {
            if let Some(value) = param(meta, name, value, errors) {
                resolved.insert(name.get_ref().clone(), value);
            }
        }
        baseline.params.insert(meta.id, resolved);
    }
    for (id, severity) in &checks.severity {
        let Some(meta) = known(id, errors) else {
            continue;
        };
        match parse_severity(severity.get_ref()) {
            Some(parsed) => {
                baseline.severity.insert(meta.id, parsed);
            }
            None => errors.at(
                Some(severity.span()),
                format!(
                    "severity of {} must be critical, high, medium or low, not {:?}",
                    meta.id,
                    severity.get_ref()
                ),
            ),
        }
    }
    baseline.owners = owners_of(owners, errors);
    baseline
}

/// The check of a configured id, or a problem naming its line.
fn known(id: &Spanned<String>, errors: &mut ConfigErrors) -> Option<&'static CheckMeta> {
    let found = registry::find(id.get_ref()).map(|c| c.meta);
    if found.is_none() {
        errors.at(
            Some(id.span()),
            format!(
                "unknown check id {:?} (see `tenantaudit checks list`)",
                id.get_ref()
            ),
        );
    }
    found
}

fn param(
    meta: &CheckMeta,
    name: &Spanned<String>,
    value: &Spanned<toml::Value>,
    errors: &mut ConfigErrors,
) -> Option<ParamValue> {
    let Some(spec) = meta.params.iter().find(|p| p.name == name.get_ref()) else {
        let accepted: Vec<_> = meta.params.iter().map(|p| p.name).collect();
        let accepted = if accepted.is_empty() {
            "none".to_string()
        } else {
            accepted.join(", ")
        };
        errors.at(
            Some(name.span()),
            format!(
                "check {} has no parameter {:?} (accepted: {accepted})",
                meta.id,
                name.get_ref()
            ),
        );
        return None;
    };
    let expected = spec.default.value();
    let parsed = match (&expected, value.get_ref()) {
        (ParamValue::Int(_), toml::Value::Integer(n)) => Some(ParamValue::Int(*n)),
        (ParamValue::List(_), toml::Value::Array(items)) => items
            .iter()
            .map(|i| i.as_str().map(str::to_string))
            .collect::<Option<Vec<_>>>()
            .map(ParamValue::List),
        _ => None,
    };
    if parsed.is_none() {
        errors.at(
            Some(value.span()),
            format!("{}.{} must be {}", meta.id, spec.name, expected.kind()),
        );
    }
    parsed
}

fn owners_of(raw: RawOwners, errors: &mut ConfigErrors) -> Owners {
    let areas = [
        (Area::Identity, raw.identity),
        (Area::Mfa, raw.mfa),
        (Area::Access, raw.access),
        (Area::Sharing, raw.sharing),
        (Area::Apps, raw.apps),
        (Area::Logging, raw.logging),
        (Area::Data, raw.data),
    ];
    let mut owners = Owners {
        default: raw.default,
        areas: areas
            .into_iter()
            .filter_map(|(a, o)| Some((a, o?)))
            .collect(),
        checks: BTreeMap::new(),
    };
    for (id, owner) in raw.checks {
        if let Some(meta) = known(&id, errors) {
            owners.checks.insert(meta.id, owner);
        }
    }
    owners
}

fn parse_severity(text: &str) -> Option<Severity> {
    [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
    ]
    .into_iter()
    .find(|s| s.as_str() == text)
}

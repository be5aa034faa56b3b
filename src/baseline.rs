//! The baseline profile: which checks run, their parameters and severities,
//! and who owns what (`[checks]` and `[owners]` of the config), with each
//! tenant's own `[tenant.checks]` merged over it. Validated with the rest of
//! the config; an unknown check id, parameter or area is an error naming its
//! line.

use crate::checks::{registry, CheckMeta, ParamValue};
use crate::config_errors::ConfigErrors;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use tenantaudit_report::{Area, Severity};
use toml::Spanned;

#[derive(Debug, Default, Clone)]
pub struct Baseline {
    /// When set, only these checks run.
    pub only: Option<BTreeSet<&'static str>>,
    pub disabled: BTreeSet<&'static str>,
    pub params: BTreeMap<&'static str, BTreeMap<String, ParamValue>>,
    pub severity: BTreeMap<&'static str, Severity>,
    pub owners: Owners,
    /// The effective profile of each tenant (by label) that has its own
    /// `[tenant.checks]`: this profile with the tenant's merged over it.
    pub tenants: BTreeMap<String, Baseline>,
}

impl Baseline {
    /// The profile a tenant is assessed with.
    pub fn for_tenant(&self, label: &str) -> &Baseline {
        self.tenants.get(label).unwrap_or(self)
    }

    /// Merges a tenant's `[tenant.checks]` over this (global) profile: its
    /// `only` replaces the global one, its `disable` adds to the global one,
    /// and its `params` and `severity` override the global ones check by
    /// check and parameter by parameter. Owners stay global.
    /// A problem in it is added to `errors` and its entry left out, as for
    /// the global profile.
    pub fn add_tenant(&mut self, label: String, checks: RawChecks, errors: &mut ConfigErrors) {
        let own = validate(checks, RawOwners::default(), errors);
        let mut merged = Baseline {
            tenants: BTreeMap::new(),
            ..self.clone()
        };
        if own.only.is_some() {
            merged.only = own.only;
        }
        merged.disabled.extend(own.disabled);
        for (id, values) in own.params {
            merged.params.entry(id).or_default().extend(values);
        }
        merged.severity.extend(own.severity);
        self.tenants.insert(label, merged);
    }

    /// Whether the configuration sets any part of the check profile.
    pub fn is_set(&self) -> bool {
        self.only.is_some()
            || !self.disabled.is_empty()
            || !self.params.is_empty()
            || !self.severity.is_empty()
    }

    /// The check profile alone (`only`, `disabled`, `params`, `severity`),
    /// for a report's tenant entry.
    pub fn describe_checks(&self) -> serde_json::Value {
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
        })
    }

    /// The profile as data, for evidence bundles: the global profile, the
    /// owners and each tenant's effective profile.
    pub fn describe(&self) -> serde_json::Value {
        let mut described = self.describe_checks();
        described["owners"] = serde_json::json!({
            "default": self.owners.default,
            "areas": self.owners.areas.iter().map(|(a, o)| (a.as_str(), o)).collect::<BTreeMap<_, _>>(),
            "checks": self.owners.checks,
        });
        if !self.tenants.is_empty() {
            described["tenants"] = self
                .tenants
                .iter()
                .map(|(label, b)| (label.clone(), b.describe_checks()))
                .collect::<serde_json::Map<_, _>>()
                .into();
        }
        described
    }

    pub fn runs(&self, id: &str) -> bool {
        !self.disabled.contains(id) && self.only.as_ref().is_none_or(|only| only.contains(id))
    }
}

/// Accountability owners: per check, else per area, else the default.
#[derive(Debug, Default, Clone)]
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

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(text: &str) -> RawChecks {
        toml::from_str(text).unwrap()
    }

    #[test]
    fn a_tenant_profile_is_merged_over_the_global_one() {
        let mut errors = ConfigErrors::new("test.toml", "");
        let mut global = validate(
            raw("disable = [\"M365-ID-08\"]\nonly = [\"M365-ID-01\", \"M365-ID-08\", \"COM-ID-01\"]\nseverity = { \"COM-ID-01\" = \"low\" }\n[params.COM-ID-01]\ndays = 30\n"),
            RawOwners::default(),
            &mut errors,
        );
        global
            .add_tenant(
                "contoso".into(),
                raw("disable = [\"M365-ID-01\"]\nseverity = { \"M365-ID-08\" = \"high\" }\n[params.COM-ID-01]\ndays = 60\n"),
                &mut errors,
            );
        global.add_tenant("acme".into(), raw("only = [\"COM-ID-01\"]\n"), &mut errors);
        errors.finish().unwrap();
        let contoso = global.for_tenant("contoso");
        // `disable` adds to the global one; `only` stays global.
        assert!(!contoso.runs("M365-ID-01") && !contoso.runs("M365-ID-08"));
        assert!(contoso.runs("COM-ID-01"));
        assert_eq!(contoso.severity["COM-ID-01"], Severity::Low);
        assert_eq!(contoso.severity["M365-ID-08"], Severity::High);
        assert_eq!(contoso.params["COM-ID-01"]["days"], ParamValue::Int(60));
        // `only` replaces the global one; the global profile is unchanged.
        let acme = global.for_tenant("acme");
        assert!(acme.runs("COM-ID-01") && !acme.runs("M365-ID-01"));
        assert_eq!(acme.params["COM-ID-01"]["days"], ParamValue::Int(30));
        assert!(global.for_tenant("other").runs("M365-ID-01"));
        assert_eq!(
            global.describe()["tenants"]["contoso"]["disabled"],
            serde_json::json!(["M365-ID-01", "M365-ID-08"])
        );
    }
}

//! Check parameters: documented defaults, overridden by the baseline profile.

use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq)]
pub enum ParamValue {
    Int(i64),
    List(Vec<String>),
}

impl ParamValue {
    pub fn kind(&self) -> &'static str {
        match self {
            ParamValue::Int(_) => "an integer",
            ParamValue::List(_) => "a list of strings",
        }
    }
}

/// A parameter a check accepts.
#[derive(Debug)]
pub struct ParamSpec {
    pub name: &'static str,
    pub doc: &'static str,
    pub default: ParamDefault,
}

#[derive(Debug)]
pub enum ParamDefault {
    Int(i64),
    List(&'static [&'static str]),
}

impl ParamDefault {
    pub fn value(&self) -> ParamValue {
        match self {
            ParamDefault::Int(n) => ParamValue::Int(*n),
            ParamDefault::List(items) => {
                ParamValue::List(items.iter().map(|s| s.to_string()).collect())
            }
        }
    }
}

/// One check's resolved parameters. Config validation guarantees every name a
/// check asks for exists with the right type, so the getters cannot fail for a
/// declared parameter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Params(BTreeMap<String, ParamValue>);

impl Params {
    pub fn resolve(
        specs: &[ParamSpec],
        overrides: Option<&BTreeMap<String, ParamValue>>,
    ) -> Params {
        let mut values: BTreeMap<String, ParamValue> = specs
            .iter()
            .map(|spec| (spec.name.to_string(), spec.default.value()))
            .collect();
        if let Some(overrides) = overrides {
            values.extend(overrides.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        Params(values)
    }

    pub fn int(&self, name: &str) -> i64 {
        match self.0.get(name) {
            Some(ParamValue::Int(n)) => *n,
            other => panic!("parameter {name} is not a declared integer: {other:?}"),
        }
    }

    pub fn list(&self, name: &str) -> &[String] {
        match self.0.get(name) {
            Some(ParamValue::List(items)) => items,
            other => panic!("parameter {name} is not a declared list: {other:?}"),
        }
    }
}

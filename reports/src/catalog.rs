//! What the exporters know about the checks and the frameworks they map to:
//! data of the binary (`src/frameworks`, built from the check registry),
//! handed to the exporters beside the report so that report.json stays the
//! record of one run and the catalog stays the binary's.

use serde::Serialize;

/// A compliance framework (or benchmark) a check's controls belong to.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Framework {
    /// Short, stable name used on the command line (`--framework cis-m365`).
    pub id: &'static str,
    pub name: &'static str,
    /// The version the control ids refer to (None: the ids carry their own).
    pub version: Option<&'static str>,
    /// How many controls the framework has, where that number is public.
    pub controls_total: Option<u32>,
}

impl Framework {
    /// Name and version, as a standard is cited (`NIST SP 800-53 Rev. 5`).
    pub fn label(&self) -> String {
        match self.version {
            Some(version) => format!("{} {version}", self.name),
            None => self.name.to_string(),
        }
    }
}

/// One control of one framework, as a check maps to it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ControlRef {
    /// [`Framework::id`].
    pub framework: &'static str,
    /// The control id as the framework writes it (`MS.AAD.3.2v2`, `5.2.2.2`, `AC-2(3)`).
    pub control: String,
    /// The control's title, where it is public.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<&'static str>,
}

/// A check as the exporters describe it: its explanation (embedded in the
/// HTML report, so nobody needs the source tree) and its controls.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckEntry {
    pub id: &'static str,
    pub title: &'static str,
    pub rationale: &'static str,
    pub logic: &'static str,
    pub remediation: &'static str,
    pub controls: Vec<ControlRef>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Catalog {
    pub frameworks: Vec<Framework>,
    pub checks: Vec<CheckEntry>,
}

impl Catalog {
    pub fn check(&self, id: &str) -> Option<&CheckEntry> {
        self.checks.iter().find(|c| c.id == id)
    }

    pub fn framework(&self, id: &str) -> Option<&Framework> {
        self.frameworks.iter().find(|f| f.id == id)
    }

    /// The controls a check maps to (none for a check the catalog lacks).
    pub fn controls_of(&self, check_id: &str) -> &[ControlRef] {
        self.check(check_id).map_or(&[], |c| &c.controls)
    }
}

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Customer-side responsibility areas of SaaS (docs/report.md, "Areas").
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Area {
    Identity,
    Mfa,
    Access,
    Sharing,
    Apps,
    Logging,
    Data,
}

impl Area {
    pub const ALL: [Area; 7] = [
        Area::Identity,
        Area::Mfa,
        Area::Access,
        Area::Sharing,
        Area::Apps,
        Area::Logging,
        Area::Data,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Area::Identity => "identity",
            Area::Mfa => "mfa",
            Area::Access => "access",
            Area::Sharing => "sharing",
            Area::Apps => "apps",
            Area::Logging => "logging",
            Area::Data => "data",
        }
    }
}

impl fmt::Display for Area {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// Severity of a check; its weight drives the score.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    /// Score weights (docs/report.md): critical 10, high 5, medium 3, low 1.
    pub fn weight(self) -> u32 {
        match self {
            Severity::Critical => 10,
            Severity::High => 5,
            Severity::Medium => 3,
            Severity::Low => 1,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

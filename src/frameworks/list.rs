//! The frameworks tenantaudit's checks map to, with the version their
//! control ids refer to and, where the framework publishes it, how many
//! controls it has.

use tenantaudit_report::Framework;

pub const SCUBA: &str = "scuba";
pub const CIS_M365: &str = "cis-m365";
pub const CIS_CONTROLS: &str = "cis-controls";
pub const NIST: &str = "nist-800-53";
pub const ISO: &str = "iso-27001";
pub const SOC2: &str = "soc2";
pub const SBS: &str = "sbs";
pub const HEALTH_CHECK: &str = "sf-health-check";
pub const EIDSCA: &str = "eidsca";
pub const MAESTER: &str = "maester";
pub const LAYER: &str = "layer";

pub const FRAMEWORKS: [Framework; 11] = [
    Framework {
        id: SCUBA,
        name: "CISA SCuBA Microsoft 365 baselines",
        // Each policy id carries its own version (`MS.AAD.3.2v2`).
        version: None,
        controls_total: None,
    },
    Framework {
        id: CIS_M365,
        name: "CIS Microsoft 365 Foundations Benchmark",
        // The section numbers the checks cite are those of v6.0.1.
        version: Some("v6.0.1"),
        controls_total: None,
    },
    Framework {
        id: CIS_CONTROLS,
        name: "CIS Critical Security Controls",
        version: Some("v8"),
        // 153 safeguards under 18 controls.
        controls_total: Some(153),
    },
    Framework {
        id: NIST,
        name: "NIST SP 800-53",
        version: Some("Rev. 5"),
        controls_total: None,
    },
    Framework {
        id: ISO,
        name: "ISO/IEC 27001 Annex A",
        version: Some("2022"),
        controls_total: Some(93),
    },
    Framework {
        id: SOC2,
        name: "SOC 2 Trust Services Criteria",
        version: Some("2017 (revised 2022)"),
        // The 33 common criteria (security): CC1.1 to CC9.2.
        controls_total: Some(33),
    },
    Framework {
        id: SBS,
        name: "Security Benchmark for Salesforce",
        version: None,
        controls_total: None,
    },
    Framework {
        id: HEALTH_CHECK,
        name: "Salesforce Health Check",
        version: None,
        controls_total: None,
    },
    Framework {
        id: EIDSCA,
        name: "Maester EIDSCA",
        version: None,
        controls_total: None,
    },
    Framework {
        id: MAESTER,
        name: "Maester tests",
        version: None,
        controls_total: None,
    },
    Framework {
        id: LAYER,
        name: "Shared-responsibility layer (customer side of SaaS)",
        version: None,
        // The customer-side layers of the matrix (src/matrix.rs; tested).
        controls_total: Some(10),
    },
];

/// A framework by its id or, ignoring case, its name.
pub fn find(name: &str) -> Option<&'static Framework> {
    FRAMEWORKS
        .iter()
        .find(|f| f.id.eq_ignore_ascii_case(name) || f.name.eq_ignore_ascii_case(name))
}

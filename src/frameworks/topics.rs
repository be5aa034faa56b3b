//! References that name a topic rather than a framework control
//! (`offboarding`, `seed: data classification`, ...), each with the
//! controls it stands for.

use super::list::*;

#[derive(Debug, PartialEq)]
pub struct Topic {
    pub name: &'static str,
    pub controls: &'static [(&'static str, &'static str)],
}

pub const TOPICS: [Topic; 8] = [
    Topic {
        name: "offboarding",
        controls: &[
            (NIST, "PS-4"),
            (ISO, "A.6.5"),
            (SOC2, "CC6.2"),
            (CIS_CONTROLS, "6.2"),
        ],
    },
    Topic {
        name: "seed: data classification",
        controls: &[
            (NIST, "RA-2"),
            (ISO, "A.5.12"),
            (ISO, "A.5.13"),
            (SOC2, "C1.1"),
            (CIS_CONTROLS, "3.7"),
        ],
    },
    // The reference organisation's rule: customer-managed keys, rotated yearly.
    Topic {
        name: "seed: customer-managed keys rotated every 12 months",
        controls: &[
            (NIST, "SC-12"),
            (ISO, "A.8.24"),
            (SOC2, "CC6.1"),
            (CIS_CONTROLS, "3.11"),
        ],
    },
    Topic {
        name: "seed: third-party integration security",
        controls: &[(NIST, "SA-9"), (ISO, "A.5.19"), (SOC2, "CC9.2")],
    },
    Topic {
        name: "Setup Audit Trail",
        controls: &[(NIST, "CM-3"), (ISO, "A.8.32"), (SOC2, "CC8.1")],
    },
    // ScubaGear's configuration of approved conditional-access exclusions.
    Topic {
        name: "SCuBA CapExclusions",
        controls: &[(NIST, "AC-3"), (ISO, "A.5.15")],
    },
    Topic {
        name: "Salesforce MFA requirement",
        controls: &[(NIST, "IA-2(1)"), (NIST, "IA-2(2)")],
    },
    Topic {
        name: "Salesforce guest advisory",
        controls: &[(NIST, "AC-14"), (ISO, "A.8.3")],
    },
];

pub fn find(name: &str) -> Option<&'static Topic> {
    TOPICS.iter().find(|t| t.name == name)
}

//! The framework controls a check maps to beyond its own references: NIST
//! SP 800-53 rev. 5, ISO/IEC 27001:2022 Annex A, SOC 2 common criteria and
//! CIS Controls v8, by responsibility area (what every check of the area
//! is about) and, where a check is about something narrower, by check id.
//! A check added later inherits its area's mapping without an edit here.

use super::list::*;
use tenantaudit_report::Area;

type Controls = &'static [(&'static str, &'static str)];

pub fn by_area(area: Area) -> Controls {
    match area {
        Area::Identity => &[
            (NIST, "AC-2"),
            (NIST, "AC-6"),
            (ISO, "A.5.16"),
            (ISO, "A.5.18"),
            (ISO, "A.8.2"),
            (SOC2, "CC6.2"),
            (SOC2, "CC6.3"),
            (CIS_CONTROLS, "6.8"),
        ],
        Area::Mfa => &[
            (NIST, "IA-2(1)"),
            (NIST, "IA-2(2)"),
            (NIST, "IA-5"),
            (ISO, "A.5.17"),
            (ISO, "A.8.5"),
            (SOC2, "CC6.1"),
            (CIS_CONTROLS, "6.3"),
            (CIS_CONTROLS, "6.5"),
        ],
        Area::Access => &[
            (NIST, "AC-3"),
            (NIST, "AC-17"),
            (ISO, "A.5.15"),
            (ISO, "A.8.5"),
            (SOC2, "CC6.1"),
            (SOC2, "CC6.6"),
            (CIS_CONTROLS, "6.7"),
        ],
        Area::Sharing => &[
            (NIST, "AC-3"),
            (NIST, "AC-21"),
            (ISO, "A.5.14"),
            (ISO, "A.8.3"),
            (SOC2, "CC6.1"),
            (SOC2, "CC6.7"),
            (CIS_CONTROLS, "3.3"),
        ],
        Area::Apps => &[
            (NIST, "AC-6"),
            (NIST, "SA-9"),
            (ISO, "A.5.19"),
            (ISO, "A.5.23"),
            (SOC2, "CC6.1"),
            (SOC2, "CC9.2"),
            (CIS_CONTROLS, "2.5"),
        ],
        Area::Logging => &[
            (NIST, "AU-2"),
            (NIST, "AU-6"),
            (NIST, "AU-12"),
            (ISO, "A.8.15"),
            (ISO, "A.8.16"),
            (SOC2, "CC7.2"),
            (CIS_CONTROLS, "8.2"),
        ],
        Area::Data => &[
            (NIST, "AC-4"),
            (ISO, "A.8.12"),
            (SOC2, "CC6.7"),
            (CIS_CONTROLS, "3.3"),
        ],
    }
}

/// Narrower controls of particular checks, on top of their area's.
pub fn by_check(id: &str) -> Controls {
    match id {
        "COM-ID-01" | "M365-ID-08" => &[(NIST, "AC-2(3)"), (CIS_CONTROLS, "5.3")],
        "M365-ID-09" | "SF-ID-05" => &[(NIST, "IA-5(1)"), (ISO, "A.5.17"), (CIS_CONTROLS, "5.2")],
        "M365-APP-06" | "M365-APP-07" => &[(NIST, "IA-5"), (ISO, "A.5.17")],
        "SF-APP-06" => &[(NIST, "SC-17"), (ISO, "A.8.24")],
        "M365-CA-06" | "SF-ACC-01" | "SF-ACC-02" => &[(NIST, "AC-12")],
        "M365-LOG-03" => &[(NIST, "SI-4"), (SOC2, "CC7.3")],
        "SF-LOG-01" => &[(NIST, "AU-11")],
        _ => &[],
    }
}

/// Public titles of the controls used above and in the topics.
pub fn title(framework: &str, control: &str) -> Option<&'static str> {
    TITLES
        .iter()
        .find(|t| t.0 == framework && t.1 == control)
        .map(|t| t.2)
}

const TITLES: [(&str, &str, &str); 65] = [
    (NIST, "AC-2", "Account Management"),
    (NIST, "AC-2(3)", "Account Management | Disable Accounts"),
    (NIST, "AC-3", "Access Enforcement"),
    (NIST, "AC-4", "Information Flow Enforcement"),
    (NIST, "AC-6", "Least Privilege"),
    (NIST, "AC-12", "Session Termination"),
    (NIST, "AC-14", "Permitted Actions Without Identification or Authentication"),
    (NIST, "AC-17", "Remote Access"),
    (NIST, "AC-21", "Information Sharing"),
    (NIST, "AU-2", "Event Logging"),
    (NIST, "AU-6", "Audit Record Review, Analysis, and Reporting"),
    (NIST, "AU-11", "Audit Record Retention"),
    (NIST, "AU-12", "Audit Record Generation"),
    (NIST, "CM-3", "Configuration Change Control"),
    (NIST, "IA-2(1)", "Identification and Authentication | Multi-factor Authentication to Privileged Accounts"),
    (NIST, "IA-2(2)", "Identification and Authentication | Multi-factor Authentication to Non-privileged Accounts"),
    (NIST, "IA-5", "Authenticator Management"),
    (NIST, "IA-5(1)", "Authenticator Management | Password-based Authentication"),
    (NIST, "PS-4", "Personnel Termination"),
    (NIST, "RA-2", "Security Categorization"),
    (NIST, "SA-9", "External System Services"),
    (NIST, "SC-17", "Public Key Infrastructure Certificates"),
    (NIST, "SI-4", "System Monitoring"),
    (ISO, "A.5.12", "Classification of information"),
    (ISO, "A.5.13", "Labelling of information"),
    (ISO, "A.5.14", "Information transfer"),
    (ISO, "A.5.15", "Access control"),
    (ISO, "A.5.16", "Identity management"),
    (ISO, "A.5.17", "Authentication information"),
    (ISO, "A.5.18", "Access rights"),
    (ISO, "A.5.19", "Information security in supplier relationships"),
    (ISO, "A.5.23", "Information security for use of cloud services"),
    (ISO, "A.6.5", "Responsibilities after termination or change of employment"),
    (ISO, "A.8.2", "Privileged access rights"),
    (ISO, "A.8.3", "Information access restriction"),
    (ISO, "A.8.5", "Secure authentication"),
    (ISO, "A.8.12", "Data leakage prevention"),
    (ISO, "A.8.15", "Logging"),
    (ISO, "A.8.16", "Monitoring activities"),
    (ISO, "A.8.24", "Use of cryptography"),
    (ISO, "A.8.32", "Change management"),
    (SOC2, "CC6.1", "Logical access security software, infrastructure and architectures"),
    (SOC2, "CC6.2", "User registration and authorization; removal when no longer required"),
    (SOC2, "CC6.3", "Role-based access: authorizing, modifying or removing access"),
    (SOC2, "CC6.6", "Logical access security measures against threats from outside the system boundaries"),
    (SOC2, "CC6.7", "Restricting the transmission, movement and removal of information"),
    (SOC2, "CC7.2", "Monitoring system components for anomalies"),
    (SOC2, "CC7.3", "Evaluating security events"),
    (SOC2, "CC8.1", "Change management"),
    (SOC2, "CC9.2", "Vendor and business partner risk management"),
    (SOC2, "C1.1", "Identifying and maintaining confidential information"),
    (CIS_CONTROLS, "2.5", "Allowlist Authorized Software"),
    (CIS_CONTROLS, "3.3", "Configure Data Access Control Lists"),
    (CIS_CONTROLS, "3.7", "Establish and Maintain a Data Classification Scheme"),
    (CIS_CONTROLS, "5.2", "Use Unique Passwords"),
    (CIS_CONTROLS, "5.3", "Disable Dormant Accounts"),
    (CIS_CONTROLS, "6.2", "Establish an Access Revoking Process"),
    (CIS_CONTROLS, "6.3", "Require MFA for Externally-Exposed Applications"),
    (CIS_CONTROLS, "6.5", "Require MFA for Administrative Access"),
    (CIS_CONTROLS, "6.7", "Centralize Access Control"),
    (CIS_CONTROLS, "6.8", "Define and Maintain Role-Based Access Control"),
    (CIS_CONTROLS, "8.2", "Collect Audit Logs"),
    (SCUBA, "MS.AAD.3.6v1", "Phishing-resistant MFA SHALL be required for highly privileged roles"),
    (SCUBA, "MS.AAD.7.1v1", "A minimum of two users and a maximum of eight users SHALL be provisioned with the Global Administrator role"),
    (SCUBA, "MS.AAD.1.1v1", "Legacy authentication SHALL be blocked"),
];

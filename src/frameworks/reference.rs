//! Reads the reference strings checks carry in their metadata
//! (`MS.AAD.7.1v1`, `CIS 1.1.3`, `EIDSCA AP08`, `SBS-ACS-003`,
//! `HC SessionSettings.timeout`, `NIST 800-53 AC-2(3)`, ...) as structured
//! controls. A reference that names a topic rather than a control
//! (`offboarding`, `seed: data classification`) maps through
//! [`super::topics`]. Anything else is an error naming the reference, and
//! the catalog test fails on it.

use super::list::*;
use super::topics::{self, Topic};

/// What one reference string means.
#[derive(Debug, Clone, PartialEq)]
pub enum Reference {
    Control {
        framework: &'static str,
        control: String,
        /// Set for a section reference (`CIS 5.1.6.x`): any control under it.
        section: bool,
    },
    Topic(&'static Topic),
}

pub fn parse(reference: &str) -> Result<Reference, String> {
    let text = reference.trim();
    // A parenthesised note narrows the reference for the reader only
    // (`MS.AAD.3.6v1 (registration side)`).
    let text = match text.split_once(" (") {
        Some((id, note)) if note.ends_with(')') && !id.contains(' ') => id,
        _ => text,
    };
    if let Some(topic) = topics::find(text) {
        return Ok(Reference::Topic(topic));
    }
    let malformed = |what: &str| Err(format!("reference {reference:?}: {what}"));
    let control = |framework, id: &str| Reference::Control {
        framework,
        control: id.to_string(),
        section: false,
    };
    if text.starts_with("MS.") {
        return if scuba_id(text) {
            Ok(control(SCUBA, text))
        } else {
            malformed("a SCuBA policy id is MS.<PRODUCT>.<group>.<number>v<version>")
        };
    }
    if let Some(id) = text.strip_prefix("CIS Controls ") {
        return if dotted(id, 2) {
            Ok(control(CIS_CONTROLS, id))
        } else {
            malformed("a CIS Controls safeguard is <control>.<safeguard>")
        };
    }
    if let Some(id) = text.strip_prefix("CIS ") {
        if let Some(section) = id.strip_suffix(".x") {
            return if dotted(section, 0) {
                Ok(Reference::Control {
                    framework: CIS_M365,
                    control: section.to_string(),
                    section: true,
                })
            } else {
                malformed("a CIS section is numbers joined by dots, then .x")
            };
        }
        return if dotted(id, 0) && id.contains('.') {
            Ok(control(CIS_M365, id))
        } else {
            malformed("a CIS Microsoft 365 recommendation is numbers joined by dots")
        };
    }
    if let Some(id) = text.strip_prefix("NIST 800-53 ") {
        return if nist_id(id) {
            Ok(control(NIST, id))
        } else {
            malformed("a NIST SP 800-53 control is XX-n or XX-n(m)")
        };
    }
    if let Some(id) = text
        .strip_prefix("EIDSCA ")
        .or_else(|| text.strip_prefix("EIDSCA."))
    {
        let (letters, digits) = id.split_at(id.len().min(2));
        return if letters.chars().all(|c| c.is_ascii_uppercase())
            && digits.len() == 2
            && digits.chars().all(|c| c.is_ascii_digit())
        {
            Ok(control(EIDSCA, id))
        } else {
            malformed("an EIDSCA id is two capitals and two digits (AP08)")
        };
    }
    if let Some(id) = text.strip_prefix("Maester ") {
        return match id.strip_prefix("MT.") {
            Some(n) if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) => {
                Ok(control(MAESTER, id))
            }
            _ => malformed("a Maester test id is MT.<number>"),
        };
    }
    if text == "SBS" || text.starts_with("SBS-") {
        return sbs(text).ok_or(()).or_else(|()| {
            malformed("an SBS control is SBS-<CATEGORY>-<nnn>, or SBS-<CATEGORY> for a category")
        });
    }
    if text == "HC" {
        return Ok(control(HEALTH_CHECK, "score"));
    }
    if let Some(id) = text.strip_prefix("HC ") {
        return if id
            .split('.')
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric()))
        {
            Ok(control(HEALTH_CHECK, id))
        } else {
            malformed("a Health Check reference is a setting group, optionally .setting")
        };
    }
    malformed("not a known framework or topic")
}

/// `MS.AAD.7.1v1`: product, group, number, version.
fn scuba_id(id: &str) -> bool {
    let parts: Vec<&str> = id.split('.').collect();
    let [_, product, group, last] = parts[..] else {
        return false;
    };
    let Some((number, version)) = last.split_once('v') else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    product.chars().all(|c| c.is_ascii_uppercase())
        && !product.is_empty()
        && digits(group)
        && digits(number)
        && digits(version)
}

/// Numbers joined by dots; exactly `parts` of them unless `parts` is 0.
fn dotted(id: &str, parts: usize) -> bool {
    let split: Vec<&str> = id.split('.').collect();
    (parts == 0 || split.len() == parts)
        && split
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

/// `AC-2`, `AC-2(3)`, `IA-2(1)`.
fn nist_id(id: &str) -> bool {
    let Some((family, rest)) = id.split_once('-') else {
        return false;
    };
    let (number, enhancement) = match rest.split_once('(') {
        Some((n, e)) => (n, e.strip_suffix(')')),
        None => (rest, Some("1")),
    };
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    family.len() == 2
        && family.chars().all(|c| c.is_ascii_uppercase())
        && digits(number)
        && enhancement.is_some_and(digits)
}

/// `SBS-ACS-003` (a control), `SBS-AUTH` (a category: a section), `SBS`
/// (the benchmark as a whole: a section too).
fn sbs(id: &str) -> Option<Reference> {
    let parts: Vec<&str> = id.split('-').collect();
    let category = |c: &str| !c.is_empty() && c.chars().all(|c| c.is_ascii_uppercase());
    let (control, section) = match parts[..] {
        ["SBS"] => ("all", true),
        ["SBS", c] if category(c) => (id, true),
        ["SBS", c, n] if category(c) && n.len() == 3 && n.chars().all(|c| c.is_ascii_digit()) => {
            (id, false)
        }
        _ => return None,
    };
    Some(Reference::Control {
        framework: SBS,
        control: control.to_string(),
        section,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn control(reference: &str) -> (&'static str, String, bool) {
        match parse(reference).unwrap() {
            Reference::Control {
                framework,
                control,
                section,
            } => (framework, control, section),
            other => panic!("{reference}: {other:?}"),
        }
    }

    #[test]
    fn each_reference_style_parses() {
        assert_eq!(
            control("MS.AAD.7.1v1"),
            (SCUBA, "MS.AAD.7.1v1".into(), false)
        );
        assert_eq!(
            control("MS.AAD.3.6v1 (registration side)"),
            (SCUBA, "MS.AAD.3.6v1".into(), false)
        );
        assert_eq!(
            control("CIS 5.2.2.12"),
            (CIS_M365, "5.2.2.12".into(), false)
        );
        assert_eq!(control("CIS 5.1.6.x"), (CIS_M365, "5.1.6".into(), true));
        assert_eq!(
            control("CIS Controls 5.3"),
            (CIS_CONTROLS, "5.3".into(), false)
        );
        assert_eq!(
            control("NIST 800-53 AC-2(3)"),
            (NIST, "AC-2(3)".into(), false)
        );
        assert_eq!(control("EIDSCA AP08"), (EIDSCA, "AP08".into(), false));
        assert_eq!(control("EIDSCA.AP01"), (EIDSCA, "AP01".into(), false));
        assert_eq!(
            control("Maester MT.1005"),
            (MAESTER, "MT.1005".into(), false)
        );
        assert_eq!(control("SBS-ACS-003"), (SBS, "SBS-ACS-003".into(), false));
        assert_eq!(control("SBS-AUTH"), (SBS, "SBS-AUTH".into(), true));
        assert_eq!(
            control("HC SessionSettings.timeout"),
            (HEALTH_CHECK, "SessionSettings.timeout".into(), false)
        );
        assert_eq!(control("HC"), (HEALTH_CHECK, "score".into(), false));
        assert!(matches!(parse("offboarding"), Ok(Reference::Topic(_))));
    }

    #[test]
    fn malformed_references_are_named() {
        for bad in [
            "MS.AAD.7.1",
            "CIS 5.2.x.1",
            "CIS five",
            "NIST 800-53 AC2",
            "EIDSCA A8",
            "SBS-acs-1",
            "HC Session Settings",
            "ISO 27001",
            "",
        ] {
            let error = parse(bad).unwrap_err();
            assert!(error.contains(&format!("{bad:?}")), "{error}");
        }
    }
}

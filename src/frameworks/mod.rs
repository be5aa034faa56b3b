//! Frameworks as data: the framework list (`list.rs`), the parser that
//! reads each check's reference strings as structured controls
//! (`reference.rs`, with the topics of `topics.rs`), and the mapping table
//! that adds NIST SP 800-53, ISO/IEC 27001, SOC 2 and CIS Controls by area
//! and check (`mappings.rs`). Every check also maps to its
//! shared-responsibility layer. The exporters get it all as one
//! [`Catalog`]; `frameworks list`, `checks list --framework` and
//! `--format compliance` read it.
//!
//! Checks keep writing references as plain strings in their metadata, so
//! that adding a check never means editing this module; the catalog test
//! proves every string parses and every check maps to a control.

pub mod list;
mod mappings;
pub mod reference;
pub mod text;
mod topics;

use crate::checks::{registry, CheckMeta};
use reference::Reference;
use tenantaudit_report::{Catalog, CheckEntry, ControlRef};

/// Shown as the title of a section reference (`CIS 5.1.6.x`).
const SECTION: &str = "section: any recommendation under it";

/// Every control `meta` maps to, in order: its references, its area's and
/// its own additional mappings, its layer. Errors name each reference that
/// does not parse (those are left out of the controls).
pub fn controls_of(meta: &CheckMeta) -> (Vec<ControlRef>, Vec<String>) {
    let mut controls: Vec<ControlRef> = Vec::new();
    let mut errors = Vec::new();
    let mut add = |framework: &'static str, control: &str, section: bool| {
        let title = if section {
            Some(SECTION)
        } else {
            mappings::title(framework, control)
        };
        let entry = ControlRef {
            framework,
            control: control.to_string(),
            title,
        };
        if !controls.contains(&entry) {
            controls.push(entry);
        }
    };
    for text in meta.references {
        match reference::parse(text) {
            Ok(Reference::Control {
                framework,
                control,
                section,
            }) => add(framework, &control, section),
            Ok(Reference::Topic(topic)) => {
                for (framework, control) in topic.controls {
                    add(framework, control, false);
                }
            }
            Err(error) => errors.push(format!("{}: {error}", meta.id)),
        }
    }
    for (framework, control) in mappings::by_area(meta.area)
        .iter()
        .chain(mappings::by_check(meta.id))
    {
        add(framework, control, false);
    }
    add(
        list::LAYER,
        crate::matrix::layer_of(meta.id, meta.area),
        false,
    );
    (controls, errors)
}

/// The catalog the exporters read: every framework and every check with
/// its explanation and controls.
pub fn catalog() -> Catalog {
    Catalog {
        frameworks: list::FRAMEWORKS.to_vec(),
        checks: registry::ALL
            .iter()
            .map(|check| {
                let m = check.meta;
                CheckEntry {
                    id: m.id,
                    title: m.title,
                    rationale: m.rationale,
                    logic: m.logic,
                    remediation: m.remediation,
                    controls: controls_of(m).0,
                }
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reference_parses_and_every_check_maps_to_a_framework_control() {
        let mut problems = Vec::new();
        for check in registry::ALL {
            let (controls, errors) = controls_of(check.meta);
            problems.extend(errors);
            // The layer is tenantaudit's own; a framework control must be there too.
            if !controls.iter().any(|c| c.framework != list::LAYER) {
                problems.push(format!("{} maps to no framework control", check.meta.id));
            }
            for c in &controls {
                if list::FRAMEWORKS.iter().all(|f| f.id != c.framework) {
                    problems.push(format!(
                        "{}: unknown framework {}",
                        check.meta.id, c.framework
                    ));
                }
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn mapped_controls_are_well_formed() {
        // The table's own ids follow each framework's pattern.
        for (framework, id) in all_mappings() {
            let ok = match framework {
                list::NIST => reference::parse(&format!("NIST 800-53 {id}")).is_ok(),
                list::CIS_CONTROLS => reference::parse(&format!("CIS Controls {id}")).is_ok(),
                list::ISO => id.strip_prefix("A.").is_some_and(|n| {
                    matches!(n.split_once('.'), Some((theme, number))
                        if ["5", "6", "7", "8"].contains(&theme) && number.parse::<u8>().is_ok())
                }),
                list::SOC2 => id
                    .strip_prefix("CC")
                    .or_else(|| id.strip_prefix("C"))
                    .is_some_and(|n| n.split('.').all(|p| p.parse::<u8>().is_ok())),
                _ => false,
            };
            assert!(ok, "{framework} {id} is malformed");
        }
    }

    fn all_mappings() -> Vec<(&'static str, &'static str)> {
        let mut all: Vec<_> = tenantaudit_report::Area::ALL
            .iter()
            .flat_map(|a| mappings::by_area(*a).iter().copied())
            .collect();
        for check in registry::ALL {
            all.extend(mappings::by_check(check.meta.id).iter().copied());
        }
        for topic in &topics::TOPICS {
            all.extend(topic.controls.iter().copied());
        }
        all
    }

    #[test]
    fn the_layer_total_is_the_matrix_customer_side() {
        let customer = crate::matrix::matrix()
            .rows
            .iter()
            .filter(|r| r.layer.customer_side_saas())
            .count() as u32;
        let layer = list::find(list::LAYER).unwrap();
        assert_eq!(layer.controls_total, Some(customer));
    }
}

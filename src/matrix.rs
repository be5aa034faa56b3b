//! The IaaS / PaaS / SaaS shared responsibility matrix, as data.
//!
//! Each layer says who owns it under each service model, from the physical
//! datacenter up to data classification (after the layering cloud providers
//! publish, with the SaaS customer side split into tenantaudit's areas). A
//! layer the customer holds or shares in SaaS names the responsibility area
//! whose checks cover it (taken from the registry, so a new check shows up
//! here by itself) and what to review by hand. `tenantaudit matrix` prints
//! it; the HTML report shows the same rows.

use crate::checks::registry;
use tenantaudit_report::matrix::{Layer, Matrix, MatrixRow, Owner::*};
use tenantaudit_report::Area;

struct Row {
    layer: Layer,
    /// The area whose checks cover the layer in SaaS (less those a narrower
    /// layer names in `checks`).
    area: Option<Area>,
    /// Checks that cover this layer by name, rather than by area.
    checks: &'static [&'static str],
    /// What no API check can decide, to review by hand.
    manual: Option<&'static str>,
}

/// Shown for a customer-side layer whose area has no check (yet), so that
/// no layer the customer owns ever reads as covered by nothing.
const NO_CHECK: &str = "no tenantaudit check covers this layer yet: review it by hand";

const fn layer(
    name: &'static str,
    scope: &'static str,
    owners: [tenantaudit_report::matrix::Owner; 3],
) -> Layer {
    Layer {
        name,
        scope,
        iaas: owners[0],
        paas: owners[1],
        saas: owners[2],
    }
}

/// Bottom (physical) to top (data), the order the matrix is read in.
const ROWS: [Row; 18] = [
    Row {
        layer: layer("Physical datacenter", "buildings, power, cooling, physical access", [Provider, Provider, Provider]),
        area: None,
        checks: &[],
        manual: None,
    },
    Row {
        layer: layer("Physical network", "cabling, edge routers, DDoS protection at the edge", [Provider, Provider, Provider]),
        area: None,
        checks: &[],
        manual: None,
    },
    Row {
        layer: layer("Physical hosts", "servers, storage hardware, firmware", [Provider, Provider, Provider]),
        area: None,
        checks: &[],
        manual: None,
    },
    Row {
        layer: layer("Virtualisation", "hypervisor and isolation between tenants", [Provider, Provider, Provider]),
        area: None,
        checks: &[],
        manual: None,
    },
    Row {
        layer: layer("Network controls", "virtual networks, firewalls, load balancers", [Customer, Shared, Provider]),
        area: None,
        checks: &[],
        manual: None,
    },
    Row {
        layer: layer("Operating system", "patching and hardening of the OS", [Customer, Provider, Provider]),
        area: None,
        checks: &[],
        manual: None,
    },
    Row {
        layer: layer("Runtime and middleware", "language runtimes, databases, web servers", [Customer, Provider, Provider]),
        area: None,
        checks: &[],
        manual: None,
    },
    Row {
        layer: layer("Application", "the application's code, its patches and its secure development", [Customer, Shared, Provider]),
        area: None,
        checks: &[],
        manual: None,
    },
    Row {
        layer: layer(
            "Identity platform and access policy",
            "the provider runs sign-in; conditional access, legacy protocols, session and network policy are the tenant's",
            [Customer, Shared, Shared],
        ),
        area: Some(Area::Access),
        checks: &[],
        manual: None,
    },
    Row {
        layer: layer("Accounts and identities", "admins, least privilege, guests, stale and orphaned accounts", [Customer, Customer, Customer]),
        area: Some(Area::Identity),
        checks: &[],
        manual: None,
    },
    Row {
        layer: layer("Authentication", "MFA coverage and strength, weak methods", [Customer, Customer, Customer]),
        area: Some(Area::Mfa),
        checks: &[],
        manual: None,
    },
    Row {
        layer: layer("Sharing and collaboration", "external sharing, link defaults, org-wide defaults, guest access", [Customer, Customer, Customer]),
        area: Some(Area::Sharing),
        checks: &[],
        manual: None,
    },
    Row {
        layer: layer("Third-party apps and integrations", "OAuth consent, app permissions, app credentials, connected apps", [Customer, Customer, Customer]),
        area: Some(Area::Apps),
        checks: &[],
        manual: None,
    },
    Row {
        layer: layer("Audit logging and monitoring", "the provider records; enabling, retaining and reviewing is the tenant's", [Customer, Shared, Shared]),
        area: Some(Area::Logging),
        checks: &[],
        manual: Some("confirm that audit logs reach your SIEM and that someone reviews the alerts"),
    },
    Row {
        layer: layer("Endpoints and devices", "the devices that sign in: management, compliance, device-based access", [Customer, Customer, Customer]),
        area: None,
        checks: &[],
        manual: Some(
            "tenantaudit does not read device management (Intune, MDM): review device compliance policies and that access requires a managed device",
        ),
    },
    Row {
        layer: layer("Information and data", "the content itself: retention, backup, legal hold", [Customer, Customer, Customer]),
        area: None,
        checks: &[],
        manual: Some(
            "the provider keeps the service available, not your history: review retention policies and an independent backup of mail, files and CRM records",
        ),
    },
    Row {
        layer: layer(
            "Encryption key management",
            "customer-managed keys: who holds them, and their rotation (the provider encrypts by default with its own keys)",
            [Customer, Shared, Shared],
        ),
        area: None,
        checks: &["SF-DATA-02", "M365-DATA-04"],
        manual: Some("keys kept outside the tenant (Azure Key Vault, an HSM) are rotated there: review their rotation policy"),
    },
    Row {
        layer: layer("Data classification and governance", "sensitivity labels, DLP, forwarding, field classification", [Customer, Customer, Customer]),
        area: Some(Area::Data),
        checks: &[],
        manual: Some("review that labels and classifications are applied to sensitive content, not only published"),
    },
];

/// The customer-side layer whose checks are those of `area`.
/// The layer a check is listed under: the one that names it, else its area's.
pub fn layer_of(check: &str, area: Area) -> &'static str {
    ROWS.iter()
        .find(|r| r.checks.contains(&check))
        .or_else(|| ROWS.iter().find(|r| r.area == Some(area)))
        .map(|r| r.layer.name)
        .expect("every area has a layer (tested below)")
}

pub fn matrix() -> Matrix {
    Matrix {
        rows: ROWS.iter().map(resolve).collect(),
    }
}

fn resolve(row: &Row) -> MatrixRow {
    let named_elsewhere = |id: &str| ROWS.iter().any(|r| r.checks.contains(&id));
    let by_area = row.area.map(|area| {
        registry::ALL
            .iter()
            .filter(move |c| c.meta.area == area && !named_elsewhere(c.meta.id))
            .map(|c| c.meta.id)
    });
    let checks: Vec<&'static str> = row
        .checks
        .iter()
        .copied()
        .chain(by_area.into_iter().flatten())
        .collect();
    let uncovered = checks.is_empty() && row.layer.customer_side_saas();
    MatrixRow {
        layer: row.layer.clone(),
        checks,
        manual: row.manual.or(uncovered.then_some(NO_CHECK)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_area_has_exactly_one_layer_so_every_check_is_in_the_matrix() {
        for area in Area::ALL {
            let rows = ROWS.iter().filter(|r| r.area == Some(area)).count();
            assert_eq!(rows, 1, "{area} is covered by {rows} layers");
        }
        let listed: usize = matrix().rows.iter().map(|r| r.checks.len()).sum();
        assert_eq!(listed, registry::ALL.len());
        // A check named by a layer exists, and is listed once.
        for id in ROWS.iter().flat_map(|r| r.checks) {
            assert!(registry::ALL.iter().any(|c| c.meta.id == *id), "{id}");
        }
    }

    #[test]
    fn customer_side_layers_have_checks_or_a_manual_note_and_provider_layers_neither() {
        for row in matrix().rows {
            if row.layer.customer_side_saas() {
                assert!(
                    !row.checks.is_empty() || row.manual.is_some(),
                    "{}",
                    row.layer.name
                );
            } else {
                assert!(
                    row.checks.is_empty() && row.manual.is_none(),
                    "{}",
                    row.layer.name
                );
            }
        }
    }
}

//! The shared responsibility matrix: who owns each layer of the stack under
//! IaaS, PaaS and SaaS, and for each layer the customer holds (or shares) in
//! SaaS, the checks that cover it or what to review by hand.
//!
//! The rows are data of the binary (`src/matrix.rs`, linked to the check
//! registry there); this module is their shape, the join with a report's
//! findings, and the plain-text view `tenantaudit matrix` prints. The HTML
//! report renders the same [`Matrix::view`].

use crate::glance::{status_rank, tenant_label};
use crate::{Report, Status};
use std::fmt::Write as _;

/// Who runs and secures a layer under one service model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    Provider,
    Shared,
    Customer,
}

impl Owner {
    pub fn as_str(self) -> &'static str {
        match self {
            Owner::Provider => "provider",
            Owner::Shared => "shared",
            Owner::Customer => "customer",
        }
    }
}

/// One layer, from the physical datacenter up to data classification.
#[derive(Debug, Clone, PartialEq)]
pub struct Layer {
    pub name: &'static str,
    /// What the layer holds, in a few words.
    pub scope: &'static str,
    pub iaas: Owner,
    pub paas: Owner,
    pub saas: Owner,
}

impl Layer {
    /// A layer the customer holds or shares in SaaS: tenantaudit's scope.
    pub fn customer_side_saas(&self) -> bool {
        self.saas != Owner::Provider
    }
}

/// A layer with what tenantaudit does about it.
#[derive(Debug, Clone, PartialEq)]
pub struct MatrixRow {
    pub layer: Layer,
    /// Check ids (from the registry) that cover the layer in SaaS.
    pub checks: Vec<&'static str>,
    /// What to review by hand: the part no API can decide, or the whole
    /// layer when no check covers it. Every customer-side SaaS row has
    /// checks, this note, or both.
    pub manual: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Matrix {
    pub rows: Vec<MatrixRow>,
}

/// One check's outcome on one tenant, as the matrix shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct TenantStatus {
    /// The tenant's label in the configuration (its display name if unset).
    pub tenant: String,
    pub status: Status,
}

/// A covering check with its latest status on each tenant of the report
/// (empty when the report has no finding for it: disabled, or no tenant of
/// its provider).
#[derive(Debug, Clone, PartialEq)]
pub struct CheckCoverage {
    pub check_id: &'static str,
    pub statuses: Vec<TenantStatus>,
}

impl CheckCoverage {
    /// The status that most needs attention, for a one-word summary.
    pub fn worst(&self) -> Option<Status> {
        self.statuses
            .iter()
            .map(|s| s.status)
            .min_by_key(|s| status_rank(*s))
    }
}

/// A matrix row joined with a report.
#[derive(Debug, Clone, PartialEq)]
pub struct RowView<'a> {
    pub row: &'a MatrixRow,
    pub checks: Vec<CheckCoverage>,
}

impl Matrix {
    /// Each row with its checks' statuses from `report` (none without one).
    pub fn view<'a>(&'a self, report: Option<&Report>) -> Vec<RowView<'a>> {
        self.rows
            .iter()
            .map(|row| RowView {
                row,
                checks: row
                    .checks
                    .iter()
                    .map(|&check_id| CheckCoverage {
                        check_id,
                        statuses: report.map(|r| statuses(r, check_id)).unwrap_or_default(),
                    })
                    .collect(),
            })
            .collect()
    }

    /// The plain-text matrix `tenantaudit matrix` prints: the ownership
    /// table, then each customer-side SaaS row with its checks (and their
    /// statuses when a report is given) or its manual note.
    pub fn render_text(&self, report: Option<&Report>) -> String {
        let mut out = String::new();
        let width = self
            .rows
            .iter()
            .map(|r| r.layer.name.len())
            .max()
            .unwrap_or(0);
        let _ = writeln!(
            out,
            "Shared responsibility: who owns each layer\n\n{:<width$}  {:<9} {:<9} {:<9}",
            "LAYER", "IAAS", "PAAS", "SAAS"
        );
        for row in &self.rows {
            let l = &row.layer;
            let _ = writeln!(
                out,
                "{:<width$}  {:<9} {:<9} {:<9}",
                l.name,
                l.iaas.as_str(),
                l.paas.as_str(),
                l.saas.as_str()
            );
        }
        let _ = writeln!(
            out,
            "\nCustomer side in SaaS: what tenantaudit checks{}",
            if report.is_some() {
                " (latest status per tenant)"
            } else {
                ""
            }
        );
        for view in self.view(report) {
            let row = view.row;
            if !row.layer.customer_side_saas() {
                continue;
            }
            let _ = writeln!(
                out,
                "\n{} ({}): {}",
                row.layer.name,
                row.layer.saas.as_str(),
                row.layer.scope
            );
            for check in &view.checks {
                let statuses = match (report, check.statuses.is_empty()) {
                    (None, _) => String::new(),
                    (Some(_), true) => "not run".to_string(),
                    (Some(_), false) => check
                        .statuses
                        .iter()
                        .map(|s| format!("{} {}", s.tenant, s.status))
                        .collect::<Vec<_>>()
                        .join(", "),
                };
                let _ = writeln!(out, "  {:<12} {statuses}", check.check_id);
            }
            if let Some(note) = row.manual {
                let _ = writeln!(out, "  manual       {note}");
            }
        }
        out
    }
}

fn statuses(report: &Report, check_id: &str) -> Vec<TenantStatus> {
    report
        .findings
        .iter()
        .filter(|f| f.check_id == check_id)
        .map(|f| {
            let tenant = report.tenants.iter().find(|t| t.tenant_id == f.tenant_id);
            TenantStatus {
                tenant: tenant
                    .map(|t| tenant_label(t).to_string())
                    .unwrap_or_else(|| f.tenant_id.clone()),
                status: f.status,
            }
        })
        .collect()
}

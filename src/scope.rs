//! Ad-hoc scoping from the command line: some tenants, one provider, some
//! checks or areas. Narrows the config's tenants and baseline; never widens
//! them (a check the baseline disables stays disabled).

use crate::baseline::Baseline;
use crate::checks::{registry, CheckMeta};
use crate::cli::{CheckFilter, ScopeArgs};
use crate::config::TenantConfig;
use anyhow::{anyhow, bail};
use std::collections::BTreeSet;
use tenantaudit_connector::snapshot::Snapshot;
use tenantaudit_connector::Provider;

impl CheckFilter {
    /// Check ids named with `--checks` that the registry does not know.
    pub fn validate(&self) -> anyhow::Result<()> {
        match self.checks.iter().find(|id| registry::find(id).is_none()) {
            Some(id) => bail!("--checks: unknown check id {id:?} (see `tenantaudit checks list`)"),
            None => Ok(()),
        }
    }

    pub fn provider(&self) -> Option<Provider> {
        self.provider.map(Provider::from)
    }

    pub fn keeps(&self, meta: &CheckMeta) -> bool {
        (self.checks.is_empty()
            || self
                .checks
                .iter()
                .any(|id| id.eq_ignore_ascii_case(meta.id)))
            && (self.areas.is_empty() || self.areas.contains(&meta.area))
            && self.provider().is_none_or(|p| meta.providers.contains(&p))
    }

    /// Limits the baseline to the checks this filter keeps.
    pub fn narrow(&self, baseline: &mut Baseline) {
        if self.checks.is_empty() && self.areas.is_empty() && self.provider.is_none() {
            return;
        }
        let kept: BTreeSet<&'static str> = registry::ALL
            .iter()
            .map(|c| c.meta)
            .filter(|meta| baseline.runs(meta.id) && self.keeps(meta))
            .map(|meta| meta.id)
            .collect();
        baseline.only = Some(kept);
    }
}

impl ScopeArgs {
    fn keeps_tenant(&self, label: &str, provider: Provider) -> bool {
        (self.tenants.is_empty() || self.tenants.iter().any(|t| t == label))
            && self.filter.provider().is_none_or(|p| p == provider)
    }

    /// Every `--tenant` must name one of `labels`.
    fn check_labels<'a>(
        &self,
        labels: impl Iterator<Item = &'a str> + Clone,
    ) -> anyhow::Result<()> {
        if let Some(missing) = self
            .tenants
            .iter()
            .find(|t| !labels.clone().any(|l| l == t.as_str()))
        {
            let known: Vec<_> = labels.collect();
            bail!(
                "--tenant {missing:?}: no such tenant (labels: {})",
                known.join(", ")
            );
        }
        Ok(())
    }

    /// Keeps the configured tenants in scope; none left is an error.
    pub fn tenants(&self, tenants: &mut Vec<TenantConfig>) -> anyhow::Result<()> {
        self.filter.validate()?;
        self.check_labels(tenants.iter().map(|t| t.label.as_str()))?;
        tenants.retain(|t| self.keeps_tenant(&t.label, t.provider));
        if tenants.is_empty() {
            return Err(anyhow!(
                "no configured tenant is in scope (--tenant, --provider)"
            ));
        }
        Ok(())
    }

    /// Keeps the snapshots in scope; none left is an error.
    pub fn snapshots(&self, snapshots: &mut Vec<Snapshot>) -> anyhow::Result<()> {
        self.filter.validate()?;
        self.check_labels(snapshots.iter().map(|s| s.tenant.label.as_str()))?;
        snapshots.retain(|s| self.keeps_tenant(&s.tenant.label, s.tenant.provider));
        if snapshots.is_empty() {
            return Err(anyhow!("no snapshot is in scope (--tenant, --provider)"));
        }
        Ok(())
    }
}

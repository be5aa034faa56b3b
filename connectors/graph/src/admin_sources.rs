//! The opt-in admin sources beside Graph: Exchange Online and SharePoint
//! admin APIs. Each tenant without one configured records its collections as
//! `skipped`, naming the setting that enables them, so their checks are
//! `manual` rather than guesses.

use crate::exchange::{self, single};
use crate::sharepoint_admin::{self, SHAREPOINT_ADMIN};
use crate::{licences, GraphConnector};
use tenantaudit_connector::collect::{Collector, Spec};
use tenantaudit_connector::snapshot::m365::{
    AdminAuditLogConfig, DataEncryptionPolicy, ExchangeOrganizationConfig, RemoteDomain,
    SharepointTenant, SharingPolicy,
};
use tenantaudit_connector::snapshot::CollectionRecord;

/// What the admin sources gave, with one record per collection.
pub struct AdminData {
    pub records: Vec<(&'static str, CollectionRecord)>,
    pub organization_config: Option<ExchangeOrganizationConfig>,
    pub admin_audit_log_config: Option<AdminAuditLogConfig>,
    pub remote_domains: Option<Vec<RemoteDomain>>,
    pub sharing_policies: Option<Vec<SharingPolicy>>,
    pub data_encryption_policies: Option<Vec<DataEncryptionPolicy>>,
    pub sharepoint_tenant: Option<SharepointTenant>,
}

/// What each opt-in source needs, collection by collection (offboarding's
/// per-person reads last), for `tenantaudit permissions m365`.
pub fn permissions() -> Vec<(&'static str, &'static str)> {
    exchange::COLLECTIONS
        .map(|(spec, _)| spec)
        .into_iter()
        .chain([exchange::MAILBOX, exchange::INBOX_RULES, SHAREPOINT_ADMIN])
        .map(|spec| (spec.name, spec.permission))
        .collect()
}

fn not_configured(spec: Spec, how: &'static str) -> (&'static str, CollectionRecord) {
    let record = licences::skipped(Spec {
        name: spec.name,
        permission: how,
    });
    (spec.name, record)
}

pub async fn collect(graph: &GraphConnector, c: &Collector<'_>) -> AdminData {
    let exchange = async {
        let exo = graph.exchange.as_ref()?;
        let tenant = graph.tenant_id.as_str();
        let [org, audit, domains, sharing, keys] =
            exchange::COLLECTIONS.map(|(spec, cmdlet)| (spec, cmdlet, serde_json::json!({})));
        let (org_list, audit_list, domains, sharing, keys) = tokio::join!(
            exo.cmdlet(c, tenant, org.0, org.1, org.2),
            exo.cmdlet(c, tenant, audit.0, audit.1, audit.2),
            exo.cmdlet(c, tenant, domains.0, domains.1, domains.2),
            exo.cmdlet(c, tenant, sharing.0, sharing.1, sharing.2),
            exo.cmdlet(c, tenant, keys.0, keys.1, keys.2),
        );
        Some((
            single(org.0, org_list),
            single(audit.0, audit_list),
            domains,
            sharing,
            keys,
        ))
    };
    let sharepoint = async {
        match &graph.sharepoint_admin {
            Some(spo) => Some(spo.tenant(c).await),
            None => None,
        }
    };
    let (exchange, sharepoint) = tokio::join!(exchange, sharepoint);
    let mut data = AdminData {
        records: Vec::new(),
        organization_config: None,
        admin_audit_log_config: None,
        remote_domains: None,
        sharing_policies: None,
        data_encryption_policies: None,
        sharepoint_tenant: None,
    };
    match exchange {
        Some((org, audit, domains, sharing, keys)) => {
            let [org_spec, audit_spec, domains_spec, sharing_spec, keys_spec] =
                exchange::COLLECTIONS.map(|(spec, _)| spec.name);
            data.records.extend([
                (org_spec, org.record),
                (audit_spec, audit.record),
                (domains_spec, domains.record),
                (sharing_spec, sharing.record),
                (keys_spec, keys.record),
            ]);
            data.data_encryption_policies = keys.data;
            data.organization_config = org.data;
            data.admin_audit_log_config = audit.data;
            data.remote_domains = domains.data;
            data.sharing_policies = sharing.data;
        }
        None => data.records.extend(
            exchange::COLLECTIONS.map(|(spec, _)| not_configured(spec, exchange::NOT_CONFIGURED)),
        ),
    }
    match sharepoint {
        Some(tenant) => {
            data.records.push((SHAREPOINT_ADMIN.name, tenant.record));
            data.sharepoint_tenant = tenant.data;
        }
        None => data.records.push(not_configured(
            SHAREPOINT_ADMIN,
            sharepoint_admin::NOT_CONFIGURED,
        )),
    }
    data
}

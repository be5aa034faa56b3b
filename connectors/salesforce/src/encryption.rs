//! Shield Platform Encryption key material (`TenantSecret`, REST query).
//!
//! Whether the org has Platform Encryption is decided before any query: the
//! Manage Encryption Keys permission exists in an org only with the feature,
//! so a PermissionSet describe without `PermissionsManageEncryptionKeys`
//! makes the collection `not_licensed`. With it, a refused query (Salesforce
//! answers `INVALID_TYPE` for an object the caller may not see) is an error
//! naming the permission, never "no encryption".

use crate::collections::{
    MANAGE_ENCRYPTION_KEYS, SHIELD_LICENCE, TENANT_SECRETS, TENANT_SECRETS_SOQL,
};
use crate::describe::PermissionFields;
use crate::Api;
use tenantaudit_connector::collect::{endpoint_of, failed_record, Collected, Collector, Paging};
use tenantaudit_connector::snapshot::salesforce::TenantSecret;
use tenantaudit_connector::snapshot::{CollectionRecord, CollectionStatus};
use tenantaudit_connector::{CollectError, ErrorKind};

pub async fn tenant_secrets(
    c: &Collector<'_>,
    api: &Api,
    fields: &PermissionFields,
) -> Collected<Vec<TenantSecret>> {
    let describe = endpoint_of(&fields.url);
    let record = match fields.has(MANAGE_ENCRYPTION_KEYS) {
        Ok(true) => {
            let mut secrets = c
                .list(
                    TENANT_SECRETS,
                    api.query(TENANT_SECRETS_SOQL),
                    Paging::Soql,
                    &crate::batch(),
                )
                .await;
            secrets.record = invisible_is_forbidden(secrets.record);
            secrets.record.endpoints.insert(0, describe);
            return secrets;
        }
        Ok(false) => CollectionRecord {
            status: CollectionStatus::NotLicensed,
            endpoints: vec![describe],
            permission: TENANT_SECRETS.permission.to_string(),
            item_count: 0,
            pages: 0,
            sha256: None,
            error: None,
            licence: Some(SHIELD_LICENCE.to_string()),
        },
        Err(error) => failed_record(TENANT_SECRETS, describe, error),
    };
    c.progress.finished(c.tenant, TENANT_SECRETS.name, &record);
    Collected { record, data: None }
}

/// In an org with the feature, `INVALID_TYPE` means the caller may not see
/// TenantSecret: a missing permission, reported as one so the fix names it.
fn invisible_is_forbidden(record: CollectionRecord) -> CollectionRecord {
    match &record.error {
        Some(error) if error.message.contains("INVALID_TYPE") => {
            let refused = CollectError::new(ErrorKind::Forbidden, error.message.clone());
            let endpoint = record.endpoints.first().cloned().unwrap_or_default();
            failed_record(TENANT_SECRETS, endpoint, &refused)
        }
        _ => record,
    }
}

//! `sobjects/PermissionSet/describe`: which permissions exist in this org.
//! A `Permissions*` field that does not exist makes a query fail
//! (`INVALID_FIELD`), so describe decides which optional ones are queried;
//! the snapshot records them, so a check tells "not in this org" from
//! "not reported". The same answer tells whether the org has Shield Platform
//! Encryption (see `encryption`).

use crate::collections::{OPTIONAL_PERMISSIONS, PERMISSION_SETS, PERMISSION_SETS_SOQL};
use crate::Api;
use serde::Deserialize;
use tenantaudit_connector::collect::{endpoint_of, failed_record, Collected, Collector, Paging};
use tenantaudit_connector::snapshot::salesforce::PermissionSet;
use tenantaudit_connector::{CollectError, ErrorKind};
use url::Url;

#[derive(Deserialize)]
struct Describe {
    fields: Vec<DescribeField>,
}

#[derive(Deserialize)]
struct DescribeField {
    name: String,
}

/// The PermissionSet describe: its URL and the field names it reported.
pub struct PermissionFields {
    pub url: Url,
    pub names: Result<Vec<String>, CollectError>,
}

impl PermissionFields {
    /// Whether describe reported `name`; `Err` when describe failed.
    pub fn has(&self, name: &str) -> Result<bool, &CollectError> {
        self.names
            .as_ref()
            .map(|names| names.iter().any(|n| n == name))
    }
}

pub async fn permission_fields(c: &Collector<'_>, api: &Api) -> PermissionFields {
    let url = api.path("sobjects/PermissionSet/describe");
    let names = c.http.get(&url, c.token, &[]).await.and_then(|r| {
        serde_json::from_slice::<Describe>(&r.body)
            .map(|d| d.fields.into_iter().map(|f| f.name).collect())
            .map_err(|e| CollectError::new(ErrorKind::Malformed, format!("{}: {e}", url.path())))
    });
    PermissionFields { url, names }
}

/// The permission sets, and the optional permission fields that were queried.
pub async fn permission_sets(
    c: &Collector<'_>,
    api: &Api,
    fields: &PermissionFields,
) -> (Collected<Vec<PermissionSet>>, Option<Vec<String>>) {
    let present = match &fields.names {
        Ok(names) => OPTIONAL_PERMISSIONS
            .iter()
            .filter(|name| names.iter().any(|n| n == *name))
            .map(|name| name.to_string())
            .collect::<Vec<_>>(),
        Err(error) => {
            tracing::warn!(collection = PERMISSION_SETS.name, "{error}");
            let record = failed_record(PERMISSION_SETS, endpoint_of(&fields.url), error);
            c.progress.finished(c.tenant, PERMISSION_SETS.name, &record);
            return (Collected { record, data: None }, None);
        }
    };
    let soql = present
        .iter()
        .fold(PERMISSION_SETS_SOQL.to_string(), |soql, field| {
            format!("{soql}, {field}")
        })
        + " FROM PermissionSet";
    let mut sets = c
        .list(
            PERMISSION_SETS,
            api.query(&soql),
            Paging::Soql,
            &crate::batch(),
        )
        .await;
    sets.record.endpoints.insert(0, endpoint_of(&fields.url));
    let present = sets.data.is_some().then_some(present);
    (sets, present)
}

//! Permission sets with the optional permissions this org has. A `Permissions*`
//! field that does not exist makes the whole query fail (`INVALID_FIELD`), so
//! `sobjects/PermissionSet/describe` decides which optional ones are queried;
//! the snapshot records them, so a check tells "not in this org" from
//! "not reported".

use crate::collections::{OPTIONAL_PERMISSIONS, PERMISSION_SETS, PERMISSION_SETS_SOQL};
use crate::Api;
use serde::Deserialize;
use tenantaudit_connector::collect::{endpoint_of, failed_record, Collected, Collector, Paging};
use tenantaudit_connector::snapshot::salesforce::PermissionSet;
use tenantaudit_connector::{CollectError, ErrorKind};

#[derive(Deserialize)]
struct Describe {
    fields: Vec<DescribeField>,
}

#[derive(Deserialize)]
struct DescribeField {
    name: String,
}

/// The permission sets, and the optional permission fields that were queried.
pub async fn permission_sets(
    c: &Collector<'_>,
    api: &Api,
) -> (Collected<Vec<PermissionSet>>, Option<Vec<String>>) {
    let describe_url = api.path("sobjects/PermissionSet/describe");
    let present = match c.http.get(&describe_url, c.token, &[]).await.and_then(|r| {
        serde_json::from_slice::<Describe>(&r.body).map_err(|e| {
            CollectError::new(
                ErrorKind::Malformed,
                format!("{}: {e}", describe_url.path()),
            )
        })
    }) {
        Ok(describe) => OPTIONAL_PERMISSIONS
            .iter()
            .filter(|name| describe.fields.iter().any(|f| f.name == **name))
            .map(|name| name.to_string())
            .collect::<Vec<_>>(),
        Err(error) => {
            tracing::warn!(collection = PERMISSION_SETS.name, "{error}");
            let record = failed_record(PERMISSION_SETS, endpoint_of(&describe_url), &error);
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
    sets.record.endpoints.insert(0, endpoint_of(&describe_url));
    let present = sets.data.is_some().then_some(present);
    (sets, present)
}

//! Members of the groups that hold privileged roles: a role given to a group
//! is held by each of its members, so counts and checks need them.

use crate::roles;
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use tenantaudit_connector::collect::{Collected, Collector, Paging, Spec};
use tenantaudit_connector::snapshot::m365::{
    DirectoryObject, GroupMembers, RoleAssignment, RoleScheduleInstance,
};
use url::Url;

const GROUP: &str = "#microsoft.graph.group";

/// The groups holding a privileged role, active or eligible.
pub fn privileged_groups(
    active: Option<&[RoleAssignment]>,
    eligible: Option<&[RoleScheduleInstance]>,
) -> Vec<String> {
    let active = active
        .unwrap_or_default()
        .iter()
        .map(|a| (&a.role_definition_id, &a.principal_id, a.principal.as_ref()));
    let eligible = eligible
        .unwrap_or_default()
        .iter()
        .map(|e| (&e.role_definition_id, &e.principal_id, e.principal.as_ref()));
    active
        .chain(eligible)
        .filter(|(role, _, p)| {
            roles::privileged_name(role).is_some()
                && p.and_then(|p| p.odata_type.as_deref()) == Some(GROUP)
        })
        .map(|(_, id, _)| id.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// Reads every group's members as one collection: one record, whose hash
/// covers every page of every group in order.
pub async fn collect(
    c: &Collector<'_>,
    spec: Spec,
    groups: Vec<(String, Url)>,
    base: Url,
) -> Collected<Vec<GroupMembers>> {
    c.progress.started(c.tenant, spec.name);
    let mut hash = Sha256::new();
    let mut all = Vec::new();
    let mut pages = 0;
    let mut endpoints = Vec::new();
    let first = groups.first().map(|(_, url)| url.clone()).unwrap_or(base);
    for (group_id, url) in &groups {
        endpoints.push(tenantaudit_connector::collect::endpoint_of(url));
        match c
            .pages::<DirectoryObject>(spec.name, url, Paging::OData, &[], &mut hash)
            .await
        {
            Ok((members, n)) => {
                pages += n;
                all.push(GroupMembers {
                    group_id: group_id.clone(),
                    members,
                });
            }
            Err(error) => return c.finish(spec, url, Err(error)),
        }
    }
    let count = all.iter().map(|g| g.members.len() as u64).sum();
    let mut collected = c.finish(
        spec,
        &first,
        Ok((all, pages, count, hex::encode(hash.finalize()))),
    );
    // No group holds a privileged role: nothing was read, so no endpoint.
    collected.record.endpoints = endpoints;
    collected
}

//! What an exception's `object` names, per tenant. Display names are not
//! unique: a second, unverified app can take a trusted app's name. So an
//! exception matches by immutable id (object id, appId, user id); a name (or
//! login) counts only when exactly one object of the tenant carries it.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use tenantaudit_connector::snapshot::{ProviderSection, Snapshot};
use tenantaudit_report::Finding;

/// One object of a tenant: its ids (an app's registration and service
/// principal share its appId) and the names it goes by.
struct Known {
    ids: BTreeSet<String>,
    names: BTreeSet<String>,
}

/// Every object a tenant's snapshot and findings name.
#[derive(Default)]
pub struct TenantObjects {
    objects: Vec<Known>,
    /// Any id (or appId) → its object.
    by_id: HashMap<String, usize>,
}

/// What an exception's `object` resolves to in one tenant.
#[derive(Debug, PartialEq)]
pub enum Resolved {
    /// The ids of the one object it names.
    One(BTreeSet<String>),
    /// A name several objects carry: the exception does not apply here.
    Ambiguous(usize),
    None,
}

impl TenantObjects {
    /// Tenant id → its objects, from the snapshots and every finding's
    /// affected objects.
    pub fn index(snapshots: &[Snapshot], findings: &[Finding]) -> BTreeMap<String, TenantObjects> {
        let mut all: BTreeMap<String, TenantObjects> = BTreeMap::new();
        for snapshot in snapshots {
            let objects = all.entry(snapshot.tenant.tenant_id.clone()).or_default();
            for p in snapshot.common.principals.iter().flatten() {
                objects.add(None, &p.id, &[&p.display_name, &p.login]);
            }
            if let ProviderSection::M365(m365) = &snapshot.provider {
                for sp in m365.service_principals.iter().flatten() {
                    objects.add(sp.app_id.as_deref(), &sp.id, sp.display_name.as_slice());
                }
                for app in m365.applications.iter().flatten() {
                    objects.add(app.app_id.as_deref(), &app.id, app.display_name.as_slice());
                }
            }
        }
        for finding in findings {
            let objects = all.entry(finding.tenant_id.clone()).or_default();
            for a in &finding.affected {
                objects.add(None, &a.id, &[&a.display_name]);
            }
        }
        all
    }

    fn add<S: AsRef<str>>(&mut self, app_id: Option<&str>, id: &str, names: &[S]) {
        let known = [Some(id), app_id]
            .into_iter()
            .flatten()
            .find_map(|i| self.by_id.get(i).copied());
        let index = known.unwrap_or_else(|| {
            self.objects.push(Known {
                ids: BTreeSet::new(),
                names: BTreeSet::new(),
            });
            self.objects.len() - 1
        });
        for i in [Some(id), app_id].into_iter().flatten() {
            self.objects[index].ids.insert(i.to_string());
            self.by_id.insert(i.to_string(), index);
        }
        let names = names.iter().map(AsRef::as_ref).filter(|n| !n.is_empty());
        self.objects[index].names.extend(names.map(str::to_string));
    }

    /// An id (or appId) names its object; a name only when it is unique.
    pub fn resolve(&self, object: &str) -> Resolved {
        if let Some(&index) = self.by_id.get(object) {
            return Resolved::One(self.objects[index].ids.clone());
        }
        let named: Vec<&Known> = self
            .objects
            .iter()
            .filter(|k| k.names.contains(object))
            .collect();
        match named.as_slice() {
            [] => Resolved::None,
            [one] => Resolved::One(one.ids.clone()),
            many => Resolved::Ambiguous(many.len()),
        }
    }
}

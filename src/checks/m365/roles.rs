//! Entra built-in role template ids and the catalog's privileged set. The list
//! lives in the Graph connector, which maps it into the common model; checks
//! read the same one.

pub use tenantaudit_graph::roles::{privileged_name, GLOBAL_ADMINISTRATOR, PRIVILEGED};

/// The privileged role template ids alone.
pub fn privileged_ids() -> Vec<&'static str> {
    PRIVILEGED.iter().map(|(id, _)| *id).collect()
}

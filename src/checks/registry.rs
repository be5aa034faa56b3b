//! The one list of checks. `checks list`, `checks explain`, the docs pages and
//! report metadata all come from here.

use super::{common, m365, salesforce, Check};

macro_rules! registry {
    ($($module:path),* $(,)?) => {
        &[$({
            use $module as check;
            Check { meta: &check::META, evaluate: check::evaluate }
        }),*]
    };
}

pub static ALL: &[Check] = registry![
    m365::mfa_all_users,
    m365::mfa_capable,
    m365::legacy_auth,
    m365::global_admin_count,
    m365::guest_access,
    m365::app_registration,
    m365::user_consent,
    salesforce::mfa_required,
    salesforce::modify_all_data,
    salesforce::session_timeout,
    salesforce::connected_app_approval,
    common::dormant_accounts,
];

pub fn find(id: &str) -> Option<&'static Check> {
    ALL.iter().find(|c| c.meta.id.eq_ignore_ascii_case(id))
}

//! `[tenant.exclusions]`: the conditional-access exclusions a tenant has
//! approved, validated with the rest of the config. Users, groups and roles
//! are object or role template ids (GUIDs); applications are application ids
//! or the two keywords conditional access accepts in their place; guest and
//! external user types are the documented `guestOrExternalUserTypes` values.

use crate::config::Exclusions;
use crate::config_errors::ConfigErrors;
use serde::Deserialize;
use toml::Spanned;

/// Values of `conditionalAccessGuestsOrExternalUsers.guestOrExternalUserTypes`
/// (Microsoft Graph v1.0) that name a kind of guest (`none` and
/// `unknownFutureValue` do not).
pub const GUEST_USER_TYPES: &[&str] = &[
    "internalGuest",
    "b2bCollaborationGuest",
    "b2bCollaborationMember",
    "b2bDirectConnectUser",
    "otherExternalUser",
    "serviceProvider",
];

/// What `excludeApplications` accepts besides application ids.
const APPLICATION_KEYWORDS: &[&str] = &["Office365", "MicrosoftAdminPortals"];

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawExclusions {
    #[serde(default)]
    users: Vec<Spanned<String>>,
    #[serde(default)]
    groups: Vec<Spanned<String>>,
    #[serde(default)]
    roles: Vec<Spanned<String>>,
    #[serde(default)]
    applications: Vec<Spanned<String>>,
    #[serde(default)]
    guest_user_types: Vec<Spanned<String>>,
}

impl RawExclusions {
    /// The approved exclusions; each value that is not what its key holds
    /// is added to `errors`, naming its line, and left out.
    pub fn validate(self, errors: &mut ConfigErrors) -> Exclusions {
        let mut check =
            |key: &str, values: Vec<Spanned<String>>, ok: &dyn Fn(&str) -> bool, what: &str| {
                values
                    .into_iter()
                    .filter_map(|v| {
                        if ok(v.get_ref()) {
                            return Some(v.into_inner());
                        }
                        errors.at(
                            Some(v.span()),
                            format!("[tenant.exclusions] {key}: {:?} is not {what}", v.get_ref()),
                        );
                        None
                    })
                    .collect::<Vec<_>>()
            };
        let application = |v: &str| is_guid(v) || APPLICATION_KEYWORDS.contains(&v);
        let guest_type = |v: &str| GUEST_USER_TYPES.contains(&v);
        Exclusions {
            users: check("users", self.users, &is_guid, "a user object id (a GUID)"),
            groups: check(
                "groups",
                self.groups,
                &is_guid,
                "a group object id (a GUID)",
            ),
            roles: check(
                "roles",
                self.roles,
                &is_guid,
                "a directory role template id (a GUID)",
            ),
            applications: check(
                "applications",
                self.applications,
                &application,
                "an application id (a GUID), Office365 or MicrosoftAdminPortals",
            ),
            guest_user_types: check(
                "guest_user_types",
                self.guest_user_types,
                &guest_type,
                &format!(
                    "a guest or external user type ({})",
                    GUEST_USER_TYPES.join(", ")
                ),
            ),
        }
    }
}

/// A GUID in its usual hyphenated form.
fn is_guid(text: &str) -> bool {
    text.len() == 36 && uuid::Uuid::try_parse(text).is_ok()
}

//! Tenant-wide directory settings (`groupSettings`), one object per settings
//! template. A tenant that never changed a template has no object for it, and
//! an object may omit a value: then Microsoft's template default applies.

use crate::checks::{need, Context, Missing};

pub const COLLECTION: &str = "group_settings";
/// The "Password Rule Settings" template (smart lockout, password protection).
pub const PASSWORD_RULES: &str = "5cf42378-d67d-4f36-ba46-e8b86229381d";
/// The "Consent Policy Settings" template.
pub const CONSENT_POLICY: &str = "dffd5d46-495d-40a9-8e21-954ff55e198a";

/// One setting's value, and whether the tenant set it or the default applies.
pub struct Setting {
    pub name: &'static str,
    pub value: String,
    pub explicit: bool,
}

impl Setting {
    pub fn is(&self, expected: &str) -> bool {
        self.value.eq_ignore_ascii_case(expected)
    }

    /// The value as shown in findings: `False (default)` when not set.
    pub fn shown(&self) -> String {
        if self.explicit {
            self.value.clone()
        } else {
            format!("{} (default)", self.value)
        }
    }

    /// The evidence path of this value.
    pub fn path(&self, template: &str) -> String {
        format!(
            "$[?(@.templateId=='{template}')].values[?(@.name=='{}')].value",
            self.name
        )
    }
}

/// The value of `name` in the tenant's settings from `template`, else `default`.
pub fn setting(
    ctx: &Context,
    template: &str,
    name: &'static str,
    default: &str,
) -> Result<Setting, Missing> {
    let settings = need(
        super::section(ctx.snapshot)?.group_settings.as_ref(),
        COLLECTION,
        "settings",
    )?;
    let value = settings
        .iter()
        .filter(|s| s.template_id.as_deref() == Some(template))
        .flat_map(|s| &s.values)
        .find(|v| v.name == name)
        .and_then(|v| v.value.clone());
    Ok(Setting {
        name,
        explicit: value.is_some(),
        value: value.unwrap_or_else(|| default.to_string()),
    })
}

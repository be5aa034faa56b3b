//! M365-ID-07: default users cannot create tenants or security groups, or read BitLocker keys.

use super::authorization_policy::{self, COLLECTION};
use crate::checks::{check_meta, need, Context, Missing, Outcome};
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

check_meta! {
    id: "M365-ID-07",
    title: "Default users cannot create tenants or security groups, or read BitLocker keys",
    providers: &[Provider::M365],
    area: Area::Identity,
    severity: Severity::Medium,
    needs: &[COLLECTION],
    references: &["CIS 5.1.2.3", "CIS 5.1.3.2", "CIS 5.1.4.6"],
    rationale: "Tenants and security groups created by any user escape governance; BitLocker keys are a path to device data.",
    logic: "Passes when `defaultUserRolePermissions.allowedToCreateTenants`, `allowedToCreateSecurityGroups` and `allowedToReadBitlockerKeysForOwnedDevice` are all false. A flag Graph does not report is an error (fail closed).",
    remediation: "Entra admin center → Users → User settings: \"Restrict non-admin users from creating tenants\" Yes; Groups → General: \"Users can create security groups\" No; Devices → Device settings: \"Restrict users from recovering the BitLocker key(s) for their owned devices\" Yes.",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let defaults = authorization_policy::default_user_permissions(ctx.snapshot)?;
    let flags = [
        (
            "allowedToCreateTenants",
            defaults.allowed_to_create_tenants,
            "can create tenants",
        ),
        (
            "allowedToCreateSecurityGroups",
            defaults.allowed_to_create_security_groups,
            "can create security groups",
        ),
        (
            "allowedToReadBitlockerKeysForOwnedDevice",
            defaults.allowed_to_read_bitlocker_keys_for_owned_device,
            "can read BitLocker keys of their devices",
        ),
    ];
    let mut allowed = Vec::new();
    let mut outcome_evidence = Vec::new();
    for (name, value, meaning) in flags {
        let value = *need(
            value.as_ref(),
            COLLECTION,
            &format!("defaultUserRolePermissions.{name}"),
        )?;
        outcome_evidence.push((name, value));
        if value {
            allowed.push((name, meaning));
        }
    }
    let mut outcome = Outcome::verdict(
        !allowed.is_empty(),
        "default users cannot create tenants or security groups, or read BitLocker keys",
        format!(
            "default users {}",
            allowed
                .iter()
                .map(|(_, m)| *m)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    );
    for (name, value) in outcome_evidence {
        outcome = outcome.evidence(
            COLLECTION,
            format!("defaultUserRolePermissions.{name}"),
            value,
        );
    }
    for (name, meaning) in allowed {
        outcome = outcome.affected(name, name, format!("default users {meaning}"));
    }
    Ok(outcome)
}

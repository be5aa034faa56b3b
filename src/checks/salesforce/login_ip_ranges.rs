//! SF-ACC-04: login IP ranges per profile.

use super::holders::{AUTHOR_APEX, CUSTOMIZE_APPLICATION, MANAGE_USERS, MODIFY_ALL_DATA};
use super::section;
use crate::checks::{all, plural};
use crate::checks::{check_meta, need, Context, Missing, Outcome, ParamDefault, ParamSpec};
use std::collections::BTreeMap;
use std::net::IpAddr;
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

const RANGES: &str = "login_ip_ranges";
const SETS: &str = "permission_sets";

check_meta! {
    id: "SF-ACC-04",
    title: "Login IP ranges are narrow, and admin profiles have them",
    providers: &[Provider::Salesforce],
    area: Area::Access,
    severity: Severity::High,
    needs: &[RANGES, SETS],
    references: &["SBS-AUTH-003"],
    rationale: "A profile range of half the internet restricts nothing, and an admin profile without a range can be used from anywhere.",
    logic: "Every `LoginIpRange` must span at most `max_addresses` addresses (default 16,777,216, a /8; IPv6 ranges count the same way). Every admin profile (one whose profile-owned permission set grants Modify All Data, Customize Application, Manage Users or Author Apex) must have at least one range. An address that does not parse is an error.",
    remediation: "Setup → Profiles → the named profile → Login IP Ranges: replace wide ranges with your egress addresses, and add ranges to every admin profile.",
    params: &[ParamSpec { name: "max_addresses", doc: "widest range allowed, in addresses", default: ParamDefault::Int(16_777_216) }],
}

fn size(start: &str, end: &str) -> Option<u128> {
    match (start.parse().ok()?, end.parse().ok()?) {
        (IpAddr::V4(a), IpAddr::V4(b)) => u128::from(u32::from(b))
            .checked_sub(u128::from(u32::from(a)))
            .map(|d| d + 1),
        (IpAddr::V6(a), IpAddr::V6(b)) => u128::from(b)
            .checked_sub(u128::from(a))
            .map(|d| d.saturating_add(1)),
        _ => None,
    }
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let sf = section(ctx.snapshot)?;
    let ranges = need(sf.login_ip_ranges.as_ref(), RANGES, "ranges")?;
    let sets = need(sf.permission_sets.as_ref(), SETS, "permission sets")?;
    let max = u128::try_from(ctx.params.int("max_addresses")).unwrap_or(0);
    let mut problems = Vec::new();
    for range in ranges {
        let addresses = *need(
            size(&range.start_address, &range.end_address).as_ref(),
            RANGES,
            &format!(
                "a valid range in {} ({}–{})",
                range.id, range.start_address, range.end_address
            ),
        )?;
        if addresses > max {
            problems.push((
                range.profile_id.clone(),
                profile_name(sets, &range.profile_id),
                format!(
                    "range {}–{} spans {addresses} addresses",
                    range.start_address, range.end_address
                ),
            ));
        }
    }
    let mut admin_profiles = BTreeMap::new();
    for set in sets.iter().filter(|s| s.is_owned_by_profile == Some(true)) {
        let Some(profile) = set.profile_id.as_deref() else {
            continue;
        };
        let mut admin = false;
        for perm in [
            &MODIFY_ALL_DATA,
            &CUSTOMIZE_APPLICATION,
            &MANAGE_USERS,
            &AUTHOR_APEX,
        ] {
            admin |= *need(
                (perm.get)(set).as_ref(),
                SETS,
                &format!("{} of {}", perm.field, set.name),
            )?;
        }
        if admin {
            admin_profiles.insert(profile, set.display_name());
        }
    }
    for (profile, name) in &admin_profiles {
        if !ranges.iter().any(|r| r.profile_id == *profile) {
            problems.push((
                profile.to_string(),
                name.clone(),
                "admin profile without login IP ranges".into(),
            ));
        }
    }
    let mut outcome = Outcome::verdict(
        !problems.is_empty(),
        format!(
            "{} at most {max} addresses and {} restricted",
            plural(ranges.len(), "range is", "ranges are"),
            all(
                admin_profiles.len(),
                "admin profile is",
                "admin profiles are"
            )
        ),
        plural(
            problems.len(),
            "login IP range problem",
            "login IP range problems",
        ),
    )
    .evidence(RANGES, "$[*].StartAddress..EndAddress", ranges.len());
    for (id, name, reason) in problems {
        outcome = outcome.affected(id, name, reason);
    }
    Ok(outcome)
}

fn profile_name(
    sets: &[tenantaudit_connector::snapshot::salesforce::PermissionSet],
    profile: &str,
) -> String {
    sets.iter()
        .find(|s| s.profile_id.as_deref() == Some(profile) && s.is_owned_by_profile == Some(true))
        .map(|s| s.display_name())
        .unwrap_or_else(|| format!("profile {profile}"))
}

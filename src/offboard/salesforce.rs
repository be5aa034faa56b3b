//! Salesforce residual-access items of one matched user.

use super::matching::Identifiers;
use super::review::{collected, source, Item};
use chrono::NaiveDate;
use tenantaudit_connector::snapshot::salesforce::{PermissionSet, User};
use tenantaudit_salesforce::person::{Holdings, Org};

/// User types that are not a person's account: a site's guest user shares
/// its owner's e-mail address, and automated-process users are the platform's.
const NOT_PEOPLE: [&str; 2] = ["Guest", "AutomatedProcess"];

pub fn is_person(user: &User) -> bool {
    !user
        .user_type
        .as_deref()
        .is_some_and(|t| NOT_PEOPLE.contains(&t))
}

pub fn identifiers(user: &User) -> Identifiers<'_> {
    let mut ids = vec![("Username", user.username.as_str())];
    if let Some(email) = &user.email {
        ids.push(("Email", email.as_str()));
    }
    if let Some(federation) = &user.federation_identifier {
        ids.push(("FederationIdentifier", federation.as_str()));
    }
    Identifiers(ids)
}

/// The privileged permissions a set grants, most powerful first. A
/// permission the API did not report counts as granted (fail closed).
pub fn privileged(set: &PermissionSet) -> Vec<&'static str> {
    [
        (set.permissions_modify_all_data, "Modify All Data"),
        (set.permissions_view_all_data, "View All Data"),
        (set.permissions_manage_users, "Manage Users"),
        (
            set.permissions_customize_application,
            "Customize Application",
        ),
        (set.permissions_author_apex, "Author Apex"),
    ]
    .into_iter()
    .filter(|(granted, _)| granted.unwrap_or(true))
    .map(|(_, name)| name)
    .collect()
}

pub fn items(user: &User, org: &Org, holdings: &Holdings, leave_date: NaiveDate) -> Vec<Item> {
    let mut items = vec![
        active(user, org, holdings),
        last_login(user, org, leave_date),
    ];
    items.extend(permission_sets(user, org, holdings));
    items.extend(tokens(user, holdings));
    items.push(login_ip(user, org));
    items
}

fn active(user: &User, org: &Org, h: &Holdings) -> Item {
    const KIND: &str = "account_active";
    let frozen = match collected(KIND, &h.login) {
        Ok(rows) => match rows.first().and_then(|r| r.is_frozen) {
            Some(true) => "frozen",
            Some(false) => "not frozen",
            None => "frozen state not reported",
        },
        Err(_) => "frozen state not collected",
    };
    let who = &user.username;
    match user.is_active {
        None => Item::unknown(KIND, "IsActive was not returned", "check that the integration user has View All Users"),
        Some(active) => Item::verdict(
            KIND,
            active,
            "the user is deactivated",
            format!("the user is active ({frozen})"),
            format!("Deactivate: Setup → Users → {who} → Edit → Active off (freeze the user first if deactivation is blocked by ownership or hierarchy)"),
        ),
    }
    .evidence(format!("{}: IsActive = {:?}", source(&org.users), user.is_active))
    .evidence(format!("{}: {frozen}", source(&h.login)))
}

fn last_login(user: &User, org: &Org, leave_date: NaiveDate) -> Item {
    let after = user.last_login_date.filter(|t| t.date_naive() > leave_date);
    Item::verdict(
        "login_after_leave",
        after.is_some(),
        "no login after the leave date",
        format!(
            "logged in after leaving, last on {}",
            after.map(|t| t.to_rfc3339()).unwrap_or_default()
        ),
        format!(
            "Investigate: Setup → Users → {} → Login History; then deactivate the user",
            user.username
        ),
    )
    .evidence(format!(
        "{}: LastLoginDate = {}",
        source(&org.users),
        user.last_login_date
            .map(|t| t.to_rfc3339())
            .unwrap_or_else(|| "never".into())
    ))
}

/// The profile (through its profile-owned set) and every permission set,
/// privileged ones first. Every user has a profile: it is residual only
/// when it grants an admin permission.
fn permission_sets(user: &User, org: &Org, h: &Holdings) -> Vec<Item> {
    const KIND: &str = "permission_set";
    let (sets, assignments) = match (
        collected(KIND, &org.permission_sets),
        collected(KIND, &h.assignments),
    ) {
        (Ok(sets), Ok(assignments)) => (sets, assignments),
        (Err(unknown), _) | (_, Err(unknown)) => return vec![unknown],
    };
    let mut items = Vec::new();
    for a in assignments {
        let Some(set) = sets.iter().find(|s| s.id == a.permission_set_id) else {
            // Unknown sorts with the privileged: it may be.
            items.push((
                false,
                Item::unknown(
                    KIND,
                    format!(
                        "assigned permission set {} is not in the permission set list",
                        a.permission_set_id
                    ),
                    "collect again; check View Setup and Configuration",
                )
                .evidence(format!(
                    "{}: assignment {}",
                    source(&h.assignments),
                    a.id
                )),
            ));
            continue;
        };
        let admin = privileged(set);
        let name = set.display_name();
        let evidence = format!(
            "{}: assignment {} of {}",
            source(&h.assignments),
            a.id,
            set.id
        );
        let profile = set.is_owned_by_profile == Some(true);
        let item = match (profile, admin.is_empty()) {
            (true, true) => Item::clear(KIND, format!("{name} grants no admin permission")),
            (true, false) => Item::residual(KIND, format!("{name} grants {}", admin.join(", ")), format!("Change the profile to a minimum-access one: Setup → Users → {} → Edit → Profile", user.username)),
            (false, _) => {
                let grants = if admin.is_empty() { String::new() } else { format!(" granting {}", admin.join(", ")) };
                Item::residual(KIND, format!("permission set {name}{grants}"), format!("Remove the assignment: Setup → Users → {} → Permission Set Assignments → Edit Assignments", user.username))
            }
        };
        items.push((admin.is_empty(), item.evidence(evidence)));
    }
    // Privileged first; the sort is stable, so otherwise in the API's order.
    items.sort_by_key(|(plain, _)| *plain);
    let mut items: Vec<Item> = items.into_iter().map(|(_, item)| item).collect();
    if items.is_empty() {
        items.push(
            Item::clear(KIND, "no permission set assigned")
                .evidence(format!("{}: 0 assignments", source(&h.assignments))),
        );
    }
    items
}

fn tokens(user: &User, h: &Holdings) -> Vec<Item> {
    const KIND: &str = "oauth_token";
    let tokens = match collected(KIND, &h.tokens) {
        Ok(tokens) => tokens,
        Err(unknown) => return vec![unknown],
    };
    if tokens.is_empty() {
        return vec![Item::clear(KIND, "no OAuth token of a connected app")
            .evidence(format!("{}: 0 tokens", source(&h.tokens)))];
    }
    tokens
        .iter()
        .map(|t| {
            let app = t.app_name.as_deref().unwrap_or("?");
            Item::residual(
                KIND,
                format!("OAuth token of {app}, last used {}", t.last_used_date.map(|d| d.to_rfc3339()).unwrap_or_else(|| "never".into())),
                format!("Revoke it: Setup → Users → {} → OAuth Connected Apps → Revoke (or Setup → Connected Apps OAuth Usage → {app})", user.username),
            )
            .evidence(format!("{}: token {} (used {} times)", source(&h.tokens), t.key(), t.use_count.unwrap_or(0)))
        })
        .collect()
}

/// Whether the user's profile restricts where they can sign in from. It
/// only matters while the user can sign in at all.
fn login_ip(user: &User, org: &Org) -> Item {
    const KIND: &str = "login_ip_restriction";
    let ranges = match collected(KIND, &org.login_ip_ranges) {
        Ok(ranges) => ranges,
        Err(unknown) => return unknown,
    };
    let profile = user
        .profile
        .as_ref()
        .and_then(|p| p.name.clone())
        .unwrap_or_else(|| "?".into());
    // A range from 0.0.0.0 to 255.255.255.255 admits every address: no restriction.
    let mine: Vec<_> = ranges
        .iter()
        .filter(|r| Some(&r.profile_id) == user.profile_id.as_ref())
        .filter(|r| !(r.start_address == "0.0.0.0" && r.end_address == "255.255.255.255"))
        .collect();
    let shown: Vec<String> = mine
        .iter()
        .map(|r| format!("{}–{}", r.start_address, r.end_address))
        .collect();
    let open = user.is_active != Some(false) && mine.is_empty();
    Item::verdict(
        KIND,
        open,
        if user.is_active == Some(false) { format!("the user cannot sign in; profile {profile} ranges: {}", shown.len()) } else { format!("profile {profile} limits sign-in to {}", shown.join(", ")) },
        format!("profile {profile} lets the active user sign in from any IP address"),
        format!("Deactivate the user; until then, add Login IP Ranges to profile {profile} (Setup → Profiles → {profile} → Login IP Ranges)"),
    )
    .evidence(format!("{}: {} for profile {}", source(&org.login_ip_ranges), crate::checks::plural(mine.len(), "range", "ranges"), user.profile_id.as_deref().unwrap_or("?")))
}

//! Microsoft 365 residual-access items of one matched Entra account.

use super::mailboxes::{Mailboxes, EXPORT_COMMAND};
use super::matching::Identifiers;
use super::review::{collected, source, Item};
use chrono::NaiveDate;
use tenantaudit_graph::exchange::MailboxState;
use tenantaudit_graph::person::{Directory, DirectoryUser, Holdings, Owned};

/// The identifiers an Entra account is matched on.
pub fn identifiers(user: &DirectoryUser) -> Identifiers<'_> {
    let mut ids = Vec::new();
    if let Some(upn) = &user.user_principal_name {
        ids.push(("userPrincipalName", upn.as_str()));
    }
    if let Some(mail) = &user.mail {
        ids.push(("mail", mail.as_str()));
    }
    ids.extend(user.other_mails.iter().map(|m| ("otherMails", m.as_str())));
    ids.extend(
        user.emails()
            .into_iter()
            .skip(user.mail.iter().count() + user.other_mails.len())
            .map(|m| ("proxyAddresses", m)),
    );
    Identifiers(ids)
}

/// Every item of the account, in the order an admin works through them:
/// sign-in first, then privileges, then the rest.
pub fn items(
    user: &DirectoryUser,
    directory: &Directory,
    holdings: &Holdings,
    leave_date: NaiveDate,
    exchange: Option<&MailboxState>,
    mailboxes: Option<&Mailboxes>,
) -> Vec<Item> {
    let upn = user.user_principal_name.as_deref().unwrap_or(&user.id);
    let mut items = account(holdings, upn, leave_date);
    items.extend(roles(holdings, upn));
    items.extend(groups(holdings, upn));
    items.extend(ownership(directory, &user.id, upn));
    items.extend(consents(directory, &user.id));
    items.extend(methods(holdings, upn));
    match exchange {
        Some(state) => items.extend(exchange_forwarding(user, state)),
        None => items.push(forwarding(user, mailboxes)),
    }
    items
}

/// Enabled, sessions, last sign-in and licences: all from the user object.
fn account(h: &Holdings, upn: &str, leave_date: NaiveDate) -> Vec<Item> {
    const KINDS: [&str; 4] = [
        "account_enabled",
        "sign_in_sessions",
        "sign_in_after_leave",
        "licences",
    ];
    let state = match collected("account", &h.account) {
        Ok(state) => state,
        Err(unknown) => {
            return KINDS
                .iter()
                .map(|&kind| Item {
                    kind,
                    ..unknown.clone()
                })
                .collect()
        }
    };
    let src = source(&h.account);
    let enabled = match state.account_enabled {
        None => Item::unknown(KINDS[0], "accountEnabled was not returned", "check that the app has User.Read.All"),
        Some(on) => Item::verdict(
            KINDS[0],
            on,
            "sign-in is blocked",
            "the account is enabled: the person can still sign in",
            format!("Block sign-in: Entra admin center → Users → {upn} → Edit properties → Account enabled off"),
        ),
    }
    .evidence(format!("{src}: accountEnabled = {:?}", state.account_enabled));
    let sessions = match state.sign_in_sessions_valid_from_date_time {
        None => Item::unknown(KINDS[1], "signInSessionsValidFromDateTime was not returned", "check that the app has User.Read.All"),
        Some(from) => Item::verdict(
            KINDS[1],
            from.date_naive() < leave_date,
            "sessions and refresh tokens were revoked on or after the leave date",
            format!("refresh tokens and sessions issued before {leave_date} are still valid (not revoked since {})", from.date_naive()),
            format!("Revoke sessions: Entra admin center → Users → {upn} → Revoke sessions"),
        ),
    }
    .evidence(format!(
        "{src}: signInSessionsValidFromDateTime = {}",
        state.sign_in_sessions_valid_from_date_time.map(|t| t.to_rfc3339()).unwrap_or_else(|| "null".into())
    ));
    // Graph leaves signInActivity out for an account that never signed in.
    let last = state.sign_in_activity.as_ref().and_then(|a| a.latest());
    let after = last.filter(|t| t.date_naive() > leave_date);
    let signed_in = Item::verdict(
        KINDS[2],
        after.is_some(),
        "no sign-in after the leave date",
        format!("signed in after leaving, last on {}", after.map(|t| t.to_rfc3339()).unwrap_or_default()),
        format!("Investigate: Entra admin center → Sign-in logs, filter on {upn}; then block sign-in and revoke sessions"),
    )
    .evidence(format!("{src}: signInActivity latest = {}", last.map(|t| t.to_rfc3339()).unwrap_or_else(|| "never".into())));
    let licences = match &state.assigned_licenses {
        None => Item::unknown(KINDS[3], "assignedLicenses was not returned", "check that the app has User.Read.All"),
        Some(list) => Item::verdict(
            KINDS[3],
            !list.is_empty(),
            "no licence assigned",
            format!(
                "{} still assigned",
                crate::checks::plural(list.len(), "licence", "licences")
            ),
            format!("Remove the licences: Microsoft 365 admin center → Users → {upn} → Licenses and apps (or the group that assigns them)"),
        )
        .evidence(format!(
            "{src}: assignedLicenses skuIds = [{}]",
            list.iter().map(|l| l.sku_id.as_str()).collect::<Vec<_>>().join(", ")
        )),
    };
    vec![enabled, sessions, signed_in, licences]
}

/// Active, then eligible directory roles. A tenant without PIM cannot hold
/// eligible assignments: Graph refuses the API for want of the licence.
fn roles(h: &Holdings, upn: &str) -> Vec<Item> {
    let mut items = Vec::new();
    for (read, how) in [(&h.active_roles, "active"), (&h.eligible_roles, "eligible")] {
        if read.record.status == tenantaudit_connector::snapshot::CollectionStatus::NotLicensed {
            items.push(
                Item::clear(
                    "directory_role",
                    format!("no {how} role: the tenant has no PIM"),
                )
                .evidence(format!(
                    "{}: not licensed ({})",
                    source(read),
                    read.record.licence.clone().unwrap_or_default()
                )),
            );
            continue;
        }
        let roles = match collected("directory_role", read) {
            Ok(roles) => roles,
            Err(unknown) => {
                items.push(unknown);
                continue;
            }
        };
        if roles.is_empty() {
            items.push(
                Item::clear("directory_role", format!("no {how} directory role"))
                    .evidence(format!("{}: 0 assignments", source(read))),
            );
        }
        for role in roles {
            let scope = role.directory_scope_id.as_deref().unwrap_or("/");
            items.push(
                Item::residual(
                    "directory_role",
                    format!("{how} role {} (scope {scope})", role.role_name()),
                    format!("Remove the {how} assignment: Entra admin center → Roles and administrators → {} → Assignments → {upn} → Remove", role.role_name()),
                )
                .evidence(format!("{}: assignment {}", source(read), role.id)),
            );
        }
    }
    items
}

/// Group memberships, role-assignable groups first: membership of those
/// grants the group's directory roles.
fn groups(h: &Holdings, upn: &str) -> Vec<Item> {
    let all = match collected("group_membership", &h.memberships) {
        Ok(all) => all,
        Err(unknown) => return vec![unknown],
    };
    let mut groups: Vec<_> = all
        .iter()
        .filter(|m| m.odata_type.as_deref() == Some("#microsoft.graph.group"))
        .collect();
    groups.sort_by_key(|g| {
        (
            g.is_assignable_to_role != Some(true),
            g.display_name.clone(),
        )
    });
    if groups.is_empty() {
        return vec![
            Item::clear("group_membership", "member of no group").evidence(format!(
                "{}: {} direct memberships, none a group",
                source(&h.memberships),
                all.len()
            )),
        ];
    }
    groups
        .into_iter()
        .map(|g| {
            let name = g.display_name.clone().unwrap_or_else(|| g.id.clone());
            let kind = if g.is_assignable_to_role == Some(true) {
                "role-assignable group"
            } else {
                "group"
            };
            Item::residual(
                "group_membership",
                format!("member of {kind} {name}"),
                format!(
                    "Remove {upn} from the group: Entra admin center → Groups → {name} → Members"
                ),
            )
            .evidence(format!("{}: group {}", source(&h.memberships), g.id))
        })
        .collect()
}

/// Apps, service principals and groups the account owns.
fn ownership(d: &Directory, user_id: &str, upn: &str) -> Vec<Item> {
    let mut items = Vec::new();
    for (read, what, place) in [
        (&d.applications, "application", "App registrations"),
        (
            &d.service_principals,
            "service principal",
            "Enterprise applications",
        ),
        (&d.groups, "group", "Groups"),
    ] {
        let all: &Vec<Owned> = match collected("ownership", read) {
            Ok(all) => all,
            Err(unknown) => {
                items.push(unknown);
                continue;
            }
        };
        let owned: Vec<_> = all
            .iter()
            .filter(|o| o.owners.iter().any(|w| w.id.eq_ignore_ascii_case(user_id)))
            .collect();
        if owned.is_empty() {
            items.push(
                Item::clear("ownership", format!("owns no {what}")).evidence(format!(
                    "{}: {} read",
                    source(read),
                    all.len()
                )),
            );
        }
        for o in owned {
            let name = o.display_name.clone().unwrap_or_else(|| o.id.clone());
            items.push(
                Item::residual(
                    "ownership",
                    format!("owner of {what} {name}"),
                    format!("Add another owner, then remove {upn}: Entra admin center → {place} → {name} → Owners"),
                )
                .evidence(format!("{}: {what} {}", source(read), o.id)),
            );
        }
    }
    items
}

/// Delegated consents the person granted for themselves.
fn consents(d: &Directory, user_id: &str) -> Vec<Item> {
    let all = match collected("oauth2_consent", &d.consents) {
        Ok(all) => all,
        Err(unknown) => return vec![unknown],
    };
    let mine: Vec<_> = all
        .iter()
        .filter(|c| {
            c.principal_id
                .as_deref()
                .is_some_and(|p| p.eq_ignore_ascii_case(user_id))
        })
        .collect();
    if mine.is_empty() {
        return vec![
            Item::clear("oauth2_consent", "granted no delegated consent").evidence(format!(
                "{}: {} grants read",
                source(&d.consents),
                all.len()
            )),
        ];
    }
    // The client is a service principal; its name is in the owners list when read.
    let name_of = |id: &str| {
        d.service_principals
            .data
            .iter()
            .flatten()
            .find(|s| s.id == id)
            .and_then(|s| s.display_name.clone())
            .unwrap_or_else(|| id.to_string())
    };
    mine.into_iter()
        .map(|c| {
            let app = name_of(&c.client_id);
            Item::residual(
                "oauth2_consent",
                format!("consented {app} to act for them (scopes:{})", c.scope.as_deref().unwrap_or("")),
                format!("Revoke the grant: Entra admin center → Enterprise applications → {app} → Permissions → User consent → Revoke (or DELETE /oauth2PermissionGrants/{})", c.id),
            )
            .evidence(format!("{}: grant {} ({})", source(&d.consents), c.id, c.consent_type.as_deref().unwrap_or("?")))
        })
        .collect()
}

/// Registered sign-in methods other than the password, which every account has.
fn methods(h: &Holdings, upn: &str) -> Vec<Item> {
    let all = match collected("authentication_method", &h.methods) {
        Ok(all) => all,
        Err(unknown) => return vec![unknown],
    };
    let extra: Vec<_> = all.iter().filter(|m| !m.is_password()).collect();
    if extra.is_empty() {
        return vec![
            Item::clear("authentication_method", "no method but the password").evidence(format!(
                "{}: {}",
                source(&h.methods),
                crate::checks::plural(all.len(), "method", "methods")
            )),
        ];
    }
    extra
        .into_iter()
        .map(|m| {
            let kind = m
                .odata_type
                .as_deref()
                .unwrap_or("?")
                .trim_start_matches("#microsoft.graph.");
            Item::residual(
                "authentication_method",
                format!("registered method {kind}"),
                format!("Delete it: Entra admin center → Users → {upn} → Authentication methods"),
            )
            .evidence(format!("{}: method {}", source(&h.methods), m.id))
        })
        .collect()
}

fn forwarding(user: &DirectoryUser, mailboxes: Option<&Mailboxes>) -> Item {
    const KIND: &str = "mailbox_forwarding";
    let upn = user.user_principal_name.as_deref().unwrap_or(&user.id);
    let Some(mailboxes) = mailboxes else {
        return Item::unknown(
            KIND,
            "Exchange data not configured: mailbox forwarding not checked",
            format!("Configure the Exchange Online admin source (exchange_admin under [tenant.endpoints]), or run Get-EXOMailbox -Identity {upn} -Properties ForwardingSmtpAddress,ForwardingAddress and Get-InboxRule -Mailbox {upn}, or pass --mailboxes with an export: {EXPORT_COMMAND}"),
        );
    };
    let mut addresses = user.emails();
    addresses.push(upn);
    match mailboxes.find(&addresses) {
        None => Item::clear(KIND, "no mailbox in the Exchange export")
            .evidence(format!("{}: no row for {upn}", mailboxes.sources())),
        Some(mailbox) => {
            let to = mailbox.forwarding();
            Item::verdict(
                KIND,
                !to.is_empty(),
                "the mailbox forwards nowhere",
                format!("the mailbox forwards to {}", to.join(", ")),
                format!("Remove forwarding: Exchange admin center → Mailboxes → {upn} → Mail flow settings → Email forwarding off"),
            )
            .evidence(format!("{}: ForwardingSmtpAddress = {:?}, ForwardingAddress = {:?}", mailboxes.sources(), mailbox.forwarding_smtp_address, mailbox.forwarding_address))
        }
    }
}

/// Mailbox forwarding and inbox-rule forwarding, read from the Exchange
/// Online admin API. The mailbox is asked for by UPN and must belong to this
/// account (its `ExternalDirectoryObjectId` is the Entra object id).
fn exchange_forwarding(user: &DirectoryUser, state: &MailboxState) -> Vec<Item> {
    const MAILBOX: &str = "mailbox_forwarding";
    const RULES: &str = "inbox_rule_forwarding";
    let upn = user.user_principal_name.as_deref().unwrap_or(&user.id);
    let src = format!("POST {}", state.mailbox.record.endpoints.join(", "));
    if state.no_mailbox() {
        return vec![Item::clear(MAILBOX, "the account has no mailbox")
            .evidence(format!("{src} (Identity {upn}): no such mailbox"))];
    }
    let mailboxes = match collected(MAILBOX, &state.mailbox) {
        Ok(list) => list,
        Err(unknown) => return vec![unknown],
    };
    let mailbox = match mailboxes.as_slice() {
        [one] if one
            .external_directory_object_id
            .as_deref()
            .is_some_and(|id| id.eq_ignore_ascii_case(&user.id)) =>
        {
            one
        }
        _ => {
            return vec![Item::unknown(
                MAILBOX,
                format!("Exchange answered {} mailbox(es) for {upn}, none of them this account's", mailboxes.len()),
                format!("Check by hand: Get-EXOMailbox -Identity {} -Properties ForwardingSmtpAddress,ForwardingAddress", user.id),
            )
            .evidence(src)]
        }
    };
    let to: Vec<&str> = [
        &mailbox.forwarding_smtp_address,
        &mailbox.forwarding_address,
    ]
    .into_iter()
    .flatten()
    .map(String::as_str)
    .filter(|a| !a.is_empty())
    .collect();
    let forwarding = Item::verdict(
        MAILBOX,
        !to.is_empty(),
        "the mailbox forwards nowhere",
        format!("the mailbox forwards to {}", to.join(", ")),
        format!("Remove forwarding: Exchange admin center → Mailboxes → {upn} → Mail flow settings → Email forwarding off"),
    )
    .evidence(format!(
        "{src}: ForwardingSmtpAddress = {:?}, ForwardingAddress = {:?}, DeliverToMailboxAndForward = {:?}",
        mailbox.forwarding_smtp_address, mailbox.forwarding_address, mailbox.deliver_to_mailbox_and_forward
    ));
    let rules = match state.rules.as_ref().map(|rules| collected(RULES, rules)) {
        Some(Ok(rules)) => rules,
        Some(Err(unknown)) => return vec![forwarding, unknown],
        None => return vec![forwarding],
    };
    let rules_src = state
        .rules
        .as_ref()
        .map(|r| format!("POST {}", r.record.endpoints.join(", ")))
        .unwrap_or_default();
    // A disabled rule forwards nothing until someone turns it on again.
    let forwarding_rules: Vec<_> = rules
        .iter()
        .filter(|r| r.enabled != Some(false) && !r.recipients().is_empty())
        .collect();
    let mut items = vec![forwarding];
    if forwarding_rules.is_empty() {
        items.push(
            Item::clear(RULES, "no enabled inbox rule forwards or redirects mail")
                .evidence(format!("{rules_src}: {} inbox rules read", rules.len())),
        );
    }
    for rule in forwarding_rules {
        let name = rule.name.clone().unwrap_or_default();
        items.push(
            Item::residual(
                RULES,
                format!("inbox rule \"{name}\" sends mail on to {}", rule.recipients().join(", ")),
                format!("Remove the rule: Exchange admin center → Mailboxes → {upn} → Manage mailbox rules, or Remove-InboxRule -Mailbox {upn} -Identity \"{}\"", rule.identity.as_deref().unwrap_or(&name)),
            )
            .evidence(format!("{rules_src}: rule {}", rule.identity.as_deref().unwrap_or(&name))),
        );
    }
    items
}

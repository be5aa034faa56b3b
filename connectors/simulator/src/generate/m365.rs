//! A Microsoft 365 tenant grown from `samples/m365-contoso`: users with their
//! registration details, groups, service principals holding app roles of
//! Microsoft Graph, delegated grants to them, conditional-access policies.

use super::{graph_time, items, person, with_items, Rng, Scale, Seed};
use crate::SampleStore;
use serde_json::{json, Value};

const USERS: &str = "graph/v1.0/users";
const REGISTRATION: &str = "graph/v1.0/reports/authenticationMethods/userRegistrationDetails";
const GROUPS: &str = "graph/v1.0/groups";
const SERVICE_PRINCIPALS: &str = "graph/v1.0/servicePrincipals";
const GRANTS: &str = "graph/v1.0/oauth2PermissionGrants";
const CA_POLICIES: &str = "graph/v1.0/identity/conditionalAccess/policies";
const GRAPH_APP_ID: &str = "00000003-0000-0000-c000-000000000000";
const DELEGATED_SCOPES: &[&str] = &[
    "User.Read",
    "User.Read offline_access",
    "openid profile email User.Read",
    "Mail.Read offline_access",
    "Files.Read.All",
    "Calendars.Read User.ReadBasic.All",
];

/// The sample tenant in `base`, grown to `scale`.
pub fn m365(base: SampleStore, scale: &Scale, seed: Seed) -> SampleStore {
    let now = seed.now;
    let mut rng = Rng::new(seed.seed, 1);
    let domain = "contoso.com";

    // Users and their registration details, one each.
    let mut users = items(&base, USERS);
    let mut registration = items(&base, REGISTRATION);
    let user_template = users
        .iter()
        .find(|u| u["userType"] == "Member" && u["signInActivity"].is_object())
        .cloned()
        .unwrap_or_else(|| json!({}));
    let registration_template = registration
        .iter()
        .find(|r| r["isMfaRegistered"] == true && r["isAdmin"] == false)
        .cloned()
        .unwrap_or_else(|| json!({}));
    let mut member_ids = Vec::new();
    for n in users.len()..scale.users {
        let id = rng.guid();
        let (given, family) = person(&mut rng);
        let guest = rng.chance(5);
        let login = format!("{}.{}{n}", given.to_lowercase(), family.to_lowercase());
        let upn = if guest {
            format!("{login}_fabrikam.com#EXT#@contoso.onmicrosoft.com")
        } else {
            format!("{login}@{domain}")
        };
        let mut user = user_template.clone();
        user["id"] = json!(id);
        user["displayName"] = json!(format!("{given} {family}"));
        user["givenName"] = json!(given);
        user["surname"] = json!(family);
        user["userPrincipalName"] = json!(upn);
        user["mail"] = json!(if guest {
            format!("{login}@fabrikam.com")
        } else {
            upn.clone()
        });
        user["userType"] = json!(if guest { "Guest" } else { "Member" });
        user["externalUserState"] = if guest {
            json!("Accepted")
        } else {
            Value::Null
        };
        user["accountEnabled"] = json!(!rng.chance(3));
        user["createdDateTime"] =
            graph_time(now, 30 + rng.below(2000) as i64, rng.below(86_400) as i64);
        // Most signed in lately; some are stale, a few never signed in.
        let (roll, stale, recent) = (rng.below(100), rng.below(400), rng.below(30));
        user["signInActivity"] = match roll {
            0..=1 => Value::Null,
            2..=11 => sign_in(&mut rng, now, 100 + stale as i64),
            _ => sign_in(&mut rng, now, recent as i64),
        };
        let mfa = !rng.chance(8);
        let mut details = registration_template.clone();
        details["id"] = json!(id);
        details["userPrincipalName"] = json!(upn);
        details["userDisplayName"] = user["displayName"].clone();
        details["userType"] = json!(if guest { "guest" } else { "member" });
        details["isAdmin"] = json!(false);
        details["isMfaRegistered"] = json!(mfa);
        details["isMfaCapable"] = json!(mfa);
        details["methodsRegistered"] = if mfa {
            json!(["microsoftAuthenticatorPush", "softwareOneTimePasscode"])
        } else {
            json!([])
        };
        details["lastUpdatedDateTime"] = graph_time(now, rng.below(10) as i64, 0);
        if !guest {
            member_ids.push(id);
        }
        users.push(user);
        registration.push(details);
    }

    // Groups: security and Microsoft 365 groups.
    let mut groups = items(&base, GROUPS);
    for n in groups.len()..scale.groups {
        let unified = rng.chance(40);
        groups.push(json!({
            "id": rng.guid(),
            "createdDateTime": graph_time(now, rng.below(2000) as i64, 0),
            "description": null,
            "displayName": format!("{} {n}", if unified { "Team" } else { "SG" }),
            "groupTypes": if unified { json!(["Unified"]) } else { json!([]) },
            "isAssignableToRole": null,
            "mail": if unified { json!(format!("team{n}@{domain}")) } else { Value::Null },
            "mailEnabled": unified,
            "mailNickname": format!("group{n}"),
            "securityEnabled": !unified,
            "visibility": if unified { json!("Private") } else { Value::Null },
        }));
    }

    // Service principals: third-party apps holding Graph app roles.
    let mut principals = items(&base, SERVICE_PRINCIPALS);
    let graph = principals
        .iter()
        .find(|sp| sp["appId"] == GRAPH_APP_ID)
        .cloned()
        .unwrap_or_else(|| json!({"id": "00000000-0000-4000-8000-000000000000", "appRoles": []}));
    let graph_id = graph["id"].as_str().unwrap_or_default().to_string();
    let roles: Vec<String> = graph["appRoles"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["id"].as_str().map(str::to_string))
        .collect();
    let sp_template = principals
        .iter()
        .find(|sp| sp["appRoleAssignments"].is_array() && sp["appId"] != GRAPH_APP_ID)
        .cloned()
        .unwrap_or_else(|| json!({}));
    let mut client_ids = Vec::new();
    let publishers: Vec<String> = (0..50).map(|_| rng.guid()).collect();
    for n in principals.len()..scale.service_principals {
        let id = rng.guid();
        let name = format!("Vendor App {n}");
        let verified = rng.chance(60);
        let mut sp = sp_template.clone();
        sp["id"] = json!(id);
        sp["appId"] = json!(rng.guid());
        sp["displayName"] = json!(name);
        sp["appOwnerOrganizationId"] = json!(rng.pick(&publishers));
        sp["accountEnabled"] = json!(!rng.chance(2));
        sp["verifiedPublisher"] = if verified {
            json!({"displayName": format!("Publisher {}", rng.below(50)),
                   "verifiedPublisherId": format!("{}", 1_000_000 + rng.below(9_000_000)),
                   "addedDateTime": graph_time(now, rng.below(1000) as i64, 0)})
        } else {
            json!({"displayName": null, "verifiedPublisherId": null, "addedDateTime": null})
        };
        sp["appRoles"] = json!([]);
        let assignments: Vec<Value> = if roles.is_empty() {
            Vec::new()
        } else {
            (0..rng.below(4))
                .map(|_| {
                    json!({
                        "id": rng.token(43),
                        "appRoleId": rng.pick(&roles),
                        "createdDateTime": graph_time(now, rng.below(900) as i64, 0),
                        "principalDisplayName": name,
                        "principalId": id,
                        "principalType": "ServicePrincipal",
                        "resourceDisplayName": "Microsoft Graph",
                        "resourceId": graph_id,
                        "deletedDateTime": null
                    })
                })
                .collect()
        };
        sp["appRoleAssignments"] = Value::Array(assignments);
        client_ids.push(id);
        principals.push(sp);
    }

    // Delegated grants of generated apps, mostly for one user each.
    let mut grants = items(&base, GRANTS);
    for _ in grants.len()..scale.oauth2_grants {
        let everyone = member_ids.is_empty() || rng.chance(5);
        let client = if client_ids.is_empty() {
            graph_id.clone()
        } else {
            rng.pick(&client_ids).clone()
        };
        grants.push(json!({
            "clientId": client,
            "consentType": if everyone { "AllPrincipals" } else { "Principal" },
            "id": rng.token(43),
            "principalId": if everyone { Value::Null } else { json!(rng.pick(&member_ids)) },
            "resourceId": graph_id,
            "scope": format!(" {}", rng.pick(DELEGATED_SCOPES)),
        }));
    }

    // Conditional-access policies: the sample's, repeated under new ids.
    let mut policies = items(&base, CA_POLICIES);
    let templates = policies.clone();
    for n in policies.len()..scale.ca_policies {
        let Some(template) = templates.get(n % templates.len().max(1)) else {
            break;
        };
        let mut policy = template.clone();
        policy["id"] = json!(rng.guid());
        let name = template["displayName"].as_str().unwrap_or("Policy");
        policy["displayName"] = json!(format!("{name} ({n})"));
        policies.push(policy);
    }

    let file = |key: &str| base.get(key).cloned();
    let (u, r, g, s, gr, ca) = (
        file(USERS),
        file(REGISTRATION),
        file(GROUPS),
        file(SERVICE_PRINCIPALS),
        file(GRANTS),
        file(CA_POLICIES),
    );
    let groups_context =
        json!({"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#groups"});
    let store = with_items(base, USERS, u.as_ref(), "value", users);
    let store = with_items(store, REGISTRATION, r.as_ref(), "value", registration);
    let store = with_items(
        store,
        GROUPS,
        Some(g.as_ref().unwrap_or(&groups_context)),
        "value",
        groups,
    );
    let store = with_items(store, SERVICE_PRINCIPALS, s.as_ref(), "value", principals);
    let store = with_items(store, GRANTS, gr.as_ref(), "value", grants);
    with_items(store, CA_POLICIES, ca.as_ref(), "value", policies)
}

fn sign_in(rng: &mut Rng, now: chrono::DateTime<chrono::Utc>, days: i64) -> Value {
    let at = graph_time(now, days, rng.below(86_400) as i64);
    json!({
        "lastSignInDateTime": at,
        "lastSignInRequestId": rng.guid(),
        "lastNonInteractiveSignInDateTime": null,
        "lastNonInteractiveSignInRequestId": null,
        "lastSuccessfulSignInDateTime": at,
        "lastSuccessfulSignInRequestId": rng.guid(),
    })
}

//! A Salesforce org grown from `samples/sf-acme`: users (with their MFA
//! methods), permission-set assignments and OAuth tokens of connected apps.

use super::{items, person, sf_time, with_items, Rng, Scale, Seed};
use crate::SampleStore;
use serde_json::{json, Value};

const USERS: &str = "query/User";
const ASSIGNMENTS: &str = "query/PermissionSetAssignment";
const TOKENS: &str = "query/OauthToken";
const MFA: &str = "query/TwoFactorMethodsInfo";

/// The sample org in `base`, grown to `scale`.
pub fn salesforce(base: SampleStore, scale: &Scale, seed: Seed) -> SampleStore {
    let now = seed.now;
    let mut rng = Rng::new(seed.seed, 2);
    let domain = "acme-corp.com";

    let mut users = items(&base, USERS);
    // Generated users get the profiles of the sample's ordinary users.
    let templates: Vec<Value> = users
        .iter()
        .filter(|u| {
            u["UserType"] == "Standard"
                && u.pointer("/Profile/Name")
                    .and_then(Value::as_str)
                    .is_some_and(|p| p == "Standard User" || p == "Read Only")
        })
        .cloned()
        .collect();
    let templates = if templates.is_empty() {
        users.clone()
    } else {
        templates
    };
    let mut mfa = items(&base, MFA);
    let mfa_template = mfa.first().cloned();
    let mut generated = Vec::new();
    for n in users.len()..scale.sf_users {
        let Some(template) = templates.get(rng.below(templates.len())) else {
            break;
        };
        let id = format!("005Gx{n:010}AAA");
        let (given, family) = person(&mut rng);
        let login = format!(
            "{}.{}{n}@{domain}",
            given.to_lowercase(),
            family.to_lowercase()
        );
        let active = !rng.chance(10);
        let mut user = template.clone();
        user["attributes"]["url"] = json!(format!("/services/data/v65.0/sobjects/User/{id}"));
        user["Id"] = json!(id);
        user["Username"] = json!(login);
        user["Name"] = json!(format!("{given} {family}"));
        user["Email"] = json!(login);
        user["IsActive"] = json!(active);
        user["CreatedDate"] = sf_time(now, 30 + rng.below(2500) as i64, rng.below(86_400) as i64);
        let (roll, stale, recent) = (rng.below(100), rng.below(300), rng.below(20));
        user["LastLoginDate"] = match roll {
            0..=2 => Value::Null,
            3..=12 => sf_time(now, 95 + stale as i64, 0),
            _ => sf_time(now, recent as i64, rng.below(86_400) as i64),
        };
        user["FederationIdentifier"] = if rng.chance(70) {
            json!(login)
        } else {
            Value::Null
        };
        if let Some(template) = &mfa_template {
            if rng.chance(85) {
                let mut methods = template.clone();
                methods["UserId"] = json!(id);
                methods["HasSalesforceAuthenticator"] = json!(rng.chance(70));
                methods["HasTotp"] = json!(rng.chance(30));
                methods["HasU2F"] = json!(false);
                methods["HasSecurityKey"] = json!(rng.chance(5));
                mfa.push(methods);
            }
        }
        generated.push((id, login, user["Name"].clone(), active));
        users.push(user);
    }

    // Assignments of the sample's ordinary permission sets to generated users.
    let mut assignments = items(&base, ASSIGNMENTS);
    let assignment_templates: Vec<Value> = assignments
        .iter()
        .filter(|a| a.pointer("/PermissionSet/PermissionsModifyAllData") != Some(&json!(true)))
        .cloned()
        .collect();
    for n in assignments.len()..scale.sf_permission_set_assignments {
        let (Some(template), false) = (
            assignment_templates.get(rng.below(assignment_templates.len())),
            generated.is_empty(),
        ) else {
            break;
        };
        let (user_id, login, name, active) = rng.pick(&generated);
        let id = format!("0PaGx{n:010}AAA");
        let mut assignment = template.clone();
        assignment["attributes"]["url"] = json!(format!(
            "/services/data/v65.0/sobjects/PermissionSetAssignment/{id}"
        ));
        assignment["Id"] = json!(id);
        assignment["AssigneeId"] = json!(user_id);
        if assignment["Assignee"].is_object() {
            assignment["Assignee"]["attributes"]["url"] =
                json!(format!("/services/data/v65.0/sobjects/User/{user_id}"));
            assignment["Assignee"]["Username"] = json!(login);
            assignment["Assignee"]["Name"] = name.clone();
            assignment["Assignee"]["IsActive"] = json!(active);
            assignment["Assignee"]["UserType"] = json!("Standard");
        }
        assignments.push(assignment);
    }

    // OAuth tokens of the sample's connected apps, held by generated users.
    let mut tokens = items(&base, TOKENS);
    let token_templates = tokens.clone();
    for _ in tokens.len()..scale.sf_oauth_tokens {
        let (Some(template), false) = (
            token_templates.get(rng.below(token_templates.len())),
            generated.is_empty(),
        ) else {
            break;
        };
        let (user_id, ..) = rng.pick(&generated);
        let created = 1 + rng.below(900) as i64;
        let mut token = template.clone();
        token["UserId"] = json!(user_id);
        token["CreatedDate"] = sf_time(now, created, rng.below(86_400) as i64);
        token["LastUsedDate"] = sf_time(now, rng.below(created as usize) as i64, 0);
        token["UseCount"] = json!(rng.below(50_000));
        tokens.push(token);
    }

    let file = |key: &str| base.get(key).cloned();
    let (u, a, t, m) = (file(USERS), file(ASSIGNMENTS), file(TOKENS), file(MFA));
    let store = with_items(base, USERS, u.as_ref(), "records", users);
    let store = with_items(store, ASSIGNMENTS, a.as_ref(), "records", assignments);
    let store = with_items(store, TOKENS, t.as_ref(), "records", tokens);
    with_items(store, MFA, m.as_ref(), "records", mfa)
}

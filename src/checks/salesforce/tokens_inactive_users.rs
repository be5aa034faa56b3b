//! SF-APP-03: OAuth tokens of inactive users.

use super::section;
use crate::checks::{agree, all, plural};
use crate::checks::{check_meta, need, Context, Missing, Outcome};
use std::collections::HashMap;
use tenantaudit_connector::Provider;
use tenantaudit_report::{Area, Severity};

const TOKENS: &str = "oauth_tokens";
const USERS: &str = "users";

check_meta! {
    id: "SF-APP-03",
    title: "No OAuth token belongs to an inactive user",
    providers: &[Provider::Salesforce],
    area: Area::Apps,
    severity: Severity::High,
    needs: &[TOKENS, USERS],
    references: &["offboarding"],
    rationale: "Deactivating a user does not always revoke the refresh tokens apps hold for them; each is access an offboarding missed.",
    logic: "Every `OauthToken` whose `UserId` is a user with `IsActive` false, or a user the org no longer returns, is named (app, user, last use).",
    remediation: "Setup → Connected Apps OAuth Usage (or the user's OAuth Connected Apps list): revoke the named tokens.",
    params: &[],
}

pub fn evaluate(ctx: &Context) -> Result<Outcome, Missing> {
    let sf = section(ctx.snapshot)?;
    let tokens = need(sf.oauth_tokens.as_ref(), TOKENS, "tokens")?;
    let users: HashMap<&str, &tenantaudit_connector::snapshot::salesforce::User> =
        need(sf.users.as_ref(), USERS, "users")?
            .iter()
            .map(|u| (u.id.as_str(), u))
            .collect();
    let mut stale = Vec::new();
    for token in tokens {
        let reason = match users.get(token.user_id.as_str()) {
            Some(user) if user.is_active == Some(false) => format!("{} is inactive", user.username),
            Some(_) => continue,
            None => format!("user {} no longer exists", token.user_id),
        };
        stale.push((token, reason));
    }
    let mut outcome = Outcome::verdict(
        !stale.is_empty(),
        format!(
            "{} to active users",
            all(tokens.len(), "OAuth token belongs", "OAuth tokens belong")
        ),
        format!(
            "{} of {} {} to inactive users",
            stale.len(),
            plural(tokens.len(), "OAuth token", "OAuth tokens"),
            agree(stale.len(), "belongs", "belong")
        ),
    )
    .evidence(TOKENS, "$[*].UserId", stale.len());
    for (token, reason) in stale {
        let last = token
            .last_used_date
            .map(|t| t.format("%Y-%m-%d").to_string())
            .unwrap_or_else(|| "never".into());
        outcome = outcome.affected(
            token.key(),
            token
                .app_name
                .clone()
                .unwrap_or_else(|| "unknown app".into()),
            format!("{reason}; last used {last}"),
        );
    }
    Ok(outcome)
}
